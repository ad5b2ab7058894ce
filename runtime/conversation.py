"""Features of one sender within a conversation, kept as running aggregates of the message scores (numpy only).

The conversation-level head of the model (a logistic regression inside the ONNX graph) reads these features. They
are computed here once: the ``ConversationMonitor`` updates them at scoring time and training replays the same
updates to fit the head, so the two cannot drift. The features read both sides: the sender's tactics, and minor
signals from the *other* participants (grooming is tactics toward a minor; the same words between adults are not).

State is a handful of numbers per sender (running maxima, capped sums, counts), so memory per conversation is bounded
whatever its length, and an update costs a few operations on 11-element arrays.
"""

from __future__ import annotations

import math

import numpy as np

TACTICS = (
    "trust_building",
    "risk_assessment",
    "personal_info",
    "secrecy",
    "platform_move",
    "gifts",
    "meeting",
    "sexual_content",
    "coercion",
)
EARLY = ("trust_building", "risk_assessment", "personal_info", "secrecy")
LATE = ("meeting", "sexual_content", "coercion")
#: Message counts are read on a log scale saturating at this many of the sender's messages.
SATURATION = 100
#: A message "shows" a label when its probability reaches this.
SHOWN = 0.5
#: Sums of probabilities are capped at this before scaling to [0, 1].
SUM_CAP = 5.0

FEATURE_NAMES: tuple[str, ...] = (
    *(f"max_{t}" for t in TACTICS),
    *(f"sum_{t}" for t in TACTICS),
    "max_grooming_risk",
    "sum_grooming_risk",
    "mean_grooming_risk",
    "minor_other",
    "minor_self",
    "distinct_tactics",
    "escalation",
    "own_messages",
    "minor_other_x_risk",
    "minor_other_x_tactic",
)
N_FEATURES = len(FEATURE_NAMES)
_K = len(TACTICS)


class _Sender:
    __slots__ = ("early_seen", "escalation", "max_t", "minor_max", "n", "risk_max", "risk_sum", "sum_t")

    def __init__(self) -> None:
        self.max_t = np.zeros(_K)
        self.sum_t = np.zeros(_K)
        self.risk_max = 0.0
        self.risk_sum = 0.0
        self.minor_max = 0.0
        self.n = 0
        self.early_seen = False
        self.escalation = 0.0


class ConversationStats:
    """Running aggregates of one conversation, per sender. ``add`` returns the sender's features after a message."""

    def __init__(self, label_index: dict[str, int]) -> None:
        self._tactic_cols = np.array([label_index[t] for t in TACTICS])
        self._early = np.array([TACTICS.index(t) for t in EARLY])
        self._late = np.array([TACTICS.index(t) for t in LATE])
        self._risk = label_index["grooming_risk"]
        self._minor = label_index["minor_signal"]
        self.senders: dict[str, _Sender] = {}

    def add(self, sender: str, row: np.ndarray) -> np.ndarray:
        """Fold one message's probabilities (a row of ``Scorer.probabilities``) into ``sender``'s aggregates."""
        s = self.senders.get(sender)
        if s is None:
            s = self.senders[sender] = _Sender()
        tactic = np.asarray(row, dtype=np.float64)[self._tactic_cols]
        np.maximum(s.max_t, tactic, out=s.max_t)
        s.sum_t += tactic
        risk = float(row[self._risk])
        s.risk_max = max(s.risk_max, risk)
        s.risk_sum += risk
        s.minor_max = max(s.minor_max, float(row[self._minor]))
        s.n += 1
        shown = tactic >= SHOWN
        if s.early_seen and shown[self._late].any():
            s.escalation = 1.0  # a late-stage tactic after an early-stage one
        if shown[self._early].any():
            s.early_seen = True
        return self.features(sender)

    def features(self, sender: str) -> np.ndarray:
        """float32 [N_FEATURES] for ``sender`` given everything added so far."""
        out = np.zeros(N_FEATURES, dtype=np.float32)
        minor_other = max((o.minor_max for name, o in self.senders.items() if name != sender), default=0.0)
        out[2 * _K + 3] = minor_other
        s = self.senders.get(sender)
        if s is None or s.n == 0:
            return out
        out[:_K] = s.max_t
        out[_K : 2 * _K] = np.minimum(s.sum_t, SUM_CAP) / SUM_CAP
        out[2 * _K] = s.risk_max
        out[2 * _K + 1] = min(s.risk_sum, SUM_CAP) / SUM_CAP
        out[2 * _K + 2] = s.risk_sum / s.n
        out[2 * _K + 4] = s.minor_max
        out[2 * _K + 5] = float((s.max_t >= SHOWN).sum()) / _K
        out[2 * _K + 6] = s.escalation
        out[2 * _K + 7] = min(math.log1p(s.n) / math.log1p(SATURATION), 1.0)
        out[2 * _K + 8] = minor_other * s.risk_max
        out[2 * _K + 9] = minor_other * float(s.max_t.max())
        return out


def conversation_features(probs: np.ndarray, senders: list[str], label_index: dict[str, int]) -> np.ndarray:
    """Features of the last message's sender after replaying a whole conversation (for tests and one-off use)."""
    stats = ConversationStats(label_index)
    out = np.zeros(N_FEATURES, dtype=np.float32)
    for sender, row in zip(senders, probs, strict=True):
        out = stats.add(sender, row)
    return out
