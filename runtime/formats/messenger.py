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
  across all files of the chat (files in descending number, each reversed, then a stable sort by ``timestamp_ms``
  when every message has one);
- messages without ``content`` (photos, stickers, GIFs, audio, unsent messages with ``is_unsent``), placeholder
  contents (``Sam sent an attachment.``, ``You sent a photo.``, Instagram's ``Liked a message``) and event types
  (``Call``, ``Subscribe``, ``Unsubscribe``) are info problems, not scored;
- ``timestamp_ms`` is milliseconds since 1970: timestamps are ISO 8601 UTC.
conversation_id is the chat ``title`` (repaired), else ``thread_path``, of the newest file that has one, else the
folder (or file) name. ``line`` is the line where the message's object starts in its file (``source``).

Files are streamed (``_json.JsonStream``). A chat of several files is read twice: a first pass keeps no message,
only the chat's name (which Facebook writes after the messages), whether every message has a timestamp, and each
file's earliest; the second holds one file's messages at a time (to reverse them) plus those that a later file's
could precede (``_json.in_key_order``), none when the files come in order as Facebook writes them. A file that is
invalid JSON keeps the messages before the error; the chat's other files are read whatever happens to one.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from functools import partial

from ._io import epoch_to_iso, file_name, ignore, type_name
from ._json import JsonStream, in_key_order, member_stream, read_guarded, suffix_minima
from .base import ChatMessage, InputSource, ParseProblem, Report

NOT_MESSENGER = "not a Messenger export: no 'messages' list"
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


#: One scorable message of a file, as little as the output needs: (position, line, content, sender, timestamp_ms).
Entry = tuple[int, int, str, object, object]
#: Opens one file's document, reporting to the reporter it is given (None, reported, when it cannot be opened).
FileOpener = Callable[[Report], JsonStream | None]


def _entries(doc: JsonStream, names: dict[str, object], report: Report) -> Iterator[Entry]:
    """The scorable messages of one file in file order (newest first), streamed; everything else reported. The
    file's ``title`` and ``thread_path`` go to ``names`` (Facebook writes them after ``messages``)."""
    if doc.start() != "object":
        report(ParseProblem(doc.name, 1, NOT_MESSENGER, "error"))
        return
    found = False
    for key in doc.members():
        if key in ("title", "thread_path"):
            names[key] = doc.value()
        elif key == "messages" and doc.kind() == "array":
            found = True
            for position, (line, message) in enumerate(doc.items(), 1):
                if not isinstance(message, dict):
                    reason = f"message is not an object (got {type_name(message)})"
                    report(ParseProblem(doc.name, line, reason, "error"))
                    continue
                reason = _skip_reason(message)
                if reason is not None:
                    report(ParseProblem(doc.name, line, reason, "info"))
                    continue
                if not isinstance(message["content"], str):
                    reason = f"'content' is not a string (got {type_name(message['content'])})"
                    report(ParseProblem(doc.name, line, reason, "error"))
                    continue
                yield position, line, message["content"], message.get("sender_name"), message.get("timestamp_ms")
    if not found:
        report(ParseProblem(doc.name, 1, NOT_MESSENGER, "error"))
        return
    doc.finish()


def _read(open_file: FileOpener, report: Report) -> tuple[str, list[Entry], dict[str, object]]:
    """``(name, scorable messages in file order, title and thread_path)`` of one file."""
    names: dict[str, object] = {}
    doc = open_file(report)
    if doc is None:
        return "", [], names
    try:
        return doc.name, list(read_guarded(_entries(doc, names, report), doc.name, report)), names
    finally:
        doc.close()


def _numeric(entry: Entry) -> bool:
    return isinstance(entry[4], int | float)


def _survey(open_file: FileOpener) -> tuple[dict[str, object], bool, object]:
    """``(title and thread_path, every message has a numeric timestamp, the lowest one)`` of one file, streamed."""
    names: dict[str, object] = {}
    doc = open_file(ignore)
    if doc is None:
        return names, True, None
    numeric, lowest = True, None
    try:
        for entry in read_guarded(_entries(doc, names, ignore), doc.name, ignore):
            if not _numeric(entry):
                numeric = False
            elif lowest is None or entry[4] < lowest:
                lowest = entry[4]
    finally:
        doc.close()
    return names, numeric, lowest


def _conversation(files_names: list[dict[str, object]], fallback: str) -> str:
    """The title, else the thread_path, of the newest file (the last) that has one."""
    for names in reversed(files_names):
        for key in ("title", "thread_path"):
            value = names.get(key)
            if isinstance(value, str) and value.strip():
                return fix_mojibake(value.strip())
    return fallback


def _message(entry: Entry, name: str, conversation: str) -> ChatMessage:
    _, line, content, sender, millis = entry
    return ChatMessage(
        text=fix_mojibake(content),
        conversation_id=conversation,
        sender=fix_mojibake(sender) if isinstance(sender, str) and sender.strip() else "unknown",
        line=line,
        source=name,
        timestamp=epoch_to_iso(millis / 1000) if isinstance(millis, int | float) else None,
    )


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield one chat's messages oldest first."""
    if source.tree is None:
        files: list[FileOpener] = [lambda r: JsonStream(source.open_binary(), source.name, r)]
        fallback = file_name(posixpath.dirname(source.name)) or file_name(source.name)
    else:
        rels = sorted(source.tree.names(), key=_number, reverse=True)  # oldest (highest number) first
        files = [partial(member_stream, source, rel) for rel in rels]
        fallback = file_name(source.name)
    if len(files) == 1:
        name, entries, names = _read(files[0], report)
        entries.reverse()
        if all(map(_numeric, entries)):
            entries.sort(key=lambda entry: entry[4])
        conversation = _conversation([names], fallback)
        yield from (_message(entry, name, conversation) for entry in entries)
        return
    # A first pass, reporting nothing and keeping no message: the chat's name (in the newest file, after its
    # messages), whether every message has a timestamp to sort by, and each file's earliest one.
    survey = [_survey(open_file) for open_file in files]
    conversation = _conversation([names for names, _, _ in survey], fallback)
    if not all(numeric for _, numeric, _ in survey):
        for open_file in files:
            name, entries, _ = _read(open_file, report)
            yield from (_message(entry, name, conversation) for entry in reversed(entries))
        return
    later = suffix_minima([lowest for _, _, lowest in survey])

    def keyed(order: int, open_file: FileOpener) -> Iterator[tuple[tuple, ChatMessage]]:
        name, entries, _ = _read(open_file, report)
        for entry in entries:  # (timestamp, file, position from its end): a stable sort of the files read in turn
            yield (entry[4], order, -entry[0]), _message(entry, name, conversation)

    yield from in_key_order((keyed(order, open_file) for order, open_file in enumerate(files)), later)
