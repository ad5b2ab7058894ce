"""Reading labelled real chat for the ``real`` suite: one JSON object a line, malformed lines counted, never quoted.

A line is ``{"text", "label", "conversation_id", "sender"[, "id", "source", "order"]}`` (see
``groomguard.eval.suites.real`` for what each means). ``read_files`` returns the good lines as ``Message``s and the
skipped ones by file, line number and reason (never by their text).
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from groomguard.eval.data import file_sha256, parse_label

#: Skipped lines listed by location in the result (all are counted; a broken file does not make a huge result).
MAX_LISTED = 1000
UNKNOWN_SOURCE = "unknown"


@dataclass(frozen=True, slots=True)
class Message:
    file: int  # index into the list of files
    line: int  # 1-based line number in that file
    text: str
    label: int
    conversation_id: str
    sender: str
    source: str
    order: float | None


@dataclass
class Skipped:
    """Lines that were not read, counted by reason; the first ``MAX_LISTED`` listed by file and line."""

    by_reason: Counter
    listed: list[dict]
    total: int = 0

    def add(self, file: str, line: int, reason: str) -> None:
        self.total += 1
        self.by_reason[reason] += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append({"file": file, "line": line, "reason": reason})

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "by_reason": dict(sorted(self.by_reason.items())),
            "lines": list(self.listed),
            "lines_listed": len(self.listed),
        }


def _ident(value) -> str | None:
    """A conversation id or sender: a non-empty str, or an int (not a bool); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def _order(value) -> tuple[bool, float | None]:
    """(valid, order): a missing order is valid and None; a finite int/float (not bool) or numeric string is kept."""
    if value is None:
        return True, None
    if isinstance(value, bool):
        return False, None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return False, None
    if isinstance(value, int | float) and math.isfinite(value):
        return True, float(value)
    return False, None


def parse_line(raw: str) -> tuple[dict | None, str | None]:
    """(fields, None) for a good line, (None, reason) for a malformed one. Reasons never quote the text."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError:
        return None, "bad_json"
    if not isinstance(obj, dict):
        return None, "not_an_object"
    text = obj.get("text")
    if not isinstance(text, str):
        return None, "no_text"
    if "label" not in obj:
        return None, "no_label"
    label = parse_label(obj["label"])
    if label is None:
        return None, "bad_label"
    cid = _ident(obj.get("conversation_id"))
    if cid is None:
        return None, "no_conversation_id"
    sender = _ident(obj.get("sender"))
    if sender is None:
        return None, "no_sender"
    ok, order = _order(obj.get("order"))
    if not ok:
        return None, "bad_order"
    source = obj.get("source")
    source = UNKNOWN_SOURCE if source in (None, "") else str(source)
    return {
        "text": text,
        "label": label,
        "conversation_id": cid,
        "sender": sender,
        "source": source,
        "order": order,
    }, None


def unique_paths(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(the paths, each file once, in order of first mention; the later mentions of a file given more than once),
    however its path is spelled (``./x`` and ``x``, ``..``, a symbolic link)."""
    seen: set[str] = set()
    unique: list[Path] = []
    repeated: list[Path] = []
    for path in map(Path, paths):
        identity = os.path.realpath(path)
        if identity in seen:
            repeated.append(path)
            continue
        seen.add(identity)
        unique.append(path)
    return unique, repeated


def read_files(
    paths: Sequence[Path], report: Callable[[str], None] | None = None
) -> tuple[list[Message], Skipped, list[dict]]:
    """Every good line of ``paths`` in file order, the skipped lines, and per-file facts (name, sha256, counts).

    ``report`` receives one ``FILE:LINE: reason`` string per skipped line (the CLI prints them on standard error).
    Files are UTF-8, with or without a byte order mark. Blank lines are neither messages nor malformed; they are
    counted per file. A file given more than once is read once (``unique_paths``). ``FileNotFoundError`` for a
    missing path, ``IsADirectoryError`` for a folder.
    """
    messages: list[Message] = []
    skipped = Skipped(Counter(), [])
    files: list[dict] = []
    for k, path in enumerate(unique_paths(paths)[0]):
        if path.is_dir():
            raise IsADirectoryError(f"real-chat file is a directory, not a JSONL file: {path}")
        if not path.is_file():
            raise FileNotFoundError(f"real-chat file not found: {path}")
        facts = {"file": path.name, "sha256": file_sha256(path), "lines": 0, "blank": 0, "messages": 0, "skipped": 0}
        with open(path, "rb") as f:
            for number, data in enumerate(f, start=1):
                facts["lines"] += 1
                try:  # a byte order mark at the start of the file is not part of the first line
                    raw = data.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    raw, fields, reason = None, None, "bad_utf8"
                if raw is not None:
                    if not raw.strip():
                        facts["blank"] += 1
                        continue
                    fields, reason = parse_line(raw)
                if fields is None:
                    facts["skipped"] += 1
                    skipped.add(path.name, number, reason)
                    if report is not None:
                        report(f"{path}:{number}: {reason}")
                    continue
                messages.append(Message(file=k, line=number, **fields))
                facts["messages"] += 1
        files.append(facts)
    return messages, skipped, files
