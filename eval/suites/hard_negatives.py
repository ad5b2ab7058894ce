"""Suite ``hard_negatives``: benign twins (the same words as a tactic, harmless context) must not fire.

    python -m groomguard.eval --model model --data build/data --out eval/results --suite hard_negatives

Message level: the share of benign-twin test messages (template_family group ``twin_<label>``) whose
``grooming_risk`` reaches each preset's threshold, overall, per twin group (the label it mirrors) and for the 15
worst twin families at the balanced preset; and the share flagged on their risk in their conversation (the context
head, what the CLI's ``flagged`` is). Conversation level: the false-alert rate per benign conversation type.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from groomguard.eval.data import RISK, family_group
from groomguard.eval.metrics import share
from groomguard.eval.scoring import EvalContext

NAME = "hard_negatives"
TWIN = "twin_"
WORST = 15


def twin_rows(records: list[dict]) -> np.ndarray:
    """Indices of benign-twin messages."""
    return np.array([i for i, r in enumerate(records) if family_group(r).startswith(TWIN)], dtype=np.int64)


def run(ctx: EvalContext) -> dict:
    rows = twin_rows(ctx.records)
    risk = ctx.column(RISK)[rows]
    groups = [family_group(ctx.records[i])[len(TWIN) :] for i in rows]
    families = [ctx.records[i]["template_family"] for i in rows]
    presets = {}
    for preset in ctx.presets:
        flagged = risk >= ctx.scorer.message_threshold(RISK, preset)
        by_group: dict[str, list[bool]] = defaultdict(list)
        for g, f in zip(groups, flagged, strict=True):
            by_group[g].append(bool(f))
        presets[preset] = {
            "flagged": share(flagged),
            "flagged_in_context": share(ctx.flagged_in_context(preset)[rows]),
            "by_mirrored_label": {g: share(v) for g, v in sorted(by_group.items())},
        }
    balanced = risk >= ctx.scorer.message_threshold(RISK, "balanced")
    by_family: dict[str, list[bool]] = defaultdict(list)
    for fam, f in zip(families, balanced, strict=True):
        by_family[fam].append(bool(f))
    ranked = sorted(by_family.items(), key=lambda kv: (-float(np.mean(kv[1])), -len(kv[1]), kv[0]))
    worst = [{"family": fam, **share(v)} for fam, v in ranked[:WORST]]
    conversations = {}
    for preset in ctx.presets:
        by_type: dict[str, list[bool]] = defaultdict(list)
        for o in ctx.outcomes(preset):
            if o.grooming == 0:
                by_type[o.conversation_type].append(o.alerted)
        conversations[preset] = {t: share(v) for t, v in sorted(by_type.items())}
    return {
        "twin_messages": len(rows),
        "presets": presets,
        "worst_families_balanced": worst,
        "benign_false_alert_rate_by_type": conversations,
    }
