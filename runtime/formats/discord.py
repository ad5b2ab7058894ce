"""DiscordChatExporter (DCE) exports of one channel, in its JSON, CSV or plain-text output.

- JSON: ``{"guild": {"name"}, "channel": {"name"}, "messages": [{"id", "type", "timestamp", "content", "author":
  {"id", "name", "nickname"}, "attachments", "embeds", "stickers"}]}``. Only ``type`` ``"Default"`` and
  ``"Reply"`` are messages; every other type (``"GuildMemberJoin"``, ``"ChannelPinnedMessage"``, ``"Call"``,
  ``"RecipientAdd"``, ``"ThreadCreated"``…) is a system event, reported as info. Timestamps are ISO 8601 with offset
  and are passed through.
- CSV: header ``AuthorID,Author,Date,Content,Attachments,Reactions``, written with a UTF-8 byte-order mark, every
  field quoted, and ``Content`` spanning several physical lines when the message did; each record's line is the
  physical line where it starts.
- TXT: a banner block between lines of ``=`` (``Guild: …``, ``Channel: …``, ``Topic: …``), then messages separated
  by a blank line: a header ``[12/31/2023 9:41 PM] author`` followed by content lines, optionally followed by
  ``{Attachments}``, ``{Embed}``, ``{Stickers}`` or ``{Reactions}`` sections (not message text, dropped). A closing
  banner (``Exported 12 message(s)``) is skipped too. A header is only recognised after a blank line or a banner,
  so content that happens to start with ``[...]`` stays content.

The sender is the author's user ``name`` (stable; nicknames change), the ``nickname`` when no name is given.
Messages with no text but attachments, embeds or stickers are info. Dates in CSV/TXT are read as ISO 8601 or with
the English formats DCE writes by default (``12/31/2023 9:41 PM``, ``31-Dec-23 09:41 PM``); other cultures give
timestamp None. conversation_id is ``"<guild>/<channel>"`` from the JSON or TXT banner, else the file name (CSV
exports carry no channel name).

Every format streams. In JSON ``line`` is the line where the message's object starts, whatever the file's size (the
JSON is read one message at a time by ``_json.JsonStream``); a file that turns out to be invalid JSON keeps the
messages before the error, which is reported at its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import csv_format
from ._io import file_name, iter_lines, parse_datetime, peek, type_name, valid_iso
from ._json import InvalidJsonError, JsonStream
from .base import ChatMessage, InputSource, ParseProblem, Report

MESSAGE_TYPES = ("Default", "Reply")
DATE_FORMATS = (
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%d-%b-%y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
)
BANNER = re.compile(r"={10,}")
TXT_HEADER = re.compile(r"\[(?P<date>\d[^\]]{4,40})\] (?P<author>\S.*)")
SECTIONS = ("{Attachments}", "{Embed}", "{Stickers}", "{Reactions}")


def _conversation(guild: object, channel: object, fallback: str) -> str:
    names = [n.strip() for n in (guild, channel) if isinstance(n, str) and n.strip()]
    return "/".join(names) or fallback


NOT_DCE = "not a DiscordChatExporter JSON export: no 'messages' list"


def _json_message(
    message: object, line: int, conversation: str, source: InputSource, report: Report
) -> ChatMessage | None:
    """The ChatMessage of one entry of ``messages`` (None, reported, when it is not one to score)."""
    if not isinstance(message, dict):
        report(ParseProblem(source.name, line, f"message is not an object (got {type_name(message)})", "error"))
        return None
    kind = message.get("type", "Default")
    if kind not in MESSAGE_TYPES:
        label = kind if isinstance(kind, str) and kind.isidentifier() else "unknown"
        report(ParseProblem(source.name, line, f"system event ({label}), not scored", "info"))
        return None
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        media = any(message.get(k) for k in ("attachments", "embeds", "stickers"))
        reason = "attachment without text, not scored" if media else "empty message, not scored"
        report(ParseProblem(source.name, line, reason, "info"))
        return None
    author = message.get("author") if isinstance(message.get("author"), dict) else {}
    sender = next((str(author[k]) for k in ("name", "nickname", "id") if author.get(k) not in (None, "")), "unknown")
    identifier = message.get("id")
    return ChatMessage(
        text=content,
        conversation_id=conversation,
        sender=sender,
        line=line,
        source=source.name,
        timestamp=valid_iso(message.get("timestamp")),
        id=None if identifier is None else str(identifier),
    )


def _parse_json(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Streamed: one message in memory at a time (``_json.JsonStream``). ``guild`` and ``channel`` are read where
    DCE writes them, before ``messages``; a file that puts them after gets its file name as conversation."""
    doc = JsonStream(source.open_binary(), source.name, report)
    try:
        if doc.start() != "object":
            report(ParseProblem(source.name, 1, NOT_DCE, "error"))
            return
        names: dict[str, object] = {}
        found = False
        for key in doc.members():
            if key in ("guild", "channel") and doc.kind() == "object":
                names[key] = doc.value().get("name")
            elif key == "messages" and doc.kind() == "array":
                found = True
                conversation = _conversation(names.get("guild"), names.get("channel"), file_name(source.name))
                for line, entry in doc.items():
                    message = _json_message(entry, line, conversation, source, report)
                    if message is not None:
                        yield message
        if not found:
            report(ParseProblem(source.name, 1, NOT_DCE, "error"))
            return
        doc.finish()
    except InvalidJsonError:
        return
    finally:
        doc.close()


def _parse_csv(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    conversation = file_name(source.name)
    records = csv_format.iter_records(source, report, delimiter=",")
    first = next(records, None)
    if first is None:
        report(ParseProblem(source.name, 1, "no header row", "error"))
        return
    header = [h.strip() for h in first[1]]
    find = csv_format.find_column
    content, author, date = find(header, ("content",)), find(header, ("author",)), find(header, ("date",))
    author_id, attachments = find(header, ("authorid",)), find(header, ("attachments",))
    if content is None:
        report(ParseProblem(source.name, first[0], "no Content column", "error"))
        return
    for line, row in records:
        if len(row) != len(header):
            report(ParseProblem(source.name, line, f"expected {len(header)} fields, found {len(row)}", "error"))
            continue
        if not row[content].strip():
            media = attachments is not None and row[attachments].strip()
            reason = "attachment without text, not scored" if media else "empty message, not scored"
            report(ParseProblem(source.name, line, reason, "info"))
            continue
        sender = next((row[i] for i in (author, author_id) if i is not None and row[i].strip()), "unknown")
        yield ChatMessage(
            text=row[content],
            conversation_id=conversation,
            sender=sender,
            line=line,
            source=source.name,
            timestamp=parse_datetime(row[date], DATE_FORMATS) if date is not None else None,
        )


def _parse_txt(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    banner: dict[str, str] = {}
    in_banner = False
    banners_seen = 0
    after_break = True
    pending: tuple[int, str, str | None, list[str]] | None = None

    def finish(pending: tuple[int, str, str | None, list[str]]) -> ChatMessage | None:
        line, author, timestamp, parts = pending
        body: list[str] = []
        media = False
        for part in parts:
            if part.strip() in SECTIONS:
                media = media or part.strip() != "{Reactions}"
                break
            body.append(part)
        text = "\n".join(body).strip("\n")
        if not text.strip():
            reason = "attachment without text, not scored" if media else "empty message, not scored"
            report(ParseProblem(source.name, line, reason, "info"))
            return None
        conversation = _conversation(banner.get("guild"), banner.get("channel"), file_name(source.name))
        return ChatMessage(text, conversation, author, line, source.name, timestamp)

    for lineno, line in iter_lines(source, report):
        if BANNER.fullmatch(line.strip()):
            in_banner = not in_banner
            banners_seen += not in_banner
            after_break = True
            continue
        if in_banner:
            key, sep, value = line.partition(":")
            if sep and banners_seen == 0 and key.strip().lower() in ("guild", "channel"):
                # "Channel: Category / name": keep the name, as the JSON export's channel.name
                banner.setdefault(key.strip().lower(), value.strip().rpartition(" / ")[2])
            continue
        match = TXT_HEADER.fullmatch(line) if after_break else None
        if match:
            if pending is not None and (message := finish(pending)) is not None:
                yield message
            timestamp = parse_datetime(match["date"], DATE_FORMATS)
            pending = (lineno, match["author"].strip(), timestamp, [])
        elif pending is not None:
            pending[3].append(line)
        elif line.strip():
            report(ParseProblem(source.name, lineno, "text outside any message, skipped", "error"))
        after_break = not line.strip()
    if pending is not None and (message := finish(pending)) is not None:
        yield message


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield the messages of a DCE export, choosing JSON, CSV or TXT from the first bytes."""
    head = peek(source, 4096).removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"{"):
        yield from _parse_json(source, report)
    elif head.replace(b'"', b"").startswith(b"AuthorID,"):
        yield from _parse_csv(source, report)
    else:
        yield from _parse_txt(source, report)
