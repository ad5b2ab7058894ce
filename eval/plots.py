"""PNG plots of an evaluation run (matplotlib, Agg backend): written by ``python -m groomguard.eval`` unless
``--no-plots``.

- ``pr_curves.png``: precision-recall curve per label, with the three presets' operating points;
- ``calibration_grooming_risk.png``: reliability curve of message ``grooming_risk``;
- ``first_alert_hist.png``: messages until the groomer's first alert (balanced preset);
- ``tactic_family_recall.png``: ``grooming_risk`` recall per tactic template family (balanced preset).
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from groomguard.eval.data import RISK
from groomguard.eval.scoring import EvalContext
from groomguard.eval.suites.synthetic import label_arrays

MARKERS = {"high_precision": "^", "balanced": "o", "high_recall": "s"}
#: Fixed PNG metadata, so the files carry no creation time.
META = {"Software": "groomguard.eval"}


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata=META)
    plt.close(fig)
    return path


def pr_curves(ctx: EvalContext, path: Path) -> Path:
    from sklearn.metrics import precision_recall_curve

    labels = list(ctx.scorer.labels)
    cols = 4
    rows = math.ceil(len(labels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3.3 * rows), squeeze=False)
    for ax, label in zip(axes.flat, labels, strict=False):
        mask, y = label_arrays(ctx.records, label)
        scores = ctx.column(label)[mask]
        ax.set_title(label, fontsize=10)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("recall")
        ax.set_ylabel("precision")
        if not y.any() or y.all():
            ax.text(0.5, 0.5, "no positives" if not y.any() else "no negatives", ha="center")
            continue
        precision, recall, _ = precision_recall_curve(y, scores)
        ax.plot(recall, precision, lw=1.2)
        for preset, marker in MARKERS.items():
            pred = scores >= ctx.scorer.message_threshold(label, preset)
            tp = float((pred & y).sum())
            p = tp / pred.sum() if pred.sum() else 1.0
            ax.plot([tp / y.sum()], [p], marker=marker, ls="", label=preset)
    for ax in list(axes.flat)[len(labels) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7, loc="lower left")
    fig.suptitle("Precision-recall per label (synthetic test families)")
    return _save(fig, path)


def calibration_plot(table: dict, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    bins = table.get("bins", [])
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="perfect")
    ax.plot(
        [b["mean_predicted"] for b in bins], [b["fraction_positive"] for b in bins], marker="o", label="grooming_risk"
    )
    ax.set_xlabel("mean predicted probability")
    ax.set_ylabel("fraction positive")
    ax.set_title(f"Reliability of {RISK} (ECE {table.get('ece', 0):.3f})")
    ax.legend(loc="upper left")
    return _save(fig, path)


def first_alert_hist(histogram: dict[str, int], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ks = np.array([int(k) for k in histogram], dtype=int)
    counts = np.array(list(histogram.values()), dtype=int)
    if ks.size:
        ax.bar(ks, counts, width=1.0)
    ax.set_xlabel("messages until the groomer's first alert (k)")
    ax.set_ylabel("grooming conversations")
    ax.set_title("Early detection, balanced preset")
    return _save(fig, path)


def family_recall_plot(recall: dict[str, dict], path: Path) -> Path:
    items = sorted(recall.items(), key=lambda kv: (kv[1]["recall"], kv[0]))
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.22 * len(items) + 1)))
    ax.barh([k for k, _ in items], [v["recall"] for _, v in items])
    ax.set_xlim(0, 1)
    ax.set_xlabel("grooming_risk recall at balanced")
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title("Recall per tactic family (test families)")
    return _save(fig, path)


def write_plots(ctx: EvalContext | None, metrics: dict, out_dir: Path) -> list[tuple[str, str]]:
    """Every plot the metrics allow; returns (title, file name relative to the run folder)."""
    plots_dir = Path(out_dir) / "plots"
    plots_dir.mkdir(parents=True, exist_ok=True)
    made: list[tuple[str, str]] = []
    suites = metrics.get("suites", {})
    if ctx is not None and "synthetic" in suites:
        made.append(("Precision-recall per label", pr_curves(ctx, plots_dir / "pr_curves.png")))
        table = suites["synthetic"]["calibration_grooming_risk"]
        made.append(
            ("Calibration of grooming_risk", calibration_plot(table, plots_dir / "calibration_grooming_risk.png"))
        )
        recall = suites["synthetic"]["tactic_family_recall_balanced"]
        made.append(("Recall per tactic family", family_recall_plot(recall, plots_dir / "tactic_family_recall.png")))
    if "early_detection" in suites:
        hist = suites["early_detection"]["first_alert_histogram_balanced"]
        made.append(("Messages until first alert", first_alert_hist(hist, plots_dir / "first_alert_hist.png")))
    return [(title, str(p.relative_to(out_dir))) for title, p in made]
