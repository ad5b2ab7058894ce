"""Score labelled real chat with the shipped model: each side alone, both sides together, benign chat by source.

    python -m groomguard.eval.real FILE [FILE ...] [--model DIR] [--preset balanced] [--json OUT]
        [--out eval/results] [--name NAME] [--resamples 1000]
    make eval REAL="FILE [FILE ...]"

Input: JSONL, one message a line: ``text``, ``label`` (1: offender / grooming side, 0: not), ``conversation_id``,
``sender``; optional ``id``, ``source`` and ``order``. See ``groomguard.eval.suites.real`` for every figure, and
``groomguard.eval.bootstrap`` for their 95% intervals (conversations resampled; ``--resamples 0``: none).
Writes ``<out>/<model_version>/real-<name>.json`` (or ``--json OUT``; floats rounded to 6 decimals, sorted keys) and
prints a short markdown section. Malformed lines are reported on standard error as ``FILE:LINE: reason`` (never
with their text), skipped and counted in the result (a missing ``label`` is ``no_label``, one that is not 1/0,
true/false or yes/no ``bad_label``). A file given more than once is read once, with a note on standard error.
Exit status 0 on success; 2, with nothing written, on bad usage, unreadable input (a missing file, a directory) or
a file without a single good line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from groomguard.eval import bootstrap
from groomguard.eval.metrics import clean
from groomguard.eval.report import render_real
from groomguard.eval.suites import real
from groomguard.runtime.model_file import ModelError
from groomguard.runtime.scorer import PRESETS, Scorer

#: Skipped lines printed one by one on standard error before only counting them.
MAX_PRINTED = 50


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m groomguard.eval.real",
        description=__doc__.splitlines()[0],
        epilog="Input lines: {text, label, conversation_id, sender[, id, source, order]}.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="labelled JSONL files, one message a line")
    p.add_argument("--model", type=Path, help="model directory (default: the embedded model)")
    p.add_argument("--preset", choices=PRESETS, default="balanced", help="thresholds of flags and alerts")
    p.add_argument("--json", type=Path, help="write the result here instead of <out>/<model_version>/real-<name>.json")
    p.add_argument("--out", type=Path, default=Path("eval/results"), help="results root (default: eval/results)")
    p.add_argument("--name", help="<name> of real-<name>.json (default: the files' stems joined by +)")
    p.add_argument(
        "--resamples",
        type=int,
        default=bootstrap.RESAMPLES,
        help=f"resamples of the conversations for the 95%% intervals (default {bootstrap.RESAMPLES}; 0: none)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.resamples < 0:
        parser.error("--resamples must be 0 (no intervals) or more")
    printed = 0

    def report(where: str) -> None:
        nonlocal printed
        printed += 1
        if printed <= MAX_PRINTED:
            print(f"skipped {where}", file=sys.stderr)

    files, repeated = real.unique_paths(args.files)
    for path in repeated:
        print(f"{path} was given more than once; it is read once", file=sys.stderr)
    try:
        scorer = Scorer(args.model, preset=args.preset)
        result = real.run(scorer, files, args.preset, report=report, resamples=args.resamples)
    except (OSError, ModelError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    skipped = result["skipped"]
    if skipped["total"] > MAX_PRINTED:
        print(f"skipped {skipped['total'] - MAX_PRINTED} more malformed lines (listed in the result)", file=sys.stderr)
    empty = [f["file"] for f in result["files"] if f["messages"] == 0]
    if empty:  # nothing written: a result that leaves a file out would read as a measure of the others
        print(f"error: no good line in {', '.join(empty)}; nothing written", file=sys.stderr)
        return 2
    name = real.default_name(files) if args.name is None else real.safe_name(args.name)
    path = args.json or args.out / scorer.model_version / f"real-{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(clean(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(render_real(clean(result)))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
