"""Find, verify and open a model: ``groomguard.onnx`` + ``manifest.json`` (never a pickle).

Loading refuses, with a message that names the file, what was expected and what was found:
- a manifest whose ``format_version`` this runtime does not read;
- a featurizer version this runtime does not implement;
- an ONNX file whose sha256 differs from the manifest's (tampered or corrupted);
- an ONNX file whose embedded labels or format version disagree with the manifest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from groomguard.runtime.featurizer import FeaturizerConfig

#: The manifest format this runtime reads (2: the graph has a window_logit output and 39 conversation features).
FORMAT_VERSION = 2
MANIFEST = "manifest.json"


def _sha256(data: bytes):
    """sha256 from CPython's built-in module when there is one: ``hashlib`` loads OpenSSL, ~3 MB of resident memory
    that an app embedding the runtime would otherwise pay for a single checksum at load time."""
    try:
        from _sha2 import sha256  # CPython >= 3.12
    except ImportError:
        try:
            from _sha256 import sha256  # CPython 3.11
        except ImportError:  # another interpreter
            from hashlib import sha256
    return sha256(data)


class ModelError(Exception):
    """The model cannot be used; the message says which file, what was expected and what was found."""


@dataclass(frozen=True)
class ModelFile:
    directory: Path
    onnx_path: Path
    onnx_bytes: bytes
    manifest: dict
    labels: tuple[str, ...]
    featurizer: FeaturizerConfig
    model_version: str

    @property
    def thresholds(self) -> dict:
        return self.manifest["thresholds"]


def default_model_dir() -> Path:
    """The model shipped inside the package."""
    return Path(str(resources.files("groomguard.model")))


def _manifest_path(path: Path) -> Path:
    if path.is_dir():
        return path / MANIFEST
    if path.suffix == ".onnx":
        return path.with_name(MANIFEST)
    return path


def load_model_file(path: str | Path | None = None) -> ModelFile:
    """Read and verify a model directory, its ``manifest.json``, or its ``.onnx`` file (manifest beside it)."""
    path = default_model_dir() if path is None else Path(path)
    if not path.exists():
        raise ModelError(f"{path}: no such model file or directory")
    manifest_path = _manifest_path(path)
    if not manifest_path.is_file():
        raise ModelError(f"{manifest_path}: manifest not found; a model is an .onnx file with manifest.json beside it")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{manifest_path}: cannot read the manifest: {exc}") from exc
    if not isinstance(manifest, dict):
        raise ModelError(f"{manifest_path}: expected a JSON object, found {type(manifest).__name__}")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            f"{manifest_path}: format_version {version!r} is not supported; this runtime reads format_version "
            f"{FORMAT_VERSION}. Use the groomguard release the model was made for, or re-export it."
        )
    for key in ("onnx_file", "sha256", "labels", "thresholds", "featurizer", "model_version"):
        if key not in manifest:
            raise ModelError(f"{manifest_path}: required field {key!r} is missing")
    try:
        featurizer = FeaturizerConfig.from_dict(manifest["featurizer"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{manifest_path}: featurizer settings not usable: {exc}") from exc
    onnx_path = manifest_path.parent / manifest["onnx_file"]
    try:
        data = onnx_path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{onnx_path}: cannot read the model file named by {manifest_path.name}: {exc}") from exc
    digest = _sha256(data).hexdigest()
    if digest != manifest["sha256"]:
        raise ModelError(
            f"{onnx_path}: sha256 mismatch: {manifest_path.name} expects {manifest['sha256']}, the file has {digest}. "
            "The model file was modified or corrupted; refusing to load it."
        )
    labels = tuple(manifest["labels"])
    for required in ("grooming_risk", "minor_signal"):
        if required not in labels:
            raise ModelError(f"{manifest_path}: label {required!r} missing from labels {list(labels)}")
    return ModelFile(
        directory=manifest_path.parent,
        onnx_path=onnx_path,
        onnx_bytes=data,
        manifest=manifest,
        labels=labels,
        featurizer=featurizer,
        model_version=str(manifest["model_version"]),
    )


def check_embedded_metadata(model: ModelFile, metadata: dict[str, str]) -> None:
    """The ONNX file's own metadata must agree with its manifest."""
    embedded_labels = json.loads(metadata.get("labels", "null"))
    if embedded_labels != list(model.labels):
        raise ModelError(
            f"{model.onnx_path}: labels in the ONNX metadata {embedded_labels} differ from the manifest's "
            f"{list(model.labels)}"
        )
    embedded_version = metadata.get("format_version")
    if embedded_version != str(FORMAT_VERSION):
        raise ModelError(
            f"{model.onnx_path}: format_version {embedded_version!r} in the ONNX metadata; expected {FORMAT_VERSION}"
        )
