"""Loader for Hugging Face ``datasets``: a hub name, a local data file, or a folder saved with ``save_to_disk``.

What ``name_or_path`` is decides how it is opened:

- a folder written by ``save_to_disk`` (holding ``dataset_dict.json`` or ``state.json``) -> ``load_from_disk``;
- a local ``.jsonl``/``.ndjson``, ``.csv``/``.tsv`` file, or a ``.json`` file holding JSON Lines -> read line by line
  as the tabular loader reads it (``tabular.read_file``): a bad line is reported with its file and line number and
  skipped, never the end of the source; ``streaming`` and ``cache_dir`` do not apply;
- a local ``.parquet`` file, or a ``.json`` file holding one JSON document (it starts with ``[``, or its first line is
  not a whole JSON object) -> ``load_dataset("parquet" | "json", data_files=...)``, streamed
  (nothing is converted to Arrow or cached);
- another local folder -> ``load_dataset(folder)`` (splits from file names such as ``train.jsonl``, ``test.jsonl``);
  local data ``datasets`` cannot read (one bad line is enough) raises ``ValueError`` naming the file or folder;
- anything else -> a hub name, ``load_dataset(name, config)``.

``split`` selects one split of a dataset that has several; without it every split is read in order. A single local
file has no splits: there ``split`` (if given) is stamped on the records. A split named train, validation (also valid,
val, dev) or test sets the records' ``split``; other names leave it empty.

Rows become records through ``tabular.RowConverter`` (same fields, label rules and problems). Positions are
``"line N"`` in a file read line by line (its line number, from 1; a CSV header is line 1), else ``"row N"`` (counted
from 0 within the split); the conversation id of a row without a conversation field is that position's number. A
local JSONL or CSV file read through ``datasets`` before (its rows counted from 0) so gets other conversation ids,
and other train/validation splits of its conversations, than it did then. A label field typed as a list of
``ClassLabel`` is decoded to the class names, which must then be our label names. ``datasets`` is imported only
when ``load_hf`` is called.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from groomguard.training.loaders.problems import Report, resolve_report
from groomguard.training.loaders.tabular import CSV_SUFFIXES, TRUE_VALUES, RowConverter, read_file
from groomguard.training.records import Record

__all__ = ["BUILDERS", "load_hf"]

#: Local file suffix -> ``datasets`` packaged builder (and its extra arguments).
BUILDERS: dict[str, tuple[str, dict[str, str]]] = {
    ".jsonl": ("json", {}),
    ".json": ("json", {}),
    ".ndjson": ("json", {}),
    ".csv": ("csv", {}),
    ".tsv": ("csv", {"delimiter": "\t"}),
    ".parquet": ("parquet", {}),
}
_SPLIT_NAMES = {"train": "train", "validation": "validation", "valid": "validation", "val": "validation"}
_SPLIT_NAMES |= {"dev": "validation", "test": "test"}


def load_hf(
    name_or_path: str | Path,
    split: str | None = None,
    text_field: str = "text",
    label_fields: Sequence[str] = ("label",),
    conversation_field: str | None = None,
    sender_field: str | None = None,
    positive_values: Sequence[str] = TRUE_VALUES,
    label_map: Mapping[str, str] | None = None,
    *,
    negative_values: Sequence[str] | None = None,
    role_field: str | None = None,
    annotated: Sequence[str] | None = None,
    config: str | None = None,
    cache_dir: str | Path | None = None,
    streaming: bool | None = None,
    report: Report | None = None,
) -> Iterator[Record]:
    """Records of a Hugging Face dataset (see the module docstring for what ``name_or_path`` may be).

    ``streaming`` defaults to True for local data files and False otherwise; ``cache_dir`` is passed to
    ``load_dataset`` (neither applies to a file read line by line). The dataset is opened and its columns checked at
    the call (errors surface here); records are produced lazily.
    """
    try:
        import datasets
    except ImportError as error:  # pragma: no cover - the train extra is installed wherever this runs
        raise ImportError("load_hf needs the 'datasets' package: pip install 'groomguard[train]'") from error

    report = resolve_report(report)
    name = str(name_or_path)
    path = Path(name_or_path)
    cache = str(cache_dir) if cache_dir is not None else None
    stamp = None
    settings = {
        "text_field": text_field,
        "label_fields": label_fields,
        "conversation_field": conversation_field,
        "sender_field": sender_field,
        "positive_values": positive_values,
        "negative_values": negative_values,
        "label_map": label_map,
        "role_field": role_field,
        "annotated": annotated,
    }
    if path.is_dir() and ((path / "dataset_dict.json").is_file() or (path / "state.json").is_file()):
        loaded = datasets.load_from_disk(str(path))
    elif path.is_file():
        if path.suffix.lower() not in BUILDERS:
            raise ValueError(f"{path}: unknown data file type; known: {', '.join(BUILDERS)}")
        fmt = _line_format(path)
        if fmt is not None:
            converter = RowConverter(
                **settings,
                source="hf",
                conversation_prefix=f"{path.stem}:{split}:" if split else f"{path.stem}:",
                split=_SPLIT_NAMES.get((split or "").lower(), ""),
            )
            return read_file(path, fmt, converter, report)
        builder, extra = BUILDERS[path.suffix.lower()]
        stream = True if streaming is None else streaming
        try:
            loaded = datasets.load_dataset(
                builder, data_files=str(path), split="train", streaming=stream, cache_dir=cache, **extra
            )
        except Exception as error:  # any reading error: see _file_error
            raise _file_error(name, error) from error
        stamp, split = split, None
    elif path.is_dir():
        stream = True if streaming is None else streaming
        try:
            loaded = datasets.load_dataset(str(path), split=split, streaming=stream, cache_dir=cache)
        except Exception as error:  # any reading error: see _file_error
            raise _file_error(name, error) from error
    else:
        loaded = datasets.load_dataset(name, config, split=split, streaming=bool(streaming), cache_dir=cache)
    if isinstance(loaded, datasets.DatasetDict | datasets.IterableDatasetDict):
        names = [split] if split is not None else list(loaded.keys())
        missing = [n for n in names if n not in loaded]
        if missing:
            raise ValueError(f"{name}: no split {missing[0]!r}; splits: {', '.join(loaded.keys())}")
        parts = [(n, loaded[n]) for n in names]
    else:
        parts = [(stamp if stamp is not None else (split or ""), loaded)]
    optional = [f for f in (conversation_field, sender_field, role_field) if f]
    for _, part in parts:
        _check_columns(name, part, [text_field, *label_fields, *optional])
    return _records(name, parts, settings, report)


def _records(name: str, parts: list[tuple[str, Any]], settings: dict[str, Any], report: Report) -> Iterator[Record]:
    base = Path(name).stem if Path(name).exists() else name
    for split_name, part in parts:
        converter = RowConverter(
            **settings,
            source="hf",
            conversation_prefix=f"{base}:{split_name}:" if split_name else f"{base}:",
            split=_SPLIT_NAMES.get(split_name.lower(), ""),
        )
        decoders = _class_label_decoders(part, converter.label_fields)
        source = f"{name}[{split_name}]" if split_name else name
        rows = ((source, f"row {i}", _decode(row, decoders)) for i, row in enumerate(part))
        if Path(name).exists():
            rows = _named_errors(name, rows)
        yield from converter.records(rows, report)


def _named_errors(name: str, rows: Iterator[Any]) -> Iterator[Any]:
    """``rows``, with an error of ``datasets`` reading local data turned into a ``ValueError`` naming it."""
    try:
        yield from rows
    except Exception as error:  # any reading error: see _file_error
        raise _file_error(name, error) from error


def _file_error(name: str, error: Exception) -> ValueError:
    """pyarrow, pandas and datasets raise many types, none of which says which file; their messages may quote data,
    so only the type is kept here (the original stays chained as ``__cause__``)."""
    return ValueError(
        f"{name}: datasets could not read it ({type(error).__name__}); for a JSON Lines or CSV file use jsonl: or "
        "csv:, which report a bad line with its line number and skip it"
    )


def _line_format(path: Path) -> str | None:
    """``"jsonl"`` or ``"csv"`` for a local file to read line by line, None for one to give to ``datasets``."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix != ".json":
        return None
    with open(path, "rb") as f:
        first = next((line for line in f if line.strip()), b"")
    if not first:
        return "jsonl"  # empty: nothing for datasets to say
    if first.lstrip().startswith(b"["):
        return None  # a JSON array of objects
    try:
        row = json.loads(first)
    except ValueError:
        return None  # a pretty-printed document (or a broken first line: datasets will say so)
    return "jsonl" if isinstance(row, dict) else None


def _check_columns(name: str, part: Any, wanted: list[str]) -> None:
    columns = getattr(part, "column_names", None)
    if columns is None:  # some streamed datasets do not know their columns before reading
        return
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise ValueError(f"{name}: no column(s) {', '.join(missing)}; columns: {', '.join(columns)}")


def _class_label_decoders(part: Any, fields: Sequence[str]) -> dict[str, Any]:
    """``{field: ClassLabel}`` for label fields typed as a list of ClassLabel."""
    import datasets

    features = getattr(part, "features", None) or {}
    decoders = {}
    for field in fields:
        inner = getattr(features.get(field), "feature", None)
        if isinstance(inner, datasets.ClassLabel):
            decoders[field] = inner
    return decoders


def _decode(row: Mapping[str, Any], decoders: dict[str, Any]) -> Mapping[str, Any]:
    if not decoders:
        return row
    row = dict(row)
    for field, class_label in decoders.items():
        if isinstance(row.get(field), list):
            row[field] = [class_label.int2str(v) for v in row[field]]
    return row
