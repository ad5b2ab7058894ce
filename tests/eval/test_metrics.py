"""The metric math of the evaluation suites, on hand-made inputs with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from groomguard.eval.metrics import (
    average_precision,
    calibration,
    clean,
    describe,
    erde,
    espd_penalty,
    espd_scores,
    espd_speed,
    f_beta,
    first_window_warning,
    prf_at,
    set_prf,
)


def test_espd_penalty_values():
    assert espd_penalty(1) == pytest.approx(0.0, abs=1e-12)
    assert espd_penalty(90) == pytest.approx(0.5, abs=1e-12)  # p = ln 3 / 89: a 90-message delay costs 0.5
    assert espd_penalty(10_000) == pytest.approx(1.0, abs=1e-6)
    assert np.all(np.diff(espd_penalty(np.arange(1, 500))) > 0)


def test_espd_speed_and_f_latency():
    assert espd_speed([1, 1, 1]) == pytest.approx(1.0)
    assert espd_speed([1, 90, 90]) == pytest.approx(0.5)  # median penalty 0.5
    assert espd_speed([]) == 0.0
    row = espd_scores(tp=3, fp=1, fn=1, latencies=[1, 90, 90])
    assert row["f1"] == pytest.approx(0.75)
    assert row["f_latency"] == pytest.approx(0.375)


def test_f_beta_official_formula():
    assert f_beta(0.5, 1.0, 0.5) == pytest.approx(1.25 * 0.5 / (0.25 * 0.5 + 1.0))
    assert f_beta(0.25, 1.0, 0.5) == pytest.approx(0.3125 / 1.0625)
    assert f_beta(2 / 7, 1.0, 3.0) == pytest.approx(0.8)
    assert f_beta(0.6, 0.6, 1.0) == pytest.approx(0.6)
    assert f_beta(0.0, 0.0, 0.5) == 0.0
    # F0.5 weighs precision more, F3 weighs recall more
    assert f_beta(0.9, 0.3, 0.5) > f_beta(0.3, 0.9, 0.5)
    assert f_beta(0.3, 0.9, 3.0) > f_beta(0.9, 0.3, 3.0)


def test_set_prf_keys():
    row = set_prf({"a", "b", "c", "d"}, {"a", "x"}, 0.5)
    assert (row["tp"], row["fp"], row["fn"]) == (1, 3, 1)
    assert row["precision"] == pytest.approx(0.25) and row["recall"] == pytest.approx(0.5)
    assert row["f0.5"] == pytest.approx(f_beta(0.25, 0.5, 0.5))
    assert set_prf(set(), {"a"}, 3.0)["f3"] == 0.0


def test_erde_costs():
    # one TP at k = o costs 0.5; a FN costs 1; a FP costs c_fp; a TN costs 0
    assert erde([(1, 5)], 5) == pytest.approx(0.5)
    assert erde([(1, None)], 5) == pytest.approx(1.0)
    assert erde([(0, 3)], 5, c_fp=0.2) == pytest.approx(0.2)
    assert erde([(0, None)], 5) == 0.0
    early = 1 - 1 / (1 + math.exp(1 - 50))
    assert erde([(1, 1), (0, None)], 50) == pytest.approx(early / 2)
    # default c_fp is the share of positives: 1 of 4 here
    assert erde([(1, None), (0, 1), (0, None), (0, None)], 5) == pytest.approx((1 + 0.25) / 4)
    # huge k does not overflow
    assert erde([(1, 100_000)], 5) == pytest.approx(1.0)
    assert erde([], 5) == 0.0


def test_prf_at_threshold():
    y = np.array([1, 1, 0, 0, 1], dtype=bool)
    s = np.array([0.9, 0.4, 0.6, 0.1, 0.5])
    row = prf_at(y, s, 0.5)
    assert (row["tp"], row["fp"], row["fn"]) == (2, 1, 1)
    assert row["precision"] == pytest.approx(2 / 3) and row["recall"] == pytest.approx(2 / 3)
    assert row["f1"] == pytest.approx(2 / 3)
    assert prf_at(y, s, 0.95)["precision"] == 0.0  # nothing predicted: precision 0, not a crash


def test_average_precision():
    assert average_precision([0, 1, 1], [0.1, 0.8, 0.9]) == pytest.approx(1.0)
    assert average_precision([1, 0], [0.1, 0.9]) == pytest.approx(0.5)
    assert average_precision([0, 0], [0.1, 0.9]) is None


def test_first_window_warning():
    pos = [0, 1, 0, 1, 1, 0, 0, 0]
    assert first_window_warning(pos, 1) == 1
    assert first_window_warning(pos, 3) == 4
    assert first_window_warning(pos, 4) is None
    assert first_window_warning([1, 1, 0, 0, 1], 2, last=2) == 1
    assert first_window_warning([1, 0, 0, 1], 2, last=2) is None
    assert first_window_warning([], 1) is None


def test_calibration_perfect_and_biased():
    y = np.array([0, 0, 1, 1])
    perfect = calibration(y, np.array([0.0, 0.0, 1.0, 1.0]))
    assert perfect["ece"] == pytest.approx(0.0) and perfect["brier"] == pytest.approx(0.0)
    biased = calibration(np.array([0, 0]), np.array([0.95, 0.95]))
    assert biased["ece"] == pytest.approx(0.95)
    assert biased["bins"] == [{"bin": 9, "n": 2, "mean_predicted": 0.95, "fraction_positive": 0.0}]


def test_describe_and_clean():
    d = describe([1, 2, 3, 100])
    assert d["median"] == 2.5 and d["n"] == 4 and d["max"] == 100
    assert describe([])["median"] is None
    out = clean({"a": np.float32(0.1234567891), "b": (np.int64(3), float("nan")), 2: np.bool_(True), "z": -0.0})
    assert out == {"a": 0.123457, "b": [3, None], "2": True, "z": 0.0}


def test_roc_auc_hand_cases():
    from groomguard.eval.metrics import roc_auc

    assert roc_auc([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1]) == pytest.approx(1.0)
    assert roc_auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]) == pytest.approx(0.0)
    assert roc_auc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]) == pytest.approx(0.5)
    # pairs (pos, neg): 0.8>0.4, 0.8>0.2, 0.4=0.4 (half), 0.4>0.2 -> 3.5 / 4
    assert roc_auc([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.2]) == pytest.approx(0.875)
    assert roc_auc([1, 1], [0.3, 0.4]) is None and roc_auc([0], [0.3]) is None and roc_auc([], []) is None


def test_roc_auc_matches_scikit_learn_with_ties():
    from sklearn.metrics import roc_auc_score

    from groomguard.eval.metrics import roc_auc

    rng = np.random.default_rng(0)
    y = rng.random(500) < 0.3
    s = np.round(rng.random(500) + 0.3 * y, 1)  # coarse rounding: many ties
    assert roc_auc(y, s) == pytest.approx(roc_auc_score(y, s), abs=1e-12)
