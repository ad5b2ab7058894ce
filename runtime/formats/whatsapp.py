"""WhatsApp "Export chat" text files (``WhatsApp Chat with Sam.txt``, or ``_chat.txt`` inside the exported zip).

Every message starts with a header line; the two shapes are
- Android: ``12/31/23, 9:41 PM - Sam: see you at practice``
- iOS:     ``[31/12/2023, 21:41:05] Sam: see you at practice`` (usually with seconds)
and a file uses one of them throughout (the first pass picks the one most header lines match, so a pasted header of
the other shape inside a message stays text). Lines without a header continue the previous message (multi-line
messages), including lines that start like a date but lack the full header shape (``12/31/23 is the deadline``).

Dates: separators ``/`` ``.`` ``-``; 2- or 4-digit years (2-digit means 20xx); year-first (``2023-12-31``) when the
first field has 4 digits. Day/month order is a locale setting that the file does not state, so it is inferred from
the WHOLE file in a first pass: if any first field is above 12 the file is day-first; else if any second field is
above 12 it is month-first; else (every date has both fields <= 12) it is ASSUMED day-first, the more common order
worldwide -- such timestamps may have day and month swapped. Times: 24-hour or 12-hour with ``AM/PM``, ``am/pm``,
``a.m./p.m.`` or ``a. m./p. m.`` (Spanish, often with a no-break space inside), and U+202F (narrow no-break space)
or U+00A0 before the marker (recent iOS/Android). Timestamps are ISO 8601 local time without offset, as exported.

Pitfalls handled:
- U+200E (left-to-right mark) before ``[`` on iOS lines and at the start of media/system bodies: stripped. On iOS,
  a body starting with U+200E is a system event or placeholder (group events are attributed to the group's name),
  except that the caption under a marked ``<attached: …>`` line is kept, as on Android;
- bidi marks around phone-number senders (U+202A…U+202C) and the ``~`` WhatsApp puts before non-contacts;
- system lines without a sender (``Messages and calls are end-to-end encrypted…``, ``Sam created group "…"``,
  ``Sam added Alex``) and Android system lines that contain ``: `` inside quotes (``changed the subject from "a:
  b"``): info problems, not scored. A "sender" containing a quote character is taken as a system line;
- media and deleted-message placeholders (``<Media omitted>``, ``<Multimedia omitido>``, ``image omitted``,
  ``<attached: 00000012-PHOTO-….jpg>``, ``IMG-….jpg (file attached)``, ``This message was deleted``, ``You deleted
  this message``, ``Se eliminó este mensaje``, ``null`` for view-once media, missed calls…): info, not scored. The
  list covers English, Spanish, German and a few other locales; unknown locales' placeholders are scored as text. A file
  placeholder followed by a caption keeps the caption;
- the ``<This message was edited>`` suffix is removed and ``extra["edited"]`` set;
- CRLF line endings, no final newline, a byte-order mark.

Memory: two streaming passes over the file (standard input, which cannot be re-read, is held in memory).
conversation_id is the chat file's name, or the zip's name for a chat inside a zip.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ._io import file_name, ignore, iter_lines
from .base import ChatMessage, InputSource, ParseProblem, Report

_DATE = r"(?P<d1>\d{1,4})[./-](?P<d2>\d{1,2})[./-](?P<d3>\d{2,4})\.?"
_TIME = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp])\.?\s?[Mm]\.?)?"
)
HEADERS = {
    "android": re.compile(rf"{_DATE},?\s{_TIME}\s[-–]\s(?P<rest>.*)"),
    "ios": re.compile(rf"\[{_DATE},?\s{_TIME}\]\s(?P<rest>.*)"),
}
LRM = "\u200e"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
QUOTES = '"“”«»„'
EDITED = "<This message was edited>"

MEDIA = frozenset(
    s.casefold()
    for s in (
        "<Media omitted>",
        "<Multimedia omitido>",
        "<Medien ausgeschlossen>",
        "<Médias omis>",
        "<Media weggelaten>",
        "<Mídia oculta>",
        "<Arquivo de mídia oculto>",
        "<Media omessi>",
        "image omitted",
        "video omitted",
        "audio omitted",
        "sticker omitted",
        "GIF omitted",
        "document omitted",
        "Contact card omitted",
        "imagen omitida",
        "video omitido",
        "audio omitido",
        "sticker omitido",
        "GIF omitido",
        "documento omitido",
        "null",
        "Bild weggelassen",
        "Video weggelassen",
        "Audio weggelassen",
        "Sticker weggelassen",
        "GIF weggelassen",
        "Missed voice call",
        "Missed video call",
        "Llamada perdida",
        "Videollamada perdida",
        "Verpasster Sprachanruf",
        "Verpasster Videoanruf",
        "Waiting for this message. This may take a while.",
        "Esperando el mensaje. Esto puede tomar tiempo.",
    )
)
DELETED = frozenset(
    s.casefold()
    for s in (
        "This message was deleted",
        "You deleted this message",
        "Se eliminó este mensaje",
        "Eliminaste este mensaje",
        "Diese Nachricht wurde gelöscht",
        "Du hast diese Nachricht gelöscht",
        "Ce message a été supprimé",
        "Vous avez supprimé ce message",
        "Questo messaggio è stato eliminato",
        "Hai eliminato questo messaggio",
        "Essa mensagem foi apagada",
        "Você apagou esta mensagem",
    )
)
ATTACHED = re.compile(r"<(?:attached|adjunto|anexado|angehängt|pièce jointe|allegato): [^<>]+>", re.IGNORECASE)
FILE_ATTACHED = re.compile(
    r"\S.*\.\w{1,5} \((?:file attached|archivo adjunto|arquivo anexado|Datei angehängt|fichier joint)\)",
    re.IGNORECASE,
)


@dataclass
class _Pending:
    line: int
    sender: str | None  # None: a system line
    timestamp: str | None
    marked: bool  # iOS body that started with U+200E
    parts: list[str] = field(default_factory=list)


@dataclass
class _Layout:
    style: str
    order: str  # "day" or "month" first (year-first dates are recognised per line)


def _first_pass(lines: Iterable[tuple[int, str]]) -> _Layout | None:
    hits: Counter[str] = Counter()
    day_votes: dict[str, list[bool]] = {"android": [False, False], "ios": [False, False]}
    for _, line in lines:
        line = line.lstrip(BIDI)
        for style, regex in HEADERS.items():
            match = regex.fullmatch(line)
            if match:
                hits[style] += 1
                if len(match["d1"]) <= 2:
                    votes = day_votes[style]
                    votes[0] |= int(match["d1"]) > 12
                    votes[1] |= int(match["d2"]) > 12
    if not hits:
        return None
    style = "ios" if hits["ios"] > hits["android"] else "android"
    first_over_12, second_over_12 = day_votes[style]
    order = "day" if first_over_12 or not second_over_12 else "month"
    return _Layout(style, order)


def _timestamp(match: re.Match, order: str) -> str | None:
    d1, d2, d3 = match["d1"], match["d2"], match["d3"]
    if len(d1) == 4:
        year, month, day = int(d1), int(d2), int(d3)
    else:
        day, month = (int(d1), int(d2)) if order == "day" else (int(d2), int(d1))
        year = int(d3) + 2000 if len(d3) == 2 else int(d3)
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if match["ampm"]:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if match["ampm"] in "Pp" else 0)
    try:
        return datetime(year, month, day, hour, minute, second).isoformat()
    except ValueError:
        return None


def _placeholder(text: str) -> str | None:
    """The reason when ``text`` (already trimmed) is a placeholder rather than something someone wrote."""
    folded = text.casefold()
    if folded in DELETED:
        return "deleted message, not scored"
    if folded in MEDIA or ATTACHED.fullmatch(text) or FILE_ATTACHED.fullmatch(text):
        return "media placeholder, not scored"
    return None


def _header(match: re.Match, lineno: int, layout: _Layout) -> _Pending:
    rest = match["rest"]
    timestamp = _timestamp(match, layout.order)
    name, sep, body = rest.partition(": ")
    if not sep and rest.endswith(":") and ": " not in rest:
        name, sep, body = rest[:-1], ":", ""
    name = name.strip(BIDI + " ").lstrip("~").strip(BIDI + " \u202f\u00a0")
    if not sep or not name or any(q in name for q in QUOTES):
        return _Pending(lineno, None, timestamp, False, [rest])
    marked = layout.style == "ios" and body.startswith(LRM)
    return _Pending(lineno, name, timestamp, marked, [body.lstrip(LRM)])


def _finish(pending: _Pending, source: InputSource, conversation: str, report: Report) -> ChatMessage | None:
    def info(reason: str) -> None:
        report(ParseProblem(source.name, pending.line, reason, "info"))

    if pending.sender is None:
        info("system message, not scored")
        return None
    parts = list(pending.parts)
    while len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    first = parts[0].strip().strip(BIDI).strip()
    captioned = len(parts) > 1 and bool(ATTACHED.fullmatch(first) or FILE_ATTACHED.fullmatch(first))
    text = "\n".join(parts[1:] if captioned else parts)  # a caption: the text under a file
    extra = {}
    if text.rstrip().endswith(EDITED):
        text = text.rstrip().removesuffix(EDITED).rstrip()
        extra["edited"] = True
    core = text.strip().strip(BIDI).strip()
    reason = _placeholder(core)
    if reason is None and pending.marked and not captioned:  # iOS marks the file placeholder, not its caption
        reason = "system message, not scored"
    if reason is None and not core:
        reason = "empty message, not scored"
    if reason is not None:
        info(reason)
        return None
    return ChatMessage(text, conversation, pending.sender, pending.line, source.name, pending.timestamp, extra=extra)


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield the messages of one exported chat, oldest first (file order)."""
    if source.rereadable:
        layout = _first_pass(iter_lines(source, ignore))
        lines: Iterable[tuple[int, str]] = iter_lines(source, report)
    else:
        lines = list(iter_lines(source, report))
        layout = _first_pass(lines)
    if layout is None:
        report(ParseProblem(source.name, 1, "no WhatsApp message header found", "error"))
        return
    regex = HEADERS[layout.style]
    conversation = file_name(source.archive or source.name)
    pending: _Pending | None = None
    for lineno, line in lines:
        match = regex.fullmatch(line.lstrip(BIDI))
        if match:
            if pending is not None:
                message = _finish(pending, source, conversation, report)
                if message is not None:
                    yield message
            pending = _header(match, lineno, layout)
        elif pending is not None:
            pending.parts.append(line)
        elif line.strip(BIDI + " \t"):
            report(ParseProblem(source.name, lineno, "text before the first message header, skipped", "error"))
    if pending is not None:
        message = _finish(pending, source, conversation, report)
        if message is not None:
            yield message
