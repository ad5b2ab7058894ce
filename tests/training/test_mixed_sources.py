"""A mixed training run on fixtures: synthetic + PAN 2012 + JSONL, through sources -> fit -> export -> score."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from groomguard.runtime.scorer import Scorer
from groomguard.training.export import export
from groomguard.training.fit import TrainConfig, fit
from groomguard.training.sources import load_training_records

FIXTURES = Path(__file__).resolve().parent / "loaders" / "fixtures"


def test_mixed_training_run_end_to_end(small_corpus_dir, tmp_path):
    spec = (
        f"synthetic pan12:{FIXTURES / 'pan12'}:weight=2 "
        f"jsonl:{FIXTURES / 'tabular.jsonl'}:text=text,labels=risk,conversation=conv,sender=who"
    )
    records, weights, sources = load_training_records(spec, small_corpus_dir, seed=13)
    by_source = {r.source for r in records}
    assert {"synthetic", "pan12"} <= by_source
    assert len(by_source) >= 3
    assert [s["kind"] for s in sources] == ["synthetic", "pan12", "jsonl"]
    assert np.all(weights[[r.source == "pan12" for r in records]] == 2.0)
    described = json.dumps(sources)
    for s in sources:  # what was trained on is described, never copied
        assert {"records", "sha256", "license"} <= set(s)
    assert not [r.text for r in records if r.source != "synthetic" and len(r.text) > 8 and r.text in described]
    # Licensed conversations are split by conversation: none is on both sides.
    sides: dict[str, set] = {}
    for r in records:
        if r.source != "synthetic":
            sides.setdefault(r.conversation_id, set()).add(r.split)
    assert all(len(v) == 1 for v in sides.values())

    model = fit(records, TrainConfig(seed=13, max_features=2000), weights, log=lambda *_: None)
    model.meta["sources"] = sources
    out = tmp_path / "model"
    export(model, out, "0.0.1-mixed", [r.text for r in records[:200]])
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["kind"] for s in manifest["training_data"]] == ["synthetic", "pan12", "jsonl"]
    assert 0.0 <= Scorer(out).score("are your parents home").risk <= 1.0
