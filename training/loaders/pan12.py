"""Loader for the PAN 2012 Sexual Predator Identification corpus (Inches & Crestani 2012), which users supply.

Files (found by glob pattern anywhere under the directory given, so renamed or nested copies work):

===================  =========================================  ==============================================
what                 pattern                                    content
===================  =========================================  ==============================================
training XML         ``*training-corpus*.xml``                  the training conversations
training predators   ``*training*predators*.txt``               predator author ids, one a line
training diff        ``*diff*.txt`` (optional, never used)      lines whose text the organisers edited
test XML             ``*test-corpus*.xml``                      the test conversations
test predators       ``*groundtruth-problem1*.txt``             predator author ids (problem 1)
test lines           ``*groundtruth-problem2*.txt``             ``conversation_id<TAB>line`` of predatory lines
===================  =========================================  ==============================================

XML: ``<conversations><conversation id=".."><message line="1"><author>id</author><time>03:20</time>
<text>..</text></message>..</conversation></conversations>``. It is streamed with ``iterparse`` and elements are cleared
as soon as they are read (the test XML is hundreds of MB).

Labels:

- ``sender_role``: ``"adult"`` for an author on the predator list, ``"unknown"`` for everyone else (the other side of a
  predator chat is usually an adult decoy, and the rest of the corpus are strangers of unknown age).
- conversation: a conversation with a predator in it is grooming (``conversation_grooming=1``, type
  ``"pan12_predator"``); every other one is not (``0``, ``"pan12_other"``; these include adult sexual chats on purpose).
- message, **test** split: the lines listed in the problem-2 ground truth get ``("grooming_risk",)``; all other lines
  get ``()``. ``alert_from`` is the first such line of the conversation.
- message, **training** split: there is no line-level ground truth, so every message *the predator* writes in a
  predator conversation gets ``("grooming_risk",)`` as a **weak** label (greetings and small talk included);
  ``alert_from`` is -1 (unknown).
- ``annotated`` is ``("grooming_risk",)`` throughout: PAN 2012 says nothing about tactics.
- The training ``*-diff.txt`` file lists lines whose *text was modified by the organisers*, NOT predatory lines. Some
  public code uses it as line labels; that is wrong, and this loader never reads it for labels.

Records: ``conversation_id`` is the XML id; ``message_index`` is ``line - 1`` (so ``(conversation_id,
message_index + 1)`` is the problem-2 key; skipped messages leave gaps); ``sender`` is the author id with the padding
stripped; ``timestamp`` is the raw ``<time>`` string (a time of day without a date); ``split`` is ``"train"`` or
``"test"``; ``source`` is ``"pan12"``.

Problems (reported, skipped, counted): an empty ``<text/>``; a message without an author; a missing or non-integer
``line``. A truncated or malformed XML file is reported with the parser's line and column and the loader keeps
everything read up to that point (the complete messages of the conversation it stopped in included).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from groomguard.training.loaders.problems import LoadProblem, Report, resolve_report
from groomguard.training.records import RISK_LABEL, Record

__all__ = [
    "OFFICIAL_SIZES",
    "Pan12Files",
    "check_against_official",
    "find_pan12_files",
    "iter_conversations",
    "load_pan12",
    "load_predators",
    "load_problem2",
    "summarize_pan12",
]

#: Sizes of the official release (Inches & Crestani 2012), to check a copy against with ``summarize_pan12``.
OFFICIAL_SIZES: dict[str, dict[str, int]] = {
    "train": {"conversations": 66_927, "messages": 903_607, "authors": 97_689, "predators": 142},
    "test": {
        "conversations": 155_128,
        "messages": 2_058_781,
        "authors": 218_702,
        "predators": 254,
        "problem2_lines": 6_478,
    },
}

PATTERNS: dict[str, str] = {
    "train_xml": "*training-corpus*.xml",
    "train_predators": "*training*predators*.txt",
    "train_diff": "*diff*.txt",
    "test_xml": "*test-corpus*.xml",
    "test_problem1": "*groundtruth-problem1*.txt",
    "test_problem2": "*groundtruth-problem2*.txt",
}
_NEEDED = {"train": ("train_xml", "train_predators"), "test": ("test_xml", "test_problem1", "test_problem2")}
_ANNOTATED = (RISK_LABEL,)


@dataclass(frozen=True)
class Pan12Files:
    """The PAN 2012 files found under a directory; None where a file is absent."""

    train_xml: Path | None = None
    train_predators: Path | None = None
    train_diff: Path | None = None
    test_xml: Path | None = None
    test_problem1: Path | None = None
    test_problem2: Path | None = None

    def splits(self) -> tuple[str, ...]:
        """The splits whose files are all present, in order train, test."""
        return tuple(s for s, keys in _NEEDED.items() if all(getattr(self, k) is not None for k in keys))

    def missing(self, split: str) -> list[str]:
        """``"<key> (<pattern>)"`` for each file the split needs that is absent."""
        return [f"{k} ({PATTERNS[k]})" for k in _NEEDED[split] if getattr(self, k) is None]

    def all_files(self) -> list[Path]:
        return [p for p in (getattr(self, k) for k in PATTERNS) if p is not None]


def find_pan12_files(directory: str | Path) -> Pan12Files:
    """Find the PAN 2012 files anywhere under ``directory``; ``ValueError`` if a pattern matches several files."""
    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"PAN 2012 directory not found: {root}")
    found: dict[str, Path | None] = {}
    for key, pattern in PATTERNS.items():
        matches = sorted(p for p in root.rglob(pattern) if p.is_file())
        if key == "train_predators":  # the diff file can look like a predators file; it never is one
            matches = [p for p in matches if "diff" not in p.name.lower()]
        if len(matches) > 1:
            names = ", ".join(str(p.relative_to(root)) for p in matches)
            raise ValueError(f"PAN 2012: several files match {pattern!r} under {root}: {names}")
        found[key] = matches[0] if matches else None
    return Pan12Files(**found)


def _require(files: Pan12Files, directory: str | Path, split: str | None) -> tuple[str, ...]:
    if split is not None and split not in _NEEDED:
        raise ValueError(f"PAN 2012 split must be 'train', 'test' or None, got {split!r}")
    wanted = (split,) if split else files.splits()
    if not wanted:  # neither split complete: name what each lacks
        missing = "; ".join(f"{s}: {', '.join(files.missing(s))}" for s in _NEEDED)
        raise FileNotFoundError(f"PAN 2012: no complete split under {directory}; missing {missing}")
    for s in wanted:
        if files.missing(s):
            raise FileNotFoundError(f"PAN 2012 {s} split under {directory}: missing {', '.join(files.missing(s))}")
    return wanted


def load_predators(path: str | Path) -> set[str]:
    """Author ids from a predator list (training predators file or problem-1 ground truth), padding stripped."""
    with open(path, encoding="utf-8", errors="replace") as f:
        return {line.strip() for line in f if line.strip()}


def load_problem2(path: str | Path, report: Report | None = None) -> set[tuple[str, int]]:
    """``(conversation_id, line)`` pairs from the problem-2 ground truth; malformed lines are reported and skipped."""
    report = resolve_report(report)
    pairs: set[tuple[str, int]] = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, raw in enumerate(f, 1):
            parts = raw.split()
            if not parts:
                continue
            if len(parts) != 2:
                report(LoadProblem(str(path), f"line {number}", "bad ground-truth line", f"{len(parts)} fields"))
                continue
            try:
                pairs.add((parts[0], int(parts[1])))
            except ValueError:
                report(LoadProblem(str(path), f"line {number}", "non-integer line number"))
    return pairs


@dataclass(frozen=True)
class RawMessage:
    line: int
    author: str
    time: str
    text: str


def iter_conversations(xml_path: str | Path, report: Report | None = None) -> Iterator[tuple[str, list[RawMessage]]]:
    """Stream ``(conversation_id, messages)`` from a PAN XML file, messages in file order.

    Conversations without an id, and messages without an author or with a missing or non-integer ``line``, are
    reported and left out; messages with empty text are kept (the caller decides). On a parse error the problem is
    reported with the parser position and the conversation read so far is yielded before stopping.
    """
    report = resolve_report(report)
    source = str(xml_path)
    conv_id: str | None = None
    messages: list[RawMessage] = []
    n_in_conv = 0
    n_conv = 0  # ordinal of the conversation element, to point at one without an id
    root: ET.Element | None = None
    try:
        for event, elem in ET.iterparse(source, events=("start", "end")):
            if root is None:
                root = elem
            if event == "start":
                if elem.tag == "conversation":
                    conv_id, messages, n_in_conv = (elem.get("id") or "").strip(), [], 0
                    n_conv += 1
                continue
            if elem.tag == "message" and conv_id is not None:
                n_in_conv += 1
                message = _read_message(elem, source, conv_id, n_in_conv, report)
                if message is not None:
                    messages.append(message)
                elem.clear()
            elif elem.tag == "conversation":
                if conv_id:
                    yield conv_id, messages
                else:
                    report(LoadProblem(source, f"conversation #{n_conv}", "missing conversation id"))
                conv_id, messages = None, []
                root.clear()  # drop the finished conversation from the tree
    except ET.ParseError as error:
        line, column = error.position
        report(LoadProblem(source, f"line {line}, column {column}", "malformed XML", str(error)))
        if conv_id and messages:
            yield conv_id, messages


def _read_message(elem: ET.Element, source: str, conv_id: str, n: int, report: Report) -> RawMessage | None:
    where = f"conversation {conv_id!r}, message {n}"
    try:
        line = int((elem.get("line") or "").strip())
    except ValueError:
        report(LoadProblem(source, where, "missing or non-integer line number"))
        return None
    author = (elem.findtext("author") or "").strip()
    if not author:
        report(LoadProblem(source, where, "missing author"))
        return None
    return RawMessage(line, author, (elem.findtext("time") or "").strip(), elem.findtext("text") or "")


def load_pan12(directory: str | Path, split: str | None = None, report: Report | None = None) -> Iterator[Record]:
    """Records of the PAN 2012 corpus under ``directory``: ``split`` "train", "test", or None for every complete split.

    Raises ``FileNotFoundError`` at the call, naming the missing files and their patterns, when the split asked for
    is incomplete (or, with ``split=None``, when no split is complete).
    """
    report = resolve_report(report)
    files = find_pan12_files(directory)
    return _load(files, _require(files, directory, split), report)


def _load(files: Pan12Files, splits: tuple[str, ...], report: Report) -> Iterator[Record]:
    for s in splits:
        if s == "train":
            yield from _load_split(files.train_xml, "train", load_predators(files.train_predators), None, report)
        else:
            problem2 = load_problem2(files.test_problem2, report)
            yield from _load_split(files.test_xml, "test", load_predators(files.test_problem1), problem2, report)


def _load_split(
    xml_path: Path | None,
    split: str,
    predators: set[str],
    problem2: set[tuple[str, int]] | None,
    report: Report,
) -> Iterator[Record]:
    assert xml_path is not None
    for conv_id, messages in iter_conversations(xml_path, report):
        kept = []
        for m in messages:
            if m.text.strip():
                kept.append(m)
            else:
                report(LoadProblem(str(xml_path), f"conversation {conv_id!r}, line {m.line}", "empty text"))
        grooming = any(m.author in predators for m in messages)
        labelled = []
        for m in kept:
            if problem2 is not None:
                risky = (conv_id, m.line) in problem2
            else:  # weak label: no line-level ground truth in the training set
                risky = grooming and m.author in predators
            labelled.append((m, (RISK_LABEL,) if risky else ()))
        alert_from = -1
        if problem2 is not None:
            alert_from = min((m.line - 1 for m, labels in labelled if labels), default=-1)
        for m, labels in labelled:
            yield Record(
                conversation_id=conv_id,
                message_index=m.line - 1,
                sender=m.author,
                sender_role="adult" if m.author in predators else "unknown",
                text=m.text,
                labels=labels,
                source="pan12",
                conversation_type="pan12_predator" if grooming else "pan12_other",
                conversation_grooming=1 if grooming else 0,
                alert_from=alert_from,
                split=split,
                timestamp=m.time,
                annotated=_ANNOTATED,
            )


def summarize_pan12(directory: str | Path, split: str, report: Report | None = None) -> dict[str, int]:
    """Counts of one split, to compare with ``OFFICIAL_SIZES[split]`` (see ``check_against_official``).

    Keys: conversations, messages (every message with an author and a line number, empty ones included),
    empty_messages, authors (distinct), predators (ids on the list), predators_in_corpus, problem2_lines (test only).
    Streams the XML; keeps only the set of author ids in memory.
    """
    report = resolve_report(report)
    files = find_pan12_files(directory)
    _require(files, directory, split)
    xml_path = files.train_xml if split == "train" else files.test_xml
    predators = load_predators(files.train_predators if split == "train" else files.test_problem1)
    counts = {"conversations": 0, "messages": 0, "empty_messages": 0}
    authors: set[str] = set()
    for _, messages in iter_conversations(xml_path, report):
        counts["conversations"] += 1
        counts["messages"] += len(messages)
        counts["empty_messages"] += sum(1 for m in messages if not m.text.strip())
        authors.update(m.author for m in messages)
    counts["authors"] = len(authors)
    counts["predators"] = len(predators)
    counts["predators_in_corpus"] = len(predators & authors)
    if split == "test":
        counts["problem2_lines"] = len(load_problem2(files.test_problem2, report))
    return counts


def check_against_official(counts: dict[str, int], split: str) -> dict[str, tuple[int, int]]:
    """``{key: (found, official)}`` for every count that differs from the official size; empty when the copy matches."""
    return {k: (counts.get(k, -1), v) for k, v in OFFICIAL_SIZES[split].items() if counts.get(k) != v}
