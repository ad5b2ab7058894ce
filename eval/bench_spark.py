"""``make bench-spark``: groomguard.spark on local[1] and local[2] against the single-process CLI, on the same data.

    python -m groomguard.eval.bench_spark --model model --out eval/results/bench-spark.json

Generates 2,000,000 messages in 20,000 interleaved conversations as Parquet (and the same rows, in the same order, as
JSONL for the CLI), and 200,000 messages in as many conversations for the memory comparison. Each Spark figure is one
job in a fresh process (its own JVM and Python workers), timed around the job alone (a ``noop`` write, so no output
I/O; session start-up excluded): ``score_messages`` and ``score_conversations`` at local[1] and local[2], then
``score_conversations`` at local[2] on 200k messages with several ``spark.sql.execution.arrow.maxRecordsPerBatch``
values. This machine is shared, so each figure is the fastest of a few runs (the CLI's too: once before and once
after the Spark runs), and every run's time is kept in the JSON. Worker memory is each Python worker's own peak RSS
(VmHWM), written by the workers themselves (``GROOMGUARD_SPARK_PEAK_DIR``). The on-paper cluster figures are computed
from the measured per-core throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

MB = 1_000_000
MESSAGES = 2_000_000
CONVERSATIONS = 20_000
SMALL = 200_000
BATCHES = (1_000, 10_000, 50_000)
DEFAULT_BATCH = 10_000
REPEATS = 2  # runs of each 2M-message Spark figure; the fastest is reported
TUNING_REPEATS = 3  # runs of each maxRecordsPerBatch size on 200k messages
#: Assumed on-demand price of one vCPU-hour (general-purpose cloud instances, 2025), for the on-paper cost only.
PRICE_PER_CORE_HOUR_USD = 0.05
CLUSTER_CORES = 100
ARCHIVE = 10_000_000_000

_CHILD = r"""
import json, os, sys, time
os.environ["PYSPARK_PYTHON"] = sys.executable
master, task, path, batch, peaks, partitions = sys.argv[1:7]
from pyspark.sql import SparkSession
spark = (SparkSession.builder.master(master).appName("groomguard bench-spark")
    .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    .config("spark.driver.memory", "2g")
    .config("spark.sql.execution.arrow.maxRecordsPerBatch", batch)
    .config("spark.executorEnv.GROOMGUARD_SPARK_PEAK_DIR", peaks)
    .config("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1")
    .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
from groomguard.spark import score_conversations, score_messages


def tree_cpu():  # CPU seconds (user + system) of this process and each one under it: the JVM, its Python workers
    parent, ticks = {}, {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(d)], ticks[int(d)] = int(fields[1]), int(fields[11]) + int(fields[12])
    mine, todo = {os.getpid()}, [os.getpid()]
    while todo:
        p = todo.pop()
        for child, ppid in parent.items():
            if ppid == p and child not in mine:
                mine.add(child)
                todo.append(child)
    return {p: ticks[p] / os.sysconf("SC_CLK_TCK") for p in mine if p in ticks}


df = spark.read.parquet(path)
n = df.count()
if task == "score_messages":
    out = score_messages(df)
else:
    out = score_conversations(df, order="ts", partitions=int(partitions)).records
cpu_before = tree_cpu()
start = time.perf_counter()
out.write.format("noop").mode("overwrite").save()
seconds = time.perf_counter() - start
cpu_after = tree_cpu()
cpu = sum(t - cpu_before.get(p, 0.0) for p, t in cpu_after.items())
spark.stop()
print("bench-result=" + json.dumps({"messages": n, "seconds": seconds, "cpu_seconds": cpu}))
"""


def generate(texts: list[str], n: int, conversations: int, folder: Path, jsonl: Path | None, seed: int) -> None:
    """``n`` rows (conversation_id, sender, ts = the row's line, text) in 8 Parquet files, and as JSONL."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = jsonl.open("w", encoding="utf-8") if jsonl else None
    try:
        files = 8
        per_file = -(-n // files)
        line = 0
        for k in range(files):
            rows = {"conversation_id": [], "sender": [], "ts": [], "text": []}
            for _ in range(min(per_file, n - line)):
                line += 1
                c = rng.randrange(conversations)
                rows["conversation_id"].append(f"c{c}")
                rows["sender"].append(f"u{c}{'ab'[rng.getrandbits(1)]}")
                rows["ts"].append(line)
                rows["text"].append(rng.choice(texts))
            pq.write_table(pa.table(rows), folder / f"part-{k}.parquet")
            if out:
                out.write(
                    "".join(
                        json.dumps({"conversation_id": c, "sender": s, "text": t}, ensure_ascii=False) + "\n"
                        for c, s, t in zip(rows["conversation_id"], rows["sender"], rows["text"], strict=True)
                    )
                )
    finally:
        if out:
            out.close()


def spark_run(master: str, task: str, path: Path, batch: int, workdir: Path, log=print) -> dict:
    """One job in a fresh process; its time, messages/s and the peak RSS of each Python worker."""
    peaks = Path(tempfile.mkdtemp(prefix="peaks-", dir=workdir))
    cores = int(master.removeprefix("local[").rstrip("]"))
    cmd = [sys.executable, "-c", _CHILD, master, task, str(path), str(batch), str(peaks), str(4 * cores)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("bench-result=")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"{master} {task} failed ({proc.returncode}): {proc.stderr[-3000:]}")
    r = json.loads(line.removeprefix("bench-result="))
    workers = [json.loads(p.read_text())["peak_rss_bytes"] / MB for p in peaks.glob("*.json")]
    r.update(
        cores_busy=r["cpu_seconds"] / r["seconds"],
        load_average_1m=os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        master=master,
        task=task,
        batch_rows=batch,
        messages_per_second=r["messages"] / r["seconds"],
        workers=len(workers),
        worker_peak_rss_mb=max(workers) if workers else None,
    )
    log(f"  {master} {task} batch {batch:,}: {r['messages']:,} in {r['seconds']:.1f} s "
        f"({r['messages_per_second']:,.0f} msg/s, {r['cores_busy']:.2f} cores busy), "
        f"worker peak {r['worker_peak_rss_mb']:.0f} MB")  # fmt: skip
    return r


def best_of(repeats: int, master: str, task: str, path: Path, batch: int, workdir: Path, log=print) -> dict:
    """The fastest of ``repeats`` runs (the least disturbed on a shared machine), with every run's time and the
    highest worker peak of them all."""
    runs = [spark_run(master, task, path, batch, workdir, log) for _ in range(repeats)]
    best = min(runs, key=lambda x: x["seconds"])
    peaks = [x["worker_peak_rss_mb"] for x in runs if x["worker_peak_rss_mb"] is not None]
    return {**best, "worker_peak_rss_mb": max(peaks) if peaks else None, "runs_seconds": [x["seconds"] for x in runs]}


def cli_figure(model: Path, jsonl: Path, workdir: Path, n: int) -> dict:
    from groomguard.eval.bench_cli import _run_measured

    args = ["score", str(jsonl), "--format", "jsonl", "--output", os.devnull, "--quiet", "--model", str(model)]
    _, code, wall, peak = _run_measured(args, workdir / "cli.stderr")
    if code != 0:
        raise RuntimeError(f"the CLI exited {code}")
    return {"messages": n, "seconds": wall, "messages_per_second": n / wall, "peak_rss_mb": peak / MB}


def cli_run(model: Path, jsonl: Path, workdir: Path, n: int, log=print) -> dict:
    log("CLI on the JSONL copy")
    r = cli_figure(model, jsonl, workdir, n)
    r["load_average_1m"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    log(f"  CLI: {n:,} in {r['seconds']:.1f} s ({r['messages_per_second']:,.0f} msg/s)")
    return r


def figures(r: dict) -> dict:
    """Targets and on-paper figures from the measured runs."""
    runs = {(x["master"], x["task"], x["messages"], x["batch_rows"]): x for x in r["spark"]}
    n, b = r["config"]["messages"], r["config"]["batch_rows"]
    m1 = runs[("local[1]", "score_messages", n, b)]
    m2 = runs[("local[2]", "score_messages", n, b)]
    c1 = runs[("local[1]", "score_conversations", n, b)]
    c2 = runs[("local[2]", "score_conversations", n, b)]
    small = runs[("local[2]", "score_conversations", r["config"]["small"], b)]
    cli = r["cli"]
    speedup = m2["messages_per_second"] / m1["messages_per_second"]
    # Per core: local[2]'s rate over the machine's 2 cores, which also ran the JVM (reading Parquet, the shuffle and
    # the sort). local[1] looks faster per core because its JVM threads used the second core; this is the figure a
    # cluster's cores would give.
    per_core = c2["messages_per_second"] / 2
    cli_ratio = cli["messages_per_second"] / per_core
    memory_ratio = c2["worker_peak_rss_mb"] / small["worker_peak_rss_mb"]
    cluster = per_core * CLUSTER_CORES
    hours = ARCHIVE / cluster / 3600
    targets = [
        {"figure": "score_messages speed-up, local[2] over local[1]", "value": speedup, "unit": "x",
         "target": "≥ 1.6x", "met": speedup >= 1.6},
        {"figure": "CLI (one core) over score_conversations per core (local[2] / 2)", "value": cli_ratio, "unit": "x",
         "target": "≤ 2x", "met": cli_ratio <= 2.0},
        {"figure": f"worker peak memory, {n:,} messages over {r['config']['small']:,}", "value": memory_ratio,
         "unit": "x", "target": "≤ 1.10x (flat)", "met": memory_ratio <= 1.10},
    ]  # fmt: skip
    on_paper = {
        "per_core_messages_per_second": per_core,
        "per_core_from": "score_conversations on local[2], divided by its 2 cores",
        "cores": CLUSTER_CORES,
        "cluster_messages_per_second": cluster,
        "archive_messages": ARCHIVE,
        "hours": hours,
        "core_hours": hours * CLUSTER_CORES,
        "price_per_core_hour_usd": PRICE_PER_CORE_HOUR_USD,
        "cost_usd": hours * CLUSTER_CORES * PRICE_PER_CORE_HOUR_USD,
    }
    conversations_speedup = c2["messages_per_second"] / c1["messages_per_second"]
    return {"targets": targets, "on_paper": on_paper, "speedup_conversations": conversations_speedup}


def run(model: Path, corpus: Path | None, workdir: Path, n: int, small: int, conversations: int, seed: int,
        log=print) -> dict:  # fmt: skip
    from groomguard.eval.bench import machine
    from groomguard.eval.bench_cli import message_pool

    texts, pool = message_pool(corpus, 5_000, seed)
    big, big_jsonl, little = workdir / "big", workdir / "big.jsonl", workdir / "small"
    log(f"generating {n:,} and {small:,} messages in {conversations:,} conversations")
    generate(texts, n, conversations, big, big_jsonl, seed)
    generate(texts, small, conversations, little, None, seed + 1)
    r: dict = {
        "machine": machine(),
        "model": str(model),
        "pool": pool,
        "config": {"messages": n, "small": small, "conversations": conversations, "batch_rows": DEFAULT_BATCH},
        "spark": [],
    }
    import pyspark

    r["machine"]["pyspark"] = pyspark.__version__
    r["machine"]["java"] = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    cli_runs = [cli_run(model, big_jsonl, workdir, n, log)]
    for master in ("local[1]", "local[2]"):
        for task in ("score_messages", "score_conversations"):
            r["spark"].append(best_of(REPEATS, master, task, big, DEFAULT_BATCH, workdir, log))
    for batch in BATCHES:
        r["spark"].append(best_of(TUNING_REPEATS, "local[2]", "score_conversations", little, batch, workdir, log))
    cli_runs.append(cli_run(model, big_jsonl, workdir, n, log))
    # On a shared machine the CLI's faster run is the one least disturbed: compared with Spark's single runs, that
    # favours the CLI, so the Spark targets are checked against the harder figure.
    r["cli"] = {**min(cli_runs, key=lambda x: x["seconds"]), "runs": cli_runs}
    r.update(figures(r))
    r["machine"]["load_average_1m_at_end"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return r


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.eval.bench_spark", description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("model"))
    parser.add_argument("--corpus", type=Path, default=Path("build/data/corpus.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("eval/results/bench-spark.json"))
    parser.add_argument("--messages", type=int, default=MESSAGES)
    parser.add_argument("--small", type=int, default=SMALL)
    parser.add_argument("--conversations", type=int, default=CONVERSATIONS)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="groomguard-bench-spark-") as tmp:
        start = time.perf_counter()
        r = run(args.model, args.corpus, Path(tmp), args.messages, args.small, args.conversations, args.seed)
        r["bench_seconds"] = time.perf_counter() - start
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
