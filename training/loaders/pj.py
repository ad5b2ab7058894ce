"""Loader for Perverted-Justice style transcripts that users supply: a folder of text files plus a role table.

Layout::

    transcripts/
        roles.csv             author,role   (role: predator | decoy | victim | other; adult | child | peer |
                              unknown are accepted too)
        some-chat.txt         one message a line
        other/another.txt     (sub-folders are read too)

Each ``*.txt`` file is one conversation (per-conversation or per-author files alike); its ``conversation_id`` is its
path relative to the folder, without the suffix. A message line is one of::

    Name: message
    Name (10:32:15 PM): message
    [10:32] Name: message

Blank lines are ignored; any other line (a wrapped continuation, a page header) is reported and skipped. Names are
matched to ``roles.csv`` case-insensitively after stripping spaces.

Labels (PJ transcripts have no line-level annotation, so these are **weak** labels):

- ``sender_role``: predator -> ``"adult"``, decoy or victim -> ``"child"``, other or not in the table -> ``"unknown"``.
- every message of a predator gets ``("grooming_risk",)``; everyone else's ``()``; ``annotated=("grooming_risk",)``.
- ``conversation_grooming``: 1 when a predator writes in the file, 0 when someone in the file is in the role table but
  none is a predator, -1 when nobody in the file is in the table (nothing known). ``conversation_type`` is
  ``"pj_predator"``, ``"pj_other"`` or ``"pj_unknown"`` accordingly; ``alert_from`` is -1 (unknown).

``message_index`` counts the kept messages of the file from 0; ``timestamp`` is the time as written, or ``""``.
Files that are not UTF-8 are decoded as Latin-1 (reported once per file). Problems with ``roles.csv`` (unknown role,
wrong field count) are reported and that row ignored.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from groomguard.training.loaders.problems import LoadProblem, Report, resolve_report
from groomguard.training.records import RISK_LABEL, Record

__all__ = ["PJ_ROLES", "load_pj", "load_roles", "parse_line", "read_text"]

#: Role names used by PJ-style role tables and ChatCoder files -> our ``sender_role``. Our own roles map to themselves.
PJ_ROLES: dict[str, str] = {
    "predator": "adult",
    "decoy": "child",
    "victim": "child",
    "other": "unknown",
    "adult": "adult",
    "child": "child",
    "peer": "peer",
    "unknown": "unknown",
}

_NAME = r"(?P<name>[^\s:\[\]()][^:\[\]()]{0,79}?)"
_FORMATS = (
    re.compile(r"^\[(?P<time>[^\]]{1,40})\]\s*" + _NAME + r"\s*:\s?(?P<text>.*)$"),
    re.compile(r"^" + _NAME + r"\s*\((?P<time>[^()]{1,40})\)\s*:\s?(?P<text>.*)$"),
    re.compile(r"^" + _NAME + r"\s*:\s?(?P<text>.*)$"),
)


def parse_line(line: str) -> tuple[str, str, str] | None:
    """``(name, time, text)`` from one transcript line, or None when it is in none of the three formats."""
    for pattern in _FORMATS:
        m = pattern.match(line)
        if m:
            return m.group("name").strip(), (m.groupdict().get("time") or "").strip(), m.group("text").strip()
    return None


def read_text(path: Path, report: Report) -> str:
    """The file's text: UTF-8 (BOM allowed), else Latin-1 with a reported problem."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        report(LoadProblem(str(path), f"byte {error.start}", "not UTF-8", "decoded as Latin-1"))
        return data.decode("latin-1")


def load_roles(path: str | Path, report: Report | None = None) -> dict[str, str]:
    """``{author name casefolded: role as written, lower-cased}`` from an ``author,role`` CSV (header optional).

    Roles outside ``PJ_ROLES`` are reported and the row ignored; ``PJ_ROLES[role]`` gives our ``sender_role``.
    """
    report = resolve_report(report)
    roles: dict[str, str] = {}
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f)
        for row in reader:
            where = f"line {reader.line_num}"
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != 2:
                report(LoadProblem(str(path), where, "wrong field count", f"expected 2, got {len(row)}"))
                continue
            author, role = row[0].strip(), row[1].strip().lower()
            if reader.line_num == 1 and (author.lower(), role) == ("author", "role"):
                continue
            if not author:
                report(LoadProblem(str(path), where, "missing author"))
            elif role not in PJ_ROLES:
                report(LoadProblem(str(path), where, "unknown role", f"{role!r}; known: {', '.join(PJ_ROLES)}"))
            else:
                roles[author.casefold()] = role
    return roles


def load_pj(
    directory: str | Path,
    roles: str | Path | None = None,
    report: Report | None = None,
) -> Iterator[Record]:
    """Records of every ``*.txt`` transcript under ``directory`` (sorted by path), with roles from ``roles``
    (default ``directory/roles.csv``; ``FileNotFoundError`` when absent: without roles there are no labels)."""
    report = resolve_report(report)
    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"transcript folder not found: {root}")
    roles_path = Path(roles) if roles is not None else root / "roles.csv"
    if not roles_path.is_file():
        raise FileNotFoundError(f"role table not found: {roles_path} (a CSV with columns author,role)")
    return _load(root, roles_path, report)


def _load(root: Path, roles_path: Path, report: Report) -> Iterator[Record]:
    table = load_roles(roles_path, report)
    predators = {name for name, role in table.items() if role == "predator"}
    for path in sorted(root.rglob("*.txt")):
        yield from _load_file(path, root, table, predators, report)


def _load_file(path: Path, root: Path, table: dict[str, str], predators: set[str], report: Report) -> Iterator[Record]:
    messages: list[tuple[str, str, str]] = []
    for number, line in enumerate(read_text(path, report).splitlines(), 1):
        if not line.strip():
            continue
        parsed = parse_line(line.strip())
        if parsed is None:
            report(LoadProblem(str(path), f"line {number}", "not a message line"))
        elif not parsed[2]:
            report(LoadProblem(str(path), f"line {number}", "empty text"))
        else:
            messages.append(parsed)
    keys = {name.casefold() for name, _, _ in messages}
    if keys & predators:
        grooming, kind = 1, "pj_predator"
    elif keys & table.keys():
        grooming, kind = 0, "pj_other"
    else:
        grooming, kind = -1, "pj_unknown"
    conversation_id = path.relative_to(root).with_suffix("").as_posix()
    for index, (name, time, text) in enumerate(messages):
        role = PJ_ROLES[table.get(name.casefold(), "unknown")]
        yield Record(
            conversation_id=conversation_id,
            message_index=index,
            sender=name,
            sender_role=role,
            text=text,
            labels=(RISK_LABEL,) if name.casefold() in predators else (),
            source="pj",
            conversation_type=kind,
            conversation_grooming=grooming,
            timestamp=time,
            annotated=(RISK_LABEL,),
        )
