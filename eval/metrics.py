"""The metric math of the evaluation suites, as small pure functions on numpy arrays (no model, no I/O).

Used by every suite in ``eval/suites/`` and tested on hand-made inputs in ``tests/eval/test_metrics.py``:

    from groomguard.eval.metrics import prf_at, f_beta, espd_penalty, erde
    prf_at(y_true, scores, threshold)      # {"precision", "recall", "f1", "tp", "fp", "fn", "n"}

Formulas follow the published protocols: PAN 2012 (F_beta = (1+b^2)PR/(b^2 P+R); problem 1 F0.5, problem 2 F3), the
eSPD latency-weighted F1 of Vogt, Leser & Akbik (ACL 2021) and ERDE_o of Losada & Crestani (2016).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

#: eSPD latency penalty steepness: a 90-message delay costs 0.5 (Vogt et al. 2021).
ESPD_P = math.log(3) / 89


def safe_div(num: float, den: float) -> float:
    return float(num) / float(den) if den else 0.0


def f_beta(precision: float, recall: float, beta: float = 1.0) -> float:
    """F_beta = (1 + beta^2) P R / (beta^2 P + R); 0 when both are 0 (PAN 2012's official formula)."""
    b2 = beta * beta
    den = b2 * precision + recall
    return (1 + b2) * precision * recall / den if den else 0.0


def prf_counts(tp: int, fp: int, fn: int, beta: float = 1.0) -> dict[str, float]:
    precision = safe_div(tp, tp + fp)
    recall = safe_div(tp, tp + fn)
    out = {"precision": precision, "recall": recall, "tp": int(tp), "fp": int(fp), "fn": int(fn)}
    out["f1" if beta == 1.0 else f"f{beta:g}"] = f_beta(precision, recall, beta)
    return out


def prf_at(y_true: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of ``scores >= threshold`` against boolean ``y_true``."""
    y = np.asarray(y_true, dtype=bool)
    pred = np.asarray(scores) >= threshold
    tp = int((y & pred).sum())
    out = prf_counts(tp, int((~y & pred).sum()), int((y & ~pred).sum()))
    out["n"] = len(y)
    out["threshold"] = float(threshold)
    return out


def set_prf(predicted: Iterable, truth: Iterable, beta: float) -> dict[str, float]:
    """P/R/F_beta of a predicted set against a ground-truth set (PAN 2012 problems 1 and 2)."""
    predicted, truth = set(predicted), set(truth)
    tp = len(predicted & truth)
    out = prf_counts(tp, len(predicted) - tp, len(truth) - tp, beta)
    out["predicted"] = len(predicted)
    out["truth"] = len(truth)
    return out


def average_precision(y_true: np.ndarray, scores: np.ndarray) -> float | None:
    """PR-AUC as average precision (scikit-learn); None when there is no positive or no negative."""
    from sklearn.metrics import average_precision_score

    y = np.asarray(y_true, dtype=bool)
    if not y.any() or y.all():
        return None
    return float(average_precision_score(y, np.asarray(scores, dtype=np.float64)))


def roc_auc(y_true: Sequence[bool] | np.ndarray, scores: Sequence[float] | np.ndarray) -> float | None:
    """ROC-AUC as the Mann-Whitney statistic: P(positive > negative) + 0.5 P(tie), ties given average ranks.

    None when there is no positive or no negative. Pure numpy (no scikit-learn), so it runs on a runtime-only install.
    """
    y = np.asarray(y_true, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    if y.shape != s.shape:
        raise ValueError(f"{y.shape} labels for {s.shape} scores")
    n_pos = int(y.sum())
    n_neg = int(y.size) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = average_ranks(s)
    u = float(ranks[y].sum()) - n_pos * (n_pos + 1) / 2.0
    return u / (n_pos * n_neg)


def average_ranks(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """1-based ranks of ``values``; tied values share the mean of the ranks they span."""
    x = np.asarray(values, dtype=np.float64)
    order = np.argsort(x, kind="mergesort")
    sx = x[order]
    starts = np.flatnonzero(np.r_[True, sx[1:] != sx[:-1]]) if x.size else np.zeros(0, dtype=np.int64)
    stops = np.r_[starts[1:], x.size]
    ranks = np.empty(x.size, dtype=np.float64)
    ranks[order] = np.repeat((starts + 1 + stops) / 2.0, stops - starts)
    return ranks


def share(mask: Sequence[bool] | np.ndarray) -> dict[str, float]:
    """``{"n", "count", "share"}`` of a boolean sequence."""
    arr = np.asarray(mask, dtype=bool)
    return {"n": int(arr.size), "count": int(arr.sum()), "share": safe_div(arr.sum(), arr.size)}


def calibration(y_true: np.ndarray, probs: np.ndarray, bins: int = 10) -> dict:
    """Reliability table over ``bins`` equal-width bins, expected calibration error and Brier score."""
    y = np.asarray(y_true, dtype=np.float64)
    p = np.clip(np.asarray(probs, dtype=np.float64), 0.0, 1.0)
    which = np.minimum((p * bins).astype(int), bins - 1)
    table = []
    ece = 0.0
    for b in range(bins):
        m = which == b
        if not m.any():
            continue
        mean_p, frac = float(p[m].mean()), float(y[m].mean())
        ece += m.sum() / len(p) * abs(mean_p - frac)
        table.append({"bin": b, "n": int(m.sum()), "mean_predicted": mean_p, "fraction_positive": frac})
    brier = float(np.mean((p - y) ** 2)) if len(p) else 0.0
    return {"bins": table, "ece": float(ece), "brier": brier}


def espd_penalty(k: float | np.ndarray, p: float = ESPD_P) -> float | np.ndarray:
    """eSPD latency penalty of a first warning at message number ``k`` (1-based): -1 + 2 / (1 + e^(-p (k - 1)))."""
    return -1.0 + 2.0 / (1.0 + np.exp(-p * (np.asarray(k, dtype=np.float64) - 1.0)))


def espd_speed(latencies: Sequence[int]) -> float:
    """1 - median penalty over the latencies of correct warnings; 0 when there is none."""
    if not len(latencies):
        return 0.0
    return float(1.0 - np.median(espd_penalty(np.asarray(latencies, dtype=np.float64))))


def espd_scores(tp: int, fp: int, fn: int, latencies: Sequence[int]) -> dict[str, float]:
    """Conversation-level precision/recall/F1, speed and F_latency = F1 x speed (Vogt et al. 2021)."""
    out = prf_counts(tp, fp, fn)
    out["speed"] = espd_speed(latencies)
    out["f_latency"] = out["f1"] * out["speed"]
    return out


def erde(outcomes: Sequence[tuple[int, int | None]], o: int, c_fp: float | None = None) -> float:
    """ERDE_o (Losada & Crestani 2016) over ``(truth, k)`` pairs, one per conversation.

    truth 1/0; k the message number (1-based) of the first alert, or None when never alerted. Costs: false positive
    ``c_fp`` (default: the share of positives, as in the eRisk lab), false negative 1, true positive at message k
    lc_o(k) = 1 - 1 / (1 + e^(k - o)), true negative 0. Returns the mean cost.
    """
    if not outcomes:
        return 0.0
    if c_fp is None:
        c_fp = sum(1 for t, _ in outcomes if t) / len(outcomes)
    total = 0.0
    for truth, k in outcomes:
        if truth and k is None:
            total += 1.0
        elif truth:
            total += _sigmoid(k - o)  # 1 - 1/(1+e^x) = sigmoid(x)
        elif k is not None:
            total += c_fp
    return total / len(outcomes)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def first_window_warning(positive: Sequence[bool] | np.ndarray, s: int, last: int = 10) -> int | None:
    """Index of the first message at which at least ``s`` of the last ``last`` predictions are positive (eSPD)."""
    pos = np.asarray(positive, dtype=np.int64)
    if pos.size == 0:
        return None
    csum = np.concatenate(([0], np.cumsum(pos)))
    idx = np.arange(1, pos.size + 1)
    window = csum[idx] - csum[np.maximum(idx - last, 0)]
    hits = np.flatnonzero(window >= s)
    return int(hits[0]) if hits.size else None


def describe(values: Sequence[float]) -> dict[str, float | None]:
    """n, mean, median, p10, p90, min, max of ``values`` (None when empty)."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.size == 0:
        return {"n": 0, "mean": None, "median": None, "p10": None, "p90": None, "min": None, "max": None}
    return {
        "n": int(arr.size),
        "mean": float(arr.mean()),
        "median": float(np.median(arr)),
        "p10": float(np.percentile(arr, 10)),
        "p90": float(np.percentile(arr, 90)),
        "min": float(arr.min()),
        "max": float(arr.max()),
    }


def clean(obj, digits: int = 6):
    """JSON-ready copy: numpy scalars to Python, floats rounded to ``digits``, NaN/inf to None, tuples to lists."""
    if isinstance(obj, dict):
        return {str(k): clean(v, digits) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [clean(v, digits) for v in obj]
    if isinstance(obj, np.ndarray):
        return [clean(v, digits) for v in obj.tolist()]
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        x = float(obj)
        if not math.isfinite(x):
            return None
        x = round(x, digits)
        return 0.0 if x == 0 else x
    return obj
