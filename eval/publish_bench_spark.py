"""Publish ``make bench-spark``'s figures in the README, between the ``<!-- bench-spark:start/end -->`` markers.

    python -m groomguard.eval.publish_bench_spark --bench eval/results/bench-spark.json --readme README.md

``render_spark_block(bench)`` is the text between the markers, generated from the JSON (runs, targets, the
``maxRecordsPerBatch`` tuning and the on-paper cluster figures); a test fails when the README and the committed JSON
disagree.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from groomguard.eval.publish import publish_block

START = "<!-- bench-spark:start -->"
END = "<!-- bench-spark:end -->"


def _rate(x: float) -> str:
    return f"{x:,.0f}"


def _mb(x: float | None) -> str:
    return "?" if x is None else f"{x:,.0f} MB"


def _busy(run: dict) -> str:
    return "?" if run.get("cores_busy") is None else f"{run['cores_busy']:.2f}"


def render_spark_block(bench: dict, bench_path: str = "eval/results/bench-spark.json") -> str:
    m = bench.get("machine", {})
    c = bench.get("config", {})
    n, small, batch = c.get("messages", 0), c.get("small", 0), c.get("batch_rows", 0)
    load = m.get("load_average_1m_at_end")
    lines = [
        f"Measured by `make bench-spark` (`{bench_path}`) on {m.get('cpu', 'an unknown CPU')} "
        f"({m.get('usable_cores', '?')} cores), Python {m.get('python', '?')}, pyspark {m.get('pyspark', '?')}, "
        f"{m.get('java', 'Java ?')}, onnxruntime {m.get('onnxruntime', '?')}"
        + (f"; load average {load:.1f} at the end (a shared machine: other work ran beside it)" if load else "")
        + f". {n:,} messages in {c.get('conversations', 0):,} conversations, Parquet for Spark and the same rows as "
        "JSONL for the CLI; each Spark figure is one job in a fresh process, timed without session start-up and "
        "without output (a `noop` write); cores busy is the CPU time of the job's processes (the JVM and its "
        "Python workers) over its wall time: local[1]'s JVM reads Parquet and moves Arrow batches on the other core.",
        "",
        "| run | messages/s | peak memory | cores busy |",
        "|---|---|---|---|",
    ]
    cli = bench.get("cli", {})
    lines.append(
        f"| `groomguard score`, one process | {_rate(cli.get('messages_per_second', 0))} | "
        f"{_mb(cli.get('peak_rss_mb'))} (the process) | — |"
    )
    for r in bench.get("spark", []):
        if r["messages"] == n and r["batch_rows"] == batch:
            lines.append(
                f"| `{r['task']}`, {r['master']} | {_rate(r['messages_per_second'])} | "
                f"{_mb(r['worker_peak_rss_mb'])} per Python worker | {_busy(r)} |"
            )
    lines += ["", "| target | measured | target | met |", "|---|---|---|---|"]
    for t in bench.get("targets", []):
        lines.append(f"| {t['figure']} | {t['value']:.2f}{t['unit']} | {t['target']} | {'yes' if t['met'] else 'no'} |")
    tuning = [r for r in bench.get("spark", []) if r["messages"] == small and r["task"] == "score_conversations"]
    if tuning:
        lines += [
            "",
            f"`spark.sql.execution.arrow.maxRecordsPerBatch` (rows per Arrow batch sent to a Python worker), "
            f"`score_conversations` on {small:,} messages, local[2]; `groomguard spark-score --batch-rows` sets it "
            f"(default {batch:,}):",
            "",
            "| rows per batch | messages/s | worker peak memory |",
            "|---|---|---|",
        ]
        for r in sorted(tuning, key=lambda r: r["batch_rows"]):
            lines.append(
                f"| {r['batch_rows']:,} | {_rate(r['messages_per_second'])} | {_mb(r['worker_peak_rss_mb'])} |"
            )
    p = bench.get("on_paper")
    if p:
        lines += [
            "",
            f"On paper, at the measured {_rate(p['per_core_messages_per_second'])} messages/s per core "
            f"({p['per_core_from']}), a {p['cores']}-core cluster scores {_rate(p['cluster_messages_per_second'])} "
            f"messages/s: re-scoring {p['archive_messages']:,} messages takes {p['hours']:,.1f} hours, "
            f"{p['core_hours']:,.0f} core-hours, about ${p['cost_usd']:,.0f} at an assumed "
            f"${p['price_per_core_hour_usd']:.2f} per core-hour (reading and writing the archive not included).",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m groomguard.eval.publish_bench_spark", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--bench", type=Path, default=Path("eval/results/bench-spark.json"))
    parser.add_argument("--readme", type=Path, default=Path("README.md"))
    args = parser.parse_args(argv)
    return publish_block(args.bench, args.readme, render_spark_block, START, END)


if __name__ == "__main__":
    sys.exit(main())
