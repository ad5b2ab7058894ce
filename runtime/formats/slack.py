"""Slack workspace exports ("Export data"), as the unzipped folder or the zip itself.

Layout: ``users.json`` (members: ``id``, ``name``, ``real_name``, ``profile.display_name``), ``channels.json``
(also ``groups.json``/``dms.json``/``mpims.json`` in some plans), and one folder per channel holding one file per
day, ``general/2024-03-01.json``: a list of messages ``{"type": "message", "user": "U123", "text": "...", "ts":
"1709300000.000100", "subtype"?, "thread_ts"?, "parent_user_id"?, "files"?}``.

Pitfalls handled:
- ``ts`` is a string of seconds with a 6-digit sequence suffix; it is the message's id and its order key. Messages
  are sorted by ``ts`` within a channel (day files group by the exporter's time zone, and thread replies can sit in
  the day file of the parent). Timestamps are ISO 8601 in UTC;
- a ``subtype`` other than ``thread_broadcast`` (``channel_join``, ``channel_topic``, ``bot_message``,
  ``tombstone`` for a deleted thread parent, ``file_comment``…) is an event, reported as info, not scored;
  non-``message`` types too; a message with files but no text is info;
- thread replies stay in the channel's conversation with ``extra["thread_ts"]`` (the parent's ts; a thread's parent
  carries its own ts there too);
- text is Slack "mrkdwn": ``<@U123>`` mentions become ``@Real Name`` (from users.json, else the message's
  ``user_profile``, else the id), ``<#C123|general>`` becomes ``#general``, ``<!here>`` ``@here``, links
  ``<https://…|label>`` their label, and ``&lt; &gt; &amp;`` are unescaped;
- the sender is ``real_name``, else ``profile.display_name``, else ``name`` of the member, else the id.
conversation_id is the channel's folder name (channel name; DM folders are named by id). A single day file given on
its own is read too (conversation = its folder's name, senders from ``user_profile`` or ids). Problems and messages
name the day file (``export/general/2024-03-01.json``) with the line where the message's object starts.

Day files and ``users.json`` are streamed (``_json.JsonStream``). A first pass over a channel's day files finds each
one's lowest ``ts`` (nothing else kept); the second holds only the messages a later file could precede
(``_json.in_key_order``): about one day's, as Slack files them. A day file that is invalid JSON or fails to read
keeps the messages before the error; the other files are read whatever happens to one.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator
from functools import partial

from ._io import epoch_to_iso, file_name, ignore, type_name
from ._json import JsonStream, in_key_order, member_stream, read_guarded, suffix_minima
from .base import ChatMessage, InputSource, ParseProblem, Report

DAY_FILE = re.compile(r"[^/]+/\d{4}-\d{2}-\d{2}\.json")
TS = re.compile(r"(\d+)(?:\.(\d{1,6}))?")
MENTION = re.compile(r"<([@#!])([^<>|]+)(?:\|([^<>]*))?>")
LINK = re.compile(r"<((?:https?|mailto|tel|ftp):[^<>|]+)(?:\|([^<>]*))?>")
#: Opens one day file's document, reporting to the reporter it is given (None, reported, when it cannot be opened).
DayOpener = Callable[[Report], JsonStream | None]


def _user_name(user: dict) -> str | None:
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    for value in (user.get("real_name"), profile.get("display_name"), user.get("name")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _user_names(doc: JsonStream, report: Report) -> Iterator[tuple[str, str]]:
    kind = doc.start()
    if kind != "array":
        report(ParseProblem(doc.name, 1, f"users.json is not a list (got {kind})", "error"))
        return
    for _, user in doc.items():
        if isinstance(user, dict) and isinstance(user.get("id"), str):
            label = _user_name(user)
            if label:
                yield user["id"], label
    doc.finish()


def _users(source: InputSource, report: Report) -> dict[str, str]:
    """Member id -> display name from ``users.json`` (streamed, one member at a time)."""
    if "users.json" not in source.tree.names():
        return {}
    doc = member_stream(source, "users.json", report)
    if doc is None:
        return {}
    try:
        return dict(read_guarded(_user_names(doc, report), doc.name, report))
    finally:
        doc.close()


def render(text: str, users: dict[str, str]) -> str:
    """Slack mrkdwn to plain text: mentions resolved, links reduced to labels, entities unescaped."""

    def mention(match: re.Match) -> str:
        kind, target, label = match.groups()
        if kind == "@":
            return "@" + (users.get(target) or label or target)
        if kind == "#":
            return "#" + (label or target)
        return "@" + (label or target.split("^")[0]).lstrip("@")

    text = MENTION.sub(mention, text)
    text = LINK.sub(lambda m: m[2] or m[1], text)
    return html.unescape(text) if "&" in text else text


def _ts_key(ts: object) -> tuple[int, int] | None:
    if not isinstance(ts, str):
        return None
    match = TS.fullmatch(ts.strip())
    if not match:
        return None
    return int(match[1]), int((match[2] or "0").ljust(6, "0"))


def _sender(message: dict, users: dict[str, str]) -> str:
    user = message.get("user")
    if isinstance(user, str) and user in users:
        return users[user]
    profile = message.get("user_profile")
    if isinstance(profile, dict) and (name := _user_name(profile)):
        return name
    for value in (user, message.get("username")):
        if isinstance(value, str) and value.strip():
            return value
    return "unknown"


def _day_messages(doc: JsonStream, report: Report) -> Iterator[tuple[tuple[int, int], int, dict]]:
    """Valid messages of one day file as ``(ts key, line, message)``, streamed; everything else reported."""
    name = doc.name
    kind = doc.start()
    if kind != "array":
        report(ParseProblem(name, 1, f"day file is not a list (got {kind})", "error"))
        return
    for line, message in doc.items():
        if not isinstance(message, dict):
            report(ParseProblem(name, line, f"message is not an object (got {type_name(message)})", "error"))
            continue
        subtype = message.get("subtype")
        if message.get("type", "message") != "message" or subtype not in (None, "thread_broadcast"):
            label = subtype if isinstance(subtype, str) and subtype.isidentifier() else "not a message"
            report(ParseProblem(name, line, f"event ({label}), not scored", "info"))
            continue
        key = _ts_key(message.get("ts"))
        if key is None:
            report(ParseProblem(name, line, "missing or invalid 'ts' field", "error"))
            continue
        text = message.get("text")
        if text is not None and not isinstance(text, str):
            report(ParseProblem(name, line, f"'text' is not a string (got {type_name(text)})", "error"))
            continue
        if not text or not text.strip():
            reason = "attachment without text, not scored" if message.get("files") else "empty message, not scored"
            report(ParseProblem(name, line, reason, "info"))
            continue
        yield key, line, message
    doc.finish()


def _ts_keys(doc: JsonStream) -> Iterator[tuple[int, int]]:
    if doc.start() == "array":
        for _, message in doc.items():
            key = _ts_key(message.get("ts")) if isinstance(message, dict) else None
            if key is not None:
                yield key


def _lowest_key(open_day: DayOpener) -> tuple[int, int] | None:
    """The lowest ``ts`` of a day file's entries (the first pass: nothing is reported), None when it has none."""
    doc = open_day(ignore)
    if doc is None:
        return None
    try:
        return min(read_guarded(_ts_keys(doc), doc.name, ignore), default=None)
    finally:
        doc.close()


def _day_file(
    open_day: DayOpener, order: int, conversation: str, users: dict[str, str], report: Report
) -> Iterator[tuple[tuple, ChatMessage]]:
    """``((ts key, file number, position), message)`` for the messages of one day file."""
    doc = open_day(report)
    if doc is None:
        return
    try:
        found = read_guarded(_day_messages(doc, report), doc.name, report)
        for position, (key, line, message) in enumerate(found):
            extra = {}
            if isinstance(message.get("thread_ts"), str):
                extra["thread_ts"] = message["thread_ts"]
            chat = ChatMessage(
                text=render(message["text"], users),
                conversation_id=conversation,
                sender=_sender(message, users),
                line=line,
                source=doc.name,
                timestamp=epoch_to_iso(key[0]),
                id=message["ts"].strip(),
                extra=extra,
            )
            yield (key, order, position), chat
    finally:
        doc.close()


def _channel(days: list[DayOpener], conversation: str, users: dict[str, str], report: Report) -> Iterator[ChatMessage]:
    """One channel's messages sorted by ts (ties: file order, then position), its day files read in order. A first
    pass finds each file's lowest ts, so that only the messages a later file could precede are held (see
    ``_json.in_key_order``): about one day's, as Slack writes them."""
    later = suffix_minima([None] + [_lowest_key(open_day) for open_day in days[1:]])
    files = (_day_file(open_day, order, conversation, users, report) for order, open_day in enumerate(days))
    yield from in_key_order(files, later)


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield every channel's messages, channel by channel (sorted by folder name), each sorted by ts."""
    if source.tree is None:
        folder = posixpath.dirname(source.name.replace("\\", "/"))
        conversation = file_name(folder) if folder else "slack"
        yield from _channel([lambda r: JsonStream(source.open_binary(), source.name, r)], conversation, {}, report)
        return
    users = _users(source, report)
    channels: dict[str, list[str]] = {}
    for name in source.tree.names():
        if DAY_FILE.fullmatch(name):
            channels.setdefault(name.split("/")[0], []).append(name)
    if not channels:
        report(ParseProblem(source.name, 0, "Slack export without channel folders", "error"))
    for channel, names in sorted(channels.items()):
        days = [partial(member_stream, source, rel) for rel in sorted(names)]
        yield from _channel(days, channel, users, report)
