"""The context head (training/context_head.py): its fit, its thresholds, and the graph computing what training did."""

from __future__ import annotations

import numpy as np
import pytest

from groomguard.runtime.conversation import N_FEATURES
from groomguard.runtime.scorer import Scorer
from groomguard.training.context_head import EPS, ContextRows, context_risk, fit_context_head, message_logit


def _rows(message: np.ndarray, conv: np.ndarray, y: np.ndarray) -> ContextRows:
    return ContextRows(np.column_stack([message, conv]).astype(np.float64), y.astype(int))


def test_both_inputs_that_carry_the_label_get_positive_weights():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 4000)
    message = rng.normal(y * 1.0, 1.0)  # weakly informative
    conv = rng.normal(y * 3.0, 1.0)  # strongly informative
    (a, b), _ = fit_context_head(_rows(message, conv, y), C=1.0)
    assert b > a > 0


def test_a_weight_that_would_be_negative_is_held_at_zero():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 4000)
    conv = rng.normal(-2.0 * y, 1.0)  # a riskier sender "lowers" risk here: the head must not learn that
    (a, b), _ = fit_context_head(_rows(rng.normal(y * 2.0, 1.0), conv, y), C=1.0)
    assert a > 0 and b == 0.0


def test_one_class_falls_back_to_the_message_alone():
    weights, bias = fit_context_head(_rows(np.zeros(5), np.ones(5), np.zeros(5)), C=1.0)
    assert weights.tolist() == [1.0, 0.0] and bias == 0.0
    p = np.array([0.0, 0.2, 0.7, 1.0])
    rows = _rows(message_logit(p), np.zeros(4), np.zeros(4))
    assert np.allclose(context_risk(rows, weights, bias), np.clip(p, EPS, 1 - EPS), atol=1e-6)


def test_message_logit_is_clipped_and_finite():
    z = message_logit(np.array([0.0, 0.5, 1.0]))
    assert np.isfinite(z).all() and z[1] == 0.0 and z[0] == pytest.approx(-z[2], rel=1e-3)


def test_fitted_head_and_thresholds_are_in_the_model(tiny_trained):
    model, _ = tiny_trained
    assert (np.asarray(model.context_weights) >= 0).all() and len(model.context_weights) == 2
    th = model.thresholds["context"]
    assert set(th) == {"high_precision", "balanced", "high_recall"}
    assert 0 <= th["high_recall"] <= th["balanced"] <= th["high_precision"] <= 1


def test_graph_computes_the_context_head_as_training_does(tiny_trained, tiny_model_dir):
    model, _ = tiny_trained
    scorer = Scorer(tiny_model_dir)
    rng = np.random.default_rng(2)
    features = rng.random((64, N_FEATURES)).astype(np.float32)
    message = rng.random(64).astype(np.float32)
    message[:3] = [0.0, 1.0, 0.5]  # the clipped ends
    conv, context = scorer.conversation_and_context(features, message)
    conv_logit = features.astype(np.float64) @ np.asarray(model.conv_weights, np.float64) + model.conv_bias
    assert np.allclose(conv, 1 / (1 + np.exp(-conv_logit)), atol=1e-5)
    expected = context_risk(
        ContextRows(np.column_stack([message_logit(message), conv_logit]), np.zeros(64, dtype=int)),
        model.context_weights,
        model.context_bias,
    )
    assert np.allclose(context, expected, atol=1e-5)
    # conversation_risk alone gives the same conversation head
    assert np.allclose(scorer.conversation_risk(features), conv, atol=1e-7)


def test_conversation_and_context_refuses_mismatched_rows(tiny_scorer):
    with pytest.raises(ValueError, match="message risks"):
        tiny_scorer.conversation_and_context(np.zeros((3, N_FEATURES)), [0.1, 0.2])
