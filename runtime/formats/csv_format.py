"""CSV with a header row (registered as ``csv``): spreadsheets and exports from tools that write CSV.

Columns, matched case-insensitively after trimming spaces:
- text (required): ``text``, else ``message``, ``content`` or ``body``;
- optional ``id``; ``conversation_id``; sender: ``sender``, ``author`` or ``from``; timestamp: ``timestamp``,
  ``date`` or ``time`` (passed through as written);
- every other column goes to ``ChatMessage.extra`` under its header name (as strings, untouched).
Defaults: conversation = the file name, sender ``"unknown"``.

The delimiter is the one of ``,`` ``;`` tab ``|`` that appears most often in the header line (``;`` is common from
spreadsheets in locales with a decimal comma). Pitfalls handled: a UTF-8 byte-order mark before the header (Excel
writes one); quoted fields spanning several lines (CRLF or CR inside a field becomes LF), with each record reported
at the physical line where it STARTS;
blank lines skipped; a record with the wrong number of fields or empty text is reported and skipped.

Stray quotes (a message that starts with ``"``, written by a tool that does not quote): a quote opens a quoted field
only at a field's start, and a CSV reader then reads on, over line ends, to the next quote, so the lines between
would be read as one field, losing their messages. So a record over several lines is read again line by line when
it is not what a CSV writer makes (its closing quote is followed by something other than the delimiter or a line
end, or it has the wrong number of fields) and each of its lines, read with quotes as plain text, has the header's
number of fields: its first line is read so, with its quote as text, and reported ("repaired", ``STRAY_QUOTE``), and
the lines after it are read again as records. A quote that is never closed (a quoted field that reaches the end of
the file, or runs over several lines past the csv module's field size limit of 128 K characters) is reported at the
line where its record starts ("quote never closed"); that line is read with its quote as text when that gives the
header's number of fields ("repaired"), else skipped ("error"), and the lines after it are read again as records. A
well-formed multi-line field is read as one field, as any CSV reader does. Streams one record at a time (holding the
lines of the record being read).
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator

from ._io import file_name, iter_lines
from .base import ChatMessage, InputSource, ParseProblem, Report

TEXT_COLUMNS = ("text", "message", "content", "body")
SENDER_COLUMNS = ("sender", "author", "from")
TIME_COLUMNS = ("timestamp", "date", "time")
DELIMITERS = (",", ";", "\t", "|")
NEVER_CLOSED = "quote never closed"
#: The reason of a stray quote read as text (its record's lines read as records of their own).
STRAY_QUOTE = "stray quote read as text"


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that occurs most often in the header line (comma on a tie or none)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def iter_records(source: InputSource, report: Report, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(start_line, fields)`` for every non-blank record, including the header; csv errors are reported.

    A quoted field that never closes (it runs to the end of the file, or past the csv module's field size limit over
    several lines) is reported at the record's first line, and the lines after that one are read again as records.
    The physical lines of the record being read are held for that (a few lines; at most about the field size limit).
    """
    lines = iter_lines(source, report, keepends=True)
    first = next(lines, None)
    if first is None:
        return
    if delimiter is None:
        delimiter = sniff_delimiter(first[1])
    again: deque[tuple[int, str]] = deque([first])  # lines to read (again) before the rest of the file
    record: list[tuple[int, str]] = []  # (line number, text) of each physical line of the record being read
    ended = False
    width: int | None = None  # the header's number of fields, once the header (the first record) is read

    def physical() -> Iterator[str]:
        nonlocal ended
        while True:
            item = again.popleft() if again else next(lines, None)
            if item is None:
                ended = True
                return
            record.append(item)
            yield item[1]

    reader = csv.reader(physical(), delimiter=delimiter)
    while True:
        record.clear()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if len(record) > 1 and str(exc).startswith("field larger than field limit"):
                reason = f"{NEVER_CLOSED} (the quoted field runs past {csv.field_size_limit()} characters)"
                row = _read_again(source, report, record, again, reason, delimiter, width)
                if row is not None:
                    yield record[0][0], row
            else:
                line = record[0][0] if record else 0
                report(ParseProblem(source.name, line, f"malformed CSV record: {exc}", "error"))
            continue
        if ended and record:  # the reader asked for more lines and got none: a quoted field left open at the end
            reason = f"{NEVER_CLOSED} (the quoted field runs to the end of the file)"
            ended = False
            reader = csv.reader(physical(), delimiter=delimiter)
            row = _read_again(source, report, record, again, reason, delimiter, width)
            if row is not None:
                yield record[0][0], row
            continue
        if not row or not any(field.strip() for field in row):
            continue
        if width is None:
            width = len(row)
        elif len(record) > 1 and (alone := _stray(record, row, delimiter, width)) is not None:
            last = record[-1][0]
            reason = f"{STRAY_QUOTE}: a CSV reader would join lines {record[0][0]}-{last} into one message at it"
            report(ParseProblem(source.name, record[0][0], reason, "repaired"))
            again.extendleft(reversed(record[1:]))
            yield record[0][0], alone
            continue
        yield record[0][0], [value.replace("\r\n", "\n").replace("\r", "\n") for value in row]


def _alone(line: str, delimiter: str) -> list[str]:
    """The fields of one physical line read with quotes as plain text."""
    return next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])


def _stray(record: list[tuple[int, str]], row: list[str], delimiter: str, width: int) -> list[str] | None:
    """The first line's fields (quotes as text) when a record over several lines was joined at stray quotes: it is
    not what a CSV writer makes, and each of its lines alone has the header's ``width``. None: keep the record."""
    lines = [text for _, text in record]
    alone = [_alone(line, delimiter) for line in lines]
    if any(len(fields) != width for fields in alone):
        return None
    if len(row) == width:
        try:  # a CSV writer follows a closing quote with the delimiter or a line end: strict parsing checks that
            next(csv.reader(lines, delimiter=delimiter, strict=True))
            return None
        except csv.Error:
            pass
    return alone[0]


def _read_again(
    source: InputSource,
    report: Report,
    record: list[tuple[int, str]],
    again: deque[tuple[int, str]],
    reason: str,
    delimiter: str,
    width: int | None,
) -> list[str] | None:
    """Report ``record``'s never-closed quote (at its first line) and put its other lines back in front of ``again``.
    Return the first line's fields with its quote as text when that gives the header's ``width`` (the line is
    scored: "repaired"), else None (it is skipped: "error")."""
    again.extendleft(reversed(record[1:]))
    alone = _alone(record[0][1], delimiter) if width is not None else []
    if len(alone) == width:
        report(ParseProblem(source.name, record[0][0], f"{reason}; the line read with its quote as text", "repaired"))
        return alone
    report(ParseProblem(source.name, record[0][0], reason, "error"))
    return None


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
