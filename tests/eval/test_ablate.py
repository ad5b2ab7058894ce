"""``python -m groomguard.eval.ablate``: each part's weights, and only them, are zeroed; the variants are measured."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from groomguard.eval.ablate import ABLATIONS, BY_NAME, SHIPPED, Ablation, ablate, main
from groomguard.runtime.conversation import FEATURE_NAMES
from groomguard.runtime.lexicon import PLACEHOLDER_PREFIX
from groomguard.runtime.scorer import Scorer

FIXTURE = Path(__file__).parent / "fixtures" / "real_small.jsonl"


def _special_columns(model, pattern_prefix: str) -> list[int]:
    """Compact columns (0 = dropped) of the special features whose names start with ``pattern_prefix``."""
    specials = model.featurizer.special_features()
    out = []
    for k, name in enumerate(specials):
        if name.startswith(pattern_prefix):
            where = np.flatnonzero(model.kept == model.featurizer.n_buckets + k)
            out += [int(w) + 1 for w in where]
    return out


@pytest.mark.parametrize("part", ABLATIONS, ids=lambda a: a.name)
def test_zeroes_the_part_and_nothing_else(tiny_trained, part):
    model, _ = tiny_trained
    before = (model.weights.copy(), model.window_weights.copy(), model.conv_weights.copy())
    out = ablate(model, part)
    prefix = part.message_features[0].rstrip("*") if part.message_features else None
    columns = _special_columns(model, prefix) if prefix else []
    assert not prefix or columns, "the tiny model keeps every special feature"
    changed = np.flatnonzero((out.weights != model.weights).any(axis=1) | (out.window_weights != model.window_weights))
    assert set(changed) <= set(columns)
    assert (out.weights[columns] == 0).all() and (out.window_weights[columns] == 0).all()
    conv = [FEATURE_NAMES.index(f) for f in part.conversation_features]
    assert (out.conv_weights[conv] == 0).all()
    assert set(np.flatnonzero(out.conv_weights != model.conv_weights)) <= set(conv)
    assert out.meta["ablation"]["part"] == part.name
    for a, b in zip(before, (model.weights, model.window_weights, model.conv_weights), strict=True):
        assert np.array_equal(a, b), "the model ablated is left as it was"


def test_the_parts_name_real_features():
    assert {"lexicon", "age_cues", "window", "minor_signals", "message_count"} == set(BY_NAME)
    assert BY_NAME["message_count"].conversation_features == ("own_messages",)
    assert "minor_lead" in BY_NAME["minor_signals"].conversation_features
    assert "window_peak" in BY_NAME["window"].conversation_features


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"conversation_features": ("no_such_feature",)}, "no conversation feature no_such_feature"),
        ({}, "switches nothing off"),
    ],
)
def test_bad_ablations_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Ablation("x", "1", "something", **kwargs)
    with pytest.raises(ValueError, match="identifier"):
        Ablation("../x", "1", "something", conversation_features=("own_messages",))


def test_a_model_without_the_feature_is_refused(tiny_trained):
    model, _ = tiny_trained
    no_lexicon = replace(model, featurizer=replace(model.featurizer, lexicon=()))
    with pytest.raises(ValueError, match=r"no feature lex_\*"):
        ablate(no_lexicon, BY_NAME["lexicon"])


def test_end_to_end_on_the_tiny_model(tiny_model_dir, small_corpus_dir, tmp_path, capsys):
    out = tmp_path / "ablate"
    args = ["--model", str(tiny_model_dir), "--data", str(small_corpus_dir), "--out", str(out)]
    assert main([*args, "--part", "lexicon", "--part", "message_count", "--real", str(FIXTURE)]) == 0
    result = json.loads((out / "ablations.json").read_text())
    assert [row["part"] for row in result["rows"]] == [SHIPPED, "lexicon", "message_count"]
    for row in result["rows"]:
        assert row["synthetic"]["conversation recall"] is not None
        assert row["real"]["real: author AUC, each side alone"] is not None
    assert result["parts"]["message_count"]["zeroed"] == ["own_messages"]
    report = (out / "ABLATIONS.md").read_text()
    assert "| without lexicon (item 1) |" in report and "| without message_count |" in report
    assert "wrote" in capsys.readouterr().out

    # The variant differs from the shipped model exactly where its part is read: a lexicon placeholder, not plain text.
    shipped, variant = Scorer(tiny_model_dir), Scorer(out / "lexicon" / "model")
    assert variant.model_version == f"{shipped.model_version}-without-lexicon"
    plain = ["see you at practice tomorrow", "what game are you playing"]
    assert np.array_equal(shipped.probabilities(plain), variant.probabilities(plain))
    placeholder = [f"send me a {PLACEHOLDER_PREFIX}{shipped.model.featurizer.lexicon[0][0]} now"]
    assert not np.allclose(shipped.probabilities(placeholder), variant.probabilities(placeholder))


def test_bad_usage_exits_2(tmp_path, capsys):
    assert main(["--real", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "x")]) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--part", "no_such_part"])
    assert exc.value.code == 2
