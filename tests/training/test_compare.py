"""training/compare.py: a rebuilt model is held to the shipped one on messages, conversation heads, thresholds."""

from __future__ import annotations

import copy

from groomguard.training import compare
from groomguard.training.export import export


def test_a_model_agrees_with_itself(tiny_model_dir, capsys):
    assert compare.main(["--shipped", str(tiny_model_dir), "--rebuilt", str(tiny_model_dir)]) == 0
    out = capsys.readouterr().out
    assert out.count("within") == 3 and "OVER" not in out


def test_a_context_head_that_differs_is_caught_though_every_message_score_agrees(
    tiny_trained, tiny_model_dir, tmp_path
):
    model = copy.deepcopy(tiny_trained[0])
    model.context_bias += 0.5  # the message heads, the test vectors' only subject, are the same
    export(model, tmp_path, "0.0.1-test", ["hey"])
    assert compare.max_difference(tiny_model_dir, tmp_path)[0] == 0.0
    assert compare.heads_difference(tiny_model_dir, tmp_path) > 1e-3
    assert compare.main(["--shipped", str(tiny_model_dir), "--rebuilt", str(tmp_path)]) == 1


def test_thresholds_that_differ_are_caught(tiny_trained, tiny_model_dir, tmp_path):
    model = copy.deepcopy(tiny_trained[0])
    model.thresholds = copy.deepcopy(model.thresholds)
    model.thresholds["context"]["balanced"] -= 0.01
    export(model, tmp_path, "0.0.1-test", ["hey"])
    assert compare.heads_difference(tiny_model_dir, tmp_path) == 0.0
    assert compare.thresholds_difference(tiny_model_dir, tmp_path) > 1e-3
    assert compare.main(["--shipped", str(tiny_model_dir), "--rebuilt", str(tmp_path)]) == 1


def test_a_failed_comparison_names_the_libraries_whose_versions_differ(tiny_trained, tiny_model_dir, tmp_path, capsys):
    import json

    model = copy.deepcopy(tiny_trained[0])
    model.bias = model.bias + 0.5
    export(model, tmp_path, "0.0.1-test", ["hey"])
    assert compare.library_differences(tiny_model_dir, tmp_path) == []
    assert compare.main(["--shipped", str(tiny_model_dir), "--rebuilt", str(tmp_path)]) == 1
    assert "same library versions" in capsys.readouterr().out
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["library_versions"]["scipy"] = "0.0.1"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    shipped = json.loads((tiny_model_dir / "manifest.json").read_text())["library_versions"]["scipy"]
    assert compare.library_differences(tiny_model_dir, tmp_path) == [f"scipy {shipped} -> 0.0.1"]
