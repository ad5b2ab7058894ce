"""Intervals by resampling units: the weighted figures equal the plain ones, draws stay in their strata, intervals
behave (a constant figure, more units, undefined figures, bad arguments)."""

from __future__ import annotations

import numpy as np
import pytest

from groomguard.eval import bootstrap
from groomguard.eval.metrics import roc_auc, share


def test_weighted_auc_equals_roc_auc_at_weight_one_and_on_repeated_items():
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 6, size=300) / 5.0  # many ties
    positive = rng.random(300) < 0.3
    auc = bootstrap.WeightedAUC(scores, positive)
    assert auc(np.ones(300)) == pytest.approx(roc_auc(positive, scores), abs=1e-12)
    counts = rng.integers(0, 4, size=300)
    expanded = roc_auc(np.repeat(positive, counts), np.repeat(scores, counts))
    assert auc(counts.astype(float)) == pytest.approx(expanded, abs=1e-12)


def test_weighted_auc_by_hand_and_undefined():
    auc = bootstrap.WeightedAUC(np.array([0.9, 0.5, 0.5, 0.1]), np.array([True, True, False, False]))
    # positives 0.9, 0.5 vs negatives 0.5, 0.1: pairs 1 + 1 + 0.5 + 1 = 3.5 of 4
    assert auc(np.ones(4)) == pytest.approx(3.5 / 4)
    # the 0.5 positive counted twice: 1 + 1 + 2 * (0.5 + 1) = 5 of 6
    assert auc(np.array([1.0, 2.0, 1.0, 1.0])) == pytest.approx(5 / 6)
    assert auc(np.array([1.0, 1.0, 0.0, 0.0])) is None  # no negative weight
    with pytest.raises(ValueError):
        bootstrap.WeightedAUC(np.zeros(3), np.zeros(2, dtype=bool))


def test_weighted_share_equals_share():
    values = np.array([True, False, True, True, False])
    assert weighted_share(np.ones(5), values) == pytest.approx(share(values)["share"])
    assert weighted_share(np.array([2.0, 0, 0, 0, 2.0]), values) == pytest.approx(0.5)
    assert weighted_share(np.zeros(5), values) is None


def weighted_share(weights: np.ndarray, values: np.ndarray) -> float | None:
    """The weighted mean of ``values``: a ``UnitShare`` whose every item is a unit of its own."""
    return bootstrap.UnitShare(np.arange(len(values)), values, len(values))(np.asarray(weights, dtype=float))


def test_unit_share_sums_items_per_unit():
    units = np.array([0, 0, 1, 2, 2, 2])
    values = np.array([True, False, True, False, False, True])
    share_of = bootstrap.UnitShare(units, values, n_units=4)  # unit 3 holds no item
    assert share_of(np.ones(4)) == pytest.approx(3 / 6)
    weights = np.array([2.0, 0.0, 1.0, 5.0])  # unit 0 twice, unit 1 never
    assert share_of(weights) == pytest.approx(weighted_share(weights[units], values))
    assert share_of(np.array([0.0, 0.0, 0.0, 3.0])) is None


def test_draws_stay_in_their_strata_and_are_seeded():
    strata = ["a", "a", "b", "a", "b", "c"]
    draws = np.array(list(bootstrap.unit_draws(strata, 200, seed=3)))
    assert draws.shape == (200, 6)
    assert (draws[:, [0, 1, 3]].sum(axis=1) == 3).all()  # each stratum drawn as many times as it holds units
    assert (draws[:, [2, 4]].sum(axis=1) == 2).all()
    assert (draws[:, 5] == 1).all()
    assert (draws == np.array(list(bootstrap.unit_draws(strata, 200, seed=3)))).all()
    assert not (draws == np.array(list(bootstrap.unit_draws(strata, 200, seed=4)))).all()


def test_intervals_constant_narrowing_and_undefined():
    values = np.array([0.0, 1.0] * 10)

    def mean(w: np.ndarray) -> dict:
        return {"mean": weighted_share(w, values), "constant": 0.25, "never": None}

    out = bootstrap.intervals(["s"] * 20, mean, resamples=400)
    assert out["constant"] == [0.25, 0.25]
    assert out["never"] is None  # defined on no resample
    lo, hi = out["mean"]
    assert lo < 0.5 < hi
    values = np.array([0.0, 1.0] * 80)  # eight times the units, the same mix: a narrower interval
    lo8, hi8 = bootstrap.intervals(["s"] * 160, mean, resamples=400)["mean"]
    assert hi8 - lo8 < (hi - lo) / 2


@pytest.mark.parametrize("kwargs", [{"resamples": 0}, {"level": 1.0}, {"level": 0.0}])
def test_intervals_reject_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        bootstrap.intervals(["s"], lambda w: {"x": 1.0}, **kwargs)
