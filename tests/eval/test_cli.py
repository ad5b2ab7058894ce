"""``python -m groomguard.eval`` end to end on the small corpus with the tiny model: files, layout, determinism."""

from __future__ import annotations

import json
import shutil

import pytest

from groomguard.eval.__main__ import build_parser, main, results_root
from groomguard.eval.publish import check_published, render_block, replace_block

PLOTS = ("pr_curves.png", "calibration_grooming_risk.png", "first_alert_hist.png", "tactic_family_recall.png")
HEADLINE = (
    "message grooming_risk PR-AUC",
    "conversation recall (balanced)",
    "benign conversation false-alert rate (balanced)",
    "benign-twin messages flagged, message alone (balanced)",
    "benign-twin messages flagged in their conversation (balanced)",
    "groomer messages flagged in their conversation (balanced)",
    "benign-conversation messages flagged in their conversation (balanced)",
    "eSPD F_latency (balanced)",
    "obfuscation worst recall drop (balanced)",
)


@pytest.fixture(scope="module")
def run_dir(tiny_model_dir, small_corpus_dir, tiny_trained, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    _, train_dir = tiny_trained
    args = ["--model", str(tiny_model_dir), "--data", str(small_corpus_dir), "--out", str(out)]
    assert main([*args, "--train-dir", str(train_dir)]) == 0
    return out / "0.0.1-test", args


def test_writes_metrics_report_and_plots(run_dir):
    folder, _ = run_dir
    metrics = json.loads((folder / "metrics.json").read_text())
    assert set(metrics) >= {"model_version", "headline", "suites", "baselines", "thresholds", "data", "seed"}
    assert set(metrics["suites"]) == {"synthetic", "hard_negatives", "obfuscation", "early_detection", "long_chats"}
    assert set(HEADLINE) <= set(metrics["headline"])
    for row in metrics["headline"].values():
        assert isinstance(row["value"], float) and isinstance(row["target"], str)
    report = (folder / "REPORT.md").read_text()
    assert report.index("not real-world accuracy") < report.index("## Headline") < report.index("## Baselines")
    for name in PLOTS:
        assert (folder / "plots" / name).stat().st_size > 1000
        assert f"(plots/{name})" in report
    assert "total_s" in json.loads((folder / "timing.json").read_text())
    assert metrics["baselines"]["sklearn"]["status"] == "ok"


def test_metrics_are_deterministic(run_dir, tmp_path):
    folder, args = run_dir
    args = [a if a != args[5] else str(tmp_path) for a in args]
    assert main([*args, "--no-plots", "--train-dir", str(tmp_path / "none")]) == 0
    again = json.loads((tmp_path / "0.0.1-test" / "metrics.json").read_text())
    first = json.loads((folder / "metrics.json").read_text())
    first["baselines"].pop("sklearn"), again["baselines"].pop("sklearn")  # the second run has no train dir
    assert again == first
    assert not (tmp_path / "0.0.1-test" / "plots").exists()


def test_same_args_give_byte_identical_metrics(run_dir, tmp_path, tiny_trained):
    folder, args = run_dir
    args = [a if a != args[5] else str(tmp_path) for a in args]
    assert main([*args, "--no-plots", "--train-dir", str(tiny_trained[1])]) == 0
    assert (tmp_path / "0.0.1-test" / "metrics.json").read_bytes() == (folder / "metrics.json").read_bytes()


def test_published_table_from_a_run_checks_clean(run_dir):
    folder, _ = run_dir
    metrics = json.loads((folder / "metrics.json").read_text())
    readme = replace_block("<!-- metrics:start -->\n<!-- metrics:end -->\n", render_block(metrics))
    assert check_published(readme, metrics) == []


def test_selected_suites_and_custom_only(tiny_model_dir, tmp_path):
    data = tmp_path / "mine.jsonl"
    data.write_text('{"text": "are you alone", "flag": "yes"}\n{"text": "good game", "flag": "no"}\n')
    args = ["--model", str(tiny_model_dir), "--data", str(tmp_path / "no_corpus"), "--out", str(tmp_path / "o")]
    assert main([*args, "--suite", "custom", "--data-file", str(data), "--label-field", "flag", "--no-plots"]) == 0
    metrics = json.loads((tmp_path / "o" / "0.0.1-test" / "metrics.json").read_text())
    assert list(metrics["suites"]) == ["custom"] and "baselines" not in metrics


def _custom_args(tiny_model_dir, tmp_path) -> list[str]:
    data = tmp_path / "mine.jsonl"
    data.write_text('{"text": "are you alone", "flag": "yes"}\n{"text": "good game", "flag": "no"}\n')
    return ["--model", str(tiny_model_dir), "--suite", "custom", "--data-file", str(data), "--label-field", "flag"]


def test_partial_run_writes_under_build_eval_by_default(tiny_model_dir, tmp_path, monkeypatch):
    args = _custom_args(tiny_model_dir, tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main([*args, "--no-plots"]) == 0
    assert (tmp_path / "build" / "eval" / "0.0.1-test" / "metrics.json").is_file()
    assert not (tmp_path / "eval").exists()


FULL_SUITES = ["synthetic", "hard_negatives", "obfuscation", "early_detection", "long_chats"]


def test_default_results_root_of_full_and_partial_runs():
    args = build_parser().parse_args([])
    full = ["synthetic", "hard_negatives", "obfuscation", "early_detection", "long_chats"]
    assert str(results_root(args, [*full, "pan12"])) == "eval/results"
    assert str(results_root(args, full[:-1])) == "build/eval"  # without every corpus suite: a partial run
    assert str(results_root(args, ["custom"])) == "build/eval"
    assert str(results_root(build_parser().parse_args(["--out", "x"]), ["custom"])) == "x"


def test_a_validation_run_is_partial_and_never_replaces_published_results(run_dir, tmp_path, capsys, monkeypatch):
    folder, args = run_dir
    assert str(results_root(build_parser().parse_args(["--split", "validation"]), FULL_SUITES)) == "build/eval"
    published = tmp_path / "results" / folder.name
    shutil.copytree(folder, published)
    before = {p.name: p.read_bytes() for p in published.iterdir() if p.is_file()}
    out_args = [a if a != args[5] else str(tmp_path / "results") for a in args]
    assert main([*out_args, "--no-plots", "--split", "validation"]) == 2
    assert "on the validation split would replace it" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in published.iterdir() if p.is_file()} == before
    monkeypatch.chdir(tmp_path)
    assert main([*args[:4], "--no-plots", "--no-baselines", "--split", "validation"]) == 0
    run = tmp_path / "build" / "eval" / folder.name
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["data"]["split"] == "validation"
    assert metrics["data"]["records"] != json.loads((folder / "metrics.json").read_text())["data"]["records"]
    assert "reads the validation split" in (run / "REPORT.md").read_text()
    assert "reads the validation split" not in (folder / "REPORT.md").read_text()


def test_partial_run_does_not_replace_full_results(run_dir, tiny_model_dir, tmp_path, capsys):
    folder, _ = run_dir
    published = tmp_path / "results" / folder.name
    shutil.copytree(folder, published)
    before = {p.name: p.read_bytes() for p in published.iterdir() if p.is_file()}
    args = _custom_args(tiny_model_dir, tmp_path)
    assert main([*args, "--no-plots", "--out", str(tmp_path / "results")]) == 2
    assert "holds a full run" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in published.iterdir() if p.is_file()} == before
    # a partial run may replace a partial run
    partial = tmp_path / "partial"
    assert main([*args, "--no-plots", "--out", str(partial)]) == 0
    assert main([*args, "--no-plots", "--out", str(partial)]) == 0


def test_a_run_without_baselines_does_not_replace_published_ones(run_dir, tmp_path, capsys, monkeypatch):
    folder, args = run_dir
    published = tmp_path / "results" / folder.name
    shutil.copytree(folder, published)
    before = {p.name: p.read_bytes() for p in published.iterdir() if p.is_file()}
    args = [a if a != args[5] else str(tmp_path / "results") for a in args]
    assert main([*args, "--no-plots", "--no-baselines"]) == 2
    assert "would replace them" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in published.iterdir() if p.is_file()} == before
    assert (
        str(
            results_root(
                build_parser().parse_args(["--no-baselines"]),
                ["synthetic", "hard_negatives", "obfuscation", "early_detection"],
            )
        )
        == "build/eval"
    )


def test_partial_runs_in_build_eval_replace_each_other(run_dir, tiny_model_dir, tmp_path, monkeypatch):
    # a full run without baselines and a custom run both write under build/eval: neither refuses the other
    _, args = run_dir
    data_args = args[:4]  # --model, --data: the corpus of the full run
    monkeypatch.chdir(tmp_path)
    assert main([*data_args, "--no-plots", "--no-baselines"]) == 0
    assert main([*_custom_args(tiny_model_dir, tmp_path), "--no-plots"]) == 0
    assert main([*data_args, "--no-plots", "--no-baselines"]) == 0
    assert not (tmp_path / "eval").exists()


def test_sklearn_baseline_is_carried_over_without_a_trained_model(run_dir, tmp_path, capsys):
    folder, args = run_dir
    published = tmp_path / "results" / folder.name
    shutil.copytree(folder, published)
    before = (published / "metrics.json").read_bytes()
    args = [a if a != args[5] else str(tmp_path / "results") for a in args]
    assert main([*args, "--no-plots", "--train-dir", str(tmp_path / "none")]) == 0  # a fresh clone: no build/train
    assert (published / "metrics.json").read_bytes() == before
    out = capsys.readouterr().out
    assert "sklearn baseline carried over from" in out and "no trained model in" in out
    report = (published / "REPORT.md").read_text()
    assert "| sklearn | ok (carried over) |" in report and "`make train` measures it again" in report
    assert "baselines_carried_over" in json.loads((published / "timing.json").read_text())


def test_bad_usage_exits_2(tiny_model_dir, tmp_path, capsys):
    base = ["--model", str(tiny_model_dir), "--out", str(tmp_path)]
    with pytest.raises(SystemExit) as exc:
        main([*base, "--suite", "pan12"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main([*base, "--data-file", "x.jsonl"])
    assert exc.value.code == 2
    assert main([*base, "--data", str(tmp_path / "missing"), "--suite", "synthetic"]) == 2
    assert "make data" in capsys.readouterr().err
    assert main(["--model", str(tmp_path / "nomodel"), "--out", str(tmp_path)]) == 2
