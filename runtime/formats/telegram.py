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
- ``date`` is local time as exported (ISO 8601, passed through); the file is read whole (JSON), and each message's
  line is the line where its object starts.
conversation_id is the chat's ``name``, else its ``id``, else the file name (unnamed chats are deleted accounts).
"""

from __future__ import annotations

from collections.abc import Iterator

from ._io import file_name, type_name, valid_iso
from ._json import JsonDoc, message_line, read_source_json
from .base import ChatMessage, InputSource, ParseProblem, Report

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


def _chat_messages(chat: dict, doc: JsonDoc, source: InputSource, report: Report) -> Iterator[ChatMessage]:
    name = chat.get("name")
    if isinstance(name, str) and name.strip():
        conversation = name
    elif chat.get("id") not in (None, ""):
        conversation = str(chat["id"])
    else:
        conversation = file_name(source.name)
    messages = chat.get("messages")
    if not isinstance(messages, list):
        report(ParseProblem(source.name, doc.line_of(chat) or 1, "chat without a 'messages' list", "error"))
        return
    for position, message in enumerate(messages, 1):
        line = message_line(doc, message, position)

        def problem(reason: str, severity: str, line: int = line) -> None:
            report(ParseProblem(source.name, line, reason, severity))

        if not isinstance(message, dict):
            problem(f"message is not an object (got {type_name(message)})", "error")
            continue
        kind = message.get("type", "message")
        if kind == "service":
            action = message.get("action")
            label = f" ({action})" if isinstance(action, str) and action.isidentifier() else ""
            problem(f"service message{label}, not scored", "info")
            continue
        if kind != "message":
            problem("unknown message type, not scored", "info")
            continue
        raw = message["text"] if "text" in message else message.get("text_entities")
        if raw is not None and not isinstance(raw, str | list):
            problem(f"'text' is neither a string nor a list (got {type_name(raw)})", "error")
            continue
        text = flatten_text(raw)
        if not text.strip():
            media = any(message.get(key) for key in MEDIA_KEYS)
            problem("media without text, not scored" if media else "empty message, not scored", "info")
            continue
        identifier = message.get("id")
        yield ChatMessage(
            text=text,
            conversation_id=conversation,
            sender=_sender(message),
            line=line,
            source=source.name,
            timestamp=valid_iso(message.get("date")),
            id=None if identifier is None else str(identifier),
        )


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield the messages of every chat in a Telegram JSON export, chat by chat, in file order."""
    doc = read_source_json(source.open_binary(), source.name, report)
    if doc is None:
        return
    chats = _chats(doc.value)
    if chats is None:
        report(ParseProblem(source.name, 1, "not a Telegram export: no 'messages' or 'chats' list", "error"))
        return
    for chat in chats:
        yield from _chat_messages(chat, doc, source, report)
