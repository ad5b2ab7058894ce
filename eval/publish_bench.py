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
    ]
    factor = machine_factor(bench)
    if factor is None:
        lines += ["", "| figure | measured | budget | met |", "|---|---|---|---|"]
    else:
        lines += [
            "",
            "The project's performance budget (its design document, not in this repository; the budget column "
            "below) is stated beside scikit-learn's own figure (one message: "
            f"~{REFERENCE_SKLEARN_P50_US / 1000:.1f} ms) so that figures are ratios that hold from machine to machine. "
            f"In this run scikit-learn took {factor * REFERENCE_SKLEARN_P50_US / 1000:.2f} ms: this machine ran "
            f"{factor:.2f}x slower than the budget's. The last column divides the timings by that (memory and size "
            "are as measured); *met* is judged on the measured figure.",
            "",
            "| figure | measured | budget | met | at the budget's machine speed |",
            "|---|---|---|---|---|",
        ]
    labels = _labels(bench)
    for b in bench.get("budget", []):
        value = f"{format_figure(b['value'], b['unit'])} {b['unit']}"
        label = labels.get(b["figure"], b["figure"])
        row = f"| {label} | {value} | {b['budget']} | {'yes' if b['met'] else 'no'} |"
        if factor is not None:
            scaled = _scaled(b, factor)
            row += f" {format_figure(scaled, b['unit'])} {b['unit']} |" if scaled is not None else " - |"
        lines.append(row)
    held = per_conversation_kb(bench)
    if held is not None:
        kb, conversations, each = held
        lines += [
            "",
            "The CLI keeps each conversation's state until its input (a file, zip member or multi-file export) has "
            "been read to the end, to write the conversation's summary, so its memory grows with the conversations "
            "one input holds, not with its messages or with the number of inputs: here about "
            f"{kb:.1f} KB per conversation of {each:,} messages, read as (CLI peak − API process peak) / "
            f"{conversations:,} conversations (a rough guide: the two processes also differ in imports and batch "
            "size).",
        ]
    pan12 = bench.get("pan12")
    if pan12 and pan12.get("conversations"):
        sentence = (
            "PAN12 XML and Telegram exports, and any input with `--grouped`, are scored one conversation at a time "
            "instead (each is written as soon as the next starts): on a generated PAN12 file of "
            f"{pan12['conversations']:,} conversations ({pan12['messages']:,} messages) the CLI's peak was "
            f"{pan12['peak_rss_mb']:.1f} MB."
        )
        if held is not None:  # it follows the sentence on the other inputs
            lines[-1] += " " + sentence
        else:
            lines += ["", sentence]
    end = _largest_cli_run(bench).get("end_rss_mb")
    if end:
        anonymous, files, library = end["anonymous"], end["files"], end["onnxruntime_library"]
        lines += [
            "",
            f"What the CLI's resident memory is made of in that run: at most {anonymous:.1f} MB private (Python, "
            f"numpy and onnxruntime's heaps, the model, the conversations' state) and at most {files:.1f} MB pages of "
            "mapped files, the code of the libraries it loads, which the system can drop and read again under memory "
            f"pressure and which processes that load the same library share; {library:.1f} MB of them are "
            "onnxruntime's library (sampled every 20 ms; the two highs need not be at the same moment).",
        ]
    return "\n".join(lines)


def per_conversation_kb(bench: dict) -> tuple[float, int, int] | None:
    """(KB per conversation, conversations, messages per conversation) of the largest CLI run: its peak minus the
    API process's peak, over its conversations; None when the report lacks either figure."""
    large = _largest_cli_run(bench)
    api_peak = bench.get("rss", {}).get("peak_mb")
    cli_peak, conversations = large.get("peak_rss_mb"), int(large.get("conversations", 0))
    if api_peak is None or cli_peak is None or conversations < 1:
        return None
    return (cli_peak - api_peak) * 1000 / conversations, conversations, int(large["messages"]) // conversations


#: DESIGN.md ("Performance budget"): scikit-learn's ``predict_proba`` of one message on the budget's machine.
REFERENCE_SKLEARN_P50_US = 1800.0
_TIME_UNITS = ("µs", "ms", "s")


def machine_factor(bench: dict) -> float | None:
    """How many times slower than the budget's machine this run's machine was, by scikit-learn's one-message p50 in
    the same run (None when the report has no scikit-learn figures)."""
    p50 = bench.get("sklearn", {}).get("single", {}).get("p50_us")
    return float(p50) / REFERENCE_SKLEARN_P50_US if p50 else None


def _scaled(line: dict, factor: float) -> float | None:
    """A budget line's timing at the budget's machine speed: durations divided by ``factor``, rates multiplied."""
    if line["unit"] in _TIME_UNITS:
        return line["value"] / factor
    if line["unit"] == "msg/s":
        return line["value"] * factor
    return None


def _largest_cli_run(bench: dict) -> dict:
    """The report's CLI run on the most messages ({} when it has none)."""
    cli = bench.get("cli", {})
    return cli[max(cli, key=int)] if cli else {}


def _labels(bench: dict) -> dict[str, str]:
    """Readable names for the budget lines, with their sizes read from the report."""
    cli = bench.get("cli", {})
    sizes = sorted(cli, key=int)
    large = _largest_cli_run(bench)
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
