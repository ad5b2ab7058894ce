"""Loader for generic labelled tables a user supplies: JSONL (one object a line) or CSV/TSV with a header row.

The caller names the text field and the label fields. Each label field becomes one of our labels:
``label_map[field]`` if given, else the field name itself when it is one of our labels (e.g. a column ``secrecy``),
else ``grooming_risk`` (e.g. a column ``label`` or ``is_grooming``). A field's value is compared as text, stripped and
lower-cased, with numbers by value (``1``, ``1.0``, JSON ``1`` and ``"1.0"`` are all ``1``; JSON ``true`` is ``true``):
it is positive when in ``positive_values`` (default ``TRUE_VALUES``: ``1``, ``true``, ``yes``, ``y``), negative when in
``negative_values`` (default: the other common encodings, ``TRUE_VALUES`` and ``FALSE_VALUES`` (``0``, ``false``,
``no``, ``n``) less the positive values). Any other value (``2``, ``maybe``) is a "bad label value" problem and the row
is skipped; it is never read as negative. ``label_value`` does this for every tabular loader (CSV, JSONL, ``hf``).

A label field may instead hold a *list of label names* (JSON list; in a CSV cell, a JSON list such as
``["secrecy", "meeting"]``): each name must be one of our labels and is applied as is. Such a field annotates every
label (it is our own record format), unless ``annotated`` says otherwise.

``annotated`` of a record is the labels of its label fields that have a value in that row: a missing, null or
empty value means "unknown", so that label is left out of ``annotated`` for that row rather than read as negative.

Other fields: ``conversation_field`` groups rows into conversations (``message_index`` counts from 0 per
conversation in file order); without it each row is its own conversation ``"<file stem>:<line>"``.
``sender_field`` and ``role_field`` (values from ``PJ_ROLES``; default role ``"unknown"``) are optional.
``conversation_grooming`` is -1 (unknown) and ``split`` is empty.

Problems (reported with file and line, skipped, counted): a line that is not JSON or not an object, a CSV row with the
wrong field count, missing or non-string text, a label value that is neither positive nor negative, an unknown label
name in a list, an unknown role value.

``RowConverter`` holds the row -> Record logic and ``read_file`` the line-by-line reading; the Hugging Face loader
(``hf.py``) reuses both.
"""

from __future__ import annotations

import csv
import json
import math
import numbers
from collections.abc import Collection, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from groomguard.training.loaders.pj import PJ_ROLES
from groomguard.training.loaders.problems import LoadProblem, Report, resolve_report, shown_value
from groomguard.training.records import LABELS, RISK_LABEL, Record

__all__ = [
    "FALSE_VALUES",
    "JSONL_SUFFIXES",
    "TRUE_VALUES",
    "RowConverter",
    "detect_format",
    "label_value",
    "load_tabular",
    "read_file",
]

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = (".csv", ".tsv")
#: Label values read as true and as false by default (as ``label_value`` compares them: 1.0 is 1, case is ignored).
TRUE_VALUES = ("1", "true", "yes", "y")
FALSE_VALUES = ("0", "false", "no", "n")
#: How many lines of a JSONL file ``load_tabular`` reads at the call to check that the named fields exist.
FIELD_CHECK_ROWS = 1000
_MISSING = object()


class RowError(ValueError):
    """A row that cannot become a record: ``reason`` and ``detail`` as in ``LoadProblem`` (no message text)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


class RowConverter:
    """Turns mapping rows into Records; one instance per file (it numbers messages within conversations)."""

    def __init__(
        self,
        text_field: str = "text",
        label_fields: Sequence[str] = ("label",),
        conversation_field: str | None = None,
        sender_field: str | None = None,
        positive_values: Sequence[str] = TRUE_VALUES,
        label_map: Mapping[str, str] | None = None,
        role_field: str | None = None,
        annotated: Sequence[str] | None = None,
        source: str = "tabular",
        negative_values: Sequence[str] | None = None,
        conversation_prefix: str = "",
        split: str = "",
    ) -> None:
        if isinstance(label_fields, str):
            label_fields = (label_fields,)
        self.text_field = text_field
        self.label_fields = tuple(label_fields)
        self.conversation_field = conversation_field
        self.sender_field = sender_field
        self.role_field = role_field
        self.positive = {_label_text(v) for v in positive_values}
        if negative_values is None:
            self.negative = {_label_text(v) for v in (*TRUE_VALUES, *FALSE_VALUES)} - self.positive
        else:
            self.negative = {_label_text(v) for v in negative_values}
        if not self.positive or self.positive & self.negative:
            both = sorted(self.positive & self.negative)
            raise ValueError(f"positive values must be given and differ from the negative ones; in both: {both}")
        label_map = dict(label_map or {})
        unknown = {v for v in label_map.values() if v not in LABELS}
        if unknown:
            raise ValueError(f"label_map targets {sorted(unknown)} are not labels; known: {', '.join(LABELS)}")
        self.field_label = {f: label_map.get(f) or (f if f in LABELS else RISK_LABEL) for f in self.label_fields}
        if annotated is not None and set(annotated) - set(LABELS):
            raise ValueError(f"annotated has unknown labels {sorted(set(annotated) - set(LABELS))}")
        self.annotated = tuple(annotated) if annotated is not None else None
        self.source = source
        self.conversation_prefix = conversation_prefix
        self.split = split
        self._next_index: dict[str, int] = {}

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field this converter reads: text, labels, then conversation, sender and role when named."""
        optional = (self.conversation_field, self.sender_field, self.role_field)
        return (self.text_field, *self.label_fields, *(f for f in optional if f))

    @property
    def mapped_labels(self) -> tuple[str, ...]:
        """The labels the scalar label fields map to, in LABELS order."""
        return tuple(label for label in LABELS if label in self.field_label.values())

    def convert(self, row: Mapping[str, Any], position: str) -> Record:
        """The record for ``row`` (found at ``position``: a line number or a row number); ``RowError`` if malformed."""
        text = row.get(self.text_field, _MISSING)
        if text is _MISSING or text is None or (isinstance(text, str) and not text.strip()):
            raise RowError("missing text")
        if not isinstance(text, str):
            raise RowError("text is not a string", type(text).__name__)
        labels: set[str] = set()
        annotated: set[str] = set()
        for field in self.label_fields:
            value = row.get(field)
            if isinstance(value, str) and value.strip().startswith("["):
                try:
                    value = json.loads(value)
                except ValueError as error:
                    raise RowError("bad label list", f"field {field!r}") from error
            if isinstance(value, list | tuple):
                names = [str(v) for v in value]
                unknown = sorted(set(names) - set(LABELS))
                if unknown:
                    raise RowError("unknown label name", f"field {field!r}: {unknown}")
                labels.update(names)
                annotated.update(LABELS)
            elif not _is_missing(value):
                annotated.add(self.field_label[field])
                if label_value(value, self.positive, self.negative, field):
                    labels.add(self.field_label[field])
        role = "unknown"
        if self.role_field:
            raw = _field_text(row, self.role_field).lower() or "unknown"
            if raw not in PJ_ROLES:
                raise RowError("unknown role", f"{shown_value(raw, PJ_ROLES)}; known: {', '.join(PJ_ROLES)}")
            role = PJ_ROLES[raw]
        if self.conversation_field:
            conversation_id = _field_text(row, self.conversation_field)
            if not conversation_id:
                raise RowError("missing conversation id")
            index = self._next_index.get(conversation_id, 0)
            self._next_index[conversation_id] = index + 1
        else:
            conversation_id, index = f"{self.conversation_prefix}{position.split()[-1]}", 0
        return Record(
            conversation_id=conversation_id,
            message_index=index,
            sender=_field_text(row, self.sender_field) if self.sender_field else "",
            sender_role=role,
            text=text,
            labels=tuple(label for label in LABELS if label in labels),
            source=self.source,
            split=self.split,
            annotated=self.annotated
            if self.annotated is not None
            else tuple(label for label in LABELS if label in annotated),
        )

    def records(self, rows: Iterator[tuple[str, str, Mapping[str, Any]]], report: Report) -> Iterator[Record]:
        """Records from ``(source, position, row)`` triples; malformed rows are reported and skipped."""
        for source, position, row in rows:
            try:
                yield self.convert(row, position)
            except RowError as error:
                report(LoadProblem(source, position, error.reason, error.detail))


def _is_missing(value: Any) -> bool:
    """None, an empty or blank string, or a float NaN (how pandas-backed readers spell an empty cell)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _field_text(row: Mapping[str, Any], field: str) -> str:
    """A conversation id, sender or role as text: ``""`` when missing, ``0`` as ``"0"`` (a valid id), a whole float
    (how pandas-backed readers type an id column with gaps) without its ``.0``."""
    value = row.get(field)
    if _is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _label_text(value: Any) -> str:
    """``value`` as ``label_value`` compares it: booleans as true/false, numbers (also as text) by value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip().lower()
    try:
        number = float(value if isinstance(value, numbers.Real) else text)
    except (TypeError, ValueError):
        return text
    if not math.isfinite(number):
        return text
    return str(int(number)) if number.is_integer() else repr(number)


def label_value(value: Any, positive: Collection[str], negative: Collection[str], field: str = "") -> bool:
    """Whether a (non-missing) label ``value`` is positive; ``positive``/``negative`` are sets of ``_label_text`` forms.

    A value in neither raises ``RowError("bad label value")``, whose detail names the field and the values accepted,
    never the value itself (it may be message text when a column is misnamed).
    """
    text = _label_text(value)
    if text in positive:
        return True
    if text in negative:
        return False
    accepted = f"positive: {', '.join(sorted(positive))}; negative: {', '.join(sorted(negative))}"
    raise RowError("bad label value", f"field {field!r}; {accepted}" if field else accepted)


def detect_format(path: Path) -> str:
    """``"jsonl"`` or ``"csv"`` from the file suffix; ``ValueError`` otherwise."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    raise ValueError(f"cannot tell the format of {path} from its suffix; use .jsonl or .csv, or pass fmt=")


def _jsonl_rows(path: Path, report: Report) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    source = str(path)
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            where = f"line {number}"
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError:
                report(LoadProblem(source, where, "not UTF-8"))
                continue
            except ValueError as error:
                report(LoadProblem(source, where, "bad JSON", getattr(error, "msg", "")))
                continue
            if not isinstance(row, dict):
                report(LoadProblem(source, where, "not a JSON object", type(row).__name__))
                continue
            yield source, where, row


def _csv_rows(path: Path, report: Report) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    source = str(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            return
        names = [h.strip() for h in header]
        for row in reader:
            where = f"line {reader.line_num}"
            if not row:
                continue
            if len(row) != len(names):
                report(LoadProblem(source, where, "wrong field count", f"expected {len(names)}, got {len(row)}"))
                continue
            yield source, where, dict(zip(names, row, strict=True))


def load_tabular(
    path: str | Path,
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
    fmt: str | None = None,
    source: str | None = None,
    report: Report | None = None,
) -> Iterator[Record]:
    """Records of a JSONL or CSV/TSV file (``fmt`` "jsonl" or "csv", default from the suffix).

    ``source`` names the records' ``source`` (default: the format). See the module docstring for labels.
    Checked at the call, before any record is read: a missing file raises ``FileNotFoundError``; a field named here
    (text, label, conversation, sender or role) that is not a column of the CSV header, or that no JSON object among
    the first ``FIELD_CHECK_ROWS`` lines of a JSONL file has, raises ``ValueError``.
    """
    report = resolve_report(report)
    path = Path(path)
    fmt = fmt or detect_format(path)
    if not path.is_file():
        raise FileNotFoundError(f"file not found: {path}")
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"fmt must be 'jsonl' or 'csv', got {fmt!r}")
    converter = RowConverter(
        text_field=text_field,
        label_fields=label_fields,
        conversation_field=conversation_field,
        sender_field=sender_field,
        positive_values=positive_values,
        negative_values=negative_values,
        label_map=label_map,
        role_field=role_field,
        annotated=annotated,
        source=source or fmt,
        conversation_prefix=f"{path.stem}:",
    )
    return read_file(path, fmt, converter, report)


def read_file(path: Path, fmt: str, converter: RowConverter, report: Report) -> Iterator[Record]:
    """Records of a JSONL (``fmt="jsonl"``) or CSV/TSV (``"csv"``) file through ``converter``, each bad line reported
    with its file and line number and skipped. The named fields are checked at the call (see ``load_tabular``)."""
    if fmt == "csv":
        _check_csv_header(path, converter.fields)
        rows = _csv_rows(path, report)
    else:
        _check_jsonl_fields(path, converter.fields, converter.label_fields)
        rows = _jsonl_rows(path, report)
    return converter.records(rows, report)


def _check_jsonl_fields(path: Path, wanted: Sequence[str], label_fields: Sequence[str] = ()) -> None:
    """``ValueError`` when a wanted field is in no JSON object of the first ``FIELD_CHECK_ROWS`` lines (a misspelt
    field name, caught before thousands of rows are reported one by one). Of the label fields one is enough: a row
    without a label field is not annotated for it (a file annotated in parts), which is no error. Bad lines are left
    to ``_jsonl_rows``."""
    seen: set[str] = set()
    objects = 0
    with open(path, "rb") as f:
        for number, raw in enumerate(islice(f, FIELD_CHECK_ROWS), 1):
            try:
                row = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8")) if raw.strip() else None
            except ValueError:  # UnicodeDecodeError too
                continue
            if isinstance(row, dict):
                objects += 1
                seen.update(row)
    missing = [name for name in wanted if name not in seen]
    if any(name in seen for name in label_fields):
        missing = [name for name in missing if name not in label_fields]
    if objects and missing:
        # Never echo the keys found: in a file of another shape they may be message text.
        raise ValueError(
            f"{path}: no JSON object among the first {FIELD_CHECK_ROWS} lines has field(s) {', '.join(missing)} "
            f"(expected {', '.join(wanted)}; {objects} object(s) read)"
        )


def _check_csv_header(path: Path, wanted: Sequence[str]) -> None:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        header = next(csv.reader(f, delimiter=delimiter), None)
    if header is None:
        return
    names = {h.strip() for h in header}
    missing = [name for name in wanted if name not in names]
    if missing:
        # Never echo the row: without a header it is a data row, message text included.
        raise ValueError(
            f"{path}: CSV header lacks {', '.join(missing)}; expected a header row naming {', '.join(wanted)}; "
            f"its first row has {len(header)} column(s)"
        )
