"""PAN 2012 Sexual Predator Identification corpus XML (research data; the files are hundreds of MB).

Shape::

    <conversations>
      <conversation id="0042...">
        <message line="1"><author>97964e7a9e8eb9cf78f2e4d7b2ff34c7</author><time>03:20</time><text>hi</text></message>

Pitfalls handled:
- streamed with a pyexpat parser fed 64 KB at a time (the parser ``xml.etree.ElementTree.iterparse`` wraps), keeping
  only the message being read: constant memory, and the parser's ``CurrentLineNumber`` gives each message's
  physical line in the XML, recorded in ``extra["xml_line"]`` (iterparse cannot report positions);
- author ids padded with spaces are stripped; ``<time>`` is a time of day without a date: it goes to
  ``extra["time"]`` and the timestamp is None;
- empty ``<text/>`` (and messages without ``<text>``) are info problems, not scored;
- ``line`` is the message's ``line`` attribute (its position in the conversation) when that is an integer, else
  the XML line; conversation_id is the conversation's ``id`` attribute (``conversation-<n>`` when missing);
- a truncated or malformed file is reported as an error with the parser's line and column, after yielding every
  message completed before that point;
- entity declarations (the "billion laughs" and external-entity attacks) are refused with an error: the corpus
  has none, and the runtime reads untrusted files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from .base import ChatMessage, InputSource, ParseProblem, Report

CHUNK = 64 * 1024
FIELDS = ("author", "time", "text")


class _RefusedError(Exception):
    pass


@dataclass
class _Message:
    conversation: str
    line_attr: str | None
    xml_line: int
    fields: dict[str, str] = field(default_factory=dict)


class _Handler:
    """Collects completed messages from pyexpat callbacks."""

    def __init__(self, parser) -> None:
        self.parser = parser
        self.done: list[_Message] = []
        self.conversation: str | None = None
        self.count = 0
        self.message: _Message | None = None
        self.field: str | None = None
        self.buffer: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "conversation":
            self.count += 1
            self.conversation = (attrs.get("id") or "").strip() or f"conversation-{self.count}"
        elif name == "message":
            conversation = self.conversation or f"conversation-{self.count}"
            self.message = _Message(conversation, attrs.get("line"), self.parser.CurrentLineNumber)
        elif name in FIELDS and self.message is not None:
            self.field, self.buffer = name, []

    def data(self, text: str) -> None:
        if self.field is not None:
            self.buffer.append(text)

    def end(self, name: str) -> None:
        if name == self.field and self.message is not None:
            self.message.fields[name] = "".join(self.buffer)
            self.field = None
        elif name == "message" and self.message is not None:
            self.done.append(self.message)
            self.message = None
        elif name == "conversation":
            self.conversation = None

    def refuse(self, *_args) -> None:
        raise _RefusedError


def _messages(handler: _Handler, source: InputSource, report: Report) -> Iterator[ChatMessage]:
    done, handler.done = handler.done, []
    for message in done:
        attr = (message.line_attr or "").strip()
        line = int(attr) if attr.isdigit() else message.xml_line
        text = message.fields.get("text", "")
        if not text.strip():
            report(ParseProblem(source.name, message.xml_line, "empty message, not scored", "info"))
            continue
        extra: dict = {"xml_line": message.xml_line}
        if message.fields.get("time", "").strip():
            extra["time"] = message.fields["time"].strip()
        yield ChatMessage(
            text=text,
            conversation_id=message.conversation,
            sender=message.fields.get("author", "").strip() or "unknown",
            line=line,
            source=source.name,
            extra=extra,
        )


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield every message of every conversation, in file order."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    handler = _Handler(parser)
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data
    parser.EntityDeclHandler = handler.refuse
    parser.ExternalEntityRefHandler = handler.refuse
    stream = source.open_binary()
    try:
        while True:
            chunk = stream.read(CHUNK)
            try:
                parser.Parse(chunk or b"", not chunk)
            except expat.ExpatError as exc:
                yield from _messages(handler, source, report)
                reason = f"invalid XML: {expat.ErrorString(exc.code)} at line {exc.lineno} column {exc.offset + 1}"
                report(ParseProblem(source.name, exc.lineno, reason, "error"))
                return
            except _RefusedError:
                line = parser.CurrentLineNumber
                report(ParseProblem(source.name, line, "XML entity declarations are not allowed", "error"))
                return
            yield from _messages(handler, source, report)
            if not chunk:
                return
    finally:
        stream.close()
