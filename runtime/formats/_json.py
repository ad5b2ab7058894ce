"""Streaming JSON exports one value at a time, with the line where each value starts.

``JsonStream`` reads a document from a binary stream in 64 KB chunks and hands out its values one by one: the keys
of an object (``members``), the elements of an array with their start lines (``items``), or one value whole
(``value``). Each value is decoded by the json module's own C scanner (``JSONDecoder.raw_decode``); the stream only
walks the whitespace, commas, colons and keys between them. So memory holds the current value and about a chunk of
text whatever the document's size, and the line of a message is the line where its ``{`` is, at every size (what
``ChatMessage.line`` is for the Discord, Slack, Messenger and JSON-array formats).

Invalid JSON is reported once, as the json module words it, at its line and column (``invalid JSON: Expecting ','
delimiter at column 12``, worded by ``_io.invalid_json``), and ``InvalidJsonError`` is raised: what was read before
it stays read. Invalid UTF-8 is decoded with replacement characters and reported at its line (``_io.Utf8Decoder``);
an empty document is reported as ``empty file``.

``in_key_order`` puts the messages of several files of one chat in the order of a sort key while holding only those
that must wait for a later file (Slack day files, Messenger's ``message_N.json``).
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO, NoReturn

from ._io import READ_ERRORS, Utf8Decoder, invalid_json
from .base import ChatMessage, InputSource, ParseProblem, Report

#: Bytes read at a time. Not 64 KB: buffers of that size, made and dropped at every read, left holes in the heap that
#: the parsed values split (~30 MB of free heap glibc could not return after a 200,000-message Discord export, parsing
#: alone; flat at 8 KB, which read as fast).
CHUNK = 1 << 13
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
# A value cut short by the end of the text read so far fails within a few characters of that end (an escape such as
# "\ud83d\ude0" is the longest), except an unterminated string, whose error points at its start.
_NEAR_END = 16
_NUMBER_TAIL = re.compile(r"[0-9.eE+\-]*")
_KINDS = {"{": "object", "[": "array", '"': "string", "t": "boolean", "f": "boolean", "n": "null"}
_KINDS.update(dict.fromkeys("-0123456789IN", "number"))


class InvalidJsonError(Exception):
    """The document is not valid JSON (or is empty); the problem has been reported."""


class JsonStream:
    """One JSON document read from ``stream``, value by value (see the module docstring). Not thread-safe."""

    def __init__(self, stream: BinaryIO, source_name: str, report: Report) -> None:
        self.name = source_name
        self._raw = stream
        self._report = report
        self._utf8 = Utf8Decoder(source_name, report)
        self._buf = ""
        self._pos = 0  # the cursor, in _buf
        self._offset = 0  # characters dropped before _buf
        self._col0 = 0  # characters on _buf[0]'s line before it
        self._line = 1  # the line of _buf[_mark]
        self._mark = 0
        self._eof = False

    # --- reading ----------------------------------------------------------------------------------------------

    def _fill(self, size: int = 0) -> bool:
        """Drop the text before the cursor and append the next ``size`` (else CHUNK) bytes' worth; False at the end."""
        size = size or CHUNK
        if self._eof:
            return False
        keep = self._pos
        if keep:
            self._line_at(keep)
            newline = self._buf.rfind("\n", 0, keep)
            self._col0 = keep - newline - 1 if newline >= 0 else self._col0 + keep
            self._buf = self._buf[keep:]
            self._offset += keep
            self._pos = self._mark = 0
        while True:
            data = self._raw.read(size)
            text = self._utf8.decode(data, final=not data)
            self._eof = not data
            if text or self._eof:
                break
        self._buf += text
        return bool(text)

    def _line_at(self, pos: int) -> int:
        """The 1-based line of ``_buf[pos]`` (positions asked for only grow, but for an error's)."""
        if pos >= self._mark:
            self._line += self._buf.count("\n", self._mark, pos)
            self._mark = pos
            return self._line
        return self._line - self._buf.count("\n", pos, self._mark)

    def _fail(self, reason: str, pos: int, column: bool = True) -> NoReturn:
        line = self._line_at(pos)
        if column:
            newline = self._buf.rfind("\n", 0, pos)
            problem = invalid_json(reason, pos - newline if newline >= 0 else self._col0 + pos + 1)
        else:
            problem = f"invalid JSON: {reason}"
        self._report(ParseProblem(self.name, line, problem, "error"))
        raise InvalidJsonError(reason)

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end of the document)."""
        while True:
            self._pos = _WS.match(self._buf, self._pos).end()
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return ""

    def start(self) -> str:
        """The JSON type of the document (``kind``). An empty document, or one where no JSON value starts, is
        reported and raises InvalidJsonError."""
        if not self.peek():
            self._report(ParseProblem(self.name, 1, "empty file", "error"))
            raise InvalidJsonError("empty file")
        kind = self.kind()
        if kind is None:
            self.value()  # reports why, and raises
        return kind

    def kind(self) -> str | None:
        """The JSON type name of the value at the cursor from its first character ("object", "array", "string",
        "number", "boolean", "null"), or None when no value starts there (``value`` then reports why)."""
        return _KINDS.get(self.peek())

    def value(self) -> Any:
        """Decode the value at the cursor whole and move past it."""
        if not self.peek():
            self._fail("Expecting value", self._pos)
        size = CHUNK
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                cut = exc.pos >= len(self._buf) - _NEAR_END or exc.msg.startswith("Unterminated string")
                if self._eof or not cut:
                    self._fail(exc.msg, exc.pos)
            except RecursionError:
                self._fail("nested too deeply", self._pos, column=False)
            else:
                # a number may go on in the next chunk ("12" of "123", "1" of "1.5e3"); nothing else can
                number = type(value) in (int, float)
                if self._eof or not number or _NUMBER_TAIL.match(self._buf, end).end() < len(self._buf):
                    self._pos = end
                    return value
            # read on, as much again as is buffered each time (linear in the value's size), and decode it again
            self._fill(size)
            size = max(size, len(self._buf))

    def items(self) -> Iterator[tuple[int, Any]]:
        """``(line where it starts, value)`` for each element of the array at the cursor."""
        if self.peek() != "[":
            self._fail("Expecting '['", self._pos)
        self._pos += 1
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            self.peek()
            line = self._line_at(self._pos)
            yield line, self.value()
            found = self.peek()
            if found == ",":
                self._pos += 1
            elif found == "]":
                self._pos += 1
                return
            else:
                self._fail("Expecting ',' delimiter", self._pos)

    def members(self) -> Iterator[str]:
        """The keys of the object at the cursor, in order. After each key the caller may read the member's value
        (``value``, ``items``, ``members``); a value it leaves is skipped (``skip``) when the next key is asked for."""
        if self.peek() != "{":
            self._fail("Expecting '{'", self._pos)
        self._pos += 1
        found = self.peek()
        if found == "}":
            self._pos += 1
            return
        while True:
            if found != '"':
                self._fail("Expecting property name enclosed in double quotes", self._pos)
            key = self.value()
            if self.peek() != ":":
                self._fail("Expecting ':' delimiter", self._pos)
            self._pos += 1
            self.peek()
            at = self._offset + self._pos
            yield key
            if self._offset + self._pos == at:
                self.skip()
            found = self.peek()
            if found == ",":
                self._pos += 1
                found = self.peek()
            elif found == "}":
                self._pos += 1
                return
            else:
                self._fail("Expecting ',' delimiter", self._pos)

    def skip(self) -> None:
        """Move past the value at the cursor: arrays and objects member by member, not decoded whole."""
        found = self.peek()
        if found == "[":
            for _ in self.items():
                pass
        elif found == "{":
            for _ in self.members():
                pass
        else:
            self.value()

    def finish(self) -> None:
        """Report anything but whitespace after the document's value (``Extra data``, as the json module says)."""
        if self.peek():
            self._fail("Extra data", self._pos)

    def close(self) -> None:
        self._raw.close()


def member_stream(source: InputSource, rel: str, report: Report) -> JsonStream | None:
    """The document of member ``rel`` of a multi-file export (``source.tree``), named ``<export>/<rel>`` in problems
    and messages; None (reported) when it cannot be opened."""
    name = f"{source.name}/{rel}"
    try:
        return JsonStream(source.tree.open(rel), name, report)
    except OSError as exc:
        report(ParseProblem(name, 0, f"cannot read: {exc.strerror or exc}", "error"))
        return None


def read_guarded(values: Iterator, name: str, report: Report) -> Iterator:
    """Yield what ``values`` yields until the document turns out invalid (already reported) or the file cannot be
    read any more (reported here), so that one bad file of a multi-file export does not stop the others."""
    try:
        yield from values
    except InvalidJsonError:
        return
    except READ_ERRORS as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else (str(exc) or type(exc).__name__)
        report(ParseProblem(name, 0, f"read error: {reason}", "error"))


def suffix_minima(lowest: Sequence[Any]) -> list[Any]:
    """For each file, the lowest key of all the files after it (None: no later file has a key)."""
    out: list[Any] = [None] * len(lowest)
    running = None
    for i in range(len(lowest) - 1, 0, -1):
        if lowest[i] is not None and (running is None or lowest[i] < running):
            running = lowest[i]
        out[i - 1] = running
    return out


def in_key_order(files: Iterable[Iterable[tuple[tuple, ChatMessage]]], later: Sequence[Any]) -> Iterator[ChatMessage]:
    """The messages of consecutive files sorted by their keys ``(order key, file number, position...)``, distinct.

    ``later[i]`` is the lowest order key of any message in the files after file ``i`` (``suffix_minima``; None when
    there is none): once file ``i`` is read, every message held whose order key is not above it is let out, since
    nothing later can come before it (a later file's message of equal order key has a higher file number). Memory
    holds only the messages that must wait: one file's, when the files come in order as exported.
    """
    held: list[tuple[tuple, ChatMessage]] = []
    for i, messages in enumerate(files):
        for entry in messages:
            heapq.heappush(held, entry)
        bound = later[i] if i < len(later) else None
        while held and (bound is None or held[0][0][0] <= bound):
            yield heapq.heappop(held)[1]
    while held:
        yield heapq.heappop(held)[1]
