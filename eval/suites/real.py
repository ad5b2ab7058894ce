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
- **intervals**: 95% percentile intervals of these figures (``eval/bootstrap.py``), from resamples of whole
  conversations within strata (offender conversations, benign conversations of each source), under
  ``intervals.figures`` by the figure's dotted key (``both_sides.counterparts.alerted``); None with 0 resamples.

ROC-AUC is the Mann-Whitney statistic with ties counted half (``metrics.roc_auc``); None when a group is empty.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from groomguard.eval import bootstrap
from groomguard.eval.data import RISK
from groomguard.eval.metrics import roc_auc, share
from groomguard.eval.scoring import CHUNK, score_texts
from groomguard.eval.suites.real_input import (  # noqa: F401  (the suite's reading, re-exported for its callers)
    MAX_LISTED,
    UNKNOWN_SOURCE,
    Message,
    Skipped,
    parse_line,
    read_files,
    unique_paths,
)
from groomguard.runtime.monitor import ConversationMonitor

NAME = "real"

#: (risk, alerted) of each sender of one scored unit.
SenderOutcomes = dict[str, tuple[float, bool]]


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
    resamples: int = bootstrap.RESAMPLES,
) -> dict:
    """All the suite's figures for ``messages`` (``outcomes`` is the monitor step; tests may replace it), and 95%
    intervals of the main ones from ``resamples`` resamples of the conversations (0: none; ``eval/bootstrap.py``)."""
    probs = score_texts(scorer, [m.text for m in messages])
    risk = probs[:, scorer.label_index[RISK]].astype(np.float64) if len(messages) else np.zeros(0)
    message_threshold = scorer.message_threshold(RISK, preset)
    flagged = risk >= message_threshold
    convs = conversations(messages)
    senders = [m.sender for m in messages]
    labels = np.array([m.label == 1 for m in messages], dtype=bool)

    # each side alone: one unit per (conversation, sender)
    alone_units, alone_who = [], []
    for u, c in enumerate(convs):  # u: the conversation's unit in the intervals' resamples
        for s in c.senders:
            alone_units.append(sender_sequence(messages, c, s))
            alone_who.append((u, c, s))
    alone_flagged = np.zeros(len(messages), dtype=bool)  # flagged on their risk in their sender's lines alone
    alone = outcomes(scorer, preset, alone_units, senders, probs, alone_flagged)
    # both sides: one unit per conversation
    both_flagged = np.zeros(len(messages), dtype=bool)  # flagged on their risk in the whole conversation
    both = outcomes(scorer, preset, [interleave(messages, c) for c in convs], senders, probs, both_flagged)

    alone_off, alone_cp = [], []
    alone_off_unit, alone_cp_unit = [], []
    for (u, c, s), res in zip(alone_who, alone, strict=True):
        if not c.has_offender:
            continue
        (alone_off if s in c.offenders else alone_cp).append(res[s])
        (alone_off_unit if s in c.offenders else alone_cp_unit).append(u)
    both_off, both_cp = [], []
    both_off_unit, both_cp_unit = [], []
    offender_any, counterpart_only, offender_conv_unit = [], [], []
    for u, (c, res) in enumerate(zip(convs, both, strict=True)):
        if not c.has_offender:
            continue
        off = [res[s] for s in c.senders if s in c.offenders]
        cp = [res[s] for s in c.senders if s not in c.offenders]
        both_off += off
        both_cp += cp
        both_off_unit += [u] * len(off)
        both_cp_unit += [u] * len(cp)
        offender_any.append(any(a for _, a in off))
        counterpart_only.append(not any(a for _, a in off) and any(a for _, a in cp))
        offender_conv_unit.append(u)

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

    # The main figures again as functions of the conversations' weights, for their intervals (eval/bootstrap.py).
    n_units = len(convs)
    row_unit = np.empty(len(messages), dtype=np.int64)
    for u, c in enumerate(convs):
        row_unit[c.rows] = u

    def lines(rows: np.ndarray, values: np.ndarray) -> bootstrap.UnitShare:
        return bootstrap.UnitShare(row_unit[rows], values[rows], n_units)

    shares: dict[str, bootstrap.UnitShare] = {}
    aucs: dict[str, tuple[bootstrap.WeightedAUC, np.ndarray]] = {}  # the AUC, and each of its items' unit
    for name, (off, cp, units_off, units_cp) in {
        "sides_alone": (alone_off, alone_cp, alone_off_unit, alone_cp_unit),
        "both_sides": (both_off, both_cp, both_off_unit, both_cp_unit),
    }.items():
        units = np.array(units_off + units_cp, dtype=np.int64)
        is_off = np.r_[np.ones(len(off), bool), np.zeros(len(cp), bool)]
        aucs[f"{name}.author_roc_auc"] = (bootstrap.WeightedAUC(np.array([r for r, _ in off + cp]), is_off), units)
        alerted = np.array([a for _, a in off + cp], dtype=bool)
        shares[f"{name}.offenders.alerted"] = bootstrap.UnitShare(units[is_off], alerted[is_off], n_units)
        shares[f"{name}.counterparts.alerted"] = bootstrap.UnitShare(units[~is_off], alerted[~is_off], n_units)
    for name, group_rows in (("offenders", offender_rows), ("counterparts", counterpart_rows)):
        shares[f"sides_alone.{name}.lines_flagged"] = lines(group_rows, flagged)
        shares[f"sides_alone.{name}.lines_flagged_in_context"] = lines(group_rows, alone_flagged)
        shares[f"both_sides.{name}.lines_flagged_in_context"] = lines(group_rows, both_flagged)
    shares["both_sides.offender_conversations.offender_alerted"] = bootstrap.UnitShare(
        np.array(offender_conv_unit, dtype=np.int64), np.array(offender_any, dtype=bool), n_units
    )
    for name, neg in (("offender_vs_benign", benign_rows), ("offender_vs_counterpart", counterpart_rows)):
        rows = np.flatnonzero(offender_rows | neg)
        aucs[f"lines.{name}_roc_auc"] = (bootstrap.WeightedAUC(risk[rows], offender_rows[rows]), row_unit[rows])
    benign_units = np.array([u for u, c in enumerate(convs) if not c.has_offender], dtype=np.int64)
    benign_sources = np.array([convs[u].source for u in benign_units])
    message_sources = np.array([m.source for m in messages])
    for src in ("all", *by_source):
        key = "benign.all" if src == "all" else f"benign.by_source.{src}"
        rows = benign_rows if src == "all" else benign_rows & (message_sources == src)
        shares[f"{key}.messages_flagged"] = lines(rows, flagged)
        shares[f"{key}.messages_flagged_in_context"] = lines(rows, both_flagged)
        of_source = np.ones(len(benign_units), bool) if src == "all" else benign_sources == src
        shares[f"{key}.conversations_alerted"] = bootstrap.UnitShare(
            benign_units[of_source], np.array(benign_alerted, dtype=bool)[of_source], n_units
        )

    def figures(w: np.ndarray) -> dict[str, float | None]:
        return {
            **{key: share_of(w) for key, share_of in shares.items()},
            **{key: auc(w[units]) for key, (auc, units) in aucs.items()},
        }

    strata = ["offender" if c.has_offender else f"benign:{c.source}" for c in convs]
    intervals = (
        {
            "method": "percentile bootstrap over conversations, resampled within strata (offender conversations, "
            "benign conversations of each source)",
            "level": bootstrap.LEVEL,
            "resamples": resamples,
            "seed": bootstrap.SEED,
            "figures": bootstrap.intervals(strata, figures, resamples),
        }
        if resamples and convs
        else None
    )

    return {
        "intervals": intervals,
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


def run(
    scorer,
    paths: Sequence[Path],
    preset: str = "balanced",
    report: Callable[[str], None] | None = None,
    resamples: int = bootstrap.RESAMPLES,
) -> dict:
    """Read ``paths``, evaluate, and return the result dict (files, skipped lines, every figure and intervals)."""
    messages, skipped, files = read_files(paths, report)
    out = evaluate(scorer, messages, preset, resamples=resamples)
    out["suite"] = NAME
    out["model_version"] = scorer.model_version
    manifest = getattr(getattr(scorer, "model", None), "manifest", None) or {}
    out["model_sha256"] = manifest.get("sha256")
    out["files"] = files
    out["skipped"] = skipped.as_dict()
    return out
