"""Ablations of a shipped model: what each part of its design contributes, measured by switching that part off.

    python -m groomguard.eval.ablate [--model model] [--data build/data] [--out build/ablate]
        [--part NAME ...] [--real FILE ...]
    make ablate [REAL="FILE ..."]

Each part is switched off in a copy of the model: the model is read back into arrays (``training.from_model``), the
part is zeroed and the copy is exported (``training.export``). A message feature gets weight 0 in every message head
and the window head, and idf 0, so that it no longer takes part in a message's length normalization either: the copy
scores a text exactly as it scores the text without that feature (the model's "dropped" column). A conversation
feature gets weight 0 in the conversation head. Nothing is refitted and every threshold is the shipped model's, so a
row says what *this* model loses without the part, not what a model trained without it would reach (its other weights
would take over some of the part's work, and its thresholds would move). Parts (the items of the real-world accuracy
issue, #15):

- ``lexicon`` (item 1): the licensed lexicon's category features;
- ``age_cues`` (item 2): the age-cue features (a child's age, an adult's);
- ``window`` (item 3, *is this grooming?*): the conversation head's terms that read the window head's score;
- ``minor_signals`` (item 3, *who is pursuing whom?*): the conversation head's terms that read minor signals (the
  sender's own, counted against them, and the other side's lead). The products of the window and minor signals are
  in both this part and ``window``, so the two rows overlap;
- ``message_count``: the conversation head's count of the sender's messages (the length lean the README's
  limitations describe).

Item 4 (the style-balanced corpus and shorthand canonicalisation) lives in the training data and the normalization,
not in weights; switching it off takes a changed generator and a new ``make data train``.

Every row, the shipped model's included, is scored the same way, at the ``balanced`` preset: the eval's corpus suites
on the test split of ``--data`` (no plots, no baselines) and, with ``--real``, the real-chat suite
(``groomguard.eval.real``, no intervals; malformed lines reported on standard error by file and line, never with their
text, and counted in the row). Writes ``<out>/<part>/model`` and ``<out>/<part>/eval`` (a variant's model and its
eval results; ``<out>/none/eval`` for the shipped model), ``<out>/ablations.json`` (floats rounded to 6 decimals,
sorted keys) and ``<out>/ABLATIONS.md``. Exit status 0 on success; 2 on bad usage, unreadable input or a ``--real``
file without a good line.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from groomguard.eval.data import corpus_path
from groomguard.eval.metrics import clean
from groomguard.eval.report import table
from groomguard.runtime.conversation import FEATURE_NAMES
from groomguard.runtime.model_file import ModelError, load_model_file
from groomguard.runtime.scorer import Scorer

#: The preset of every figure (the eval's headline figures are the balanced preset's).
PRESET = "balanced"


@dataclass(frozen=True)
class Ablation:
    """A part of the model, switched off by zeroing weights: special message features matching
    ``message_features`` (fnmatch patterns over ``FeaturizerConfig.special_features()``) in every message head and
    the window head, and the conversation head's ``conversation_features``."""

    name: str
    item: str  # the item of #15 it built ("" for none)
    what: str
    message_features: tuple[str, ...] = ()
    conversation_features: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"an ablation's name must be an identifier (it names a folder), got {self.name!r}")
        if not self.message_features and not self.conversation_features:
            raise ValueError(f"ablation {self.name!r} switches nothing off")
        unknown = [f for f in self.conversation_features if f not in FEATURE_NAMES]
        if unknown:
            raise ValueError(f"ablation {self.name!r}: no conversation feature {', '.join(unknown)}")


ABLATIONS: tuple[Ablation, ...] = (
    Ablation("lexicon", "1", "the lexicon's category features (message and window heads)", ("lex_*",)),
    Ablation("age_cues", "2", "the age-cue features (message and window heads)", ("age_*",)),
    Ablation(
        "window",
        "3",
        "the conversation head's window terms",
        conversation_features=tuple(f for f in FEATURE_NAMES if "window" in f),
    ),
    Ablation(
        "minor_signals",
        "3",
        "the conversation head's minor-signal terms (own, other side's, lead)",
        conversation_features=tuple(f for f in FEATURE_NAMES if "minor" in f),
    ),
    Ablation("message_count", "", "the conversation head's message count", conversation_features=("own_messages",)),
)
BY_NAME = {a.name: a for a in ABLATIONS}
#: The row of the model as shipped.
SHIPPED = "none"

#: Figures of the table: (column, metrics.json headline key (``eval.report.HEADLINE``) or real-chat result path).
SYNTHETIC_COLUMNS = (
    ("conversation recall", "conversation recall (balanced)"),
    ("benign conversations alerted", "benign conversation false-alert rate (balanced)"),
    ("long benign chats alerted", "long benign chats (400+ messages) alerted (balanced)"),
    ("long real small talk alerted", "long real small talk (400+ messages) alerted (balanced)"),
    ("children alerted", "grooming conversations whose child is alerted (balanced)"),
    ("groomer lines flagged in context", "groomer messages flagged in their conversation (balanced)"),
    ("message PR-AUC", "message grooming_risk PR-AUC"),
)
REAL_COLUMNS = (
    ("real: author AUC, each side alone", "sides_alone.author_roc_auc"),
    ("real: offenders alerted, both sides", "both_sides.offenders.alerted.share"),
    ("real: counterparts alerted, both sides", "both_sides.counterparts.alerted.share"),
    ("real: offender vs benign lines AUC", "lines.offender_vs_benign_roc_auc"),
)


def ablate(model, part: Ablation):
    """A copy of ``model`` (a ``training.artifact.TrainedModel``) with ``part``'s weights set to 0."""
    specials = model.featurizer.special_features()
    names = [n for n in specials if any(fnmatch.fnmatchcase(n, p) for p in part.message_features)]
    for pattern in part.message_features:
        if not any(fnmatch.fnmatchcase(n, pattern) for n in specials):
            raise ValueError(f"ablation {part.name!r}: the model has no feature {pattern} ({', '.join(specials)})")
    weights, window, idf = model.weights.copy(), model.window_weights.copy(), model.idf.copy()
    table = model.remap()  # feature id -> compact column; column 0 is "dropped": idf 0, weight 0, as these now
    for name in names:
        column = table[model.featurizer.n_buckets + specials.index(name)]
        weights[column], window[column], idf[column] = 0.0, 0.0, 0.0  # a feature not kept: column 0, zero already
    conv = model.conv_weights.copy()
    for name in part.conversation_features:
        conv[FEATURE_NAMES.index(name)] = 0.0
    meta = {**model.meta, "ablation": {"part": part.name, "zeroed": [*names, *part.conversation_features]}}
    return replace(model, weights=weights, window_weights=window, idf=idf, conv_weights=conv, meta=meta)


def _dig(result: dict, path: str):
    """The value at a dotted path of the real-chat result; None where the data holds no such figure (no offender)."""
    for key in path.split("."):
        if not isinstance(result, dict) or key not in result:
            return None
        result = result[key]
    return result


def measure(model_dir: Path, data: Path, out: Path, real_files: Sequence[Path]) -> dict:
    """The figures of one row: the corpus suites' headline (and the real-chat suite's result, with ``real_files``)."""
    from groomguard.eval.__main__ import main as eval_main

    args = ["--model", str(model_dir), "--data", str(data), "--out", str(out), "--no-plots", "--no-baselines"]
    log = io.StringIO()
    with contextlib.redirect_stderr(log), contextlib.redirect_stdout(io.StringIO()):  # its progress, once per row
        code = eval_main(args)
    if code != 0:
        said = " ".join(log.getvalue().strip().splitlines()[-3:])
        raise ValueError(f"the eval of {model_dir} failed (exit status {code}): {said}")
    version = load_model_file(model_dir).model_version
    metrics = json.loads((out / version / "metrics.json").read_text(encoding="utf-8"))
    # a figure the data cannot give (no chat long enough, say) is None, shown as n/a
    row = {"synthetic": {col: metrics["headline"].get(key, {}).get("value") for col, key in SYNTHETIC_COLUMNS}}
    if real_files:
        from groomguard.eval.suites import real

        def report(where: str) -> None:  # file and line with the reason, never the text (eval.real's report)
            print(f"skipped {where}", file=sys.stderr)

        result = real.run(Scorer(model_dir, preset=PRESET), list(real_files), PRESET, report=report, resamples=0)
        empty = [f["file"] for f in result["files"] if f["messages"] == 0]
        if empty:  # a row that leaves a file out would read as a measure of the others
            raise ValueError(f"no good line in {', '.join(empty)}")
        row["real"] = {col: _dig(result, key) for col, key in REAL_COLUMNS}
        row["real_skipped_lines"] = result["skipped"]["total"]
    return row


def run(model_dir: Path, data: Path, out: Path, parts: Sequence[Ablation], real_files: Sequence[Path]) -> dict:
    """Build each variant, measure it and the shipped model, write ablations.json and ABLATIONS.md; the result."""
    from groomguard.training.export import export
    from groomguard.training.from_model import read_model

    shipped = read_model(model_dir)
    version = shipped.meta["read_from_model"]
    rows = [{"part": SHIPPED, **measure(model_dir, data, out / SHIPPED / "eval", real_files)}]
    zeroed = {}
    for part in parts:
        print(f"ablation {part.name}: {part.what}", file=sys.stderr, flush=True)
        variant = ablate(shipped, part)
        variant_dir = out / part.name / "model"
        with contextlib.redirect_stdout(io.StringIO()):
            export(variant, variant_dir, f"{version}-without-{part.name}", [])
        rows.append({"part": part.name, **measure(variant_dir, data, out / part.name / "eval", real_files)})
        zeroed[part.name] = variant.meta["ablation"]["zeroed"]
    result = clean(
        {
            "model_version": version,
            "preset": PRESET,
            "data": str(data),
            "real_files": [str(p) for p in real_files],
            "parts": {p.name: {"item": p.item, "what": p.what, "zeroed": zeroed[p.name]} for p in parts},
            "rows": rows,
        }
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / "ablations.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (out / "ABLATIONS.md").write_text(render(result), encoding="utf-8")
    return result


def render(result: dict) -> str:
    """ABLATIONS.md: one row per part switched off, beside the shipped model's."""
    columns = [c for c, _ in SYNTHETIC_COLUMNS]
    real = bool(result["real_files"])
    if real:
        columns += [c for c, _ in REAL_COLUMNS]
    rows = []
    for row in result["rows"]:
        name = row["part"]
        part = result["parts"].get(name)
        label = "shipped" if part is None else f"without {name}" + (f" (item {part['item']})" if part["item"] else "")
        values = [row["synthetic"][c] for c, _ in SYNTHETIC_COLUMNS]
        if real:
            values += [row["real"][c] for c, _ in REAL_COLUMNS]
        rows.append([label, *(_fmt(v) for v in values)])
    parts = [f"- `{n}`: {p['what']}; zeroed: {', '.join(p['zeroed'])}" for n, p in result["parts"].items()]
    return "\n".join(
        [
            f"# Ablations of model `{result['model_version']}` (preset `{result['preset']}`)",
            "",
            "Each part is switched off by zeroing its weights; nothing is refitted and every threshold is the shipped "
            "model's, so a row says what this model loses without the part, not what a model trained without it would "
            f"reach. Synthetic figures: the eval's corpus suites on the test split of `{result['data']}`"
            + (f"; real figures: `{'`, `'.join(result['real_files'])}`." if real else "."),
            "",
            *parts,
            "",
            table(["model", *columns], rows),
            "",
        ]
    )


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m groomguard.eval.ablate", description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, default=Path("model"), help="the model to ablate (default: model)")
    p.add_argument("--data", type=Path, default=Path("build/data"), help="corpus directory with corpus.jsonl")
    p.add_argument("--out", type=Path, default=Path("build/ablate"), help="results folder (default: build/ablate)")
    p.add_argument(
        "--part", action="append", choices=list(BY_NAME), help="a part to switch off (repeatable; default: all)"
    )
    p.add_argument("--real", type=Path, nargs="+", default=[], metavar="FILE", help="labelled real chat (eval.real)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    parts = [BY_NAME[n] for n in dict.fromkeys(args.part)] if args.part else list(ABLATIONS)
    missing = [str(p) for p in args.real if not p.is_file()]
    if missing:
        print(f"error: not a file: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not corpus_path(args.data).is_file():
        print(f"error: no corpus at {args.data} (make data writes build/data/corpus.jsonl)", file=sys.stderr)
        return 2
    try:
        result = run(args.model, args.data, args.out, parts, args.real)
    except (OSError, ModelError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(render(result))
    print(f"wrote {args.out / 'ablations.json'} and {args.out / 'ABLATIONS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
