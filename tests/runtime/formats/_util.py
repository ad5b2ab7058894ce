"""Helpers shared by the parser tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from groomguard.runtime.formats import read_messages
from groomguard.runtime.formats.base import ChatMessage, InputSource, ParseProblem

FIXTURES = Path(__file__).parent / "fixtures"


def collect(*paths: Path | str, fmt: str = "auto") -> tuple[list[ChatMessage], list[ParseProblem]]:
    problems: list[ParseProblem] = []
    messages = list(read_messages([str(p) for p in paths], fmt=fmt, report=problems.append))
    return messages, problems


def rows(messages: list[ChatMessage]) -> list[tuple]:
    """(text, sender, conversation_id, line, timestamp) of each message."""
    return [(m.text, m.sender, m.conversation_id, m.line, m.timestamp) for m in messages]


def problem_rows(problems: list[ParseProblem]) -> list[tuple]:
    """(line, severity, reason) of each problem."""
    return [(p.line, p.severity, p.reason) for p in problems]


def file_source(path: Path) -> InputSource:
    return InputSource(str(path), lambda: open(path, "rb"), size=path.stat().st_size)


def make_zip(target: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return target


def zip_folder(target: Path, folder: Path, prefix: str = "") -> Path:
    files = {
        prefix + p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
    return make_zip(target, files)
