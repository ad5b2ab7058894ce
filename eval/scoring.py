"""Score evaluation data through the runtime API only: ``Scorer.probabilities`` and ``ConversationMonitor``.

    from groomguard.eval.scoring import EvalContext
    ctx = EvalContext.from_corpus(scorer, Path("build/data"))
    ctx.probs                      # float32 [n, L], rows of ctx.records, columns in scorer.labels order
    ctx.outcomes("balanced")       # one ConversationOutcome per test conversation, computed once per preset
    ctx.flagged_in_context("balanced")  # bool per record: flagged on its risk in its conversation (the CLI's flag)

Every text of a split is scored with ``probabilities`` in chunks of ``CHUNK``; each conversation's rows are then fed,
in message order, through ``ConversationMonitor.add_scored`` (many conversations per call, each reset afterwards).
Labels are looked up by name (``scorer.label_index``), never by position.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from groomguard.eval.data import Conversation, group_conversations, read_corpus_split
from groomguard.runtime.monitor import ConversationMonitor
from groomguard.runtime.scorer import PRESETS, Scorer

CHUNK = 20_000


def score_texts(scorer: Scorer, texts: Sequence[str], chunk: int = CHUNK) -> np.ndarray:
    """float32 [n, L + 1]: ``scorer.probabilities(..., window=True)`` over ``texts`` in chunks of ``chunk``.

    Columns by ``scorer.window_index``: the labels, then the window logit the ``ConversationMonitor`` needs.
    """
    out = np.zeros((len(texts), len(scorer.labels) + 1), dtype=np.float32)
    for start in range(0, len(texts), chunk):
        out[start : start + chunk] = scorer.probabilities(list(texts[start : start + chunk]), window=True)
    return out


@dataclass(frozen=True)
class ConversationOutcome:
    """What the monitor decided about one conversation at one preset.

    first_alert: sender -> ``first_alert_index`` (message position in the conversation) for every alerted sender.
    roles: sender -> sender_role. risk_trace: after each message, the highest current risk over the senders.
    flagged: whether each message's risk in its conversation (the monitor's context head) reached the preset's
    context threshold: what the CLI's message records call ``flagged``.
    """

    conversation_id: str
    grooming: int
    conversation_type: str
    alert_from: int
    n_messages: int
    first_alert: dict[str, int]
    roles: dict[str, str]
    risk_trace: np.ndarray
    flagged: np.ndarray

    @property
    def alerted(self) -> bool:
        return bool(self.first_alert)

    def first_alert_index(self, role: str | None = None) -> int | None:
        """Earliest alert of any sender, or only of senders with ``role``; None when none."""
        hits = [i for s, i in self.first_alert.items() if role is None or self.roles.get(s) == role]
        return min(hits) if hits else None


def run_monitor(
    scorer: Scorer,
    preset: str,
    keys: Sequence[tuple[str, str]],
    probs: np.ndarray,
    conversations: Sequence[Conversation],
    roles: Sequence[str] | None = None,
    threshold: float | None = None,
    batch_messages: int = CHUNK,
) -> list[ConversationOutcome]:
    """Feed each conversation's rows (``conv.start:conv.stop`` of ``keys``/``probs``) through a monitor, in order."""
    monitor = ConversationMonitor(scorer, preset=preset, threshold=threshold)
    out: list[ConversationOutcome] = []
    batch: list[Conversation] = []
    size = 0
    for conv in [*conversations, None]:
        if conv is not None:
            batch.append(conv)
            size += len(conv)
            if size < batch_messages:
                continue
        if not batch:
            break
        rows = np.concatenate([np.arange(c.start, c.stop) for c in batch])
        states = monitor.add_scored([keys[i] for i in rows], probs[rows])
        pos = 0
        for c in batch:
            out.append(_outcome(c, states[pos : pos + len(c)], roles, keys))
            pos += len(c)
            monitor.reset(c.conversation_id)
        batch, size = [], 0
    return out


def _outcome(conv: Conversation, states, roles: Sequence[str] | None, keys) -> ConversationOutcome:
    first: dict[str, int] = {}
    current: dict[str, float] = {}
    trace = np.zeros(len(states), dtype=np.float64)
    for j, st in enumerate(states):
        current[st.sender] = st.risk
        trace[j] = max(current.values())
        if st.alert and st.sender not in first:
            first[st.sender] = int(st.first_alert_index)
    role_of = {}
    if roles is not None:
        for i in range(conv.start, conv.stop):
            role_of.setdefault(keys[i][1], roles[i])
    return ConversationOutcome(
        flagged=np.array([st.flagged for st in states], dtype=bool),
        conversation_id=conv.conversation_id,
        grooming=conv.grooming,
        conversation_type=conv.conversation_type,
        alert_from=conv.alert_from,
        n_messages=len(conv),
        first_alert=first,
        roles=role_of,
        risk_trace=trace,
    )


@dataclass
class EvalContext:
    """The test split scored once, shared by the suites. Monitor outcomes are computed lazily, once per preset."""

    scorer: Scorer
    records: list[dict]
    probs: np.ndarray
    conversations: list[Conversation]
    seed: int = 13
    data_path: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    _outcomes: dict[str, list[ConversationOutcome]] = field(default_factory=dict)

    @classmethod
    def from_records(cls, scorer: Scorer, records: list[dict], seed: int = 13, **kwargs) -> EvalContext:
        t0 = time.perf_counter()
        probs = score_texts(scorer, [r["text"] for r in records])
        elapsed = time.perf_counter() - t0
        ctx = cls(scorer, records, probs, group_conversations(records), seed=seed, **kwargs)
        ctx.timings["score_messages_s"] = elapsed
        ctx.timings["score_messages_per_s"] = len(records) / elapsed if elapsed > 0 else 0.0
        return ctx

    @classmethod
    def from_corpus(cls, scorer: Scorer, data: Path, split: str = "test", seed: int = 13) -> EvalContext:
        return cls.from_records(scorer, read_corpus_split(data, split), seed=seed, data_path=Path(data))

    def column(self, label: str) -> np.ndarray:
        return self.probs[:, self.scorer.label_index[label]]

    def outcomes(self, preset: str) -> list[ConversationOutcome]:
        if preset not in self._outcomes:
            t0 = time.perf_counter()
            keys = [(str(r["conversation_id"]), str(r["sender"])) for r in self.records]
            roles = [str(r.get("sender_role", "unknown")) for r in self.records]
            self._outcomes[preset] = run_monitor(self.scorer, preset, keys, self.probs, self.conversations, roles)
            self.timings[f"monitor_{preset}_s"] = time.perf_counter() - t0
        return self._outcomes[preset]

    def flagged_in_context(self, preset: str) -> np.ndarray:
        """bool [n records]: each message flagged on its risk in its conversation at ``preset`` (as the CLI flags)."""
        out = np.zeros(len(self.records), dtype=bool)
        for conv, o in zip(self.conversations, self.outcomes(preset), strict=True):
            out[conv.start : conv.stop] = o.flagged
        return out

    @property
    def presets(self) -> tuple[str, ...]:
        return PRESETS
