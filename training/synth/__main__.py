"""Command line for the synthetic corpus.

python -m groomguard.training.synth build --out build/data [--seed 13] [--small] [--card training/DATA_CARD.md]
python -m groomguard.training.synth card --data build/data --out training/DATA_CARD.md
python -m groomguard.training.synth style --data build/data
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

from groomguard.training.synth.build import CorpusConfig, build
from groomguard.training.synth.card import write_card


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.training.synth", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="generate the corpus, its DatasetDict, stats and data card")
    b.add_argument("--out", type=Path, default=Path("build/data"))
    b.add_argument("--seed", type=int, default=13)
    b.add_argument("--small", action="store_true", help="a few thousand messages, for tests and quick checks")
    b.add_argument("--card", type=Path, default=None, help="where to write DATA_CARD.md (default: OUT/DATA_CARD.md)")
    b.add_argument("--no-hf", action="store_true", help="skip the datasets.DatasetDict copy")
    b.add_argument(
        "--real-minor-negatives",
        action="store_true",
        help="annotate minor_signal as a negative on real lines with no child cue (an experiment, off in the shipped "
        "corpus: see training/synth/real.py)",
    )
    c = sub.add_parser("card", help="rewrite the data card from a built corpus's stats.json")
    c.add_argument("--data", type=Path, default=Path("build/data"))
    c.add_argument("--out", type=Path, default=Path("training/DATA_CARD.md"))
    st = sub.add_parser("style", help="print shorthand and emoji rates per sender role and class of a built corpus")
    st.add_argument("--data", type=Path, default=Path("build/data"))
    args = parser.parse_args(argv)
    if args.command == "build":
        cfg = CorpusConfig.small(args.seed) if args.small else CorpusConfig(seed=args.seed)
        if args.real_minor_negatives:
            cfg = dataclasses.replace(cfg, real_minor_negatives=True)
        start = time.perf_counter()
        stats = build(cfg, args.out, card=args.card, hf=not args.no_hf)
        t = stats["totals"]
        print(
            f"built {t['conversations']:,} conversations, {t['messages']:,} messages in "
            f"{time.perf_counter() - start:.1f} s -> {args.out}"
        )
        return 0
    if args.command == "style":
        from groomguard.training.synth.build import read_corpus
        from groomguard.training.synth.style import format_rates, style_rates

        print(format_rates(style_rates(read_corpus(args.data))))
        return 0
    stats = json.loads((args.data / "stats.json").read_text())
    config = json.loads((args.data / "config.json").read_text())
    write_card(stats, config, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
