"""CSV with a header row (registered as ``csv``): spreadsheets and exports from tools that write CSV.

Columns, matched case-insensitively after trimming spaces:
- text (required): ``text``, else ``message``, ``content`` or ``body``;
- optional ``id``; ``conversation_id``; sender: ``sender``, ``author`` or ``from``; timestamp: ``timestamp``,
  ``date`` or ``time`` (passed through as written);
- every other column goes to ``ChatMessage.extra`` under its header name (as strings, untouched).
Defaults: conversation = the file name, sender ``"unknown"``.

The delimiter is the one of ``,`` ``;`` tab ``|`` that appears most often in the header line (``;`` is common from
spreadsheets in locales with a decimal comma). Pitfalls handled: a UTF-8 byte-order mark before the header (Excel
writes one); quoted fields spanning several lines (CRLF inside a field becomes LF), with each record reported at the
physical line where it STARTS;
blank lines skipped; a record with the wrong number of fields or empty text is reported and skipped. An unclosed
quote swallows the rest of the file into one field, which then shows up as a wrong field count or a field above the
csv module's size limit (reported). Streams one record at a time.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from ._io import file_name, iter_lines
from .base import ChatMessage, InputSource, ParseProblem, Report

TEXT_COLUMNS = ("text", "message", "content", "body")
SENDER_COLUMNS = ("sender", "author", "from")
TIME_COLUMNS = ("timestamp", "date", "time")
DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that occurs most often in the header line (comma on a tie or none)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def iter_records(source: InputSource, report: Report, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(start_line, fields)`` for every non-blank record, including the header; csv errors are reported."""
    lines = iter_lines(source, report, keepends=True)
    first = next(lines, None)
    if first is None:
        return
    if delimiter is None:
        delimiter = sniff_delimiter(first[1])

    def physical() -> Iterator[str]:
        yield first[1]
        for _, text in lines:
            yield text

    reader = csv.reader(physical(), delimiter=delimiter)
    consumed = 0
    while True:
        start = consumed + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            consumed = reader.line_num
            report(ParseProblem(source.name, start, f"malformed CSV record: {exc}", "error"))
            continue
        consumed = reader.line_num
        if row and any(field.strip() for field in row):
            yield start, [value.replace("\r\n", "\n") for value in row]


def find_column(header: list[str], candidates: tuple[str, ...]) -> int | None:
    """Index of the first header matching ``candidates`` in their priority order."""
    normalized = [h.strip().lower() for h in header]
    for name in candidates:
        if name in normalized:
            return normalized.index(name)
    return None


def _cell(row: list[str], index: int | None) -> str | None:
    """The trimmed value of an optional column, None when the column is absent or the cell empty."""
    if index is None:
        return None
    return row[index].strip() or None


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield one message per CSV record with non-empty text."""
    conversation = file_name(source.name)
    records = iter_records(source, report)
    first = next(records, None)
    if first is None:
        report(ParseProblem(source.name, 1, "no header row", "error"))
        return
    header_line, header = first
    header = [h.strip() for h in header]
    text_col = find_column(header, TEXT_COLUMNS)
    if text_col is None:
        report(
            ParseProblem(
                source.name, header_line, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})", "error"
            )
        )
        return
    columns = {
        "id": find_column(header, ("id",)),
        "conversation_id": find_column(header, ("conversation_id",)),
        "sender": find_column(header, SENDER_COLUMNS),
        "timestamp": find_column(header, TIME_COLUMNS),
    }
    used = {text_col, *(i for i in columns.values() if i is not None)}
    for line, row in records:
        if len(row) != len(header):
            report(ParseProblem(source.name, line, f"expected {len(header)} fields, found {len(row)}", "error"))
            continue
        text = row[text_col]
        if not text.strip():
            report(ParseProblem(source.name, line, "empty text, not scored", "info"))
            continue
        yield ChatMessage(
            text=text,
            conversation_id=_cell(row, columns["conversation_id"]) or conversation,
            sender=_cell(row, columns["sender"]) or "unknown",
            line=line,
            source=source.name,
            timestamp=_cell(row, columns["timestamp"]),
            id=_cell(row, columns["id"]),
            extra={name: row[i] for i, name in enumerate(header) if i not in used},
        )
