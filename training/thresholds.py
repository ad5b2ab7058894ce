"""Choose the decision thresholds of the presets on validation data (never on test data).

Presets, for messages (per label) and for conversations:
- ``high_precision``: the lowest threshold whose precision reaches the target and whose false-positive rate is under
  its cap (messages), or the most recall at a false-alert rate cap (conversations);
- ``balanced``: the threshold with the best F1 among those whose false-positive rate on harmless messages is under
  the cap (messages: synthetic validation overstates how often grooming occurs, so F1 alone sets the bar too low for
  real chat, where nearly every message is harmless), or the most recall at a false-alert rate cap (conversations);
- ``high_recall``: the highest threshold whose recall reaches the target (fewest misses); for conversations, no lower
  than the threshold at a false-alert rate cap (since 0.9.2: below).
For the context head (a message's risk in its conversation) the message rules hold, on conversations as written (not
on long replays: ``context_head.written_steps``), except that ``high_recall`` is also capped by a false-positive
rate: the target counts every line of a groomer, the greetings before any tactic too, and reaching it would flag most
harmless lines (a preset nobody could use).
Thresholds are made monotone: high_precision >= balanced >= high_recall.

Why the conversation ``high_recall`` is capped (model 0.9.2; the context head's has been since 0.9.0, for the same
reason): 0.9.1's threshold, 0.451 (98% of grooming threshold replays alerted), alerted 25.1% of the synthetic test
split's benign conversations and every one of its long benign chats (52 of 52, 400+ messages: the head reads the
sender's message count), the real small talk strung into long chats as well (``make eval``, eval/results/0.9.1). A
preset that alerts on every long chat tells a reviewer nothing. The cap is 5% of benign threshold replays, as the
context head's.

Why every cap holds within each length regime (model 0.9.3): the threshold replays are as written (about 18 benign
messages), long (mostly below the 100 own messages where the message count saturates) and, since 0.9.3, very long
(hundreds of messages: ``replays.VERY_LONG_CHAIN``). A cap over all of them together is spent mostly on the short
ones, which are most of them (13,412, 2,500 and 526 benign replays): on 0.9.2's heads, the 5% high_recall cap over the
pool alerted 2.9% of the benign replays as written, 12.2% of the long ones and 24.9% of the very long ones; within
each regime, 1.6%, 3.4% and 4.9% (balanced: 0.98%, 1.08% and 0.95% pooled; 0.94%, 1.00% and 0.76% within). Measured in
a refit with both rules printed side by side (a scratch wrapper of ``fit --conversation-only``, not kept). So a
preset's false-alert rate holds for a chat of any length.

How much the conversation threshold rests on a few families (measured on 0.6.1's corpus, none shipped): validation
holds about one held-out benign-twin family per persona and context, so a benign conversation's twin lines all come
from that family. On 0.6.1's split the one parent family in validation is a parent's body-safety talk ("nobody should
ask you to keep secrets", "tell me if anyone asks for photos"), whose lines score 0.54 on grooming_risk and 0.29 on
secrecy on average; 31 of 149 validation parent-child conversations alert, about two thirds of the 1% budget. Six
more family-life twin families (a parent's online-safety talk, safe and unsafe secrets, praise for telling, a child's
report of an unwanted contact, home-alone checks, another phone), once added to the groups of the labels they mirror,
reshuffled those groups' held-out families: the balanced threshold fell from 0.853 to 0.813 and synthetic test false
alerts rose from 1.4% to 3.5% (teen peers 8 -> 34 of 141). Dealt out among themselves (training keeps three
safety-talk families, validation keeps the body-safety one), they moved the body-safety family's grooming_risk only
from 0.54 to 0.46 and the threshold not at all (0.856).

So since 0.7.0 the conversation and context thresholds are chosen on validation's half *and* every train
conversation, each message scored by a model that never saw its family (``training/oof.py``, ``oof_folds`` = 4): the
same rules on about six times as many families. On 0.6.1's heads (unchanged) the balanced conversation threshold
went from 0.853 to 0.822; synthetic test recall 0.762 -> 0.822 and benign false alerts 1.4% -> 2.2% (the test split,
too, holds about one twin family per persona). The same on the ``real_minor_negatives`` corpus moved its threshold
from 0.886 to 0.851 (test recall 0.786, false alerts 2.0%), and fitting the conversation head on those conversations
too sharpened it to a threshold of 0.99 (training/oof.py).
"""

from __future__ import annotations

import numpy as np

PRESETS = ("high_precision", "balanced", "high_recall")
MESSAGE_TARGETS = {
    "high_precision": {"precision": 0.95, "false_positive_rate": 0.002},
    "balanced": {"best": "f1", "false_positive_rate": 0.01},
    "high_recall": {"recall": 0.95},
}
CONTEXT_TARGETS = {**MESSAGE_TARGETS, "high_recall": {"recall": 0.95, "false_positive_rate": 0.05}}
CONVERSATION_TARGETS = {
    "high_precision": {"false_alert_rate": 0.002},
    "balanced": {"false_alert_rate": 0.01},
    "high_recall": {"recall": 0.98, "false_alert_rate": 0.05},
}


def _curve(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall when flagging score >= t, for every distinct score t (descending)."""
    order = np.argsort(-score, kind="stable")
    s, yy = score[order], y[order].astype(np.float64)
    tp = np.cumsum(yy)
    fp = np.cumsum(1 - yy)
    last = np.r_[np.flatnonzero(np.diff(s) != 0), len(s) - 1]  # last index of each distinct score
    precision = tp[last] / (tp[last] + fp[last])
    recall = tp[last] / max(yy.sum(), 1.0)
    fpr = fp[last] / max((1 - yy).sum(), 1.0)
    return s[last], precision, recall, fpr


def message_thresholds(y: np.ndarray, score: np.ndarray, targets: dict = MESSAGE_TARGETS) -> dict[str, float]:
    y = np.asarray(y, dtype=bool)
    score = np.asarray(score, dtype=np.float64)
    if y.sum() == 0 or (~y).sum() == 0:
        return {"high_precision": 0.9, "balanced": 0.5, "high_recall": 0.1}
    t, p, r, fpr = _curve(y, score)
    f1 = 2 * p * r / np.maximum(p + r, 1e-12)
    f1[fpr > targets["balanced"]["false_positive_rate"]] = -1.0
    balanced = float(t[int(np.argmax(f1))])  # t descends and fpr grows with it: the first t is always allowed
    target = targets["high_precision"]
    ok = np.flatnonzero((p >= target["precision"]) & (fpr <= target["false_positive_rate"]))
    high_precision = float(t[ok.max()]) if ok.size else float(t[0])
    target = targets["high_recall"]
    ok = np.flatnonzero(r >= target["recall"])
    high_recall = float(t[ok.min()]) if ok.size else float(t[-1])
    cap = target.get("false_positive_rate")
    if cap is not None:
        allowed = np.flatnonzero(fpr <= cap)  # t descends and fpr grows: the lowest allowed t is the last allowed
        high_recall = max(high_recall, float(t[allowed.max()]) if allowed.size else float(t[0]))
    return _monotone(high_precision, balanced, high_recall)


def context_thresholds(y: np.ndarray, score: np.ndarray) -> dict[str, float]:
    """The context head's presets: the message rules, ``high_recall`` capped by a false-positive rate."""
    return message_thresholds(y, score, CONTEXT_TARGETS)


def conversation_thresholds(y: np.ndarray, max_risk: np.ndarray, kinds: np.ndarray | None = None) -> dict[str, float]:
    """Thresholds on a conversation's highest running risk (an alert is raised the first time risk >= t).

    kinds: each conversation's length regime (``replays.length_kind``; None: one regime). A false-alert cap holds
    within every regime that has benign conversations, not only over all of them together (since 0.9.3).
    """
    y = np.asarray(y, dtype=bool)
    max_risk = np.asarray(max_risk, dtype=np.float64)
    kinds = np.zeros(len(y), dtype=int) if kinds is None else np.asarray(kinds)
    groups = [np.sort(max_risk[~y & (kinds == k)])[::-1] for k in np.unique(kinds[~y])]
    positives = np.sort(max_risk[y])[::-1]

    def at_false_alert_rate(rate: float) -> float:
        if not groups:  # no benign conversation
            return 0.5

        def within(group: np.ndarray) -> float:
            k = int(np.floor(rate * group.size))  # this many benign conversations may alert
            return float(np.nextafter(group[k], np.inf)) if k < group.size else 0.0

        return max(within(g) for g in groups)

    high_precision = at_false_alert_rate(CONVERSATION_TARGETS["high_precision"]["false_alert_rate"])
    balanced = at_false_alert_rate(CONVERSATION_TARGETS["balanced"]["false_alert_rate"])
    if positives.size:
        k = int(np.ceil(CONVERSATION_TARGETS["high_recall"]["recall"] * positives.size)) - 1
        high_recall = float(positives[min(max(k, 0), positives.size - 1)])
    else:
        high_recall = 0.5
    if groups:  # no lower than the threshold at the false-alert cap
        high_recall = max(high_recall, at_false_alert_rate(CONVERSATION_TARGETS["high_recall"]["false_alert_rate"]))
    return _monotone(high_precision, balanced, high_recall)


def _monotone(high_precision: float, balanced: float, high_recall: float) -> dict[str, float]:
    balanced = min(balanced, high_precision)
    high_recall = min(high_recall, balanced)
    return {"high_precision": high_precision, "balanced": balanced, "high_recall": high_recall}
