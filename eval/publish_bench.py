"""Publish ``make bench``'s budget lines in the README, between ``<!-- bench:start -->`` and ``<!-- bench:end -->``.

    python -m groomguard.eval.publish_bench --bench eval/results/bench.json --readme README.md

``render_bench_block(bench)`` is the text between the markers, generated from ``bench["budget"]`` and
``bench["machine"]``; ``make bench`` runs this after writing bench.json, and a test fails when the README's block and
the committed bench.json disagree.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from groomguard.eval.bench import format_figure
from groomguard.eval.publish import publish_block

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


def render_bench_block(bench: dict, bench_path: str = "eval/results/bench.json") -> str:
    m = bench.get("machine", {})
    lines = [
        f"Measured by `make bench` (`{bench_path}`) on {m.get('cpu', 'an unknown CPU')} "
        f"({m.get('usable_cores', '?')} cores), Python {m.get('python', '?')}, numpy {m.get('numpy', '?')}, "
        f"onnxruntime {m.get('onnxruntime', '?')} with one thread. Figures vary from machine to machine and from run "
        "to run; the file also has scikit-learn's figures from the same run.",
        "",
        "| figure | measured | budget | met |",
        "|---|---|---|---|",
    ]
    labels = _labels(bench)
    for b in bench.get("budget", []):
        value = f"{format_figure(b['value'], b['unit'])} {b['unit']}"
        label = labels.get(b["figure"], b["figure"])
        lines.append(f"| {label} | {value} | {b['budget']} | {'yes' if b['met'] else 'no'} |")
    return "\n".join(lines)


def _labels(bench: dict) -> dict[str, str]:
    """Readable names for the budget lines, with their sizes read from the report."""
    cli = bench.get("cli", {})
    sizes = sorted(cli, key=int)
    large = cli[sizes[-1]] if sizes else {}
    runs = len(large.get("runs", [large]))
    n = f"{int(large.get('messages', 0)):,}"
    small = f"{int(sizes[0]):,}" if sizes else "?"
    scored = f"{int(bench.get('rss', {}).get('messages_scored', 0)):,}"
    conversations = f"{int(large.get('conversations', 0)):,}"
    return {
        "single p50": "one message through the Python API, p50",
        "single p99": "one message through the Python API, p99",
        "batch 1000": "batches of 1,000 messages",
        "model file": "model file",
        "import + load": "import + model load, fresh process",
        "RSS, API process": f"resident memory: load, then score {scored} messages",
        "RSS, CLI process": f"resident memory of the CLI on {n} messages in {conversations} conversations",
        "1M CLI messages": f"CLI on {n} JSONL messages" + (f" (median of {runs} runs)" if runs > 1 else ""),
        "CLI memory flat": f"CLI peak memory, {n} messages against {small}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m groomguard.eval.publish_bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--bench", type=Path, default=Path("eval/results/bench.json"))
    parser.add_argument("--readme", type=Path, default=Path("README.md"))
    args = parser.parse_args(argv)
    return publish_block(args.bench, args.readme, render_bench_block, START, END)


if __name__ == "__main__":
    sys.exit(main())
