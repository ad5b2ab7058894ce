"""ConversationStats against a plain numpy reference of the features (runtime/conversation.py), value for value."""

from __future__ import annotations

import math

import numpy as np
import pytest

from groomguard.runtime.conversation import (
    EARLY,
    FEATURE_NAMES,
    LATE,
    N_FEATURES,
    PRIOR,
    SATURATION,
    SHOWN,
    SUM_CAP,
    TACTICS,
    WINDOW,
    WINDOW_CLIP,
    WINDOW_COLUMN,
    WINDOW_MIN,
    ConversationStats,
    features_of,
)

LABELS = ["minor_signal", *TACTICS[::-1], "grooming_risk"]  # any order: columns are looked up by name
INDEX = {label: j for j, label in enumerate(LABELS)} | {WINDOW_COLUMN: len(LABELS)}
WIDTH = len(LABELS) + 1


def _window_now(logits: np.ndarray, m: int) -> float:
    """The ring after message m: slot k holds the latest message j <= m with j % WINDOW == k; summed in slot order."""
    count = min(m + 1, WINDOW)
    total = 0.0
    for k in range(count):
        latest = max(j for j in range(m + 1) if j % WINDOW == k)
        total += float(logits[latest])
    return min(max(total / count, -WINDOW_CLIP), WINDOW_CLIP) / WINDOW_CLIP


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
        sum_tactic = sum_sexual = sum_minor = sum_window = 0.0
        for i in mine:
            sum_tactic += float(probs[i, tcols].max())
            sum_sexual += float(probs[i, INDEX["sexual_content"]])
            sum_minor += float(probs[i, INDEX["minor_signal"]])
            sum_window += float(probs[i, INDEX[WINDOW_COLUMN]])
        minor_total = tactic_total = 0.0
        for i in range(m + 1):
            minor_total += float(probs[i, INDEX["minor_signal"]])
            tactic_total += float(probs[i, tcols].max())
        n_other = len(others)
        mean_minor_other = (minor_total - sum_minor) / (n_other + PRIOR) if n_other else 0.0
        mean_tactic_other = (tactic_total - sum_tactic) / (n_other + PRIOR) if n_other else 0.0
        logits = probs[:, INDEX[WINDOW_COLUMN]]
        now = _window_now(logits, m)
        peaks = [_window_now(logits, j) for j in range(WINDOW_MIN - 1, m + 1)]
        peak = max(peaks) if peaks else now
        n = len(mine)
        mean_tactic = sum_tactic / (n + PRIOR)
        mean_minor_self = sum_minor / (n + PRIOR)
        minor_lead = max(mean_minor_other - mean_minor_self, 0.0)
        tactic_lead = max(mean_tactic - mean_tactic_other, 0.0)
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
            mean_tactic,
            sum_sexual / (n + PRIOR),
            mean_minor_self,
            mean_minor_other,
            min(max(sum_window / (n + PRIOR), -WINDOW_CLIP), WINDOW_CLIP) / WINDOW_CLIP,
            now,
            peak,
            peak * mean_tactic,
            mean_tactic * mean_minor_other,
            peak * mean_minor_other,
            peak * mean_minor_self,
            *(sum_t / (n + PRIOR)),
            mean_tactic_other,
            minor_lead,
            tactic_lead,
            mean_tactic * minor_lead,
            peak * minor_lead,
            peak * tactic_lead,
        ]
    return out


@pytest.mark.parametrize("seed", range(6))
def test_running_features_equal_the_reference(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 130))  # past SATURATION messages for some senders
    probs = (rng.random((n, WIDTH)) ** rng.uniform(0.3, 3)).astype(np.float32)
    probs[:, -1] = rng.normal(0, 6, n)  # window logits, some beyond the clip
    senders = [f"s{int(rng.integers(0, 3))}" for _ in range(n)]
    stats = ConversationStats(INDEX)
    one_by_one = np.array([stats.add(s, row) for s, row in zip(senders, probs, strict=True)])
    np.testing.assert_array_equal(one_by_one, reference(probs, senders))
    again = ConversationStats(INDEX)
    batch = features_of([again.fold(s, row) for s, row in zip(senders, probs.tolist(), strict=True)])
    np.testing.assert_array_equal(batch, one_by_one)


def test_features_of_a_sender_without_messages_reads_the_other_side():
    stats = ConversationStats(INDEX)
    row = np.zeros(WIDTH, dtype=np.float32)
    row[INDEX["minor_signal"]] = 0.75
    row[-1] = 4.0
    stats.add("kid", row)
    f = dict(zip(FEATURE_NAMES, stats.features("adult").tolist(), strict=True))
    assert f.pop("minor_other") == 0.75
    assert f.pop("mean_minor_other") == np.float32(0.75 / (1 + PRIOR))
    assert f.pop("window_now") == f.pop("window_peak") == 0.5  # one message: the peak is the window so far
    assert f.pop("window_peak_x_minor_other") == np.float32(0.5 * 0.75 / (1 + PRIOR))
    # the other side signals being a minor and this sender has written nothing: it leads by all of it
    assert f.pop("minor_lead") == np.float32(0.75 / (1 + PRIOR))
    assert f.pop("window_peak_x_minor_lead") == np.float32(0.5 * 0.75 / (1 + PRIOR))
    assert not any(f.values())


def test_leads_point_at_the_side_with_the_tactics_toward_the_side_that_signals_a_minor():
    """minor_lead and tactic_lead are the sender's lead over the others, never negative: the adult whose lines carry
    tactics leads in tactics and faces a minor; the child leads in neither, whatever the window."""
    stats = ConversationStats(INDEX)
    adult, child = np.zeros(WIDTH, dtype=np.float32), np.zeros(WIDTH, dtype=np.float32)
    adult[INDEX["secrecy"]], adult[INDEX["minor_signal"]] = 0.9, 0.3  # the adult's talk about the child's parents
    child[INDEX["meeting"]], child[INDEX["minor_signal"]] = 0.2, 0.8
    adult[-1] = child[-1] = 6.0
    for _ in range(4):
        stats.add("adult", adult)
        stats.add("kid", child)
    a = dict(zip(FEATURE_NAMES, stats.features("adult").tolist(), strict=True))
    k = dict(zip(FEATURE_NAMES, stats.features("kid").tolist(), strict=True))
    mean = 4 / (4 + PRIOR)
    assert a["mean_tactic_other"] == pytest.approx(0.2 * mean) and k["mean_tactic_other"] == pytest.approx(0.9 * mean)
    assert a["tactic_lead"] == pytest.approx(0.7 * mean) and k["tactic_lead"] == 0.0
    assert a["minor_lead"] == pytest.approx(0.5 * mean) and k["minor_lead"] == 0.0
    assert k["mean_minor_other"] > 0  # the old reading credited the child with the adult's talk; the lead does not
    assert a["window_peak_x_tactic_lead"] == pytest.approx(0.75 * a["tactic_lead"], rel=1e-6)
    assert k["window_peak_x_minor_lead"] == k["mean_tactic_x_minor_lead"] == k["window_peak_x_tactic_lead"] == 0.0
