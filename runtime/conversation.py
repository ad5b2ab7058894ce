"""Features of one sender within a conversation, kept as running aggregates of the message scores.

The conversation-level head of the model (a logistic regression inside the ONNX graph) reads these features. They
are computed here once: the ``ConversationMonitor`` updates them at scoring time and training replays the same
updates to fit the head, so the two cannot drift. The features read both sides: the sender's tactics, and minor
signals from the *other* participants (grooming is tactics toward a minor; the same words between adults are not).

State is a handful of numbers per sender (running maxima, capped sums, counts) and a short ring of the conversation's
latest window scores, so memory per conversation is bounded whatever its length, and an update costs a few dozen
scalar operations.

Two questions, two kinds of feature (version 2):
- *is this grooming?* The window score: the model's window head (trained on windows of both participants' recent
  messages) gives each message a logit; the mean over the conversation's last ``WINDOW`` messages is the window's
  logit, exactly what the head was trained on, since a linear head's logit of a mean is the mean of its logits.
- *who is pursuing whom?* Means over the sender's own lines (not only their riskiest): tactics, sexual content, their
  own minor signals (which count against them being the adult) and the other participants' minor signals.

Version 3 adds the mean of each tactic over the sender's own lines (``mean_<tactic>``), beside ``mean_tactic`` (the
mean of each line's strongest tactic): a parent's safety talk scores on secrecy and sexual content as much as a
groomer's lines do, but not on risk assessment, platform moves or gifts, and one mean over every tactic hides that.

Version 4 (model format 5) reads the two sides against each other. Minor signals are read from the words, so the
adult's lines that talk about the child's age, school or parents score on them too, and with only the other side's
minor signals as evidence, the child was credited with the adult's talk about them: in a grooming chat the child's
side rose with the window. So the features say who *leads*: ``minor_lead`` (the other side's mean minor signal above
the sender's own, else 0) and ``tactic_lead`` (the sender's mean tactic above the other side's, from
``mean_tactic_other``), and their products with the sender's tactics and the window.
"""

from __future__ import annotations

import functools
import math
import operator
from array import array
from collections.abc import Sequence

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

#: The window score is the mean of the last this many messages' window logits (both participants).
WINDOW = 20
#: The window's peak is taken once it holds at least this many messages.
WINDOW_MIN = 5
#: Window logits are clipped to [-WINDOW_CLIP, WINDOW_CLIP] and scaled to [-1, 1].
WINDOW_CLIP = 8.0
#: Means over a sender's lines are sum / (n + PRIOR): a single line cannot make a mean of 1.
PRIOR = 3.0

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
    "mean_tactic",
    "mean_sexual",
    "mean_minor_self",
    "mean_minor_other",
    "mean_window_self",
    "window_now",
    "window_peak",
    "window_peak_x_mean_tactic",
    "mean_tactic_x_minor_other",
    "window_peak_x_minor_other",
    "window_peak_x_minor_self",
    *(f"mean_{t}" for t in TACTICS),
    "mean_tactic_other",
    "minor_lead",
    "tactic_lead",
    "mean_tactic_x_minor_lead",
    "window_peak_x_minor_lead",
    "window_peak_x_tactic_lead",
)
N_FEATURES = len(FEATURE_NAMES)
_K = len(TACTICS)


#: The key of the window logit's column in a ``label_index`` (the column after the labels; see ``Scorer``).
WINDOW_COLUMN = "window_logit"


@functools.lru_cache(maxsize=8)
def _columns(label_index: tuple[tuple[str, int], ...]) -> tuple:
    index = dict(label_index)
    return (
        operator.itemgetter(*(index[t] for t in TACTICS)),
        operator.itemgetter(*(TACTICS.index(t) for t in EARLY)),
        operator.itemgetter(*(TACTICS.index(t) for t in LATE)),
        index["grooming_risk"],
        index["minor_signal"],
        index["sexual_content"],
        index.get(WINDOW_COLUMN),
    )


# A sender's aggregates, in one array of doubles (a few hundred bytes per sender, whatever the conversation's length):
_MAX, _SUM = 0, _K  # max_t[K], sum_t[K]
_RISK_MAX, _RISK_SUM, _MINOR_MAX, _ESCALATION = 2 * _K, 2 * _K + 1, 2 * _K + 2, 2 * _K + 3
_SUM_TACTIC, _SUM_SEXUAL, _SUM_MINOR, _SUM_WINDOW = 2 * _K + 4, 2 * _K + 5, 2 * _K + 6, 2 * _K + 7
_N_AGG = 2 * _K + 8
_ZEROS = array("d", bytes(8 * _N_AGG))
_add_all = functools.partial(functools.reduce, operator.add)
# A conversation's own numbers, in one array of doubles (the ConversationStats itself): the ring of the last WINDOW
# window logits (at message count % WINDOW), then the sums of every message's minor_signal and strongest tactic (all
# senders), window_now (of the ring as it is: computed once per message, read by every sender) and window_peak (the
# highest window_now once the ring held WINDOW_MIN messages; -1 before).
_MINOR_TOTAL, _TACTIC_TOTAL, _NOW, _PEAK = WINDOW, WINDOW + 1, WINDOW + 2, WINDOW + 3
_EMPTY_STATE = array("d", [0.0] * (WINDOW + 3) + [-1.0])


class SenderStats(array):
    """One sender's aggregates in a conversation: the array of doubles itself (one object per sender, not two: a
    monitor holds thousands), ``n`` messages, whether an early tactic showed.

    A subclass can carry more per sender (the monitor's evidence does): ``ConversationStats.sender_type`` makes them.
    """

    __slots__ = ("early_seen", "n")

    def __new__(cls) -> SenderStats:
        self = super().__new__(cls, "d", _ZEROS)
        self.n = 0
        self.early_seen = False
        return self


class ConversationStats(array):
    """Running aggregates of one conversation, per sender. ``add`` returns the sender's features after a message.

    The aggregates are doubles (updated in the same order as the JavaScript port), folded in one message at a time;
    turning them into features is vectorized over a batch (``features_of``). ``add`` does both for one message.
    The object is itself the array of the conversation's own numbers (its ring and sums: one object per conversation,
    not two), with the senders' aggregates in ``senders``.
    """

    __slots__ = ("_columns", "n_total", "senders")
    #: The class of the per-sender objects ``fold`` creates (a subclass of ``SenderStats``).
    sender_type: type[SenderStats] = SenderStats

    def __new__(cls, label_index: dict[str, int]) -> ConversationStats:
        return super().__new__(cls, "d", _EMPTY_STATE)  # the ring and the conversation's sums (see above)

    def __init__(self, label_index: dict[str, int]) -> None:
        # Shared by every conversation of a model (one reference each: a monitor holds thousands of these).
        self._columns = _columns(tuple(label_index.items()))
        self.senders: dict[str, SenderStats] = {}
        self.n_total = 0  # messages, all senders (also the ring's count)

    def add(self, sender: str, row: Sequence[float]) -> np.ndarray:
        """Fold one message's probabilities (a row of ``Scorer.probabilities``) into ``sender``'s aggregates."""
        return features_of([self.fold(sender, np.asarray(row, dtype=np.float64).tolist())])[0]

    def fold(self, sender: str, row: Sequence[float]) -> list[float]:
        """Fold a row of Python floats (``probs.tolist()``) into ``sender``'s aggregates; return their snapshot."""
        s = self.senders.get(sender)
        if s is None:
            s = self.senders[sender] = self.sender_type()
        tactics, early, late, risk_col, minor_col, sexual_col, window_col = self._columns
        tactic = tactics(row)
        # running maxima and sums of the tactics, in one write (the fastest form measured)
        s[_MAX:_RISK_MAX] = array(
            "d",
            [
                *[t if t > m else m for m, t in zip(s[_MAX:_SUM], tactic, strict=True)],
                *map(operator.add, s[_SUM:_RISK_MAX], tactic),
            ],
        )
        risk = row[risk_col]
        if risk > s[_RISK_MAX]:
            s[_RISK_MAX] = risk
        s[_RISK_SUM] += risk
        minor = row[minor_col]
        if minor > s[_MINOR_MAX]:
            s[_MINOR_MAX] = minor
        s.n += 1
        if s.early_seen and max(late(tactic)) >= SHOWN:
            s[_ESCALATION] = 1.0  # a late-stage tactic after an early-stage one
        if not s.early_seen and max(early(tactic)) >= SHOWN:
            s.early_seen = True
        strongest = max(tactic)
        s[_SUM_TACTIC] += strongest
        s[_SUM_SEXUAL] += row[sexual_col]
        s[_SUM_MINOR] += minor
        window = 0.0 if window_col is None else row[window_col]
        s[_SUM_WINDOW] += window
        self[_MINOR_TOTAL] += minor
        self[_TACTIC_TOTAL] += strongest
        self[self.n_total % WINDOW] = window
        self.n_total += 1
        self[_NOW] = now = self._window_now()
        if self.n_total >= WINDOW_MIN and now > self[_PEAK]:
            self[_PEAK] = now
        return self._snapshot(sender, s)

    def _window_now(self) -> float:
        """The mean of the ring's window logits (in ring order), clipped and scaled to [-1, 1]."""
        count = self.n_total if self.n_total < WINDOW else WINDOW
        if not count:
            return 0.0
        # 0.0 + ring[0] + ring[1] + ..., left to right in doubles (not sum(): Python 3.12's compensates)
        total = _add_all(self[:count], 0.0)
        return min(max(total / count, -WINDOW_CLIP), WINDOW_CLIP) / WINDOW_CLIP

    def features(self, sender: str) -> np.ndarray:
        """float32 [N_FEATURES] for ``sender`` given everything added so far."""
        s = self.senders.get(sender)
        if s is None or s.n == 0:
            return features_of([[*_ZEROS, 0, *self._others(sender, None)]])[0]
        return features_of([self._snapshot(sender, s)])[0]

    def _minor_other(self, sender: str) -> float:
        best = 0.0  # the highest minor_signal of the other senders (probabilities: never below 0)
        for name, o in self.senders.items():
            if name != sender and o[_MINOR_MAX] > best:
                best = o[_MINOR_MAX]
        return best

    def _others(self, sender: str, s: SenderStats | None) -> list[float]:
        """minor_other (the others' highest), the others' mean minor_signal, window_now, window_peak, the others'
        mean strongest tactic."""
        n_other = self.n_total - (s.n if s is not None else 0)
        minor_other_sum = self[_MINOR_TOTAL] - (s[_SUM_MINOR] if s is not None else 0.0)
        tactic_other_sum = self[_TACTIC_TOTAL] - (s[_SUM_TACTIC] if s is not None else 0.0)
        now = self[_NOW]
        peak = self[_PEAK] if self.n_total >= WINDOW_MIN else now
        if not n_other:
            return [0.0, 0.0, now, peak, 0.0]
        minor_other = self._minor_other(sender)
        return [minor_other, minor_other_sum / (n_other + PRIOR), now, peak, tactic_other_sum / (n_other + PRIOR)]

    def _snapshot(self, sender: str, s: SenderStats) -> list[float]:
        # What features_of reads: the aggregates, n, then minor_other, mean_minor_other, window_now, window_peak,
        # mean_tactic_other.
        return [*s, s.n, *self._others(sender, s)]


# min(log1p(n) / log1p(SATURATION), 1) for n = 0..SATURATION + 1, computed with math.log1p as the spec says.
_LOG_COUNT = np.array([min(math.log1p(n) / math.log1p(SATURATION), 1.0) for n in range(SATURATION + 2)])


def own_messages_feature(n: int) -> float:
    """``own_messages`` of a sender with ``n`` messages (before the float32 rounding of ``features_of``)."""
    return float(_LOG_COUNT[min(max(int(n), 0), SATURATION + 1)])


def features_of(snapshots: list[list[float]]) -> np.ndarray:
    """float32 [n, N_FEATURES] from ``ConversationStats.fold`` snapshots (float64 arithmetic, then one rounding)."""
    a = np.array(snapshots, dtype=np.float64).reshape(-1, _N_AGG + 6)
    max_t, sum_t = a[:, _MAX:_SUM], a[:, _SUM:_RISK_MAX]
    (
        risk_max, risk_sum, minor_max, escalation, sum_tactic, sum_sexual, sum_minor, sum_window,
        n, minor_other, mean_minor_other, window_now, window_peak, mean_tactic_other,
    ) = a[:, _RISK_MAX:].T  # fmt: skip
    out = np.empty((len(a), N_FEATURES), dtype=np.float32)
    out[:, :_K] = max_t
    out[:, _K : 2 * _K] = np.minimum(sum_t, SUM_CAP) / SUM_CAP
    out[:, 2 * _K] = risk_max
    out[:, 2 * _K + 1] = np.minimum(risk_sum, SUM_CAP) / SUM_CAP
    out[:, 2 * _K + 2] = risk_sum / np.maximum(n, 1)
    out[:, 2 * _K + 3] = minor_other
    out[:, 2 * _K + 4] = minor_max
    out[:, 2 * _K + 5] = (max_t >= SHOWN).sum(axis=1) / _K
    out[:, 2 * _K + 6] = escalation
    out[:, 2 * _K + 7] = _LOG_COUNT[np.minimum(n, SATURATION + 1).astype(np.int64)]
    out[:, 2 * _K + 8] = minor_other * risk_max
    out[:, 2 * _K + 9] = minor_other * max_t.max(axis=1)
    mean_tactic = sum_tactic / (n + PRIOR)
    out[:, 2 * _K + 10] = mean_tactic
    out[:, 2 * _K + 11] = sum_sexual / (n + PRIOR)
    mean_minor_self = sum_minor / (n + PRIOR)
    out[:, 2 * _K + 12] = mean_minor_self
    out[:, 2 * _K + 13] = mean_minor_other
    out[:, 2 * _K + 14] = np.clip(sum_window / (n + PRIOR), -WINDOW_CLIP, WINDOW_CLIP) / WINDOW_CLIP
    out[:, 2 * _K + 15] = window_now
    out[:, 2 * _K + 16] = window_peak
    out[:, 2 * _K + 17] = window_peak * mean_tactic
    out[:, 2 * _K + 18] = mean_tactic * mean_minor_other
    out[:, 2 * _K + 19] = window_peak * mean_minor_other
    out[:, 2 * _K + 20] = window_peak * mean_minor_self
    out[:, 2 * _K + 21 : 3 * _K + 21] = sum_t / (n + PRIOR)[:, None]
    minor_lead = np.maximum(mean_minor_other - mean_minor_self, 0.0)
    tactic_lead = np.maximum(mean_tactic - mean_tactic_other, 0.0)
    out[:, 3 * _K + 21] = mean_tactic_other
    out[:, 3 * _K + 22] = minor_lead
    out[:, 3 * _K + 23] = tactic_lead
    out[:, 3 * _K + 24] = mean_tactic * minor_lead
    out[:, 3 * _K + 25] = window_peak * minor_lead
    out[:, 3 * _K + 26] = window_peak * tactic_lead
    return out


def conversation_features(probs: np.ndarray, senders: list[str], label_index: dict[str, int]) -> np.ndarray:
    """Features of the last message's sender after replaying a whole conversation (for tests and one-off use)."""
    stats = ConversationStats(label_index)
    out = np.zeros(N_FEATURES, dtype=np.float32)
    for sender, row in zip(senders, probs, strict=True):
        out = stats.add(sender, row)
    return out
