"""Smoke test of the performance benchmark: ``--quick`` with a small CLI file on the tiny model, structure only.

Speed is measured by ``make bench``, never asserted here: every check is about bench.json's shape (keys present,
numbers positive, budget lines with a boolean ``met``) and the printed table.
"""

from __future__ import annotations

import json
import math
import shutil

from groomguard.eval.bench import main


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def test_quick_bench_writes_a_complete_report(tiny_model_dir, tiny_trained, small_corpus_dir, tmp_path, capsys):
    _, train_dir = tiny_trained
    out = tmp_path / "results" / "bench.json"
    argv = ["--model", str(tiny_model_dir), "--out", str(out), "--train-dir", str(train_dir), "--quick"]
    argv += ["--corpus", str(small_corpus_dir / "corpus.jsonl"), "--cli-messages", "20000", "--rss-messages", "20000"]
    argv += ["--telegram-messages", "3000", "--discord-messages", "2000", "--pan12-messages", "1005"]
    assert main(argv) == 0
    report = json.loads(out.read_text(encoding="utf-8"))

    for key in ("cpu", "logical_cores", "python", "numpy", "onnxruntime", "scikit-learn"):
        assert report["machine"][key], key
    assert report["settings"]["intra_op_threads"] == 1 and report["settings"]["inter_op_threads"] == 1

    for key in ("p50_us", "p99_us", "mean_us"):
        assert _positive(report["single"][key]), key
        assert _positive(report["sklearn"]["single"][key]), key
    assert report["single"]["p99_us"] >= report["single"]["p50_us"]
    for b in ("1", "32", "1000"):
        assert _positive(report["batches"][b]["msg_per_s"]), b
        assert _positive(report["sklearn"]["batches"][b]["msg_per_s"]), b
    for key in ("normalize_us", "hashing_us", "padding_us", "onnxruntime_us"):
        assert _positive(report["split"][key]), key
    assert _positive(report["model_size"]["raw_bytes"]) and _positive(report["model_size"]["gzip9_bytes"])
    assert _positive(report["load"]["median_ms"]) and len(report["load"]["runs_ms"]) == 5
    for key in ("after_load_mb", "after_scoring_mb", "peak_mb"):
        assert _positive(report["rss"][key]), key
    assert report["rss"]["messages_scored"] == 20_000

    assert sorted(report["cli"], key=int) == ["2000", "20000"]
    for run in report["cli"].values():
        for key in ("seconds", "msg_per_s", "peak_rss_mb", "file_bytes"):
            assert _positive(run[key]), key
        # what the resident memory is made of at the end: private pages, mapped files, onnxruntime's library
        end = run["end_rss_mb"]
        assert _positive(end["anonymous"]) and _positive(end["onnxruntime_library"])
        assert end["onnxruntime_library"] < end["files"] and end["anonymous"] + end["files"] <= run["peak_rss_mb"] + 1

    # peak RSS on generated Telegram and Discord exports (issue 13), and a PAN12 file scored a conversation at a time
    assert (report["telegram"]["messages"], report["discord"]["messages"]) == (3000, 2000)
    assert (report["pan12"]["messages"], report["pan12"]["conversations"]) == (1005, 101)  # the last of 5 messages
    for export in ("telegram", "discord", "pan12"):
        for key in ("seconds", "peak_rss_mb", "file_bytes"):
            assert _positive(report[export][key]), (export, key)

    assert report["embedding"].get("skipped") or "single" in report["embedding"]
    assert report["ratios"] and all(_positive(v) for v in report["ratios"].values())
    assert "single_p50_us/sklearn" in report["ratios"] and "batch_1000_msg_per_s/sklearn" in report["ratios"]

    figures = {line["figure"] for line in report["budget"]}
    assert {"single p50", "single p99", "batch 1000", "model file", "import + load"} <= figures
    assert {"RSS, API process", "1M CLI messages", "CLI memory flat"} <= figures
    for line in report["budget"]:
        assert isinstance(line["met"], bool), line
        assert _positive(line["value"]) and line["budget"], line

    table = capsys.readouterr().out
    assert "Telegram export (3,000 msgs): peak RSS" in table and "Discord export (2,000 msgs): peak RSS" in table
    assert "single message p50" in table and "scikit-learn" in table and "met" in table


def test_bench_records_a_missing_training_directory(tiny_model_dir, tmp_path):
    from groomguard.eval.bench import QUICK, sklearn_figures

    assert sklearn_figures(tmp_path / "nowhere", ["hi"], QUICK) == {
        "skipped": "skipped: no training directory (run make data train)"
    }


def test_bench_skips_a_training_directory_this_runtime_cannot_load(tiny_trained, tmp_path):
    from groomguard.eval.bench import QUICK, sklearn_figures

    _, directory = tiny_trained
    stale = tmp_path / "train"
    shutil.copytree(directory, stale)
    doc = json.loads((stale / "model.json").read_text())
    doc["featurizer"]["version"] -= 1  # the fit of an older featurizer, as make train left it before an upgrade
    (stale / "model.json").write_text(json.dumps(doc))
    figures = sklearn_figures(stale, ["hi"], QUICK)
    assert figures["skipped"].startswith(f"skipped: {stale} could not be loaded: this runtime implements featurizer")
