"""JSON Lines (``.jsonl``/``.ndjson``): one JSON object per line, the format for data you convert yourself.

Fields: ``text`` (required, a string), optional ``id``, ``conversation_id``, ``sender``, ``timestamp``; every other
field goes to ``ChatMessage.extra`` untouched. ``id``/``conversation_id``/``sender`` given as numbers are turned into
strings; a numeric ``timestamp`` is read as seconds since 1970 (milliseconds when above 10^11) and converted to ISO
8601 UTC, a string timestamp is passed through as written. Defaults: conversation = the file name, sender
``"unknown"``.

Pitfalls handled: blank lines are ignored silently; malformed JSON, a line that is not an object, and a missing or
non-string ``text`` are reported as errors with their line number and skipped; whitespace-only text is reported as
info. A line that is not valid UTF-8 is decoded with replacement characters, reported as an error, and STILL yielded
(a single bad byte should not hide a message). A UTF-8 byte-order mark on the first line is dropped. Streams: one
line in memory at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ._io import epoch_to_iso, file_name, invalid_json, iter_lines, type_name
from ._json import InvalidJsonError, JsonStream
from .base import ChatMessage, InputSource, ParseProblem, Report

KNOWN = ("text", "id", "conversation_id", "sender", "timestamp")
_decode = json.JSONDecoder().decode  # json.loads without its per-call argument checks


def _string(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str | int | float):
        return str(value)
    return None


def _timestamp(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return epoch_to_iso(value / 1000 if value > 1e11 else value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _decode_line(line: str) -> object:
    return json.loads(line) if line.startswith("\ufeff") else _decode(line)  # json.loads names a stray BOM


def _reject(record: object) -> str:
    """Why a decoded line is not a message."""
    if not isinstance(record, dict):
        return f"not a JSON object (got {type_name(record)})"
    if "text" not in record:
        return "missing 'text' field"
    return f"'text' is not a string (got {type_name(record['text'])})"


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield one message per valid line."""
    default_conversation = file_name(source.name)
    for lineno, line in iter_lines(source, report):
        if not line.strip():
            continue
        try:
            record = _decode_line(line)
        except json.JSONDecodeError as exc:
            report(ParseProblem(source.name, lineno, invalid_json(exc.msg, exc.colno), "error"))
            continue
        except RecursionError:
            report(ParseProblem(source.name, lineno, "invalid JSON: nested too deeply", "error"))
            continue
        message = _message(record, lineno, source.name, default_conversation, report)
        if message is not None:
            yield message


def _message(record: object, line: int, source_name: str, default_conversation: str, report: Report):
    """The ChatMessage of one decoded record, or None (reported) when it is not one."""
    text = record.get("text") if type(record) is dict else None
    if type(text) is not str:
        report(ParseProblem(source_name, line, _reject(record), "error"))
        return None
    if not text.strip():
        report(ParseProblem(source_name, line, "empty text, not scored", "info"))
        return None
    cid, sender, msg_id = record.get("conversation_id"), record.get("sender"), record.get("id")
    return ChatMessage(
        text=text,
        # str values (nearly all) go straight through; other types through _string
        conversation_id=(cid if type(cid) is str else _string(cid)) or default_conversation,
        sender=(sender if type(sender) is str else _string(sender)) or "unknown",
        line=line,
        source=source_name,
        timestamp=_timestamp(record.get("timestamp")),
        id=msg_id if type(msg_id) is str else _string(msg_id),
        extra={k: v for k, v in record.items() if k not in KNOWN} if len(record) > 1 else {},
    )


def parse_array(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """A JSON document that is one array of message objects, each read as a JSON Lines record (format ``json``).
    Streamed (one record in memory at a time); each message's line is the line where its entry starts."""
    doc = JsonStream(source.open_binary(), source.name, report)
    try:
        kind = doc.start()
        if kind != "array":
            if kind is None:
                doc.value()  # reports why no JSON value starts there
            reason = f"expected a JSON array of messages, found {kind}"
            report(ParseProblem(source.name, 1, reason, "error"))
            return
        default_conversation = file_name(source.name)
        for line, record in doc.items():
            message = _message(record, line, source.name, default_conversation, report)
            if message is not None:
                yield message
        doc.finish()
    except InvalidJsonError:
        return
    finally:
        doc.close()
