"""ConversationStats against a plain numpy reference of the features (runtime/conversation.py), value for value."""

from __future__ import annotations

import math

import numpy as np
import pytest

from groomguard.runtime.conversation import (
    EARLY,
    LATE,
    N_FEATURES,
    SATURATION,
    SHOWN,
    SUM_CAP,
    TACTICS,
    ConversationStats,
    features_of,
)

LABELS = ["minor_signal", *TACTICS[::-1], "grooming_risk"]  # any order: columns are looked up by name
INDEX = {label: j for j, label in enumerate(LABELS)}


def reference(probs: np.ndarray, senders: list[str]) -> np.ndarray:
    """Features after each message, recomputed from scratch over the messages so far (float64, then float32)."""
    probs = probs.astype(np.float64)
    tcols = [INDEX[t] for t in TACTICS]
    out = np.zeros((len(senders), N_FEATURES), dtype=np.float32)
    k = len(TACTICS)
    for m, me in enumerate(senders):
        mine = [i for i in range(m + 1) if senders[i] == me]
        t = probs[mine][:, tcols]
        risk = probs[mine, INDEX["grooming_risk"]]
        others = [i for i in range(m + 1) if senders[i] != me]
        minor_other = max(probs[others, INDEX["minor_signal"]].max(initial=0.0), 0.0)
        shown = t >= SHOWN
        early = shown[:, [TACTICS.index(x) for x in EARLY]].any(axis=1)
        late = shown[:, [TACTICS.index(x) for x in LATE]].any(axis=1)
        escalation = any(late[j] and early[:j].any() for j in range(len(mine)))
        # sums accumulate message by message, in order, as the running aggregates do
        sum_t, risk_sum = np.zeros(k), 0.0
        for row, r in zip(t, risk, strict=True):
            sum_t = sum_t + row
            risk_sum += r
        out[m] = [
            *t.max(axis=0),
            *(np.minimum(sum_t, SUM_CAP) / SUM_CAP),
            risk.max(),
            min(risk_sum, SUM_CAP) / SUM_CAP,
            risk_sum / len(mine),
            minor_other,
            probs[mine, INDEX["minor_signal"]].max(),
            (t.max(axis=0) >= SHOWN).sum() / k,
            float(escalation),
            min(math.log1p(len(mine)) / math.log1p(SATURATION), 1.0),
            minor_other * risk.max(),
            minor_other * t.max(),
        ]
    return out


@pytest.mark.parametrize("seed", range(6))
def test_running_features_equal_the_reference(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 130))  # past SATURATION messages for some senders
    probs = (rng.random((n, len(LABELS))) ** rng.uniform(0.3, 3)).astype(np.float32)
    senders = [f"s{int(rng.integers(0, 3))}" for _ in range(n)]
    stats = ConversationStats(INDEX)
    one_by_one = np.array([stats.add(s, row) for s, row in zip(senders, probs, strict=True)])
    np.testing.assert_array_equal(one_by_one, reference(probs, senders))
    again = ConversationStats(INDEX)
    batch = features_of([again.fold(s, row) for s, row in zip(senders, probs.tolist(), strict=True)])
    np.testing.assert_array_equal(batch, one_by_one)


def test_features_of_a_sender_without_messages_reads_the_other_side():
    stats = ConversationStats(INDEX)
    row = np.zeros(len(LABELS), dtype=np.float32)
    row[INDEX["minor_signal"]] = 0.75
    stats.add("kid", row)
    f = stats.features("adult")
    minor_other = 2 * len(TACTICS) + 3
    assert f[minor_other] == np.float32(0.75) and not np.delete(f, minor_other).any()
