"""Suite ``obfuscation``: recall of grooming messages when evaders disguise words, one perturbation at a time.

    python -m groomguard.eval --model model --data build/data --out eval/results --suite obfuscation

Takes the test messages positive for ``grooming_risk`` (a seeded sample of at most ``MAX_SAMPLE``), applies each
perturbation alone with its own seeded ``random.Random``, scores the results with the shipped model and reports
``grooming_risk`` recall at the balanced preset against the clean messages, and the drop. Perturbations: every function
in ``groomguard.training.synth.noise.OBFUSCATIONS`` at ``rate=1.0`` (every eligible word), plus ``typos`` (rate
``TYPO_RATE`` per word) and ``casing`` (one of all casing modes per message). The noise module is the perturbation
generator, not a model: nothing here scores with training objects.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np

from groomguard.eval.data import RISK, annotates, has_label
from groomguard.eval.scoring import EvalContext, score_texts
from groomguard.training.synth import noise

NAME = "obfuscation"
MAX_SAMPLE = 3000
TYPO_RATE = 0.3


def perturbations() -> dict[str, tuple[str, Callable[[str, random.Random], str]]]:
    """name -> (kind, f(text, rng)); kind is "obfuscation" or "noise"."""
    out: dict[str, tuple[str, Callable[[str, random.Random], str]]] = {}
    for name, fn in sorted(noise.OBFUSCATIONS.items()):
        out[name] = ("obfuscation", lambda text, rng, fn=fn: fn(text, rng, rate=1.0))
    out["typos"] = ("noise", lambda text, rng: noise.typos(text, rng, rate=TYPO_RATE))
    out["casing"] = ("noise", lambda text, rng: noise.casing(text, rng, rate=1.0, modes=noise.CASING_MODES))
    return out


def sample_positives(records: list[dict], seed: int, limit: int = MAX_SAMPLE) -> list[int]:
    """Sorted indices of at most ``limit`` grooming_risk-positive records, sampled with ``random.Random(seed)``."""
    rows = [i for i, r in enumerate(records) if annotates(r, RISK) and has_label(r, RISK)]
    if len(rows) > limit:
        rows = sorted(random.Random(f"{seed}:obfuscation").sample(rows, limit))
    return rows


def run(ctx: EvalContext, limit: int = MAX_SAMPLE) -> dict:
    rows = sample_positives(ctx.records, ctx.seed, limit)
    threshold = ctx.scorer.message_threshold(RISK, "balanced")
    clean_texts = [ctx.records[i]["text"] for i in rows]
    col = ctx.scorer.label_index[RISK]
    clean_risk = ctx.probs[rows, col] if rows else np.zeros(0)
    clean_recall = float(np.mean(clean_risk >= threshold)) if rows else 0.0
    results = {}
    for name, (kind, fn) in perturbations().items():
        rng = random.Random(f"{ctx.seed}:{name}")
        texts = [fn(t, rng) for t in clean_texts]
        risk = score_texts(ctx.scorer, texts)[:, col] if texts else np.zeros(0)
        recall = float(np.mean(risk >= threshold)) if texts else 0.0
        results[name] = {
            "kind": kind,
            "recall": recall,
            "drop": clean_recall - recall,
            "mean_risk": float(risk.mean()) if texts else 0.0,
            "changed": float(np.mean([a != b for a, b in zip(texts, clean_texts, strict=True)])) if texts else 0.0,
        }
    obfuscations = {k: v for k, v in results.items() if v["kind"] == "obfuscation"}
    worst = max(obfuscations, key=lambda k: (obfuscations[k]["drop"], k)) if obfuscations else None
    return {
        "n": len(rows),
        "threshold": threshold,
        "clean_recall": clean_recall,
        "clean_mean_risk": float(clean_risk.mean()) if rows else 0.0,
        "perturbations": results,
        "worst_obfuscation": worst,
        "worst_obfuscation_drop": obfuscations[worst]["drop"] if worst else 0.0,
    }
