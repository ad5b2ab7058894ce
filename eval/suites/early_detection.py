"""Suite ``early_detection``: how soon the conversation monitor warns on grooming test conversations, per preset.

    python -m groomguard.eval --model model --data build/data --out eval/results --suite early_detection

Per preset, from ``ConversationMonitor`` outcomes (the groomer is the ``adult`` sender of a grooming conversation):

- latency: k = the message number (1-based) of the groomer's first alert (``first_alert_index + 1``), and the offset
  ``first_alert_index - alert_from`` (negative: before the message a reviewer would act on; too early is fine, but
  reported as ``share_before_alert_from``);
- eSPD (Vogt, Leser & Akbik, ACL 2021): TP = grooming conversation whose groomer was alerted, FN = not alerted,
  FP = benign conversation with any alert; penalty(k) = -1 + 2 / (1 + e^(-p (k - 1))), p = ln 3 / 89;
  speed = 1 - median penalty over the TPs; F_latency = F1 x speed;
- ERDE_5 and ERDE_50 (Losada & Crestani 2016) over all conversations;
- false alerts per 1,000 benign conversations.

The eSPD paper raises a warning when at least s of the last 10 window predictions are positive; ``espd_s_sweep``
reports s = 1..10 at the balanced preset with "the highest sender risk after the message reaches the conversation
threshold" as the window prediction (s = 1 is the monitor's own sticky alert, counted for any sender).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from groomguard.eval.metrics import describe, erde, espd_scores, first_window_warning, share
from groomguard.eval.scoring import ConversationOutcome, EvalContext

NAME = "early_detection"
GROOMER = "adult"


def latencies(outcomes: list[ConversationOutcome]) -> list[int]:
    """k (1-based message number of the groomer's first alert) for every alerted grooming conversation."""
    out = []
    for o in outcomes:
        if o.grooming == 1:
            first = o.first_alert_index(GROOMER)
            if first is not None:
                out.append(first + 1)
    return out


def preset_metrics(outcomes: list[ConversationOutcome]) -> dict:
    grooming = [o for o in outcomes if o.grooming == 1]
    benign = [o for o in outcomes if o.grooming == 0]
    firsts = [o.first_alert_index(GROOMER) for o in grooming]
    ks = [f + 1 for f in firsts if f is not None]
    offsets = [f - o.alert_from for o, f in zip(grooming, firsts, strict=True) if f is not None and o.alert_from >= 0]
    tp = len(ks)
    fp = sum(o.alerted for o in benign)
    espd = espd_scores(tp, fp, len(grooming) - tp, ks)
    pairs = [(1, None if f is None else f + 1) for f in firsts]
    pairs += [(0, 1 if o.alerted else None) for o in benign]  # a benign alert costs c_fp whatever k
    return {
        "grooming_conversations": len(grooming),
        "benign_conversations": len(benign),
        "alerted": share([f is not None for f in firsts]),
        "messages_until_first_alert": describe(ks),
        "offset_from_alert_from": describe(offsets),
        "share_before_alert_from": share([d < 0 for d in offsets]),
        "espd": espd,
        "erde_5": erde(pairs, 5),
        "erde_50": erde(pairs, 50),
        "false_alerts_per_1000_benign": 1000.0 * fp / len(benign) if benign else 0.0,
    }


def s_sweep(outcomes: list[ConversationOutcome], threshold: float, last: int = 10) -> dict:
    """eSPD's "at least s of the last ``last`` window predictions" rule, s = 1..last."""
    out = {}
    positives = [(o, o.risk_trace >= threshold) for o in outcomes if o.grooming in (0, 1)]
    for s in range(1, last + 1):
        tp = fp = fn = 0
        ks = []
        for o, pos in positives:
            first = first_window_warning(pos, s, last)
            if o.grooming == 1 and first is not None:
                tp += 1
                ks.append(first + 1)
            elif o.grooming == 1:
                fn += 1
            elif first is not None:
                fp += 1
        row = espd_scores(tp, fp, fn, ks)
        out[str(s)] = {k: row[k] for k in ("precision", "recall", "f1", "speed", "f_latency")}
    return out


def histogram(ks: list[int]) -> dict[str, int]:
    """k -> count (keys as strings, for JSON)."""
    return {str(k): v for k, v in sorted(Counter(ks).items())}


def run(ctx: EvalContext) -> dict:
    presets = {p: preset_metrics(ctx.outcomes(p)) for p in ctx.presets}
    balanced = ctx.outcomes("balanced")
    ks = latencies(balanced)
    return {
        "presets": presets,
        "espd_s_sweep_balanced": s_sweep(balanced, ctx.scorer.conversation_threshold("balanced")),
        "first_alert_histogram_balanced": histogram(ks),
        "median_conversation_length": float(np.median([o.n_messages for o in balanced])) if balanced else 0.0,
    }
