"""Find, verify and open a model: ``groomguard.onnx`` + ``manifest.json`` (never a pickle).

Loading refuses, with a message that names the file, what was expected and what was found:
- a manifest whose ``format_version`` this runtime does not read;
- a featurizer version this runtime does not implement;
- an ONNX file whose sha256 differs from the manifest's (tampered or corrupted);
- a manifest setting that disagrees with the same setting in the ONNX file's own ``metadata_props`` (the part the
  sha256 covers), or that the metadata lacks (see ``check_settings``): manifest.json itself is not checksummed, so
  an edited threshold, n-gram range or model version is refused instead of changing every score silently;
- thresholds that are not numbers between 0 and 1 for every label and preset.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from groomguard.runtime.featurizer import FeaturizerConfig

#: The manifest format this runtime reads (2: the graph has a window_logit output and 39 conversation features;
#: 3: 48 conversation features, the means of each tactic over the sender's own lines added; 4: a message_risk input
#: and a context_risk output, a message's risk in its conversation, with its own "context" thresholds; 5: 54
#: conversation features, who leads in minor signals and in tactics added).
FORMAT_VERSION = 5
MANIFEST = "manifest.json"
PRESETS = ("high_precision", "balanced", "high_recall")
#: Manifest settings the runtime reads: the ONNX metadata must hold each of them too, with the same value.
#: Every other manifest key that the metadata also holds is compared as well, whatever it is (a new featurizer
#: setting is inside "featurizer" and compared with it).
EMBEDDED_REQUIRED = ("format_version", "model_version", "labels", "thresholds", "featurizer")
#: Manifest sections stored under other names in the metadata: manifest key -> {metadata key: sub-key or None}.
#: ``None`` stands for "the rest of the section" (every sub-key not named).
EMBEDDED_AS = {"conversation": {"conversation_features": "features", "conversation_constants": None}}


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
    #: The ONNX file's metadata_props, read from the checksummed bytes (the settings were checked against them).
    metadata: dict[str, str] = field(default_factory=dict)

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
    try:
        metadata = onnx_metadata(data)
    except ValueError as exc:
        raise ModelError(f"{onnx_path}: not a readable ONNX model: {exc}") from exc
    labels = manifest["labels"]
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise ModelError(f"{manifest_path}: labels must be a list of strings, found {_short(labels)}")
    labels = tuple(labels)
    for required in ("grooming_risk", "minor_signal"):
        if required not in labels:
            raise ModelError(f"{manifest_path}: label {required!r} missing from labels {list(labels)}")
    check_settings(manifest, metadata, onnx_path)
    check_thresholds(manifest["thresholds"], labels, manifest_path)
    model_version = manifest["model_version"]
    if not isinstance(model_version, str) or not model_version.strip():
        raise ModelError(f"{manifest_path}: model_version must be a non-empty string, found {_short(model_version)}")
    return ModelFile(
        directory=manifest_path.parent,
        onnx_path=onnx_path,
        onnx_bytes=data,
        manifest=manifest,
        labels=labels,
        featurizer=featurizer,
        model_version=model_version,
        metadata=metadata,
    )


def check_embedded_metadata(model: ModelFile, metadata: dict[str, str]) -> None:
    """The metadata onnxruntime read from the ONNX file must agree with its manifest (as ``check_settings``)."""
    check_settings(model.manifest, metadata, model.onnx_path)


def _manifest_settings(manifest: dict) -> dict[str, object]:
    """The manifest's settings under the names the ONNX metadata uses (see EMBEDDED_AS)."""
    settings: dict[str, object] = {k: v for k, v in manifest.items() if k not in EMBEDDED_AS}
    for key, parts in EMBEDDED_AS.items():
        section = manifest.get(key)
        if not isinstance(section, dict):
            if key in manifest:
                settings[key] = section
            continue
        named = {sub for sub in parts.values() if sub is not None}
        for meta_key, sub in parts.items():
            if sub is None:
                settings[meta_key] = {k: v for k, v in section.items() if k not in named}
            elif sub in section:
                settings[meta_key] = section[sub]
    return settings


def _decode(embedded: str) -> object:
    try:
        return json.loads(embedded)
    except ValueError:
        return embedded  # a plain string, such as a model version


def _difference(ours: object, theirs: object, where: str) -> str | None:
    """Where ``ours`` and ``theirs`` first differ (``thresholds.message.coercion.balanced: 1.5 vs 0.19``), or None."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs), key=str):
            if key not in ours or key not in theirs:
                side = "the ONNX metadata" if key in theirs else "the manifest"
                return f"{where}.{key} is only in {side}"
            found = _difference(ours[key], theirs[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            found = _difference(a, b, f"{where}[{i}]")
            if found:
                return found
        return None
    if _is_number(ours) and _is_number(theirs):
        if ours == theirs or (math.isnan(ours) and math.isnan(theirs)):  # NaN: reported by check_thresholds
            return None
    elif type(ours) is type(theirs) and ours == theirs:
        return None
    return f"{where}: {_short(ours)} in the manifest, {_short(theirs)} in the ONNX metadata"


def check_settings(manifest: dict, metadata: dict[str, str], onnx_path: Path | str) -> None:
    """Refuse a manifest whose settings are not those of the checksummed ONNX file.

    Every manifest setting that the ONNX ``metadata_props`` also holds must have the same value there (JSON-decoded;
    a string setting may also be stored as the plain string), and the settings in EMBEDDED_REQUIRED must be there.
    The comparison is generic: a setting added to the model later is compared without a change here.
    """
    settings = _manifest_settings(manifest)
    for key in EMBEDDED_REQUIRED:
        if key in settings and key not in metadata:
            raise ModelError(
                f"{onnx_path}: the ONNX metadata has no {key!r}, so the manifest's cannot be verified; "
                "refusing to load it. Re-export the model."
            )
    for key in sorted(metadata):
        if key not in settings:
            continue
        ours, raw = settings[key], metadata[key]
        if isinstance(ours, str) and ours == raw:
            continue
        found = _difference(ours, _decode(raw), key)
        if found:
            raise ModelError(
                f"{onnx_path}: the manifest disagrees with the model file's own (checksummed) metadata: {found}. "
                "manifest.json was edited or belongs to another model; refusing to load it. Restore the manifest "
                "that was exported with this model, or re-export it."
            )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _short(value: object, limit: int = 80) -> str:
    text = json.dumps(value) if not isinstance(value, float) or math.isfinite(value) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_thresholds(thresholds: object, labels: tuple[str, ...], where: Path | str) -> None:
    """Thresholds must be numbers in [0, 1] for every label and preset (message) and every preset (conversation, and
    context: a message's risk in its conversation)."""

    def check(value: object, name: str) -> None:
        if not _is_number(value) or not 0.0 <= float(value) <= 1.0:  # NaN fails the comparison too
            raise ModelError(f"{where}: threshold {name} must be a number between 0 and 1, found {_short(value)}")

    if not isinstance(thresholds, dict) or not isinstance(thresholds.get("message"), dict):
        raise ModelError(f"{where}: thresholds must be an object with 'message' and 'conversation' thresholds")
    for label in labels:
        per_label = thresholds["message"].get(label)
        if not isinstance(per_label, dict):
            raise ModelError(f"{where}: no message thresholds for label {label!r}")
        for preset in PRESETS:
            check(per_label.get(preset), f"message.{label}.{preset}")
    for part in ("conversation", "context"):
        section = thresholds.get(part)
        if not isinstance(section, dict):
            raise ModelError(f"{where}: no {part} thresholds")
        for preset in PRESETS:
            check(section.get(preset), f"{part}.{preset}")


def _varint(data: bytes, pos: int, end: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= end:
            raise ValueError("truncated protobuf varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ValueError("protobuf varint longer than 64 bits")


def _fields(data: bytes, start: int, end: int):
    """(field number, start, end) of each length-delimited field of the protobuf message in data[start:end]."""
    pos = start
    while pos < end:
        key, pos = _varint(data, pos, end)
        wire = key & 7
        if wire == 0:
            _, pos = _varint(data, pos, end)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length, pos = _varint(data, pos, end)
            if pos + length > end:
                raise ValueError("truncated protobuf field")
            yield key >> 3, pos, pos + length
            pos += length
        else:
            raise ValueError(f"protobuf wire type {wire} is not used by ONNX")
    if pos > end:
        raise ValueError("truncated protobuf field")


def onnx_metadata(data: bytes) -> dict[str, str]:
    """The ``metadata_props`` of a serialized ONNX ModelProto (field 14: StringStringEntryProto key 1, value 2),
    read with a minimal protobuf walker (no onnx package needed; the graph itself is skipped, not parsed)."""
    metadata: dict[str, str] = {}
    view = memoryview(data)
    for number, start, end in _fields(data, 0, len(data)):
        if number != 14:
            continue
        entry: dict[int, str] = {}
        for sub, s, e in _fields(data, start, end):
            if sub in (1, 2):
                try:
                    entry[sub] = str(view[s:e], "utf-8")
                except UnicodeDecodeError as exc:
                    raise ValueError("metadata that is not UTF-8") from exc
        if 1 in entry:
            metadata[entry[1]] = entry.get(2, "")
    return metadata
