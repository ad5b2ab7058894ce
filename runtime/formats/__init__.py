"""Parsers for exported chat logs, one module per format, and the entry point that reads paths into messages.

``read_messages(paths, fmt="auto", report=...)`` expands the paths (``iter_sources``), picks a parser per source
(``detect_format`` or the forced ``fmt``) and yields ``ChatMessage``s; every skipped line or record is passed to
``report`` as a ``ParseProblem`` with its file and line. Unreadable, empty and binary files are reported (line 0)
and skipped; reading carries on with the next source. Formats: see ``FORMATS`` and each module's docstring.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from types import ModuleType

from ._io import BOM, READ_ERRORS, Reencoded, file_name, ignore, peek
from ._sources import iter_sources
from .base import ChatMessage, InputSource, ParseProblem, Parser, Report

__all__ = [
    "FORMATS",
    "GROUPED_FORMATS",
    "ChatMessage",
    "InputSource",
    "ParseProblem",
    "SourceMessages",
    "detect_format",
    "iter_sources",
    "read_messages",
    "read_sources",
]

#: format name -> (module, function) of its parser. The modules are imported when a format is first used: a run that
#: reads one format does not hold the others' modules, regular expressions and dependencies (~2 MB resident).
_PARSERS = {
    "whatsapp": ("whatsapp", "parse"),
    "telegram": ("telegram", "parse"),
    "discord": ("discord", "parse"),
    "slack": ("slack", "parse"),
    "messenger": ("messenger", "parse"),
    "jsonl": ("jsonl", "parse"),
    "json": ("jsonl", "parse_array"),
    "csv": ("csv_format", "parse"),
    "pan12": ("pan12", "parse"),
    "text": ("text", "parse"),
}


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


class _Parsers(Mapping):
    """The parser of each format name, its module imported on first use (a read-only mapping, in ``_PARSERS`` order)."""

    def __getitem__(self, name: str) -> Parser:
        module, function = _PARSERS[name]
        return getattr(_module(module), function)

    def __contains__(self, name: object) -> bool:
        return name in _PARSERS

    def __iter__(self) -> Iterator[str]:
        return iter(_PARSERS)

    def __len__(self) -> int:
        return len(_PARSERS)


FORMATS: Mapping[str, Parser] = _Parsers()
TREE_FORMATS = ("slack", "messenger")
#: Formats whose parser yields each conversation's messages together (a PAN12 ``<conversation>`` element, a chat of a
#: Telegram account export): once a message of another conversation comes, the one before has no more messages, unless
#: the file uses its id twice (two elements or chats with one id or name). The CLI writes a conversation's records, and
#: drops its state, as soon as the next one starts (memory holds one conversation, not the file's tens of thousands).
GROUPED_FORMATS = ("pan12", "telegram")
PEEK = 8192
# zipfile raises these when a member is opened: encrypted (RuntimeError), unsupported compression method.
OPEN_ERRORS = (*READ_ERRORS, RuntimeError, NotImplementedError)
TELEGRAM_KEYS = re.compile(
    r'"(?:personal_information|date_unixtime|from_id|text_entities)"\s*:'
    r'|"type"\s*:\s*"(?:personal_chat|bot_chat|saved_messages|private_group|private_supergroup|public_supergroup'
    r'|private_channel|public_channel)"'
)
SLACK_MESSAGE = re.compile(r'"type"\s*:\s*"message"')
TEXT_KEY = re.compile(r'"text"\s*:')
#: detect_format's answer for JSON of no shape this runtime reads: refused (reported), never scored as plain text.
UNKNOWN_JSON = "unknown JSON"
UNKNOWN_JSON_REASON = (
    "JSON of a shape this version does not read (not a Telegram, Discord, Messenger or Slack export, a JSON array "
    "of message objects with 'text', or JSON Lines); not scored. Use --format to force a format"
)


def _first_json_object(lines: list[str]) -> dict | None:
    if not lines:
        return None
    try:
        value = json.loads(lines[0])
    except (json.JSONDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _one_value_per_line(lines: list[str]) -> bool:
    """Whether ``lines`` (after a broken first line) look like JSON Lines: most are a JSON value on their own, and one
    is an object with ``text``. In a pretty-printed document most lines are fragments (``"messages": [``, ``},``),
    and at most the last entry of an array stands alone."""
    values = []
    for line in lines:
        try:
            values.append(json.loads(line))
        except (json.JSONDecodeError, RecursionError):
            continue
    return 2 * len(values) > len(lines) and any(isinstance(v, dict) and "text" in v for v in values)


def _is_document(head: str, complete: bool) -> bool:
    """Whether the whole file (``head`` is all of it) is one JSON value spanning several lines."""
    if not complete or "\n" not in head.strip():
        return False
    try:
        json.loads(head)
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


def _detect_json(name: str, head: str, lines: list[str], complete: bool = False) -> str:
    first = _first_json_object(lines)
    if first is not None and "text" in first:
        return "jsonl"
    if '"participants"' in head and ('"sender_name"' in head or '"timestamp_ms"' in head):
        return "messenger"
    if '"guild"' in head and '"channel"' in head:
        return "discord"
    if name == "result.json" or TELEGRAM_KEYS.search(head):
        return "telegram"
    if head.startswith("[") and '"ts"' in head and SLACK_MESSAGE.search(head):
        return "slack"
    if first is not None:
        return "jsonl"
    if head.startswith("[") and TEXT_KEY.search(head):
        return "json"
    if not _is_document(head, complete) and _one_value_per_line(lines[1:10]):
        return "jsonl"  # JSON Lines whose first line is broken
    return UNKNOWN_JSON


def detect_format(source: InputSource, head: bytes | None = None) -> str:
    """Guess the format name of ``source`` from its file name and first 8 KB (``head``, read when not given).

    Rules, first match wins:
    1. a multi-file source: ``slack`` when it has ``users.json``, else ``messenger``;
    2. extension ``.jsonl``/``.ndjson`` -> ``jsonl``;
    3. XML (extension ``.xml`` or starts with ``<?xml``/``<conversations``): ``pan12`` when it has ``<conversation``;
    4. the first non-blank line is a ``=====`` banner and ``Guild:``/``Channel:`` follow -> ``discord`` (TXT; this
       comes before WhatsApp, as DiscordChatExporter's ``[12/31/2023 9:41 PM] kai`` headers look like iOS ones);
    5. the first non-blank line, or 3 of the first 10, is a WhatsApp message header -> ``whatsapp`` (iOS headers
       start with ``[``, so this comes before JSON);
    6. JSON (starts with ``{`` or ``[``): ``jsonl`` when the first line alone is an object with a ``text`` key;
       ``messenger`` when it has ``"participants"`` and ``"sender_name"``/``"timestamp_ms"``; ``discord`` when it
       has ``"guild"`` and ``"channel"``; ``telegram`` when named ``result.json`` or it has Telegram keys
       (``"from_id"``, ``"date_unixtime"``, ``"text_entities"``, ``"personal_information"``, a chat type such as
       ``"personal_chat"``); ``slack`` (a single day file) when it is a list with ``"ts"`` and ``"type":
       "message"``; else ``jsonl`` when the first line is an object; ``json`` (an array of message objects) when
       it is an array with a ``"text"`` key; ``jsonl`` (JSON Lines whose first line is broken) when most of the next
       nine lines are a JSON value on their own and one is an object with ``text``, unless the whole file is one
       JSON document; else ``UNKNOWN_JSON`` (a pretty-printed document of another shape, say), which
       ``read_messages`` reports and does not score;
    7. a first line ``AuthorID,Author,Date,Content…`` (quoted or not) -> ``discord`` (CSV);
    8. extension ``.csv``/``.tsv``, or a first line with a delimiter naming a text column -> ``csv``;
    9. anything else (including unrecognised XML) -> ``text``.

    UTF-16 files (with a byte-order mark, or without one when every other byte of the head is NUL) are read as
    UTF-8 by ``read_messages``; pass the head of the transcoded stream here.
    """
    if source.tree is not None:
        return "slack" if "users.json" in source.tree.names() else "messenger"
    if head is None:
        head = peek(source, PEEK)
    name = file_name(source.name).lower()
    ext = name.rpartition(".")[2] if "." in name else ""
    decoded = head.removeprefix(BOM).decode("utf-8", errors="replace").lstrip("\ufeff")
    complete = len(head) < PEEK
    lines = decoded.splitlines()
    if not complete and not decoded.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut short
    lines = [line for line in lines if line.strip()]
    stripped = decoded.lstrip()
    if ext in ("jsonl", "ndjson"):
        return "jsonl"
    if ext == "xml" or stripped.startswith(("<?xml", "<conversations")):
        return "pan12" if "<conversation" in decoded else "text"
    whatsapp, discord, csv_format = _module("whatsapp"), _module("discord"), _module("csv_format")
    if lines and discord.BANNER.fullmatch(lines[0].strip()) and re.search(r"^(Guild|Channel):", decoded, re.M):
        return "discord"
    bidi = whatsapp.BIDI + " \t"
    headers = [any(r.fullmatch(line.strip(bidi)) for r in whatsapp.HEADERS.values()) for line in lines[:10]]
    if headers and (headers[0] or sum(headers) >= 3):
        return "whatsapp"
    if stripped.startswith(("{", "[")):
        return _detect_json(name, stripped, lines, complete)
    if lines and lines[0].replace('"', "").startswith("AuthorID,Author,Date,Content"):
        return "discord"
    if ext in ("csv", "tsv"):
        return "csv"
    if lines:
        delimiter = csv_format.sniff_delimiter(lines[0])
        header = [h.strip().strip('"') for h in lines[0].split(delimiter)]
        if len(header) > 1 and csv_format.find_column(header, csv_format.TEXT_COLUMNS) is not None:
            return "csv"
    return "text"


def _unreadable(head: bytes) -> str | None:
    """Why a file cannot be a chat export (empty, UTF-16, binary), or None."""
    if not head.strip() and len(head) < PEEK:
        return "empty file"
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not a chat export"
    sample = head.decode("utf-8", errors="replace")
    if len(head) == PEEK:
        sample = sample[:-2]  # a character cut at the end of the peek is not an error
    if sample.count("\ufffd") > 0.3 * max(len(sample), 1):
        return "binary file (not UTF-8 text), not a chat export"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "HTML export, not supported: export the chat as JSON or text"
    return None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def utf16_encoding(head: bytes) -> str | None:
    """``"utf-16"`` for a UTF-16 byte-order mark, ``"utf-16-le"``/``"utf-16-be"`` for a head without one in which
    every other byte is mostly NUL (text in Latin script, as Windows tools write it), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    half = len(head) // 2
    if half < 8:
        return None
    even, odd = head[0 : 2 * half : 2].count(0), head[1 : 2 * half : 2].count(0)
    if odd >= 0.6 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.6 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


class _Utf8FromUtf16(Reencoded):
    """A binary stream of UTF-8 bytes decoded from a UTF-16 one (undecodable units become U+FFFD)."""

    def __init__(self, raw, encoding: str) -> None:
        super().__init__(io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=""))

    def _chunk(self) -> tuple[bytes, bool]:
        text = self._inner.read(16384)
        return text.encode("utf-8", errors="replace"), not text


def _transcoded(source: InputSource, encoding: str) -> InputSource:
    def opener():
        return io.BufferedReader(_Utf8FromUtf16(source.open_binary(), encoding))

    return dataclasses.replace(source, opener=opener, size=None)


class SourceMessages:
    """The messages of one source (iterate over it once), and the name of its format once the first is read (the
    format is detected then): ``format`` (None when the source was not read), ``grouped`` (see GROUPED_FORMATS)."""

    def __init__(self, source: InputSource, fmt: str, report: Report) -> None:
        self._found: list[str] = []  # the generator puts the format's name here (no reference back: no cycle)
        self._messages = _read_source(source, fmt, report, self._found)

    def __iter__(self) -> Iterator[ChatMessage]:
        return self._messages  # the generator itself: a for loop over it costs nothing per message

    def __next__(self) -> ChatMessage:
        return next(self._messages)

    @property
    def format(self) -> str | None:
        return self._found[0] if self._found else None

    @property
    def grouped(self) -> bool:
        return self.format in GROUPED_FORMATS


def _read_source(
    source: InputSource, fmt: str, report: Report, found: list[str] | None = None
) -> Iterator[ChatMessage]:
    head = None
    if source.tree is None:
        try:
            head = peek(source, PEEK)
            encoding = utf16_encoding(head)
            if encoding is not None:  # read as UTF-8 from here on: detection, parsers and line numbers alike
                source = _transcoded(source, encoding)
                head = peek(source, PEEK)
        except OPEN_ERRORS as exc:
            report(ParseProblem(source.name, 0, f"cannot read: {_describe(exc)}", "error"))
            return
        reason = _unreadable(head)
        if reason is not None and not (fmt != "auto" and reason.startswith("HTML")):
            report(ParseProblem(source.name, 0, reason, "error"))
            return
    name = detect_format(source, head) if fmt == "auto" else fmt
    if name == UNKNOWN_JSON:
        report(ParseProblem(source.name, 0, UNKNOWN_JSON_REASON, "error"))
        return
    if source.tree is not None and name not in TREE_FORMATS:
        report(ParseProblem(source.name, 0, f"format {name!r} cannot read a multi-file export folder", "error"))
        return
    if found is not None:
        found.append(name)
    try:
        yield from FORMATS[name](source, report)
    except READ_ERRORS as exc:
        report(ParseProblem(source.name, 0, f"read error: {_describe(exc)}", "error"))


def read_messages(paths: Sequence[str] | str, fmt: str = "auto", report: Report | None = None) -> Iterator[ChatMessage]:
    """Yield the messages of every source under ``paths`` (see ``iter_sources``), source by source.

    ``fmt`` is ``"auto"`` (``detect_format`` per source) or a name in ``FORMATS``, forced for every source; an
    unknown name raises ValueError at once. ``report`` receives every ParseProblem (errors and infos); when None,
    problems are dropped.
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: auto, {', '.join(FORMATS)}")
    if isinstance(paths, str):
        paths = [paths]
    return _read_all(list(paths), fmt, report or ignore)


def _read_all(paths: list[str], fmt: str, report: Report) -> Iterator[ChatMessage]:
    for source in iter_sources(paths):
        yield from _read_source(source, fmt, report)


def read_sources(
    paths: Sequence[str] | str, fmt: str = "auto", report: Report | None = None
) -> Iterator[tuple[InputSource, SourceMessages]]:
    """Like ``read_messages``, source by source: ``(source, its messages)`` for every source under ``paths``.

    The messages of one source must be read before asking for the next source. A conversation belongs to one source
    (``source.name``: a file, a zip member, or a multi-file export), whatever its messages' own ``source`` (the file
    inside a multi-file export that holds the line). ``SourceMessages.grouped`` says, once a message is read, whether
    each conversation's messages come together (``GROUPED_FORMATS``).
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: auto, {', '.join(FORMATS)}")
    if isinstance(paths, str):
        paths = [paths]
    report = report or ignore
    for source in iter_sources(list(paths)):
        yield source, SourceMessages(source, fmt, report)
