"""training.from_model: a shipped model read back into a training directory re-exports to the same model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from groomguard.training.artifact import TrainedModel
from groomguard.training.export import export
from groomguard.training.from_model import main, read_model


def test_read_back_gives_the_exported_numbers_and_the_same_export(
    tiny_trained, tiny_model_dir, small_corpus_dir, tmp_path
):
    fitted, _ = tiny_trained
    read = read_model(tiny_model_dir)
    assert read.labels == fitted.labels and read.thresholds == fitted.thresholds
    assert np.array_equal(read.kept, fitted.kept)
    for name in ("idf", "weights", "bias", "window_weights", "conv_weights"):
        # the exported tables are float16 (idf, weights) or float32: what fit rounded them to, read back exactly
        np.testing.assert_array_equal(getattr(read, name), getattr(fitted, name), err_msg=name)
    assert read.conv_bias == pytest.approx(fitted.conv_bias, abs=1e-6)
    np.testing.assert_allclose(read.context_weights, fitted.context_weights, atol=1e-6)
    assert fitted.context_caps is not None
    np.testing.assert_array_equal(read.context_caps, fitted.context_caps)

    assert main(["--model", str(tiny_model_dir), "--out", str(tmp_path / "train")]) == 0
    # the texts tiny_model_dir was exported with (conftest), so the vectors are scored in the same batches
    texts = [json.loads(line)["text"] for line in (small_corpus_dir / "corpus.jsonl").read_text().splitlines()[:300]]
    export(TrainedModel.load(tmp_path / "train"), tmp_path / "model", "0.0.1-test", texts)
    assert (tmp_path / "model" / "test_vectors.jsonl").read_bytes() == (
        tiny_model_dir / "test_vectors.jsonl"
    ).read_bytes()
    # the conversation and context heads and thresholds too (the test vectors score messages only)
    from groomguard.training import compare

    assert compare.heads_difference(tiny_model_dir, tmp_path / "model") == 0.0
    assert compare.thresholds_difference(tiny_model_dir, tmp_path / "model") == 0.0


def test_a_model_without_caps_exports_and_reads_back_as_before(tiny_trained, tmp_path):
    import copy

    import onnx

    model = copy.deepcopy(tiny_trained[0])
    model.context_caps = None  # a model fitted before 0.9.0
    export(model, tmp_path, "0.0.1-test", ["hey"])
    assert "context" not in json.loads((tmp_path / "manifest.json").read_text())
    graph = onnx.load(next(tmp_path.glob("*.onnx"))).graph
    heads = next(n for n in graph.node if n.op_type == "If")
    assert "Min" not in {n.op_type for a in heads.attribute for n in a.g.node}
    assert read_model(tmp_path).context_caps is None


def test_a_tampered_model_is_refused(tiny_model_dir, tmp_path):
    import shutil

    from groomguard.runtime.model_file import ModelError

    bad = tmp_path / "bad"
    shutil.copytree(tiny_model_dir, bad)
    data = bytearray((bad / "groomguard.onnx").read_bytes())
    data[-1] ^= 1
    (bad / "groomguard.onnx").write_bytes(bytes(data))
    with pytest.raises(ModelError):
        read_model(bad)
