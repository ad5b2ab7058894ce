"""``python -m groomguard.eval.ablate``: each part's weights, and only them, are zeroed; the variants are measured."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from groomguard.eval.ablate import ABLATIONS, BY_NAME, SHIPPED, SYNTHETIC_COLUMNS, Ablation, ablate, main
from groomguard.eval.report import HEADLINE
from groomguard.runtime.conversation import FEATURE_NAMES
from groomguard.runtime.lexicon import PLACEHOLDER_PREFIX
from groomguard.runtime.scorer import Scorer

FIXTURE = Path(__file__).parent / "fixtures" / "real_small.jsonl"


def _special_columns(model, prefix: str) -> list[int]:
    """Compact columns of the special features whose names start with ``prefix``, by the model's own lookup table."""
    table = model.remap()
    specials = model.featurizer.special_features()
    ids = [model.featurizer.n_buckets + k for k, name in enumerate(specials) if name.startswith(prefix)]
    return [int(table[i]) for i in ids if table[i]]


@pytest.mark.parametrize("part", ABLATIONS, ids=lambda a: a.name)
def test_zeroes_the_part_and_nothing_else(tiny_trained, part):
    trained, _ = tiny_trained
    # every weight and idf non-zero, so that a part left unzeroed (or a neighbour zeroed) shows
    model = replace(
        trained,
        weights=np.ones_like(trained.weights),
        window_weights=np.ones_like(trained.window_weights),
        idf=np.ones_like(trained.idf),
        conv_weights=np.ones_like(trained.conv_weights),
    )
    out = ablate(model, part)
    prefix = part.message_features[0].rstrip("*") if part.message_features else None
    columns = _special_columns(model, prefix) if prefix else []
    assert not prefix or columns, "the tiny model keeps every special feature"
    zeroed = np.zeros(len(model.idf), bool)
    zeroed[columns] = True
    for after in (out.weights, out.window_weights, out.idf):
        assert (after[zeroed] == 0).all() and (after[~zeroed] == 1).all()
    conv = np.isin(np.arange(len(FEATURE_NAMES)), [FEATURE_NAMES.index(f) for f in part.conversation_features])
    assert (out.conv_weights[conv] == 0).all() and (out.conv_weights[~conv] == 1).all()
    assert out.meta["ablation"]["part"] == part.name
    for before in (model.weights, model.window_weights, model.idf, model.conv_weights):
        assert (before == 1).all(), "the model ablated is left as it was"


def test_the_columns_name_real_figures():
    assert {key for _, key in SYNTHETIC_COLUMNS} <= set(HEADLINE)


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
        # the small corpus has no chat long enough for the long-chat figures
        assert [c for c, v in row["synthetic"].items() if v is None] == [
            "long benign chats alerted",
            "long real small talk alerted",
        ]
        assert None not in row["real"].values()
        assert row["real_skipped_lines"] == 7  # the fixture's malformed lines (test_real.py)
    assert result["parts"]["message_count"]["zeroed"] == ["own_messages"]
    report = (out / "ABLATIONS.md").read_text()
    assert "| without lexicon (item 1) |" in report and "| without message_count |" in report
    assert "wrote" in capsys.readouterr().out

    # The variant differs from the shipped model exactly where its part is read: a lexicon placeholder, not plain text.
    shipped, variant = Scorer(tiny_model_dir), Scorer(out / "lexicon" / "model")
    assert variant.model_version == f"{shipped.model_version}-without-lexicon"
    plain = ["see you at practice tomorrow", "what game are you playing"]
    assert np.array_equal(shipped.probabilities(plain), variant.probabilities(plain))
    # without the lexicon, a placeholder counts for nothing, not even in a text's length normalization
    placeholder = [f"send me a {PLACEHOLDER_PREFIX}{shipped.model.featurizer.lexicon[0][0]} now"]
    without = variant.probabilities(["send me a now"])  # equal up to float32 summation order in the graph
    np.testing.assert_allclose(variant.probabilities(placeholder), without, rtol=0, atol=1e-6)
    assert not np.allclose(shipped.probabilities(placeholder), variant.probabilities(placeholder))


def test_bad_usage_exits_2(tiny_model_dir, small_corpus_dir, tmp_path, capsys):
    assert main(["--real", str(tmp_path), "--out", str(tmp_path / "x")]) == 2
    assert "not a file" in capsys.readouterr().err
    assert main(["--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x")]) == 2
    assert "no corpus" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "hi"}\nnot json\n')
    args = ["--model", str(tiny_model_dir), "--data", str(small_corpus_dir), "--out", str(tmp_path / "x")]
    assert main([*args, "--part", "message_count", "--real", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "no good line in" in err and f"skipped {bad}:2" in err and "not json" not in err
    with pytest.raises(SystemExit) as exc:
        main(["--part", "no_such_part"])
    assert exc.value.code == 2
