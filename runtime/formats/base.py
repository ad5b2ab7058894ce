"""What every chat-export parser yields: messages to score, and problems reported with file and line.

A parser is a generator function ``parse(source, report) -> Iterator[ChatMessage]``:
- ``source`` is an ``InputSource`` (a path on disk, a member of a zip, or standard input);
- ``report`` is called with a ``ParseProblem`` for every line or record that is skipped: ``severity="error"`` for
  malformed input (bad JSON, missing text), ``severity="info"`` for things deliberately not scored (system events,
  media placeholders, deleted messages); and ``severity="repaired"`` for a line that IS scored after a repair the
  reason names (bytes that were not UTF-8 decoded with replacement characters, a stray CSV quote read as text). The
  parser then carries on: one bad line never loses the good ones.
Every parser streams: line-based formats and the Telegram, Discord and JSON-array exports hold one message at a
time; Slack and Messenger exports hold what ordering a chat by time needs (about one day file, one message_N.json).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message to score.

    line: the 1-based line of the source file where the message starts: for text formats its first line, for the
        Discord, Slack, Messenger and JSON-array exports the line of its object's ``{`` (at every file size; read by
        ``formats/_json.py``); for Telegram, the message's own id instead (see formats/telegram.py). Problems
        (``ParseProblem.line``) use the same meaning for the entries they are about.
    timestamp: ISO 8601 (``2024-03-01T18:02:00``) when the export has one, else None.
    extra: fields passed through untouched (JSONL/CSV input).
    """

    text: str
    conversation_id: str
    sender: str
    line: int
    source: str
    timestamp: str | None = None
    id: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ParseProblem:
    source: str
    line: int
    reason: str
    #: "error": malformed, skipped; "info": not a message to score (system, media, deleted); "repaired": scored after
    #: the repair the reason names
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


Report = Callable[[ParseProblem], None]


class Parser(Protocol):
    def __call__(self, source: InputSource, report: Report) -> Iterator[ChatMessage]: ...


@dataclass(frozen=True)
class InputSource:
    """Something to read: a file, a member of a zip archive, or standard input.

    ``name`` is what problems and output records show (``chat.zip/_chat.txt``, ``-`` for stdin).
    ``open_binary()`` returns a fresh binary stream each call.
    """

    name: str
    opener: Callable[[], object]
    size: int | None = None
    # Added for the parsers:
    # archive: path of the zip this source is a member of (WhatsApp names the conversation after the zip).
    # tree: the files of a multi-file export (a Slack export folder or zip, a Messenger chat folder); ``opener``
    #     then raises IsADirectoryError and parsers read ``tree`` instead.
    # rereadable: False for standard input, which can be read once (after the first few KB used for detection);
    #     parsers that need two passes keep such a source in memory instead.
    archive: str | None = None
    tree: Tree | None = None
    rereadable: bool = True

    def open_binary(self):
        return self.opener()


class Tree(Protocol):
    """The files of a multi-file export, as paths relative to the export's root ("general/2024-03-01.json")."""

    def names(self) -> list[str]:
        """Sorted relative POSIX paths of all (non-hidden) files."""
        ...

    def open(self, name: str) -> BinaryIO:
        """A fresh binary stream for one of ``names()``."""
        ...
