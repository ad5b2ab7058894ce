"""The PAN 2012 suite on tiny fixtures (our own copy in tests/eval/fixtures/pan12, non-explicit text).

Fixture: 3 test conversations, 10 non-empty messages (one empty message is skipped), 5 authors; the problem-1 ground
truth lists pred01 (in the corpus) and pred99 (not); problem 2 lists 3 lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from groomguard.eval.metrics import f_beta
from groomguard.eval.report import headline, render_report
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


def test_a_copy_not_of_the_official_sizes_is_not_called_official(tiny_scorer):
    out = pan12.run(tiny_scorer, FIXTURES)  # the fixture is 3 conversations, not the official 155,128
    assert out["matches_official"] is False
    assert out["official_check"]["conversations"] == {"found": 3, "official": 155_128}
    assert "not the official test" in out["protocol"] and "differs from the official sizes" in out["warnings"][0]
    (name,) = headline({"pan12": out})
    assert "official test" not in name and "differing from the official sizes" in name
    report = render_report({"model_version": "x", "seed": 1, "suites": {"pan12": out}, "headline": {}}, {}, [])
    assert "## PAN 2012 (official test set)" not in report and "**Warning:**" in report


def test_a_copy_of_the_official_sizes_is_official(tiny_scorer, monkeypatch):
    sizes = {"conversations": 3, "messages": 11, "authors": 5, "predators": 2, "problem2_lines": 3}
    monkeypatch.setitem(loader.OFFICIAL_SIZES, "test", sizes)
    out = pan12.run(tiny_scorer, FIXTURES)
    assert out["matches_official"] is True and out["official_check"] == {} and "warnings" not in out
    assert out["protocol"].startswith("official PAN 2012 test set")
    assert list(headline({"pan12": out})) == ["PAN 2012 problem 1 F0.5 (official test)"]


def test_cli_warns_on_stderr_about_a_copy_not_of_the_official_sizes(tiny_model_dir, tmp_path, capsys):
    from groomguard.eval.__main__ import main

    args = ["--model", str(tiny_model_dir), "--pan12", str(FIXTURES), "--suite", "pan12", "--no-plots"]
    assert main([*args, "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "warning: the PAN 2012 test copy differs from the official sizes" in captured.err
    assert "(official test)" not in captured.out
