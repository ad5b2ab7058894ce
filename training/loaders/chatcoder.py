"""Loader for ChatCoder-style annotated chat CSVs (Kontostathis et al.; McGhee et al. 2011) that users supply.

Columns (header row required, order free, names case-insensitive): ``conversation_id, line, speaker, role, text`` and
optionally ``category``. ``role`` is one of ``PJ_ROLES`` (predator | decoy | victim | other, or our own adult | child |
peer | unknown; empty means unknown). ``category`` holds zero or more codes separated by ``|``, ``;`` or ``,``.

Code -> label table (codes are compared lower-cased, with ``_``/``-`` read as spaces; our own label names map to
themselves). Only mappings that are clear are made:

====================================================================  ==================
code                                                                  label
====================================================================  ==================
compliment, compliments, flattery                                      trust_building
isolation, are you alone                                               risk_assessment
personal information, personal info, exchange of personal information  personal_info
secrecy                                                                secrecy
approach, meeting                                                      meeting
reframing, sexual, desensitization, communicative desensitization      sexual_content
gift, gifts                                                            gifts
none, other, n/a, 0, (empty)                                           no code
grooming, activities, relationship, any other code                     no tactic label
====================================================================  ==================

Labels:

- tactic labels come from the codes of *predator* lines only (a victim giving their age is not the
  ``personal_info`` tactic); ``minor_signal``, when a file codes it by name, applies to any speaker.
- ``grooming_risk``: with ``risk="predator"`` (default) every predator line gets it, as a weak label, whatever its
  code; with ``risk="coded"`` only predator lines carrying a code other than "no code".
- ``annotated`` is exactly what the file can speak to: ``grooming_risk`` plus the label of every code that occurs
  somewhere in the file (a file that never codes gifts says nothing about gifts). This needs a first pass over the file
  (codes and conversation facts only; no text is kept), then a second pass yields records.
- ``conversation_grooming`` is 1 for a conversation with a predator line, else 0 (type ``"chatcoder_predator"`` or
  ``"chatcoder_other"``); ``alert_from`` is the first predator line with a code other than "no code", else -1.

``message_index`` is the ``line`` value as written in the file. Rows with the wrong field count, a missing
conversation id or text, a non-integer line or an unknown role are reported (file and line) and skipped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from groomguard.training.loaders.pj import PJ_ROLES
from groomguard.training.loaders.problems import LoadProblem, Report, resolve_report, shown_value
from groomguard.training.records import CONTEXT_LABEL, LABELS, RISK_LABEL, TACTICS, Record

__all__ = ["CATEGORY_MAP", "NO_CODE", "REQUIRED_COLUMNS", "code_labels", "load_chatcoder"]

REQUIRED_COLUMNS = ("conversation_id", "line", "speaker", "role", "text")

#: Codes that mean "this line is not coded".
NO_CODE = frozenset({"", "none", "other", "n/a", "na", "0"})

#: Known codes -> our label. Codes absent from this table (and not our own label names) give no label.
CATEGORY_MAP: dict[str, str] = {
    "compliment": "trust_building",
    "compliments": "trust_building",
    "flattery": "trust_building",
    "isolation": "risk_assessment",
    "are you alone": "risk_assessment",
    "personal information": "personal_info",
    "personal info": "personal_info",
    "exchange of personal information": "personal_info",
    "secrecy": "secrecy",
    "approach": "meeting",
    "meeting": "meeting",
    "reframing": "sexual_content",
    "sexual": "sexual_content",
    "desensitization": "sexual_content",
    "communicative desensitization": "sexual_content",
    "gift": "gifts",
    "gifts": "gifts",
}
_SPLIT = re.compile(r"[|;,]")


def _normalize(code: str) -> str:
    return " ".join(code.strip().strip("\"'").lower().replace("_", " ").replace("-", " ").split())


_OWN = {_normalize(label): label for label in LABELS if label != RISK_LABEL}


def code_labels(codes: tuple[str, ...]) -> set[str]:
    """Our labels for normalized codes (``grooming_risk`` is never produced here)."""
    return {label for code in codes if (label := CATEGORY_MAP.get(code) or _OWN.get(code))}


class _Row(NamedTuple):
    conversation_id: str
    line: int
    speaker: str
    role: str  # as written, lower-cased, "unknown" when empty
    text: str
    codes: tuple[str, ...]  # normalized, "no code" values removed


def _check_header(path: Path, header: list[str] | None) -> list[str]:
    if header is None:
        raise ValueError(f"{path}: empty file; a ChatCoder CSV needs a header row")
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        # Never echo the row: without a header it is a data row, message text included.
        raise ValueError(
            f"{path}: ChatCoder CSV lacks column(s) {', '.join(missing)}; it needs a header row naming "
            f"{', '.join(REQUIRED_COLUMNS)} (and optionally category); its first row has {len(names)} field(s)"
        )
    return names


def _rows(path: Path, report: Report) -> Iterator[_Row]:
    source = str(path)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f)
        names = _check_header(path, next(reader, None))
        col = {name: i for i, name in enumerate(names)}
        for row in reader:
            where = f"line {reader.line_num}"
            if not row:
                continue
            if len(row) != len(names):
                report(LoadProblem(source, where, "wrong field count", f"expected {len(names)}, got {len(row)}"))
                continue
            conversation_id, text = row[col["conversation_id"]].strip(), row[col["text"]]
            role = row[col["role"]].strip().lower() or "unknown"
            if not conversation_id:
                report(LoadProblem(source, where, "missing conversation id"))
            elif not text.strip():
                report(LoadProblem(source, where, "missing text"))
            elif role not in PJ_ROLES:
                report(
                    LoadProblem(
                        source, where, "unknown role", f"{shown_value(role, PJ_ROLES)}; known: {', '.join(PJ_ROLES)}"
                    )
                )
            else:
                try:
                    line = int(row[col["line"]].strip())
                except ValueError:
                    report(LoadProblem(source, where, "non-integer line number"))
                    continue
                raw = row[col["category"]] if "category" in col else ""
                codes = tuple(c for c in (_normalize(part) for part in _SPLIT.split(raw)) if c not in NO_CODE)
                yield _Row(conversation_id, line, row[col["speaker"]].strip(), role, text, codes)


def load_chatcoder(path: str | Path, risk: str = "predator", report: Report | None = None) -> Iterator[Record]:
    """Records of a ChatCoder-style CSV; see the module docstring for columns, the code table and labels.

    ``FileNotFoundError`` or ``ValueError`` (missing columns) at the call, before any record is read.
    """
    if risk not in ("predator", "coded"):
        raise ValueError(f"risk must be 'predator' or 'coded', got {risk!r}")
    report = resolve_report(report)
    path = Path(path)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        _check_header(path, next(csv.reader(f), None))  # fail at the call, not at the first record
    return _load(path, risk, report)


def _load(path: Path, risk: str, report: Report) -> Iterator[Record]:
    def ignore(_: LoadProblem) -> None:
        pass

    # Pass 1: which labels the file speaks to, and conversation-level facts. No text is kept.
    seen: set[str] = set()
    grooming: set[str] = set()
    alert_from: dict[str, int] = {}
    for row in _rows(path, ignore):
        seen |= code_labels(row.codes)
        if row.role == "predator":
            grooming.add(row.conversation_id)
            if row.codes:
                alert_from[row.conversation_id] = min(alert_from.get(row.conversation_id, row.line), row.line)
    annotated = tuple(label for label in LABELS if label in seen or label == RISK_LABEL)

    # Pass 2: the records.
    for row in _rows(path, report):
        found = code_labels(row.codes)
        is_predator = row.role == "predator"
        labels = {label for label in found if label in TACTICS} if is_predator else set()
        if CONTEXT_LABEL in found:
            labels.add(CONTEXT_LABEL)
        if is_predator and (risk == "predator" or row.codes):
            labels.add(RISK_LABEL)
        in_grooming = row.conversation_id in grooming
        yield Record(
            conversation_id=row.conversation_id,
            message_index=row.line,
            sender=row.speaker,
            sender_role=PJ_ROLES[row.role],
            text=row.text,
            labels=tuple(label for label in LABELS if label in labels),
            source="chatcoder",
            conversation_type="chatcoder_predator" if in_grooming else "chatcoder_other",
            conversation_grooming=1 if in_grooming else 0,
            alert_from=alert_from.get(row.conversation_id, -1),
            annotated=annotated,
        )
