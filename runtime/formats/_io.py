"""Shared reading helpers for the parsers: line-by-line UTF-8 decoding with problem reports, names, timestamps.

Decoding rules for every text format: UTF-8; a UTF-8 byte-order mark at the start of the file is dropped; a line that
is not valid UTF-8 is decoded with U+FFFD replacement characters and reported once (severity "repaired") but kept. Lines
end at ``\\n``; a trailing ``\\r`` (CRLF files) is removed. A file whose first line holds carriage returns and no line
feed (old Mac tools, Excel's "CSV (Macintosh)") has lines that end at ``\\r``. A line longer than ``MAX_LINE_BYTES``
(4 MB) is reported and skipped.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime

from .base import InputSource, ParseProblem, Report

BOM = b"\xef\xbb\xbf"
INVALID_UTF8 = "invalid UTF-8, decoded with replacement characters"
#: What reading an input can raise (a zip member's CRC checked at its end, a truncated deflate stream...).
READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error)


def ignore(_problem: ParseProblem) -> None:
    """A reporter that drops problems (for the first pass of a two-pass parser)."""


def decode_line(raw: bytes, lineno: int, source_name: str, report: Report) -> str:
    """Decode one line of bytes, reporting (not raising) invalid UTF-8."""
    if lineno == 1 and raw.startswith(BOM):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        report(ParseProblem(source_name, lineno, INVALID_UTF8, "repaired"))
        return raw.decode("utf-8", errors="replace")


#: The longest line read (4 MiB): see ``iter_lines``.
MAX_LINE_BYTES = 1 << 22


def iter_lines(source: InputSource, report: Report, keepends: bool = False) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` for each physical line of ``source``, streaming.

    Without ``keepends`` the line ending (``\\n``, ``\\r\\n``, or ``\\r`` in a file whose lines end with a carriage
    return only, as old Mac tools and Excel's "CSV (Macintosh)" write them) is removed; with it, the line is returned
    as read (the csv module needs the endings to keep quoted multi-line fields intact).

    A line longer than ``MAX_LINE_BYTES`` is reported and skipped, read past in pieces of that size: memory stays
    bounded whatever a file holds (one 100 MB line, say), and no message is that long (only its first 10,000
    normalized characters would be scored).
    """
    stream = source.open_binary()
    try:
        for lineno, raw in enumerate(_raw_lines(stream), 1):
            if raw is None:
                reason = f"line longer than {MAX_LINE_BYTES // 1024} KB, not read"
                report(ParseProblem(source.name, lineno, reason, "error"))
                continue
            text = decode_line(raw, lineno, source.name, report)
            if not keepends:
                text = text.removesuffix("\n").removesuffix("\r")
            yield lineno, text
    finally:
        stream.close()


def _raw_lines(stream) -> Iterator[bytes | None]:
    """The lines of a binary stream with their endings, None for one longer than MAX_LINE_BYTES (read past). A file
    whose first line holds a carriage return and no line feed has lines that end with a carriage return only."""
    readline = stream.readline
    raw = readline(MAX_LINE_BYTES)
    # No line feed in the first line, but carriage returns: the whole file when it is shorter than the cap, else
    # several of them (one CR in 4 MB without a line feed is a stray CR in a line too long to read).
    if b"\n" not in raw and (raw.count(b"\r") > 1 or (b"\r" in raw and len(raw) < MAX_LINE_BYTES)):
        yield from _cr_lines(stream, raw)
        return
    while raw:
        if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield raw
        raw = readline(MAX_LINE_BYTES)


def _cr_lines(stream, buffer: bytes) -> Iterator[bytes | None]:
    """Lines that end with a carriage return only, from ``buffer`` (the start of the file) and the rest of
    ``stream``."""
    too_long = False  # reading past a line longer than MAX_LINE_BYTES, up to its end
    while True:
        *lines, buffer = buffer.split(b"\r")
        for line in lines:
            if too_long:
                too_long = False
                continue
            line = line.removeprefix(b"\n")  # a line feed after a carriage return: a CRLF ending
            yield None if len(line) >= MAX_LINE_BYTES else line + b"\r"
        if not too_long and len(buffer) >= MAX_LINE_BYTES:
            too_long = True
            yield None
        if too_long:
            buffer = b""
        chunk = stream.read(1 << 16)
        if not chunk:
            break
        buffer += chunk
    buffer = buffer.removeprefix(b"\n")  # the end of a last CRLF
    if buffer and not too_long:
        yield buffer


class Reencoded(io.RawIOBase):
    """A readable raw stream of UTF-8 bytes made chunk by chunk from an inner stream, which ``close`` closes.
    Subclasses give ``_chunk``: the next UTF-8 bytes, and whether the inner stream is done."""

    def __init__(self, inner) -> None:
        self._inner = inner
        self._pending = memoryview(b"")  # the chunk being read out, from _offset on
        self._offset = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _chunk(self) -> tuple[bytes, bool]:
        raise NotImplementedError

    def readinto(self, buffer) -> int:
        # An offset into the chunk, not a copy of what is left at each read (a chunk read out 8 KB at a time was
        # copied once per read, in copies of every size from the chunk's down).
        while self._offset >= len(self._pending) and not self._done:
            chunk, self._done = self._chunk()
            self._pending, self._offset = memoryview(chunk), 0
        n = min(len(buffer), len(self._pending) - self._offset)
        buffer[:n] = self._pending[self._offset : self._offset + n]
        self._offset += n
        return n

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()


class Utf8Decoder:
    """Incremental UTF-8 decoding of a file read in chunks (the JSON exports): a UTF-8 byte-order mark at the start
    is dropped; invalid UTF-8 is replaced by U+FFFD and reported once, as an error at the line of its first bad byte
    (a character split between two chunks is decoded whole)."""

    def __init__(self, source_name: str, report: Report) -> None:
        self._name = source_name
        self._report = report
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._strict = True
        self._first = True
        self._head = b""
        self._lines = 1  # the line the next chunk starts on
        self._raw = b""  # checked(): bytes received, valid so far, not yet returned (a cut character, or the head)

    def decode(self, data: bytes, final: bool = False) -> str:
        if self._first:  # the first bytes are held until there are enough to tell a byte-order mark
            data = self._head + data
            if len(data) < len(BOM) and BOM.startswith(data) and not final:
                self._head = data
                return ""
            self._first = False
            data = data.removeprefix(BOM)
        if self._strict:
            pending = self._decoder.getstate()[0]  # the start of a character cut by the previous chunk
            try:
                text = self._decoder.decode(data, final)
            except UnicodeDecodeError as exc:  # positions count from the pending bytes, which hold no newline
                line = self._lines + data.count(b"\n", 0, max(exc.start - len(pending), 0))
                self._report(ParseProblem(self._name, line, INVALID_UTF8, "repaired"))
                self._strict = False
                self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
                self._decoder.setstate((pending, 0))
                text = self._decoder.decode(data, final)
        else:
            text = self._decoder.decode(data, final)
        self._lines += data.count(b"\n")
        return text

    def checked(self, data: bytes, final: bool = False) -> bytes:
        """What ``decode`` returns, as UTF-8 bytes: while the input is valid, its own bytes (the chunk itself, or a
        slice of it), not the decoded text encoded back, which allocated a string and a copy of every chunk and
        fragmented the heap over a large file (~5 MB of free memory held after a 68 MB Telegram export); once an
        invalid byte has come, the decoded text (with U+FFFD), encoded."""
        if not self._strict:
            return self.decode(data, final).encode("utf-8")
        raw = self._raw + data if self._raw else data  # the bytes not yet returned, then this chunk
        was_first = self._first
        text = self.decode(data, final)
        if not self._strict:  # an invalid byte in this chunk: the pending bytes before it are in ``text`` too
            self._raw = b""
            return text.encode("utf-8")
        if self._first:  # still waiting to tell a byte-order mark: nothing decoded yet
            self._raw = raw
            return b""
        if was_first:
            raw = raw.removeprefix(BOM)
        cut = len(raw) - len(self._decoder.getstate()[0])  # a character cut at the chunk's end waits for the next
        self._raw = raw[cut:]
        return raw[:cut]


def file_name(path: str) -> str:
    """The last component of a source name or member path (``a/b/chat.txt`` -> ``chat.txt``; ``-`` stays ``-``)."""
    path = path.replace("\\", "/").rstrip("/")
    return posixpath.basename(path) or path


def epoch_to_iso(seconds: float) -> str | None:
    """Seconds since 1970 (UTC) as ISO 8601 with offset, or None when out of range."""
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return None


def valid_iso(value: object) -> str | None:
    """``value`` when it is an ISO 8601 date-time string Python can read, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return value.strip()


def invalid_json(message: str, column: int) -> str:
    """The reason for invalid JSON, in the json module's words, at ``column``: ``invalid JSON: Unterminated string
    starting at column 9`` (the module's message for that one already ends with "at": not "at at column")."""
    return f"invalid JSON: {message.removesuffix(' at')} at column {column}"


def type_name(value: object) -> str:
    """JSON type name of a decoded value, for problem reasons."""
    if value is None:
        return "null"
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )


def peek(source: InputSource, size: int = 8192) -> bytes:
    """The first ``size`` bytes of a single-stream source (standard input replays its first 64 KB, so parsers may
    peek and then open it again)."""
    stream = source.open_binary()
    try:
        return stream.read(size) or b""
    finally:
        stream.close()


def parse_datetime(value: str, formats: tuple[str, ...]) -> str | None:
    """ISO 8601 for ``value`` read as ISO 8601 or with the first matching strptime format, else None."""
    value = value.strip()
    iso = valid_iso(value)
    if iso is not None:
        return iso
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).isoformat()
        except ValueError:
            continue
    return None
