"""Loading refuses tampered, unknown-version or inconsistent models with a message saying why."""

from __future__ import annotations

import json
import shutil

import pytest

from groomguard.runtime.model_file import FORMAT_VERSION, ModelError, load_model_file
from groomguard.runtime.scorer import Scorer


@pytest.fixture
def model_copy(tiny_model_dir, tmp_path):
    out = tmp_path / "model"
    shutil.copytree(tiny_model_dir, out)
    return out


def test_loads_directory_manifest_or_onnx(model_copy):
    for path in (model_copy, model_copy / "manifest.json", model_copy / "groomguard.onnx"):
        assert load_model_file(path).labels[-1] == "grooming_risk"


def test_tampered_onnx_is_refused(model_copy):
    onnx = model_copy / "groomguard.onnx"
    data = bytearray(onnx.read_bytes())
    data[len(data) // 2] ^= 0xFF
    onnx.write_bytes(bytes(data))
    with pytest.raises(ModelError) as err:
        Scorer(model_copy)
    message = str(err.value)
    assert "sha256 mismatch" in message and str(onnx) in message
    assert json.loads((model_copy / "manifest.json").read_text())["sha256"] in message


def test_unknown_format_version_is_refused(model_copy):
    manifest = json.loads((model_copy / "manifest.json").read_text())
    manifest["format_version"] = FORMAT_VERSION + 1
    (model_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match=r"format_version .* is not supported"):
        load_model_file(model_copy)


def test_unknown_featurizer_version_is_refused(model_copy):
    manifest = json.loads((model_copy / "manifest.json").read_text())
    manifest["featurizer"]["version"] = 99
    (model_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="featurizer"):
        load_model_file(model_copy)


def test_label_mismatch_between_manifest_and_onnx_is_refused(model_copy):
    manifest = json.loads((model_copy / "manifest.json").read_text())
    manifest["labels"] = list(reversed(manifest["labels"]))
    (model_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="labels in the ONNX metadata"):
        Scorer(model_copy)


@pytest.mark.parametrize("content", ["not json", "[1, 2]", "{}"])
def test_broken_manifest_is_refused(model_copy, content):
    (model_copy / "manifest.json").write_text(content)
    with pytest.raises(ModelError):
        load_model_file(model_copy)


def test_missing_model(tmp_path):
    with pytest.raises(ModelError, match="no such model"):
        load_model_file(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="manifest not found"):
        load_model_file(tmp_path / "empty")


def test_shipped_model_verifies(shipped_model_dir):
    model = load_model_file(shipped_model_dir)
    assert model.onnx_path.stat().st_size <= 1_000_000
