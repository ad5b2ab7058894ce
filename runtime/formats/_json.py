"""Loading a whole JSON export while remembering the line where each object starts.

The standard ``json`` module gives no positions. ``load_json`` runs the pure-Python scanner from ``json.scanner``
with a wrapped object parser that records the offset of each ``{``; ``JsonDoc.line_of(obj)`` turns it into a 1-based
line number. That scanner is several times slower than the C one, so documents above ``POSITION_LIMIT`` characters
are parsed with the C scanner and ``line_of`` returns None (parsers then fall back to list positions).
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from typing import Any

from ._io import read_text
from .base import ParseProblem, Report

POSITION_LIMIT = 64 * 1024 * 1024


class JsonDoc:
    """A decoded JSON document and the start lines of its objects."""

    def __init__(self, value: Any, starts: dict[int, int], text: str) -> None:
        self.value = value
        self._starts = starts
        self._newlines = [m.start() for m in re.finditer("\n", text)] if starts else []

    def line_of(self, obj: object) -> int | None:
        """1-based line of the ``{`` that opened ``obj``, or None when unknown."""
        offset = self._starts.get(id(obj))
        if offset is None:
            return None
        return bisect.bisect_left(self._newlines, offset) + 1


def parse_json(text: str) -> JsonDoc:
    """Parse ``text``, recording object positions when it is small enough. Raises json.JSONDecodeError."""
    if len(text) > POSITION_LIMIT:
        return JsonDoc(json.loads(text), {}, "")
    starts: dict[int, int] = {}
    decoder = json.JSONDecoder()

    def parse_object(s_and_end, *args, **kwargs):
        obj, end = json.decoder.JSONObject(s_and_end, *args, **kwargs)
        starts[id(obj)] = s_and_end[1] - 1
        return obj, end

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    value = decoder.decode(text)
    return JsonDoc(value, starts, text)


def load_json(data: bytes, source_name: str, report: Report) -> JsonDoc | None:
    """Decode and parse a JSON file's bytes; on invalid JSON report an error with its position and return None."""
    text = read_text(data, source_name, report)
    try:
        return parse_json(text)
    except json.JSONDecodeError as exc:
        report(ParseProblem(source_name, exc.lineno, f"invalid JSON: {exc.msg} at column {exc.colno}", "error"))
    except RecursionError:
        report(ParseProblem(source_name, 1, "invalid JSON: nested too deeply", "error"))
    return None


def read_source_json(stream, source_name: str, report: Report) -> JsonDoc | None:
    """Read a whole binary stream and parse it (closing the stream)."""
    try:
        data = stream.read()
    finally:
        stream.close()
    if not data.strip():
        report(ParseProblem(source_name, 1, "empty file", "error"))
        return None
    return load_json(data, source_name, report)


def message_line(doc: JsonDoc, obj: object, position: int) -> int:
    """The line where ``obj`` starts, else its 1-based ``position`` in its list (see ChatMessage.line)."""
    line = doc.line_of(obj)
    return line if line is not None else position


def read_tree_json(source, rel: str, report: Report) -> tuple[str, JsonDoc] | None:
    """Open member ``rel`` of a multi-file export (``source.tree``) and parse it; unreadable members are reported."""
    full = f"{source.name}/{rel}"
    try:
        stream = source.tree.open(rel)
    except OSError as exc:
        report(ParseProblem(full, 0, f"cannot read: {exc.strerror or exc}", "error"))
        return None
    doc = read_source_json(stream, full, report)
    return None if doc is None else (full, doc)
