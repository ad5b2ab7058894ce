"""Run the evaluation suites on a shipped model and write metrics.json, REPORT.md, timing.json and plots.

    python -m groomguard.eval --model model --data build/data [--out eval/results]
        [--suite NAME ...] [--pan12 DIR] [--data-file FILE --label-field NAME [--text-field text]]
        [--train-dir build/train] [--seed 13] [--no-plots] [--no-baselines] [--split test|validation]

Writes ``<out>/<model_version>/``: ``metrics.json`` (deterministic: floats rounded to 6 decimals, sorted keys, no
times), ``REPORT.md``, ``timing.json`` (wall-clock figures of this run, and ``baselines_carried_over``: which
baseline entries were kept from the metrics.json replaced, see ``baselines.carry_over``) and ``plots/*.png``.
Everything is scored through the runtime API (``Scorer``, ``ConversationMonitor``); only the baselines use training
objects: the ``sklearn`` baseline needs ``make train``'s output and, without it, is carried over from the
metrics.json of the same model and data (so ``make eval`` on a fresh clone keeps the committed entry).
Suites: synthetic, hard_negatives, obfuscation, early_detection, long_chats (on the corpus' test split), pan12
(with --pan12), custom (with --data-file). Exit status 0 on success, 2 on bad usage or unreadable input.

A *full* run (every corpus suite: the default) writes to ``eval/results`` by default: the published results the
README and model card quote. A *partial* run (``--suite`` without all five corpus suites, e.g. ``--suite custom``,
or ``--no-baselines``) writes to ``build/eval`` by default, so it never replaces the published results; given an
``--out`` whose ``<model_version>/metrics.json`` holds a full run (with baselines, for ``--no-baselines``), it stops
with exit status 2 before scoring anything. ``--split validation`` runs the corpus suites on the validation split, where
designs and threshold rules are compared (never on test): always a partial run, never published.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from groomguard.eval import baselines
from groomguard.eval.data import corpus_path, file_sha256
from groomguard.eval.metrics import clean
from groomguard.eval.report import headline, render_report
from groomguard.eval.scoring import EvalContext
from groomguard.eval.suites import custom, early_detection, hard_negatives, long_chats, obfuscation, pan12, synthetic
from groomguard.runtime.model_file import ModelError
from groomguard.runtime.scorer import Scorer

CORPUS_SUITES = {m.NAME: m for m in (synthetic, hard_negatives, obfuscation, early_detection, long_chats)}
ALL_SUITES = (*CORPUS_SUITES, pan12.NAME, custom.NAME)
#: Default results roots: a full run's (published) and a partial run's (under build/, which git ignores).
FULL_OUT = Path("eval/results")
PARTIAL_OUT = Path("build/eval")
#: Corpus splits a run can read; only a run on the first is ever published.
SPLITS = ("test", "validation")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m groomguard.eval", description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, default=Path("model"), help="model directory (default: model)")
    p.add_argument("--data", type=Path, default=Path("build/data"), help="corpus directory with corpus.jsonl")
    p.add_argument(
        "--out",
        type=Path,
        help=f"results root (default: {FULL_OUT} for a run of every corpus suite, else {PARTIAL_OUT})",
    )
    p.add_argument(
        "--suite",
        action="extend",
        nargs="+",
        choices=ALL_SUITES,
        metavar="NAME",
        help=f"suites to run (default: all that apply): {', '.join(ALL_SUITES)}",
    )
    p.add_argument("--pan12", type=Path, help="directory holding the PAN 2012 test corpus and ground truth")
    p.add_argument("--data-file", type=Path, help="labelled JSONL or CSV for the custom suite")
    p.add_argument("--label-field", help="label column of --data-file (positive: 1/true/yes)")
    p.add_argument("--text-field", default="text", help="text column of --data-file (default: text)")
    p.add_argument("--train-dir", type=Path, default=Path("build/train"), help="scikit-learn baseline's model")
    p.add_argument("--seed", type=int, default=13, help="seed of every sample and perturbation (default: 13)")
    p.add_argument("--obfuscation-sample", type=int, default=obfuscation.MAX_SAMPLE, help="max positives perturbed")
    p.add_argument("--no-plots", action="store_true", help="do not write PNG plots")
    p.add_argument(
        "--no-baselines",
        action="store_true",
        help="do not run the baselines (a partial run then: under build/eval unless --out)",
    )
    p.add_argument(
        "--split",
        choices=SPLITS,
        default="test",
        help="the corpus split the corpus suites read (default: test, the published figures); validation, to compare "
        "designs and threshold rules, is a partial run (under build/eval unless --out)",
    )
    return p


def choose_suites(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    if args.data_file is not None and not args.label_field:
        parser.error("--data-file needs --label-field")
    if args.suite:
        wanted = list(dict.fromkeys(args.suite))
        if pan12.NAME in wanted and args.pan12 is None:
            parser.error("--suite pan12 needs --pan12 DIR")
        if custom.NAME in wanted and args.data_file is None:
            parser.error("--suite custom needs --data-file FILE --label-field NAME")
        return [s for s in ALL_SUITES if s in wanted]
    wanted = list(CORPUS_SUITES)
    if args.pan12 is not None:
        wanted.append(pan12.NAME)
    if args.data_file is not None:
        wanted.append(custom.NAME)
    return wanted


def is_full(suites) -> bool:
    """Whether ``suites`` holds every corpus suite: a run whose results the README and model card can quote."""
    return set(CORPUS_SUITES) <= set(suites)


def results_root(args: argparse.Namespace, suites: list[str]) -> Path:
    """``--out``, else the default root of a full or a partial run (a run without baselines is partial)."""
    if args.out is not None:
        return Path(args.out)
    return FULL_OUT if is_full(suites) and not args.no_baselines and args.split == SPLITS[0] else PARTIAL_OUT


def check_not_clobbering(out_dir: Path, suites: list[str], baselines: bool = True, split: str = SPLITS[0]) -> None:
    """ValueError when a partial run (some suites, no baselines, or not the test split) would replace the full
    results in ``out_dir`` (published ones, say)."""
    path = out_dir / "metrics.json"
    if (is_full(suites) and baselines and split == SPLITS[0]) or not path.is_file():
        return
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(previous, dict) or not is_full(previous.get("suites") or {}):
        return
    if split != SPLITS[0]:
        raise ValueError(
            f"{path} holds a full run on the test split; a run on the {split} split would replace it. "
            f"Leave out --out (such a run writes under {PARTIAL_OUT}) or give another folder"
        )
    if not is_full(suites):
        raise ValueError(
            f"{path} holds a full run; a run of only {', '.join(suites)} would replace it. "
            f"Leave out --out (a partial run writes under {PARTIAL_OUT}) or give another folder"
        )
    if previous.get("baselines"):
        raise ValueError(
            f"{path} holds a full run with its baselines; a run with --no-baselines would replace them. "
            f"Leave out --out (such a run writes under {PARTIAL_OUT}) or give another folder"
        )


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace, suites: list[str]) -> Path:
    """Run ``suites`` and write the results folder; returns it."""
    start = time.perf_counter()
    timing: dict = {"suites_s": {}}
    scorer = Scorer(args.model)
    out_dir = results_root(args, suites) / scorer.model_version
    if args.out is not None:  # a default root is never guarded: eval/results gets full runs, build/eval partial ones
        check_not_clobbering(out_dir, suites, baselines=not args.no_baselines, split=args.split)
    ctx = None
    metrics: dict = {"model_version": scorer.model_version, "seed": args.seed, "suites": {}}
    metrics["model_sha256"] = scorer.model.manifest.get("sha256")
    metrics["thresholds"] = scorer.model.thresholds
    if any(s in CORPUS_SUITES for s in suites):
        path = corpus_path(args.data)
        _log(f"scoring the {args.split} split of {path}")
        ctx = EvalContext.from_corpus(scorer, args.data, split=args.split, seed=args.seed)
        metrics["data"] = {
            "file": str(path),
            "sha256": file_sha256(path),
            "split": args.split,
            "records": len(ctx.records),
        }
    for name in suites:
        t0 = time.perf_counter()
        _log(f"suite {name}")
        if name == obfuscation.NAME:
            result = obfuscation.run(ctx, limit=args.obfuscation_sample)
        elif name in CORPUS_SUITES:
            result = CORPUS_SUITES[name].run(ctx)
        elif name == pan12.NAME:
            result = pan12.run(scorer, args.pan12)
            for warning in result.get("warnings", []):
                _log(f"warning: {warning}")
        else:
            result = custom.run(scorer, args.data_file, args.label_field, args.text_field)
        metrics["suites"][name] = result
        timing["suites_s"][name] = time.perf_counter() - t0
    if ctx is not None and not args.no_baselines:
        t0 = time.perf_counter()
        _log("baselines")
        metrics["baselines"], timing["baselines_messages_per_s"] = baselines.run(ctx, args.train_dir, args.data)
        timing["suites_s"]["baselines"] = time.perf_counter() - t0
        note = baselines.carry_over(metrics, out_dir / "metrics.json")
        if note:
            _log(note)
            timing["baselines_carried_over"] = {"sklearn": note}
    metrics["headline"] = headline(metrics["suites"])
    metrics = clean(metrics)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    plots = []
    if not args.no_plots:
        from groomguard.eval.plots import write_plots

        plots = write_plots(ctx, metrics, out_dir)
    if ctx is not None:
        timing.update(ctx.timings)
    timing["total_s"] = time.perf_counter() - start
    timing["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    (out_dir / "timing.json").write_text(json.dumps(clean(timing, 3), indent=2, sort_keys=True) + "\n")
    (out_dir / "REPORT.md").write_text(render_report(metrics, timing, plots), encoding="utf-8")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    suites = choose_suites(args, parser)
    try:
        out_dir = run(args, suites)
    except (FileNotFoundError, ModelError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    metrics = json.loads((out_dir / "metrics.json").read_text())
    for name, row in metrics["headline"].items():
        print(f"{name}: {row['value']:.3f} (target {row['target']})")
    timing = json.loads((out_dir / "timing.json").read_text())
    for note in timing.get("baselines_carried_over", {}).values():
        print(note)
    print(f"wrote {out_dir}/metrics.json, REPORT.md, timing.json" + ("" if args.no_plots else ", plots/"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
