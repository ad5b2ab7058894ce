"""make bench-spark's README section (eval/publish_bench_spark.py): generated from bench-spark.json."""

from __future__ import annotations

import json

from groomguard.eval.bench_spark import figures
from groomguard.eval.publish_bench_spark import END, START, main, render_spark_block


def _run(master, task, n, seconds, peak, batch=10_000):
    return {"master": master, "task": task, "messages": n, "batch_rows": batch, "seconds": seconds,
            "messages_per_second": n / seconds, "worker_peak_rss_mb": peak}  # fmt: skip


BENCH = {
    "machine": {"cpu": "Test CPU", "usable_cores": 2, "python": "3.11", "pyspark": "4.0", "java": "java 17"},
    "config": {"messages": 1000, "small": 100, "conversations": 10, "batch_rows": 10_000},
    "cli": {"messages": 1000, "seconds": 1.0, "messages_per_second": 1000.0, "peak_rss_mb": 90.0},
    "spark": [
        _run("local[1]", "score_messages", 1000, 2.0, 150.0),
        _run("local[2]", "score_messages", 1000, 1.0, 150.0),
        _run("local[1]", "score_conversations", 1000, 4.0, 160.0),
        _run("local[2]", "score_conversations", 1000, 2.5, 170.0),
        _run("local[2]", "score_conversations", 100, 0.5, 160.0),
        _run("local[2]", "score_conversations", 100, 0.8, 150.0, batch=1000),
    ],
}


def test_figures_are_computed_from_the_runs():
    f = figures(BENCH)
    speedup, cli_ratio, memory = (t["value"] for t in f["targets"])
    assert speedup == 2.0 and cli_ratio == 1000 / (400 / 2) and memory == 170.0 / 160.0
    assert [t["met"] for t in f["targets"]] == [True, False, True]
    paper = f["on_paper"]
    assert paper["per_core_messages_per_second"] == 200.0  # local[2]'s 400 msg/s over its 2 cores
    assert paper["cluster_messages_per_second"] == 20_000.0
    assert paper["hours"] == 1e10 / 20_000 / 3600
    assert paper["cost_usd"] == paper["hours"] * 100 * paper["price_per_core_hour_usd"]


def test_block_has_every_run_target_and_the_cluster_figures():
    bench = {**BENCH, **figures(BENCH)}
    block = render_spark_block(bench, "b.json")
    assert "| `score_messages`, local[2] | 1,000 | 150 MB per Python worker | ? |" in block
    assert "| `groomguard score`, one process | 1,000 | 90 MB (the process) |" in block
    assert "| score_messages speed-up, local[2] over local[1] | 2.00x | ≥ 1.6x | yes |" in block
    assert "| 1,000 | 125 | 150 MB |" in block and "| 10,000 | 200 | 160 MB |" in block
    assert "a 100-core cluster scores 20,000 messages/s" in block and "about $694" in block


def test_main_rewrites_only_the_block(tmp_path):
    path = tmp_path / "bench-spark.json"
    path.write_text(json.dumps({**BENCH, **figures(BENCH)}), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(f"# t\n{START}\nold\n{END}\nafter\n", encoding="utf-8")
    assert main(["--bench", str(path), "--readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert "old" not in text and text.endswith(f"{END}\nafter\n")
    assert render_spark_block(json.loads(path.read_text()), path.as_posix()) in text


def test_cores_busy_are_published_per_run():
    """Each Spark run's CPU time over its wall time (the JVM works beside the Python workers); older JSON without it
    shows "?" rather than a guess."""
    busy = dict(BENCH, spark=[dict(r, cores_busy=1.25) if r["master"] == "local[1]" else r for r in BENCH["spark"]])
    block = render_spark_block({**busy, **figures(busy)}, "b.json")
    assert "| `score_messages`, local[1] | 500 | 150 MB per Python worker | 1.25 |" in block
    assert "| `score_messages`, local[2] | 1,000 | 150 MB per Python worker | ? |" in block
