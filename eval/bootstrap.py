"""Confidence intervals of evaluation figures, by resampling whole units (conversations) with replacement.

Lines of one conversation are not independent (one offender writes many of them), so an interval that resamples lines
would be far too narrow. Here every figure is recomputed on ``RESAMPLES`` resamples of the units: each unit is drawn
with replacement, as many draws as its stratum holds units (strata: offender conversations, benign conversations of
each source, so every resample has the same mix as the data), and a unit drawn k times counts k times. The interval
is the percentile interval at ``LEVEL``: ``[lo, hi]`` holds the middle 95% of the resampled figures.

A figure is given as a function of the units' weights (1.0 each: the figure itself), built from ``UnitShare`` and
``WeightedAUC``, which equal ``metrics.share`` and ``metrics.roc_auc`` at weight 1 (tests check it). The seed is
fixed, so a result file is reproducible; the interval says how much the figure would move on another sample of
conversations like these, not how it would move on different kinds of chat.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

#: Resamples per interval, the interval's level and the seed of the draws.
RESAMPLES = 1000
LEVEL = 0.95
SEED = 20241206
#: An interval is given only when the figure is defined on at least this share of the resamples (an AUC is not
#: defined on a resample without a positive or without a negative).
MIN_DEFINED = 0.95

Figures = Callable[[np.ndarray], dict[str, float | None]]


def unit_draws(strata: Sequence[object], resamples: int, seed: int) -> Iterator[np.ndarray]:
    """``resamples`` arrays of float64, one per resample: how often each unit is drawn, within its stratum (one at a
    time: a matrix of every resample would take gigabytes for a large file's conversations)."""
    labels = np.asarray([str(s) for s in strata])
    groups = [np.flatnonzero(labels == stratum) for stratum in sorted(set(labels.tolist()))]
    rng = np.random.default_rng(seed)
    for _ in range(resamples):
        draws = np.zeros(labels.size)
        for idx in groups:
            draws[idx] = rng.multinomial(idx.size, np.full(idx.size, 1.0 / idx.size))
        yield draws


def intervals(
    strata: Sequence[object],
    figures: Figures,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
) -> dict[str, list[float] | None]:
    """``{name: [lo, hi]}`` of each figure ``figures(weights)`` returns (``weights``: one float per unit), over
    ``resamples`` resamples of the units; None for a figure defined on fewer than ``MIN_DEFINED`` of them."""
    if resamples < 1:
        raise ValueError("resamples must be at least 1")
    if not 0.0 < level < 1.0:
        raise ValueError("level must be between 0 and 1")
    values: dict[str, list[float]] = {}
    for weights in unit_draws(strata, resamples, seed):
        for name, value in figures(weights).items():
            values.setdefault(name, []).append(np.nan if value is None else float(value))
    out: dict[str, list[float] | None] = {}
    tail = (1.0 - level) / 2.0
    for name, vals in values.items():
        v = np.asarray(vals)
        v = v[np.isfinite(v)]
        if v.size < MIN_DEFINED * resamples:
            out[name] = None
            continue
        lo, hi = np.quantile(v, [tail, 1.0 - tail])
        out[name] = [float(lo), float(hi)]
    return out


class UnitShare:
    """The share of items with a true ``value``, each item counted as often as its unit is drawn (None when no item
    is): the items are summed per unit once, so each call is two dot products over the units, whatever their number."""

    def __init__(self, units: np.ndarray, values: np.ndarray, n_units: int) -> None:
        units = np.asarray(units, dtype=np.int64)
        self._true = np.bincount(units, weights=np.asarray(values, dtype=np.float64), minlength=n_units)
        self._all = np.bincount(units, minlength=n_units).astype(np.float64)

    def __call__(self, unit_weights: np.ndarray) -> float | None:
        total = float(unit_weights @ self._all)
        return float(unit_weights @ self._true) / total if total > 0 else None


class WeightedAUC:
    """ROC-AUC of positive vs negative items (the Mann-Whitney statistic, ties counted half), each item counted as
    often as its weight says. The items are sorted once; each call is a few passes over them."""

    def __init__(self, scores: np.ndarray, positive: np.ndarray) -> None:
        scores = np.asarray(scores, dtype=np.float64)
        positive = np.asarray(positive, dtype=bool)
        if scores.shape != positive.shape:
            raise ValueError(f"{positive.shape} labels for {scores.shape} scores")
        order = np.argsort(scores, kind="mergesort")
        s = scores[order]
        new = np.r_[True, s[1:] != s[:-1]] if s.size else np.zeros(0, dtype=bool)
        self._group = np.empty(s.size, dtype=np.int64)  # each item's group of tied scores, ascending
        self._group[order] = np.cumsum(new) - 1
        self._groups = int(new.sum())
        self._positive = positive

    def __call__(self, weights: np.ndarray) -> float | None:
        """The AUC with item ``i`` counted ``weights[i]`` times; None without positive or negative weight."""
        weights = np.asarray(weights, dtype=np.float64)
        pos = np.bincount(self._group, weights=weights * self._positive, minlength=self._groups)
        neg = np.bincount(self._group, weights=weights * ~self._positive, minlength=self._groups)
        n_pos, n_neg = float(pos.sum()), float(neg.sum())
        if n_pos <= 0 or n_neg <= 0:
            return None
        below = np.cumsum(neg) - neg  # negative weight strictly below each group
        return float(pos @ (below + 0.5 * neg)) / (n_pos * n_neg)
