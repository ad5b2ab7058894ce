"""Suite ``real``: labelled real chat, one message a line, scored "each side alone" and "both sides together".

    python -m groomguard.eval.real chats.jsonl [more.jsonl ...] [--model DIR] [--preset balanced] [--json OUT]
    make eval REAL="chats.jsonl more.jsonl"

Input: JSONL, one object a line, with ``text`` (str), ``label`` (1: the line is from the offender / grooming side,
0: not; also true/false, yes/no), ``conversation_id`` and ``sender`` (str or int), and optionally ``id``, ``source``
(e.g. "sms", "movie", a corpus name; default "unknown") and ``order`` (a number: the line's position in the
conversation). A line that is not such an object is skipped and reported by file, line number and reason (never by
its text); the counts are part of the result. Conversations never span files (ids are read per file).

A sender is an *offender* when any of their lines in the conversation is labelled 1; the other senders of a
conversation that has an offender are its *counterparts*. Conversations without an offender are *benign*.
Everything is scored through the runtime API: each message once with ``Scorer.probabilities``, then fed through a
``ConversationMonitor`` at the chosen preset. A sender's conversation risk is the monitor's risk after the last
message (the ``risk`` of the CLI's conversation record); alerted means the monitor's sticky alert was raised.

- **sides alone**: each (conversation, sender) scored as a conversation of its own. Author ROC-AUC of offenders vs
  counterparts by conversation risk; the share of each group alerted; the share of each group's lines flagged
  (offender lines: lines labelled 1; a message is flagged when its ``grooming_risk`` reaches the preset's threshold;
  ``..._in_context``: flagged on its risk in its conversation, the context head, as the CLI's ``flagged``).
- **both sides**: the senders of a conversation interleaved by ``order`` when every line of it has one (ties in file
  order), else by relative position (k + 0.5) / n of the k-th of a sender's n lines (ties by sender), and scored
  together. Offenders and counterparts alerted, offender-vs-counterpart author ROC-AUC, each group's lines flagged in
  context.
- **benign**: per ``source`` (a conversation's source is its first line's), the share of messages flagged (alone and
  in context) and of conversations alerted (any sender, both sides together).
- **lines**: ROC-AUC of offender lines vs benign lines (and vs counterpart lines) by message ``grooming_risk``.

ROC-AUC is the Mann-Whitney statistic with ties counted half (``metrics.roc_auc``); None when a group is empty.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from groomguard.eval.data import RISK, file_sha256, parse_label
from groomguard.eval.metrics import roc_auc, share
from groomguard.eval.scoring import CHUNK, score_texts
from groomguard.runtime.monitor import ConversationMonitor

NAME = "real"
#: Skipped lines listed by location in the result (all are counted; a broken file does not make a huge result).
MAX_LISTED = 1000
UNKNOWN_SOURCE = "unknown"

#: (risk, alerted) of each sender of one scored unit.
SenderOutcomes = dict[str, tuple[float, bool]]


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
    label = parse_label(obj.get("label"))
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


def read_files(
    paths: Sequence[Path], report: Callable[[str], None] | None = None
) -> tuple[list[Message], Skipped, list[dict]]:
    """Every good line of ``paths`` in file order, the skipped lines, and per-file facts (name, sha256, counts).

    ``report`` receives one ``FILE:LINE: reason`` string per skipped line (the CLI prints them on standard error).
    Blank lines are neither messages nor malformed; they are counted per file.
    """
    messages: list[Message] = []
    skipped = Skipped(Counter(), [])
    files: list[dict] = []
    for k, path in enumerate(paths):
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"real-chat file not found: {path}")
        facts = {"file": path.name, "sha256": file_sha256(path), "lines": 0, "blank": 0, "messages": 0, "skipped": 0}
        with open(path, "rb") as f:
            for number, data in enumerate(f, start=1):
                facts["lines"] += 1
                try:
                    raw = data.decode("utf-8")
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


@dataclass(frozen=True)
class Conv:
    """One conversation: its message indices in file order and who is who."""

    key: tuple[int, str]
    rows: list[int]
    senders: list[str]  # in order of first appearance
    offenders: frozenset[str]
    source: str
    ordered: bool  # every line has an ``order``

    @property
    def has_offender(self) -> bool:
        return bool(self.offenders)


def conversations(messages: Sequence[Message]) -> list[Conv]:
    """Conversations in order of first appearance, keyed by (file, conversation_id)."""
    rows: dict[tuple[int, str], list[int]] = {}
    for i, m in enumerate(messages):
        rows.setdefault((m.file, m.conversation_id), []).append(i)
    out = []
    for key, idx in rows.items():
        senders = list(dict.fromkeys(messages[i].sender for i in idx))
        offenders = frozenset(messages[i].sender for i in idx if messages[i].label == 1)
        ordered = all(messages[i].order is not None for i in idx)
        out.append(Conv(key, idx, senders, offenders, messages[idx[0]].source, ordered))
    return out


def sender_sequence(messages: Sequence[Message], conv: Conv, sender: str) -> list[int]:
    """One sender's lines: by ``order`` when the conversation is ordered (ties in file order), else in file order."""
    idx = [i for i in conv.rows if messages[i].sender == sender]
    if conv.ordered:
        idx.sort(key=lambda i: (messages[i].order, i))
    return idx


def interleave(messages: Sequence[Message], conv: Conv) -> list[int]:
    """Both sides in one sequence: by ``order`` (ties in file order), or by (k + 0.5) / n per sender, ties by sender."""
    if conv.ordered:
        return sorted(conv.rows, key=lambda i: (messages[i].order, i))
    keyed = []
    for sender in conv.senders:
        idx = [i for i in conv.rows if messages[i].sender == sender]
        n = len(idx)
        keyed += [((k + 0.5) / n, sender, i) for k, i in enumerate(idx)]
    keyed.sort()
    return [i for _, _, i in keyed]


def monitor_outcomes(
    scorer,
    preset: str,
    units: Sequence[Sequence[int]],
    senders: Sequence[str],
    probs: np.ndarray,
    flagged: np.ndarray | None = None,
) -> list[SenderOutcomes]:
    """Feed each unit (message rows in order) through a ``ConversationMonitor`` as its own conversation.

    Returns, per unit, each sender's risk after the unit's last message and whether their alert was raised.
    ``flagged`` (bool, one per message row), when given, is set for each row of a unit: the message was flagged on
    its risk in that unit (the CLI's ``flagged``).
    """
    monitor = ConversationMonitor(scorer, preset=preset)
    out: list[SenderOutcomes] = []
    batch: list[int] = []
    size = 0

    def flush() -> None:
        rows = [i for u in batch for i in units[u]]
        keys = [(str(u), senders[i]) for u in batch for i in units[u]]
        if rows:
            updates = monitor.update_scored(keys, probs[rows])
            if flagged is not None:
                flagged[rows] = updates.flagged
        for u in batch:
            state = monitor.senders(str(u))
            out.append({s: (float(v["risk"]), bool(v["alert"])) for s, v in state.items()})
            monitor.reset(str(u))

    for u, unit in enumerate(units):
        batch.append(u)
        size += len(unit)
        if size >= CHUNK:
            flush()
            batch, size = [], 0
    if batch:
        flush()
    return out


def _group(pairs: list[tuple[float, bool]]) -> dict:
    return {"n": len(pairs), "alerted": share([a for _, a in pairs])}


def evaluate(
    scorer,
    messages: Sequence[Message],
    preset: str = "balanced",
    outcomes: Callable[..., list[SenderOutcomes]] = monitor_outcomes,
) -> dict:
    """All the suite's figures for ``messages`` (``outcomes`` is the monitor step; tests may replace it)."""
    probs = score_texts(scorer, [m.text for m in messages])
    risk = probs[:, scorer.label_index[RISK]].astype(np.float64) if len(messages) else np.zeros(0)
    message_threshold = scorer.message_threshold(RISK, preset)
    flagged = risk >= message_threshold
    convs = conversations(messages)
    senders = [m.sender for m in messages]
    labels = np.array([m.label == 1 for m in messages], dtype=bool)

    # each side alone: one unit per (conversation, sender)
    alone_units, alone_who = [], []
    for c in convs:
        for s in c.senders:
            alone_units.append(sender_sequence(messages, c, s))
            alone_who.append((c, s))
    alone_flagged = np.zeros(len(messages), dtype=bool)  # flagged on their risk in their sender's lines alone
    alone = outcomes(scorer, preset, alone_units, senders, probs, alone_flagged)
    # both sides: one unit per conversation
    both_flagged = np.zeros(len(messages), dtype=bool)  # flagged on their risk in the whole conversation
    both = outcomes(scorer, preset, [interleave(messages, c) for c in convs], senders, probs, both_flagged)

    alone_off, alone_cp = [], []
    for (c, s), res in zip(alone_who, alone, strict=True):
        if not c.has_offender:
            continue
        (alone_off if s in c.offenders else alone_cp).append(res[s])
    both_off, both_cp = [], []
    offender_any, counterpart_only = [], []
    for c, res in zip(convs, both, strict=True):
        if not c.has_offender:
            continue
        off = [res[s] for s in c.senders if s in c.offenders]
        cp = [res[s] for s in c.senders if s not in c.offenders]
        both_off += off
        both_cp += cp
        offender_any.append(any(a for _, a in off))
        counterpart_only.append(not any(a for _, a in off) and any(a for _, a in cp))

    offender_conv_rows = np.zeros(len(messages), dtype=bool)
    counterpart_rows = np.zeros(len(messages), dtype=bool)
    benign_rows = np.zeros(len(messages), dtype=bool)
    mixed_senders = 0
    for c in convs:
        if c.has_offender:
            offender_conv_rows[c.rows] = True
            for s in c.offenders:
                mixed_senders += any(messages[i].sender == s and messages[i].label == 0 for i in c.rows)
            counterpart_rows[[i for i in c.rows if messages[i].sender not in c.offenders]] = True
        else:
            benign_rows[c.rows] = True
    offender_rows = labels  # a line labelled 1 is always in a conversation with an offender

    by_source: dict[str, dict] = {}
    for src in sorted({messages[i].source for i in np.flatnonzero(benign_rows)}):
        rows = benign_rows & np.array([m.source == src for m in messages], dtype=bool)
        alerted = [
            any(a for _, a in res.values())
            for c, res in zip(convs, both, strict=True)
            if not c.has_offender and c.source == src
        ]
        by_source[src] = {
            "messages_flagged": share(flagged[rows]),
            "messages_flagged_in_context": share(both_flagged[rows]),
            "conversations_alerted": share(alerted),
        }
    benign_alerted = [any(a for _, a in res.values()) for c, res in zip(convs, both, strict=True) if not c.has_offender]

    def author_auc(off: list, cp: list) -> float | None:
        return roc_auc([True] * len(off) + [False] * len(cp), [r for r, _ in off] + [r for r, _ in cp])

    def line_auc(pos: np.ndarray, neg: np.ndarray) -> float | None:
        return roc_auc(np.r_[np.ones(pos.sum(), bool), np.zeros(neg.sum(), bool)], np.r_[risk[pos], risk[neg]])

    return {
        "preset": preset,
        "thresholds": {
            "message_grooming_risk": message_threshold,
            "context": scorer.context_threshold(preset),
            "conversation": scorer.conversation_threshold(preset),
        },
        "counts": {
            "messages": len(messages),
            "conversations": len(convs),
            "offender_conversations": sum(c.has_offender for c in convs),
            "benign_conversations": sum(not c.has_offender for c in convs),
            "offender_conversations_without_counterpart": sum(
                c.has_offender and len(c.senders) == len(c.offenders) for c in convs
            ),
            "offender_senders": len(alone_off),
            "counterpart_senders": len(alone_cp),
            "offender_senders_with_lines_labelled_0": mixed_senders,
            "conversations_ordered_by_order_field": sum(c.ordered for c in convs),
            "conversations_interleaved_by_position": sum(not c.ordered for c in convs),
            "offender_lines": int(offender_rows.sum()),
            "counterpart_lines": int(counterpart_rows.sum()),
            "benign_lines": int(benign_rows.sum()),
        },
        "sides_alone": {
            "author_roc_auc": author_auc(alone_off, alone_cp),
            "offenders": {
                **_group(alone_off),
                "lines_flagged": share(flagged[offender_rows]),
                "lines_flagged_in_context": share(alone_flagged[offender_rows]),
            },
            "counterparts": {
                **_group(alone_cp),
                "lines_flagged": share(flagged[counterpart_rows]),
                "lines_flagged_in_context": share(alone_flagged[counterpart_rows]),
            },
        },
        "both_sides": {
            "author_roc_auc": author_auc(both_off, both_cp),
            "offenders": {**_group(both_off), "lines_flagged_in_context": share(both_flagged[offender_rows])},
            "counterparts": {**_group(both_cp), "lines_flagged_in_context": share(both_flagged[counterpart_rows])},
            "offender_conversations": {
                "offender_alerted": share(offender_any),
                "only_counterpart_alerted": share(counterpart_only),
            },
        },
        "benign": {
            "by_source": by_source,
            "all": {
                "messages_flagged": share(flagged[benign_rows]),
                "messages_flagged_in_context": share(both_flagged[benign_rows]),
                "conversations_alerted": share(benign_alerted),
            },
        },
        "lines": {
            "offender_vs_benign_roc_auc": line_auc(offender_rows, benign_rows),
            "offender_vs_counterpart_roc_auc": line_auc(offender_rows, counterpart_rows),
        },
    }


def safe_name(name: str) -> str:
    """``name`` with anything but letters, digits and ``._+-`` replaced by ``_`` (a file name in any system)."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._+-") else "_" for ch in name) or "input"


def default_name(paths: Sequence[Path]) -> str:
    """``real-<name>.json``'s name: the files' names without extensions, joined by ``+``."""
    return safe_name("+".join(Path(p).name.split(".")[0] for p in paths))


def run(scorer, paths: Sequence[Path], preset: str = "balanced", report: Callable[[str], None] | None = None) -> dict:
    """Read ``paths``, evaluate, and return the result dict (files, skipped lines and every figure)."""
    messages, skipped, files = read_files(paths, report)
    out = evaluate(scorer, messages, preset)
    out["suite"] = NAME
    out["model_version"] = scorer.model_version
    manifest = getattr(getattr(scorer, "model", None), "manifest", None) or {}
    out["model_sha256"] = manifest.get("sha256")
    out["files"] = files
    out["skipped"] = skipped.as_dict()
    return out
