"""Suite ``synthetic``: the held-out synthetic test families, message level per label and conversation level per preset.

    python -m groomguard.eval --model model --data build/data --out eval/results --suite synthetic

Message level, per label, on the test records that annotate it: PR-AUC (average precision) and precision/recall/F1
at each preset's threshold (``scorer.message_threshold(label, preset)``); calibration of ``grooming_risk``; recall of
``grooming_risk`` per tactic template family at the balanced preset. Conversation level, per preset: the share of
grooming conversations alerted (any sender, and the groomer itself), the share of grooming conversations whose
child is alerted (synthetic's counterpart of realcheck's decoys alerted), the share of benign conversations
alerted, and both per conversation_type.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from groomguard.eval.data import RISK, annotates, family_group, has_label
from groomguard.eval.metrics import average_precision, calibration, prf_at, share
from groomguard.eval.scoring import EvalContext
from groomguard.runtime.conversation import TACTICS

NAME = "synthetic"


def label_arrays(records: list[dict], label: str) -> tuple[np.ndarray, np.ndarray]:
    """(mask of records annotating ``label``, boolean truth of those records)."""
    mask = np.array([annotates(r, label) for r in records], dtype=bool)
    y = np.array([has_label(r, label) for r, m in zip(records, mask, strict=True) if m], dtype=bool)
    return mask, y


def message_level(ctx: EvalContext) -> dict:
    out = {}
    for label in ctx.scorer.labels:
        mask, y = label_arrays(ctx.records, label)
        scores = ctx.column(label)[mask]
        out[label] = {
            "n": int(mask.sum()),
            "positives": int(y.sum()),
            "pr_auc": average_precision(y, scores),
            "presets": {p: prf_at(y, scores, ctx.scorer.message_threshold(label, p)) for p in ctx.presets},
        }
    return out


def family_recall(ctx: EvalContext, preset: str = "balanced") -> dict:
    """grooming_risk recall per template family of the tactic groups (positives only)."""
    threshold = ctx.scorer.message_threshold(RISK, preset)
    risk = ctx.column(RISK)
    hits: dict[str, list[bool]] = defaultdict(list)
    for r, p in zip(ctx.records, risk, strict=True):
        if family_group(r) in TACTICS and annotates(r, RISK) and has_label(r, RISK):
            hits[r["template_family"]].append(bool(p >= threshold))
    return {fam: {"n": len(v), "recall": float(np.mean(v))} for fam, v in sorted(hits.items())}


def conversation_level(ctx: EvalContext) -> dict:
    out = {}
    for preset in ctx.presets:
        outcomes = ctx.outcomes(preset)
        grooming = [o for o in outcomes if o.grooming == 1]
        benign = [o for o in outcomes if o.grooming == 0]
        by_type: dict[str, list[bool]] = defaultdict(list)
        for o in outcomes:
            if o.grooming in (0, 1):
                by_type[o.conversation_type].append(o.alerted)
        out[preset] = {
            "threshold": ctx.scorer.conversation_threshold(preset),
            "recall": share([o.alerted for o in grooming]),
            "recall_groomer": share([o.first_alert_index("adult") is not None for o in grooming]),
            # the alert must point at the adult: the child's own side alerted is an error even when the adult's is too
            "child_alerted": share([o.first_alert_index("child") is not None for o in grooming]),
            "false_alert_rate": share([o.alerted for o in benign]),
            "by_conversation_type": {t: share(v) for t, v in sorted(by_type.items())},
        }
    return out


def messages_in_context(ctx: EvalContext) -> dict:
    """Per preset, the share of messages flagged on their risk in their conversation (the CLI's ``flagged``): the
    adult's and the child's lines of grooming conversations, and every line of benign conversations."""
    grooming = np.array([r.get("conversation_grooming") == 1 for r in ctx.records], dtype=bool)
    benign = np.array([r.get("conversation_grooming") == 0 for r in ctx.records], dtype=bool)
    adult = np.array([r.get("sender_role") == "adult" for r in ctx.records], dtype=bool)
    out = {}
    for preset in ctx.presets:
        flagged = ctx.flagged_in_context(preset)
        out[preset] = {
            "threshold": ctx.scorer.context_threshold(preset),
            "groomer_lines": share(flagged[grooming & adult]),
            "child_lines_of_grooming": share(flagged[grooming & ~adult]),
            "benign_conversation_lines": share(flagged[benign]),
        }
    return out


def run(ctx: EvalContext) -> dict:
    mask, y = label_arrays(ctx.records, RISK)
    return {
        "records": len(ctx.records),
        "conversations": len(ctx.conversations),
        "message": message_level(ctx),
        "calibration_grooming_risk": calibration(y, ctx.column(RISK)[mask]),
        "tactic_family_recall_balanced": family_recall(ctx),
        "conversation": conversation_level(ctx),
        "messages_in_context": messages_in_context(ctx),
    }
