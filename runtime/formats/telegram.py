"""Telegram Desktop "Export chat history" / "Export Telegram data" in machine-readable JSON (``result.json``).

Two shapes:
- one chat: ``{"name": "Sam", "type": "personal_chat", "id": 123, "messages": [...]}``;
- the whole account: ``{"personal_information": {...}, "chats": {"list": [chat, ...]}, "left_chats": {"list":
  [...]}}``, each chat shaped as above.
A message: ``{"id", "type": "message"|"service", "date": "2023-12-31T21:41:05", "from", "from_id", "text",
"text_entities", ...}``.

Pitfalls handled:
- ``text`` is a string OR a list mixing strings and entity objects (``{"type": "bold", "text": "..."}``,
  links, mentions…), concatenated in order; when ``text`` is missing, ``text_entities`` is used the same way;
- service messages (``"type": "service"``, with ``actor``/``action``: group created, member joined, call…) are
  info problems, not scored;
- ``from`` is null for deleted accounts: the sender is then ``from_id`` when present, else ``"unknown"``;
- media-only messages (empty text with ``photo``, ``file``, ``sticker_emoji``, ``media_type``, a poll, a location…)
  are info; a media message WITH a caption is scored on its caption;
- ``date`` is local time as exported (ISO 8601, passed through).
conversation_id is the chat's ``name``, else its ``id``, else the file name (unnamed chats are deleted accounts);
Telegram Desktop writes them before the chat's ``messages``, which is where they are read. Two chats are never one
conversation: a chat whose name an earlier chat of the export already took (two contacts called "Sam") gets its id
after the name (``Sam (123)``), or without an id its position in the export (the same chat listed twice, with one id,
keeps one name).

``line`` is the message's Telegram ``id`` (every Telegram Desktop message has one; it is what Telegram's own links
and the HTML export's anchors use), whatever the file's size; a message without an integer id (a malformed entry)
gets its 1-based position in its chat instead. ``ChatMessage.id`` is the same id as a string.

The file is streamed with ijson (one message in memory at a time, whatever the export's size) when ijson is
installed, else read whole with the json module; both give the same messages, lines and problems. Invalid JSON is
reported at the line and column where it starts (the file is read a second time to find them); the messages before
it are kept. Invalid UTF-8 is decoded with replacement characters and reported once, at its line.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from ._io import BOM, Reencoded, Utf8Decoder, file_name, invalid_json, type_name, valid_iso
from .base import ChatMessage, InputSource, ParseProblem, Report

try:  # streaming; the runtime depends on ijson, but keeps working without it (whole-document reading)
    import ijson
except ImportError:  # pragma: no cover - exercised by test_telegram.py with ijson hidden
    ijson = None

MEDIA_KEYS = (
    "photo",
    "file",
    "media_type",
    "sticker_emoji",
    "poll",
    "location_information",
    "contact_information",
    "game_title",
    "invoice_information",
)


def flatten_text(value: object) -> str:
    """Concatenate a Telegram ``text`` value: a string, or a list of strings and ``{"text": ...}`` objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, str):
                parts.append(item)
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                parts.append(item["text"])
        return "".join(parts)
    return ""


def _chats(value: object) -> list[dict] | None:
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("messages"), list):
        return [value]
    found = None
    for key in ("chats", "left_chats"):
        section = value.get(key)
        if isinstance(section, dict) and isinstance(section.get("list"), list):
            found = (found or []) + [c for c in section["list"] if isinstance(c, dict)]
    return found


def _sender(message: dict) -> str:
    sender = message.get("from")
    if isinstance(sender, str) and sender.strip():
        return sender
    if message.get("from_id") not in (None, ""):
        return str(message["from_id"])
    return "unknown"


def _conversation(name: object, chat_id: object, source: InputSource) -> str:
    if isinstance(name, str) and name.strip():
        return name
    if chat_id not in (None, ""):
        return str(chat_id)
    return file_name(source.name)


class _Names:
    """The conversation id of each chat of one export, in file order (see the module docstring): a few strings per
    chat, and an export holds at most thousands of chats."""

    def __init__(self, source: InputSource) -> None:
        self.source = source
        self.owners: dict[str, object] = {}  # conversation id -> the chat that has it (its id, or its position)
        self.chats = 0

    def __call__(self, name: object, chat_id: object) -> str:
        self.chats += 1
        has_id = chat_id not in (None, "")
        owner = chat_id if has_id else ("position", self.chats)
        conversation = base = _conversation(name, chat_id, self.source)
        suffix = str(chat_id) if has_id else str(self.chats)
        while self.owners.setdefault(conversation, owner) != owner:
            conversation = f"{base} ({suffix})" if conversation == base else f"{conversation} ({self.chats})"
        return conversation


def _message(
    message: object, position: int, conversation: str, source: InputSource, report: Report
) -> ChatMessage | None:
    """The ChatMessage of one entry of a chat's ``messages`` (None, reported, when it is not one to score)."""
    identifier = message.get("id") if isinstance(message, dict) else None
    line = identifier if type(identifier) is int and identifier >= 0 else position

    def problem(reason: str, severity: str) -> None:
        report(ParseProblem(source.name, line, reason, severity))

    if not isinstance(message, dict):
        problem(f"message is not an object (got {type_name(message)})", "error")
        return None
    kind = message.get("type", "message")
    if kind == "service":
        action = message.get("action")
        label = f" ({action})" if isinstance(action, str) and action.isidentifier() else ""
        problem(f"service message{label}, not scored", "info")
        return None
    if kind != "message":
        problem("unknown message type, not scored", "info")
        return None
    raw = message["text"] if "text" in message else message.get("text_entities")
    if raw is not None and not isinstance(raw, str | list):
        problem(f"'text' is neither a string nor a list (got {type_name(raw)})", "error")
        return None
    text = flatten_text(raw)
    if not text.strip():
        media = any(message.get(key) for key in MEDIA_KEYS)
        problem("media without text, not scored" if media else "empty message, not scored", "info")
        return None
    return ChatMessage(
        text=text,
        conversation_id=conversation,
        sender=_sender(message),
        line=line,
        source=source.name,
        timestamp=valid_iso(message.get("date")),
        id=None if identifier is None else str(identifier),
    )


NOT_TELEGRAM = "not a Telegram export: no 'messages' or 'chats' list"


class _Utf8Checked(Reencoded):
    """The source's bytes without a leading UTF-8 BOM; invalid UTF-8 is replaced by U+FFFD and reported once, at
    the line of its first bad byte (``_io.Utf8Decoder``)."""

    def __init__(self, raw, source_name: str, report: Report) -> None:
        super().__init__(raw)
        self._utf8 = Utf8Decoder(source_name, report)

    def _chunk(self) -> tuple[bytes, bool]:
        data = self._inner.read(1 << 16)
        final = not data
        return self._utf8.checked(data, final), final


class _Chat:
    __slots__ = ("conversation", "has_messages", "id", "name", "position")

    def __init__(self) -> None:
        self.name: object = None
        self.id: object = None
        self.conversation: str | None = None
        self.position = 0
        self.has_messages = False


def _stream(stream, source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """The messages of a Telegram export from ijson events: a single chat (``messages.item``) or a whole account
    (``chats.list.item.messages.item``, ``left_chats.list.item.messages.item``)."""
    chats = {"": None, "chats.list.item": None, "left_chats.list.item": None}
    message_prefixes = {"messages.item": "", "chats.list.item.messages.item": "chats.list.item"}
    message_prefixes["left_chats.list.item.messages.item"] = "left_chats.list.item"
    found = False
    top_is_object = None
    builder = None
    depth = 0
    chat = _Chat()
    names = _Names(source)
    for prefix, event, value in ijson.parse(stream, use_float=True):
        if builder is not None:  # inside a message object: build it
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
            if depth == 0:
                chat.position += 1
                message = _message(builder.value, chat.position, chat.conversation, source, report)
                builder = None
                if message is not None:
                    yield message
                continue
            builder.event(event, value)
            continue
        if top_is_object is None:
            top_is_object = event == "start_map"
        if prefix in message_prefixes:  # an entry of a chat's messages that is not yet being built
            if chat.conversation is None:
                chat.conversation = names(chat.name, chat.id)
            if event == "start_map" or event == "start_array":
                builder = ijson.ObjectBuilder()
                builder.event(event, value)
                depth = 1
            else:  # a scalar entry
                chat.position += 1
                _message(value, chat.position, chat.conversation, source, report)
            continue
        if prefix in chats:
            if event == "start_map" and prefix:
                chat = _Chat()
            elif event == "end_map" and prefix and not chat.has_messages:
                report(ParseProblem(source.name, 0, "chat without a 'messages' list", "error"))
            continue
        key = prefix.rpartition(".")[2]
        parent = prefix[: len(prefix) - len(key) - 1] if "." in prefix else ""
        if parent in chats and (parent or top_is_object):
            if key == "name" and event == "string":
                chat.name = value
            elif key == "id" and event in ("number", "string"):
                chat.id = value
            elif key == "messages" and event == "start_array":
                chat.has_messages = found = True
                chat.conversation = names(chat.name, chat.id)
            elif key == "list" and event == "start_array":
                found = True
    if not found:
        report(ParseProblem(source.name, 1, NOT_TELEGRAM, "error"))


def _whole(data: bytes, source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """The same as ``_stream`` from a document read whole (when ijson is not installed)."""
    value = json.loads(data)
    chats = _chats(value)
    if chats is None:
        report(ParseProblem(source.name, 1, NOT_TELEGRAM, "error"))
        return
    names = _Names(source)
    for chat in chats:
        messages = chat.get("messages")
        if not isinstance(messages, list):
            report(ParseProblem(source.name, 0, "chat without a 'messages' list", "error"))
            continue
        conversation = names(chat.get("name"), chat.get("id"))
        for position, entry in enumerate(messages, 1):
            message = _message(entry, position, conversation, source, report)
            if message is not None:
                yield message


def _report_invalid(data: bytes, source: InputSource, report: Report, detail: str) -> None:
    """Report invalid JSON at the line and column the json module finds (ijson gives no position)."""
    text = data.removeprefix(BOM).decode("utf-8", errors="replace")
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        report(ParseProblem(source.name, exc.lineno, invalid_json(exc.msg, exc.colno), "error"))
        return
    except RecursionError:
        report(ParseProblem(source.name, 1, "invalid JSON: nested too deeply", "error"))
        return
    report(ParseProblem(source.name, 0, f"invalid JSON: {detail}", "error"))


def _read_all(source: InputSource) -> bytes:
    stream = source.open_binary()
    try:
        return stream.read()
    finally:
        stream.close()


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield the messages of every chat in a Telegram JSON export, chat by chat, in file order."""
    # Standard input can be read once: it is kept in memory as bytes (still far less than the decoded document).
    data = None if source.rereadable else _read_all(source)
    raw = io.BytesIO(data) if data is not None else source.open_binary()
    checked = io.BufferedReader(_Utf8Checked(raw, source.name, report))
    try:
        if not checked.peek(1).strip():
            report(ParseProblem(source.name, 1, "empty file", "error"))
            return
        if ijson is None:
            try:
                yield from _whole(checked.read(), source, report)
            except (json.JSONDecodeError, RecursionError) as exc:
                _report_invalid(data if data is not None else _read_all(source), source, report, str(exc))
            return
        try:
            yield from _stream(checked, source, report)
        except (ijson.JSONError, RecursionError) as exc:
            _report_invalid(data if data is not None else _read_all(source), source, report, str(exc))
    finally:
        checked.close()
