"""The ``groomguard`` command line: score exported chat logs on this machine with the shipped model.

    groomguard score chat.txt                  # WhatsApp, Telegram, Discord, Slack, Messenger, JSONL, CSV, PAN12
    groomguard score export.zip --output-format table
    cat messages.jsonl | groomguard score - --format jsonl --output scored.jsonl
    groomguard info                                # the model's version, labels and thresholds
    groomguard spark-score messages.parquet out/   # the same records on Apache Spark (groomguard[spark])

Entry point: ``main(argv=None)``. Exit status: 0 success; 1 success and something flagged, only with --fail-on-flag;
2 bad usage, an unusable model, or unreadable input. Message text is never printed unless --include-text is given,
and skipped lines are reported by file and line number without their content.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from groomguard.runtime.cli_output import OUTPUT_FORMATS, Writer
from groomguard.runtime.formats import FORMATS, ChatMessage, ParseProblem, read_messages
from groomguard.runtime.model_file import ModelError
from groomguard.runtime.monitor import ConversationMonitor
from groomguard.runtime.scorer import PRESETS, RISK, Scorer

BATCH = 512
SHOWN_PROBLEMS = 50


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="groomguard",
        description="Flag grooming and sexual-solicitation messages in exported chat logs, on this machine. "
        "A flag is for a person to review; it is not evidence.",
    )
    parser.add_argument("--version", action="store_true", help="print the package and model versions and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    score = sub.add_parser(
        "score",
        help="score chat exports: one record per message, then one per conversation and sender",
        description="Score chat exports. Output: one record per message (id, conversation_id, sender, line, risk, "
        "labels, flagged), then one per conversation and sender (type 'conversation', risk, alert, "
        "first_alert_index, tactics_seen). A summary line goes to standard error.",
    )
    score.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or zips; '-' reads standard input")
    score.add_argument("--format", default="auto", choices=["auto", *FORMATS], help="input format (default: auto)")
    score.add_argument("--output", "-o", type=Path, help="write records here instead of standard output")
    score.add_argument("--output-format", default="jsonl", choices=OUTPUT_FORMATS, help="default: jsonl")
    group = score.add_mutually_exclusive_group()
    group.add_argument("--preset", default="balanced", choices=PRESETS, help="thresholds to use (default: balanced)")
    group.add_argument(
        "--threshold", type=float, help="flag messages and alert conversations whose risk is at least this (0-1)"
    )
    score.add_argument("--model", type=Path, help="model directory or .onnx file (default: the shipped model)")
    score.add_argument("--include-text", action="store_true", help="echo message text in the output")
    score.add_argument(
        "--fail-on-flag", action="store_true", help="exit 1 when a message is flagged or a conversation alerts"
    )
    score.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no per-line problem reports")
    # Listed here for --help only: main() hands its arguments to groomguard.spark.cli, imported only then, so the
    # runtime never imports pyspark (or groomguard.spark) otherwise.
    sub.add_parser(
        "spark-score",
        add_help=False,
        help="score a Parquet/Delta/JSONL table on Apache Spark with the same records (needs groomguard[spark]; "
        "see spark-score --help)",
    )
    info = sub.add_parser("info", help="show the model's version, labels, thresholds and checksum")
    info.add_argument("--model", type=Path, help="model directory or .onnx file (default: the shipped model)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["spark-score"]:
        return _spark_score(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from groomguard import __version__

        print(f"groomguard {__version__}")
        return 0
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        if args.command == "info":
            return _info(args)
        return _score(args)
    except ModelError as exc:
        print(f"groomguard: cannot use the model: {exc}", file=sys.stderr)
        return 2


def _spark_score(argv: list[str]) -> int:
    try:
        from groomguard.spark.cli import main as spark_main
    except ImportError:  # the package was installed without its spark/ folder
        print(
            "groomguard: spark-score is not part of this installation: pip install 'groomguard[spark]'", file=sys.stderr
        )
        return 2
    return spark_main(argv)


def _info(args: argparse.Namespace) -> int:
    scorer = Scorer(args.model)
    m = scorer.model.manifest
    print(
        json.dumps(
            {
                "model_version": m["model_version"],
                "path": str(scorer.model.onnx_path),
                "sha256": m["sha256"],
                "labels": m["labels"],
                "thresholds": m["thresholds"],
            },
            indent=2,
        )
    )
    return 0


def _score(args: argparse.Namespace) -> int:
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        print("groomguard: --threshold must be between 0 and 1", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if p != "-" and not Path(p).exists()]
    if missing:
        print(f"groomguard: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    scorer = Scorer(args.model, preset=args.preset, threshold=args.threshold)
    monitor = ConversationMonitor(scorer, preset=args.preset, threshold=args.threshold)
    errors: Counter = Counter()
    ignored: Counter = Counter()
    unreadable = 0
    shown = 0

    def report(problem: ParseProblem) -> None:
        nonlocal unreadable, shown
        if problem.severity == "info":
            ignored[problem.reason.split(":")[0]] += 1
            return
        errors[problem.reason.split(":")[0]] += 1
        if problem.line == 0:
            unreadable += 1
        if not args.quiet and shown < SHOWN_PROBLEMS:
            shown += 1
            print(f"groomguard: skipped {problem}", file=sys.stderr)

    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    writer = Writer(out, args.output_format, include_text=args.include_text, labels=scorer.labels)
    progress = _progress(args.quiet)
    flagged = 0
    total = 0
    gc_threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0  # leave alone what a host application froze itself
    try:
        # The scoring loop allocates many short-lived objects and no reference cycles worth collecting early: a
        # larger first GC generation, with the objects that exist now (model, modules) frozen out of the scans,
        # saves ~6%. Both are undone below.
        gc.set_threshold(50_000, gc_threshold[1], gc_threshold[2])
        if freeze:
            gc.freeze()
        batch: list[ChatMessage] = []
        for message in read_messages(args.paths, args.format, report):
            batch.append(message)
            if len(batch) >= BATCH:
                flagged += _flush(batch, scorer, monitor, writer)
                total += len(batch)
                progress.update(len(batch))
                batch = []
        if batch:
            flagged += _flush(batch, scorer, monitor, writer)
            total += len(batch)
            progress.update(len(batch))
        alerted = writer.conversations(monitor)
        writer.close()
    finally:
        progress.close()
        if args.output:
            out.close()
        if freeze:
            gc.unfreeze()
        gc.set_threshold(*gc_threshold)
    skipped = sum(errors.values())
    reasons = ", ".join(f"{n} {reason}" for reason, n in errors.most_common(5))
    not_scored = sum(ignored.values())
    decision = args.preset if args.threshold is None else f"threshold {args.threshold}"
    summary = (
        f"groomguard: {total:,} messages in {len(monitor):,} conversations scored; {flagged:,} messages flagged, "
        f"{alerted:,} conversation alerts (model {scorer.model_version}, {decision}); {skipped:,} lines skipped"
    )
    summary += f" ({reasons})" if reasons else ""
    print(f"{summary}; {not_scored:,} system or media lines not scored", file=sys.stderr)
    if unreadable:
        return 2
    if args.fail_on_flag and (flagged or alerted):
        return 1
    return 0


def _flush(batch: list[ChatMessage], scorer: Scorer, monitor: ConversationMonitor, writer: Writer) -> int:
    probs = scorer.probabilities([m.text for m in batch])
    flagged = [r >= scorer.threshold for r in probs[:, scorer.label_index[RISK]].tolist()]  # as Score.flagged
    writer.messages(batch, probs, flagged)  # first: it learns each conversation's first file, which ref() reads
    monitor.update_scored([(m.conversation_id, m.sender) for m in batch], probs, [writer.ref(m) for m in batch])
    return sum(flagged)


class _NoProgress:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(quiet: bool):
    if quiet or not sys.stderr.isatty():
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(unit=" msg", file=sys.stderr, desc="scoring", leave=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
