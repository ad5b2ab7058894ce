"""Compare a rebuilt model with the shipped one: message scores, conversation and context heads, thresholds.

    python -m groomguard.training.compare --shipped model --rebuilt build/model [--tolerance 1e-4]

Three figures, each held to the tolerance: every score of every shipped test-vector text; the conversation and
context risks of ``N_ROWS`` fixed conversation-feature rows (the test vectors exercise the message heads only, and
those two heads are fitted after them); every threshold of the manifests. Exit 0 when all three agree, 1 otherwise,
naming the libraries whose versions differ between the two exports (a likely cause). ``make reproduce`` runs the whole
rebuild (data, train, export into build/model) and then this check.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from groomguard.runtime.scorer import Scorer


def _scorer(model: Path | Scorer) -> Scorer:
    return model if isinstance(model, Scorer) else Scorer(model)


def max_difference(shipped: Path | Scorer, rebuilt: Path | Scorer) -> tuple[float, int]:
    a, b = _scorer(shipped), _scorer(rebuilt)
    path = a.model.directory / "test_vectors.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    if a.labels != b.labels:
        raise SystemExit(f"labels differ: {a.labels} vs {b.labels}")
    return float(np.abs(a.probabilities(texts) - b.probabilities(texts)).max()), len(texts)


#: Conversation-feature rows the heads are compared on (random in [0, 1), fixed seed), and their message risks.
N_ROWS = 512


def heads_difference(shipped: Path | Scorer, rebuilt: Path | Scorer) -> float:
    """The largest difference of conversation_risk and context_risk between the two models on fixed rows."""
    from groomguard.runtime.conversation import N_FEATURES

    rng = np.random.default_rng(0)
    features = rng.random((N_ROWS, N_FEATURES)).astype(np.float32)
    risks = rng.random(N_ROWS).astype(np.float32)
    a = _scorer(shipped).conversation_and_context(features, risks)
    b = _scorer(rebuilt).conversation_and_context(features, risks)
    return float(max(np.abs(np.asarray(x) - np.asarray(y)).max() for x, y in zip(a, b, strict=True)))


def thresholds_difference(shipped: Path | Scorer, rebuilt: Path | Scorer) -> float:
    """The largest difference between the manifests' thresholds (inf when they do not have the same ones)."""

    def flat(d: dict, prefix: str = "") -> dict[str, float]:
        out = {}
        for k, v in d.items():
            out.update(flat(v, f"{prefix}{k}.") if isinstance(v, dict) else {f"{prefix}{k}": float(v)})
        return out

    a, b = (flat(_scorer(m).model.thresholds) for m in (shipped, rebuilt))
    if a.keys() != b.keys():
        return float("inf")
    return max(abs(a[k] - b[k]) for k in a)


def library_differences(shipped: Path | Scorer, rebuilt: Path | Scorer) -> list[str]:
    """``"name shipped-version -> rebuilt-version"`` for each library whose version differs between the manifests."""
    a, b = (_scorer(m).model.manifest.get("library_versions", {}) for m in (shipped, rebuilt))
    return [
        f"{k} {a.get(k, '(none)')} -> {b.get(k, '(none)')}" for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.training.compare", description=__doc__.splitlines()[0])
    parser.add_argument("--shipped", type=Path, default=Path("model"))
    parser.add_argument("--rebuilt", type=Path, default=Path("build/model"))
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args(argv)
    shipped, rebuilt = Scorer(args.shipped), Scorer(args.rebuilt)  # each model loaded once, for the three figures
    diff, n = max_difference(shipped, rebuilt)
    heads = heads_difference(shipped, rebuilt)
    th = thresholds_difference(shipped, rebuilt)
    figures = [
        (diff, f"max |score difference| {diff:.2e} over {n} test-vector texts"),
        (heads, f"conversation and context risk {heads:.2e} over {N_ROWS} rows"),
        (th, f"thresholds {th:.2e}"),
    ]
    ok = True
    for value, text in figures:
        verdict = "within" if value <= args.tolerance else "OVER"
        ok &= value <= args.tolerance
        print(f"{text}: {verdict} the tolerance {args.tolerance:g}")
    if not ok:
        changed = library_differences(shipped, rebuilt)
        print(
            f"library versions differ: {', '.join(changed)}"
            if changed
            else "both were exported with the same library versions (the manifests' library_versions)"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
