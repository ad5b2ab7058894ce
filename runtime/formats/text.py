"""Plain text: one message per line.

Every non-blank line is a message from sender ``"unknown"``; blank (whitespace-only) lines are skipped silently. The
conversation is the file name (``-`` for standard input). Line endings (LF or CRLF) are removed; leading and
trailing spaces are kept. Undecodable bytes are replaced and reported (see ``_io``). This is also the fallback for
anything ``detect_format`` cannot place, so a JSON or HTML file read as text yields its raw lines.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._io import file_name, iter_lines
from .base import ChatMessage, InputSource, Report


def parse(source: InputSource, report: Report) -> Iterator[ChatMessage]:
    """Yield one message per non-blank line."""
    conversation = file_name(source.name)
    for lineno, line in iter_lines(source, report):
        if line.strip():
            yield ChatMessage(line, conversation, "unknown", lineno, source.name)
