"""Every figure in README.md and model/MODEL_CARD.md comes from files a command wrote; these fail when they drift."""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _metrics_path() -> Path:
    version = json.loads((ROOT / "model" / "manifest.json").read_text())["model_version"]
    return Path("eval") / "results" / version / "metrics.json"


def test_readme_table_matches_metrics():
    from groomguard.eval.publish import check_published

    metrics = json.loads((ROOT / _metrics_path()).read_text())
    assert check_published((ROOT / "README.md").read_text(encoding="utf-8"), metrics) == []


def test_model_card_is_generated_from_files(monkeypatch):
    from groomguard.training.card import model_card_text

    monkeypatch.chdir(ROOT)  # the card names the metrics file by its path relative to the repository
    expected = model_card_text(Path("model"), _metrics_path())
    assert (ROOT / "model" / "MODEL_CARD.md").read_text(encoding="utf-8") == expected, (
        "model/MODEL_CARD.md is stale: run `make eval` (or python -m groomguard.training.card)"
    )
    assert os.path.getsize(ROOT / "model" / "groomguard.onnx") <= 1_000_000


def test_readme_speed_table_matches_bench():
    from groomguard.eval.publish import block_text
    from groomguard.eval.publish_bench import END, START, render_bench_block

    bench = json.loads((ROOT / "eval" / "results" / "bench.json").read_text(encoding="utf-8"))
    expected = render_bench_block(bench, "eval/results/bench.json")
    assert block_text((ROOT / "README.md").read_text(encoding="utf-8"), START, END) == expected, (
        "README's speed table is stale: run `make bench` (or python -m groomguard.eval.publish_bench)"
    )


def test_readme_real_chat_line_matches_the_real_check():
    from groomguard.eval.publish_real import check_published

    version = json.loads((ROOT / "model" / "manifest.json").read_text())["model_version"]
    source = Path("eval") / "results" / version / "realcheck.json"
    figures = json.loads((ROOT / source).read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert check_published(readme, figures, version, source.as_posix()) == [], (
        "README's real-chat line is stale: run `make realcheck`"
    )


def test_readme_spark_section_matches_bench_spark():
    from groomguard.eval.publish import block_text
    from groomguard.eval.publish_bench_spark import END, START, render_spark_block

    bench = json.loads((ROOT / "eval" / "results" / "bench-spark.json").read_text(encoding="utf-8"))
    expected = render_spark_block(bench, "eval/results/bench-spark.json")
    assert block_text((ROOT / "README.md").read_text(encoding="utf-8"), START, END) == expected, (
        "README's Spark section is stale: run `make bench-spark` (or python -m groomguard.eval.publish_bench_spark)"
    )
