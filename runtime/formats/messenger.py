"""Facebook Messenger and Instagram "Download your information" exports in JSON.

Each chat is a folder (``messages/inbox/sam_1a2b3c/``) with ``message_1.json``, ``message_2.json``…:
``{"participants": [{"name"}], "messages": [{"sender_name", "timestamp_ms", "content", "type", "photos"?,
"sticker"?, "share"?, "is_unsent"?}], "title", "thread_path"}``. ``iter_sources`` makes the chat folder ONE source;
a single ``message_N.json`` given on its own is read alone.

Pitfalls handled:
- text is mojibake: Facebook writes each UTF-8 byte as a separate ``\\u00XX`` escape, so ``café`` arrives as
  ``cafÃ©`` and an emoji as four Latin-1 characters (``\\u00f0\\u009f\\u0098\\u0080``, shown as ``ðŸ˜€`` by
  Windows-1252 viewers). Every string is repaired with ``s.encode("latin-1").decode("utf-8")`` when that succeeds,
  else kept as is (already-correct text fails the round trip and is left alone);
- messages are newest-first within a file and ``message_1.json`` holds the newest ones: output is oldest-first
  across all files of the chat (files in descending number, each reversed, then a stable sort by ``timestamp_ms``);
- messages without ``content`` (photos, stickers, GIFs, audio, unsent messages with ``is_unsent``), placeholder
  contents (``Sam sent an attachment.``, ``You sent a photo.``, Instagram's ``Liked a message``) and event types
  (``Call``, ``Subscribe``, ``Unsubscribe``) are info problems, not scored;
- ``timestamp_ms`` is milliseconds since 1970: timestamps are ISO 8601 UTC. The whole chat is held in memory.
conversation_id is the chat ``title`` (repaired), else ``thread_path``, else the folder (or file) name.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from ._io import epoch_to_iso, file_name, type_name
from ._json import JsonDoc, message_line, read_source_json, read_tree_json
from .base import ChatMessage, InputSource, ParseProblem, Report

FILE_NUMBER = re.compile(r"message_(\d+)\.json")
PLACEHOLDER = re.compile(
    r"(?:.{1,100} )?sent (?:an attachment|a photo|photos|a video|a GIF|a sticker|a voice message|a link)\."
    r"|Liked a message|Reacted .{1,16} to your message",
)
EVENT_TYPES = ("Call", "Subscribe", "Unsubscribe")


def fix_mojibake(text: str) -> str:
    """Undo Facebook's latin-1-over-UTF-8 encoding, leaving text that is not mojibake unchanged."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _number(name: str) -> int:
    match = FILE_NUMBER.fullmatch(file_name(name))
    return int(match[1]) if match else 0


def _conversation(doc: JsonDoc, fallback: str) -> str:
    value = doc.value if isinstance(doc.value, dict) else {}
    for key in ("title", "thread_path"):
        if isinstance(value.get(key), str) and value[key].strip():
            return fix_mojibake(value[key].strip())
    return fallback


def _skip_reason(message: dict) -> str | None:
    if message.get("type") in EVENT_TYPES:
        return f"event ({message['type']}), not scored"
    if message.get("is_unsent"):
        return "unsent message, not scored"
    content = message.get("content")
    if content is None or (isinstance(content, str) and not content.strip()):
        media = any(message.get(k) for k in ("photos", "videos", "gifs", "audio_files", "files", "sticker", "share"))
        return "attachment without text, not scored" if media else "empty message, not scored"
    if not isinstance(content, str):
        return None
    if PLACEHOLDER.fullmatch(fix_mojibake(content).strip()):
        return "attachment placeholder, not scored"
    return None


def _file_messages(doc: JsonDoc, name: str, report: Report) -> list[tuple[int, dict]]:
    """``(line, message)`` for the scorable messages of one file, oldest first."""
    value = doc.value
    if not isinstance(value, dict) or not isinstance(value.get("messages"), list):
        report(ParseProblem(name, 1, "not a Messenger export: no 'messages' list", "error"))
        return []
    found = []
    for position, message in enumerate(value["messages"], 1):
        line = message_line(doc, message, position)
        if not isinstance(message, dict):
            report(ParseProblem(name, line, f"message is not an object (got {type_name(message)})", "error"))
            continue
        reason = _skip_reason(message)
        if reason is not None:
            report(ParseProblem(name, line, reason, "info"))
            continue
        if not isinstance(message["content"], str):
            reason = f"'content' is not a string (got {type_name(message['content'])})"
            report(ParseProblem(name, line, reason, "error"))
            continue
        found.append((line, message))
    found.reverse()
    return found


def _load(source: InputSource, report: Report) -> list[tuple[str, JsonDoc]]:
    """The chat's files, oldest (highest number) first."""
    if source.tree is None:
        doc = read_source_json(source.open_binary(), source.name, report)
        return [] if doc is None else [(source.name, doc)]
    docs = []
    for rel in sorted(source.tree.names(), key=_number, reverse=True):
        entry = read_tree_json(source, rel, report)
        if entry is not None:
            docs.append(entry)
    return docs


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield one chat's messages oldest first."""
    docs = _load(source, report)
    if not docs:
        return
    fallback = file_name(source.name) if source.tree is not None else file_name(posixpath.dirname(source.name))
    conversation = _conversation(docs[-1][1], fallback or file_name(source.name))
    collected = [(name, line, msg) for name, doc in docs for line, msg in _file_messages(doc, name, report)]
    if all(isinstance(m.get("timestamp_ms"), int | float) for _, _, m in collected):
        collected.sort(key=lambda item: item[2]["timestamp_ms"])
    for name, line, message in collected:
        sender = message.get("sender_name")
        millis = message.get("timestamp_ms")
        yield ChatMessage(
            text=fix_mojibake(message["content"]),
            conversation_id=conversation,
            sender=fix_mojibake(sender) if isinstance(sender, str) and sender.strip() else "unknown",
            line=line,
            source=name,
            timestamp=epoch_to_iso(millis / 1000) if isinstance(millis, int | float) else None,
        )
