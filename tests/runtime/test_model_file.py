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


def test_a_model_of_the_previous_format_is_refused(model_copy):
    manifest = json.loads((model_copy / "manifest.json").read_text())
    manifest["format_version"] = FORMAT_VERSION - 1
    (model_copy / "manifest.json").write_text(json.dumps(manifest))
    message = (
        f"format_version {FORMAT_VERSION - 1} is not supported; this runtime reads format_version {FORMAT_VERSION}"
    )
    with pytest.raises(ModelError, match=message):
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
    with pytest.raises(ModelError, match=r"checksummed\) metadata: labels\[0\]"):
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


# --- manifest settings are checked against the checksummed .onnx metadata (issue 13, P1.4) ---------------------


def _edit_manifest(model_dir, edit):
    path = model_dir / "manifest.json"
    manifest = json.loads(path.read_text())
    edit(manifest)
    path.write_text(json.dumps(manifest))


def _resign(model_dir, edit_metadata):
    """Rewrite the .onnx metadata (a model exported wrongly, not a tampered one) and the manifest's sha256."""
    import hashlib

    import onnx

    onnx_path = model_dir / "groomguard.onnx"
    proto = onnx.load_from_string(onnx_path.read_bytes())
    metadata = {e.key: e.value for e in proto.metadata_props}
    edit_metadata(metadata)
    del proto.metadata_props[:]
    for key, value in sorted(metadata.items()):
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    data = proto.SerializeToString()
    onnx_path.write_bytes(data)
    _edit_manifest(model_dir, lambda m: m.update(sha256=hashlib.sha256(data).hexdigest()))


@pytest.mark.parametrize(
    ("edit", "names"),
    [
        (lambda m: m["thresholds"]["message"]["grooming_risk"].update(balanced=1.5), "grooming_risk.balanced"),
        (lambda m: m["thresholds"]["message"]["grooming_risk"].update(balanced=float("nan")), "grooming_risk"),
        (lambda m: m["thresholds"]["conversation"].update(balanced="high"), "conversation.balanced"),
        (lambda m: m["thresholds"]["message"]["secrecy"].update(high_recall=None), "secrecy.high_recall"),
        (lambda m: m["featurizer"].update(char_ngrams=[2, 4]), "featurizer.char_ngrams"),
        (lambda m: m["featurizer"].update(n_buckets=1 << 16), "featurizer.n_buckets"),
        (lambda m: m.update(model_version="9.9.9"), "model_version"),
        (lambda m: m["conversation"].update(sum_cap=50.0), "conversation_constants.sum_cap"),
        # a setting this runtime does not know yet (another featurizer version's lexicon, say) is compared too
        (lambda m: m["featurizer"].update(lexicon_sha256="00ff"), "featurizer.lexicon_sha256"),
    ],
)
def test_manifest_edited_against_its_onnx_is_refused(model_copy, edit, names):
    _edit_manifest(model_copy, edit)
    with pytest.raises(ModelError) as err:
        Scorer(model_copy)
    message = str(err.value)
    assert "disagrees with the model file's own (checksummed) metadata" in message
    assert names in message and "groomguard.onnx" in message


def test_setting_only_in_the_onnx_metadata_is_refused(model_copy):
    # generic in the other direction: a featurizer setting the manifest dropped
    def add_key(metadata):
        featurizer = json.loads(metadata["featurizer"])
        featurizer["made_up_setting"] = ["0123456789abcdef"]
        metadata["featurizer"] = json.dumps(featurizer, sort_keys=True)

    _resign(model_copy, add_key)
    with pytest.raises(ModelError, match=r"featurizer\.made_up_setting is only in the ONNX metadata"):
        load_model_file(model_copy)


@pytest.mark.parametrize("key", ["thresholds", "featurizer", "model_version"])
def test_onnx_metadata_without_a_setting_the_runtime_uses_is_refused(model_copy, key):
    _resign(model_copy, lambda metadata: metadata.pop(key))
    with pytest.raises(ModelError, match=f"the ONNX metadata has no '{key}'"):
        load_model_file(model_copy)


@pytest.mark.parametrize("bad", [1.5, -0.1, float("nan"), "0.5", True])
def test_thresholds_out_of_range_are_refused_even_when_both_agree(model_copy, bad):
    def edit(thresholds):
        thresholds["message"]["grooming_risk"]["balanced"] = bad
        return thresholds

    _resign(model_copy, lambda md: md.update(thresholds=json.dumps(edit(json.loads(md["thresholds"])))))
    _edit_manifest(model_copy, lambda m: edit(m["thresholds"]))
    with pytest.raises(
        ModelError, match=r"threshold message\.grooming_risk\.balanced must be a number between 0 and 1"
    ):
        load_model_file(model_copy)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda th: th.pop("context"), "no context thresholds"),
        (lambda th: th["context"].pop("high_recall"), r"threshold context\.high_recall must be a number"),
        (lambda th: th["context"].update(balanced=2.0), r"threshold context\.balanced must be a number"),
    ],
)
def test_a_model_without_valid_context_thresholds_is_refused(model_copy, edit, message):
    def change(thresholds):
        edit(thresholds)
        return thresholds

    _resign(model_copy, lambda md: md.update(thresholds=json.dumps(change(json.loads(md["thresholds"])))))
    _edit_manifest(model_copy, lambda m: change(m["thresholds"]))
    with pytest.raises(ModelError, match=message):
        load_model_file(model_copy)


def test_unchanged_model_and_string_settings_load(model_copy):
    model = load_model_file(model_copy)
    assert model.metadata["model_version"] == model.model_version  # stored as a plain string, accepted as such
    Scorer(model_copy)


def test_metadata_walker_reads_what_onnx_reads(shipped_model_dir):
    import onnx

    from groomguard.runtime.model_file import onnx_metadata

    data = (shipped_model_dir / "groomguard.onnx").read_bytes()
    expected = {e.key: e.value for e in onnx.load_from_string(data).metadata_props}
    assert onnx_metadata(data) == expected
    with pytest.raises(ValueError):
        onnx_metadata(data[: len(data) // 2])


def test_truncated_onnx_with_a_matching_checksum_is_refused(model_copy):
    import hashlib

    onnx_path = model_copy / "groomguard.onnx"
    data = onnx_path.read_bytes()[:1000]
    onnx_path.write_bytes(data)
    _edit_manifest(model_copy, lambda m: m.update(sha256=hashlib.sha256(data).hexdigest()))
    with pytest.raises(ModelError, match="not a readable ONNX model"):
        load_model_file(model_copy)
