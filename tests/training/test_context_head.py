"""The context head (training/context_head.py): its fit, its thresholds, and the graph computing what training did."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from groomguard.runtime.conversation import FEATURE_NAMES, N_FEATURES
from groomguard.runtime.scorer import Scorer
from groomguard.training.context_head import (
    COUNT_CAP,
    EPS,
    ContextRows,
    context_caps,
    context_risk,
    context_rows,
    count_feature,
    fit_context_head,
    message_logit,
    written_steps,
)


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
    read = np.minimum(features, model.context_caps).astype(np.float64)
    read_logit = read @ np.asarray(model.conv_weights, np.float64) + model.conv_bias
    expected = context_risk(
        ContextRows(np.column_stack([message_logit(message), read_logit]), np.zeros(64, dtype=int)),
        model.context_weights,
        model.context_bias,
    )
    assert np.allclose(context, expected, atol=1e-5)
    # conversation_risk alone gives the same conversation head
    assert np.allclose(scorer.conversation_risk(features), conv, atol=1e-7)


def test_conversation_and_context_refuses_mismatched_rows(tiny_scorer):
    with pytest.raises(ValueError, match="message risks"):
        tiny_scorer.conversation_and_context(np.zeros((3, N_FEATURES)), [0.1, 0.2])


def test_the_context_head_reads_the_message_count_only_up_to_its_cap():
    from groomguard.runtime.conversation import _LOG_COUNT

    caps = context_caps()
    own = FEATURE_NAMES.index("own_messages")
    assert np.isinf(np.delete(caps, own)).all()
    # the runtime's own_messages of a sender with COUNT_CAP messages is the cap: from there on it reads the same
    assert np.float32(_LOG_COUNT[COUNT_CAP]) == caps[own] == np.float32(count_feature(COUNT_CAP))
    assert np.float32(_LOG_COUNT[COUNT_CAP - 1]) < caps[own]


def test_fit_sets_what_the_context_head_reads(tiny_trained):
    model, _ = tiny_trained
    assert np.array_equal(model.context_caps, context_caps())


def test_a_long_chat_raises_the_alert_but_not_a_message_flag(tiny_trained, small_corpus_dir, tmp_path):
    """Past the cap, the graph's context risk does not move with the sender's message count; its conversation risk
    does. Below the cap it does."""
    from groomguard.training.export import export

    model = copy.deepcopy(tiny_trained[0])
    own = FEATURE_NAMES.index("own_messages")
    model.conv_weights = np.array(model.conv_weights, dtype=np.float64)
    model.conv_weights[own] = 3.0  # a count that reads as grooming, as 0.8.0's did (4.25)
    model.context_weights = np.array([1.0, 1.0])
    export(model, tmp_path, "0.0.1-test", ["hey how was school"])
    scorer = Scorer(tmp_path)
    risks = [0.05, 0.2, 0.5, 0.9]
    # what training computes (context_rows, the rows the head is fitted and thresholded on) is what the graph does
    from groomguard.training.conversation_head import Walked

    rng = np.random.default_rng(4)
    features = rng.random((64, N_FEATURES)).astype(np.float32)
    features[:32, own] = 1.0  # a hundred messages and more: past the cap
    message = rng.random(64).astype(np.float32)
    probs = np.zeros((64, len(model.labels) + 1))
    label_index = {label: j for j, label in enumerate(model.labels)}
    probs[:, label_index["grooming_risk"]] = message
    walked = Walked([], features, np.zeros(64, dtype=int), np.arange(64))
    rows = context_rows(walked, probs, label_index, model.conv_weights, model.conv_bias, model.context_caps)
    expected = context_risk(rows, model.context_weights, model.context_bias)
    assert np.allclose(scorer.conversation_and_context(features, message)[1], expected, atol=1e-5)
    uncapped = context_rows(walked, probs, label_index, model.conv_weights, model.conv_bias)
    assert not np.allclose(context_risk(uncapped, model.context_weights, model.context_bias), expected, atol=1e-3)

    base = np.random.default_rng(3).random((4, N_FEATURES)).astype(np.float32)
    out = {}
    for n in (1, COUNT_CAP, 100, 1000):
        features = base.copy()
        features[:, own] = count_feature(n)
        out[n] = scorer.conversation_and_context(features, risks)
    assert (out[100][0] > out[COUNT_CAP][0]).all()  # the alert reads the whole count
    assert np.array_equal(out[100][1], out[COUNT_CAP][1]) and np.array_equal(out[1000][1], out[COUNT_CAP][1])
    assert (out[COUNT_CAP][1] > out[1][1]).all()  # a first message is less evidence than fifteen


def test_thresholds_are_chosen_on_conversations_as_written_not_on_long_replays():
    from groomguard.training.conversation_head import Walked
    from groomguard.training.replays import LONG, Replay

    replays = [
        Replay("c1", False, (("a", 0, 0), ("b", 1, 0))),
        Replay(f"{LONG}c1", False, (("a", 0, 0), ("b", 5, 0), ("a", 1, 0))),
        Replay("c2:a", True, (("a", 2, 1),)),
        Replay(f"{LONG}c2:a", True, (("a", 2, 1), ("a", 6, 1))),
    ]
    walked = Walked(replays, np.zeros((8, N_FEATURES), np.float32), np.zeros(8, int), np.arange(8))
    assert written_steps(walked).tolist() == [True, True, False, False, False, True, False, False]
    empty = Walked([], np.zeros((0, N_FEATURES), np.float32), np.zeros(0, int), np.zeros(0, int))
    assert written_steps(empty).tolist() == []  # an empty thresholds half: the rules' defaults, not a crash
