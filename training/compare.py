"""Compare a rebuilt model with the shipped one on the shipped test vectors (scores within a tolerance).

    python -m groomguard.training.compare --shipped model --rebuilt build/model [--tolerance 1e-4]

Exit 0 when every score of every test-vector text agrees within the tolerance, 1 otherwise. ``make reproduce`` runs
the whole rebuild (data, train, export into build/model) and then this check.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from groomguard.runtime.scorer import Scorer


def max_difference(shipped: Path, rebuilt: Path) -> tuple[float, int]:
    vectors = [json.loads(line) for line in (shipped / "test_vectors.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [v["text"] for v in vectors]
    a, b = Scorer(shipped), Scorer(rebuilt)
    if a.labels != b.labels:
        raise SystemExit(f"labels differ: {a.labels} vs {b.labels}")
    return float(np.abs(a.probabilities(texts) - b.probabilities(texts)).max()), len(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.training.compare", description=__doc__.splitlines()[0])
    parser.add_argument("--shipped", type=Path, default=Path("model"))
    parser.add_argument("--rebuilt", type=Path, default=Path("build/model"))
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args(argv)
    diff, n = max_difference(args.shipped, args.rebuilt)
    verdict = "within" if diff <= args.tolerance else "OVER"
    print(f"max |score difference| {diff:.2e} over {n} test-vector texts: {verdict} the tolerance {args.tolerance:g}")
    return 0 if diff <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
