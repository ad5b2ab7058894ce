"""The PAN 2012 suite on tiny fixtures (our own copy in tests/eval/fixtures/pan12, non-explicit text).

Fixture: 3 test conversations, 10 non-empty messages (one empty message is skipped), 5 authors; the problem-1 ground
truth lists pred01 (in the corpus) and pred99 (not); problem 2 lists 3 lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from groomguard.eval.metrics import f_beta
from groomguard.eval.suites import pan12
from groomguard.runtime import monitor
from groomguard.training.loaders import pan12 as loader

FIXTURES = Path(__file__).parent / "fixtures" / "pan12"


def _inputs():
    files = loader.find_pan12_files(FIXTURES)
    predators = loader.load_predators(files.test_problem1)
    problem2 = loader.load_problem2(files.test_problem2)
    return predators, problem2


def test_suite_on_fixtures_counts_and_protocol(tiny_scorer):
    out = pan12.run(tiny_scorer, FIXTURES)
    c = out["counts"]
    assert (c["conversations"], c["messages"], c["authors"]) == (3, 10, 5)
    assert (c["predators_ground_truth"], c["predators_in_corpus"], c["problem2_lines_ground_truth"]) == (2, 1, 3)
    assert out["load_problems"] == {"empty text": 1}
    assert out["problem1"]["truth"] == 2 and out["problem2"]["truth"] == 3
    assert 0.0 <= out["problem1"]["f0.5"] <= 1.0 and 0.0 <= out["problem2"]["f3"] <= 1.0
    assert out["published_best"]["problem1_f0.5"] == 0.9346
    assert "official" in out["protocol"]


def test_everyone_alerted_gives_the_official_scores(tiny_scorer, monkeypatch):
    # Every author alerted: threshold 0, and the rule that alerts only a conversation's leading sender switched off.
    monkeypatch.setattr(monitor, "_leads", lambda conv, risk: True)
    predators, problem2 = _inputs()
    records = loader.load_pan12(FIXTURES, split="test", report=lambda p: None)
    out = pan12.evaluate(tiny_scorer, records, predators, problem2, conversation_threshold=0.0, message_threshold=0.0)
    p1 = out["problem1"]  # all 5 authors predicted; 1 of the 2 true predators among them
    assert (p1["tp"], p1["fp"], p1["fn"]) == (1, 4, 1)
    assert p1["f0.5"] == pytest.approx(f_beta(0.2, 0.5, 0.5)) == pytest.approx(0.125 / 0.55)
    p2 = out["problem2"]  # all 10 lines predicted; the 3 true lines among them
    assert (p2["tp"], p2["fp"], p2["fn"]) == (3, 7, 0)
    assert p2["f3"] == pytest.approx(3 / 3.7)


def test_nobody_alerted_means_no_predicted_lines(tiny_scorer):
    predators, problem2 = _inputs()
    records = loader.load_pan12(FIXTURES, split="test", report=lambda p: None)
    out = pan12.evaluate(tiny_scorer, records, predators, problem2, conversation_threshold=1.0, message_threshold=0.0)
    assert out["problem1"]["predicted"] == 0 and out["problem2"]["predicted"] == 0
    assert out["problem1"]["f0.5"] == 0.0 and out["problem2"]["recall"] == 0.0


def test_missing_test_split_is_a_clear_error(tiny_scorer, tmp_path):
    with pytest.raises(FileNotFoundError, match="test"):
        pan12.run(tiny_scorer, tmp_path)
