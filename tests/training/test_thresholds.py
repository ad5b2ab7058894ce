"""Preset thresholds (training/thresholds.py): each rule on hand-made scores with known answers."""

from __future__ import annotations

import numpy as np

from groomguard.training.thresholds import (
    CONVERSATION_TARGETS,
    context_thresholds,
    conversation_thresholds,
    message_thresholds,
)


def _scores():
    # 100 harmless lines scored 0.00..0.99; 20 positives: 10 clearly high, 10 hidden among the harmless (0.05..0.50)
    harmless = np.arange(100) / 100
    positives = np.r_[np.full(10, 0.995), np.linspace(0.05, 0.50, 10)]
    y = np.r_[np.zeros(100, bool), np.ones(20, bool)]
    return y, np.r_[harmless, positives]


def test_message_high_recall_reaches_the_recall_target_whatever_it_flags():
    y, score = _scores()
    th = message_thresholds(y, score)
    assert (score[y] >= th["high_recall"]).mean() >= 0.95
    assert (score[~y] >= th["high_recall"]).mean() > 0.5  # the price: most harmless lines


def test_context_high_recall_is_capped_by_the_false_positive_rate():
    y, score = _scores()
    th = context_thresholds(y, score)
    assert (score[~y] >= th["high_recall"]).mean() <= 0.05
    assert th["high_recall"] > message_thresholds(y, score)["high_recall"]
    assert th["high_precision"] >= th["balanced"] >= th["high_recall"]
    # where the recall target is met within the cap, the cap changes nothing
    easy = np.r_[np.arange(100) / 1000, np.full(20, 0.99)]
    assert context_thresholds(y, easy)["high_recall"] == message_thresholds(y, easy)["high_recall"]


def test_conversation_high_recall_is_capped_by_the_false_alert_rate():
    # the conversations' highest running risks: 100 benign at 0.00..0.99, 20 grooming (10 high, 10 hidden low)
    y, peak = _scores()
    th = conversation_thresholds(y, peak)
    cap = CONVERSATION_TARGETS["high_recall"]["false_alert_rate"]
    assert (peak[~y] >= th["high_recall"]).mean() <= cap
    # uncapped, reaching 98% of grooming conversations would alert 95% of benign ones; the price now is recall
    assert (peak[y] >= th["high_recall"]).mean() < CONVERSATION_TARGETS["high_recall"]["recall"]
    assert th["high_precision"] >= th["balanced"] >= th["high_recall"]


def test_the_conversation_cap_changes_nothing_where_recall_is_reached_within_it():
    benign = np.arange(100) / 100
    grooming = np.linspace(0.97, 0.999, 20)  # the recall target's threshold: 0.97, alerting 3% of benign
    y = np.r_[np.zeros(100, bool), np.ones(20, bool)]
    assert conversation_thresholds(y, np.r_[benign, grooming])["high_recall"] == 0.97


def test_without_benign_conversations_the_cap_is_not_applied():
    grooming = np.linspace(0.1, 0.3, 20)
    th = conversation_thresholds(np.ones(20, bool), grooming)
    assert th["high_recall"] == grooming[0]  # the recall target's threshold (98% of 20: all but none), not a cap's


def test_conversation_false_alert_caps_hold_within_each_length_kind():
    # 1,000 short benign conversations score low, 100 very long ones higher (the count), 50 grooming ones high
    short, very_long = np.linspace(0.0, 0.5, 1000), np.linspace(0.5, 0.99, 100)
    y = np.r_[np.zeros(1100, bool), np.ones(50, bool)]
    peak = np.r_[short, very_long, np.full(50, 0.995)]
    kinds = np.array(["written"] * 1000 + ["very_long"] * 100 + ["written"] * 50)
    pooled, per_kind = conversation_thresholds(y, peak), conversation_thresholds(y, peak, kinds)
    assert (very_long >= pooled["balanced"]).mean() > 0.1  # pooled, the 1% budget (11 alerts) all goes to them
    for preset in ("high_precision", "balanced", "high_recall"):
        rate = CONVERSATION_TARGETS[preset]["false_alert_rate"]
        assert (very_long >= per_kind[preset]).mean() <= rate and (short >= per_kind[preset]).mean() <= rate
    assert conversation_thresholds(y, peak, np.full(len(y), "written")) == pooled  # one kind: as before
