"""Export a trained model to the shipped artifact: ONNX graph, manifest, test vectors and model card.

    python -m groomguard.training.export --train-dir build/train --out model [--model-version 0.1.0]

The export refuses to write a model whose ONNX scores differ from scikit-learn's by more than ``PARITY_TOLERANCE`` on
the parity texts (hard cases included), or whose file exceeds ``MAX_BYTES``. Probabilities are held to it absolutely;
the window logit, an unbounded sum, relative to the sum of its terms' sizes when that is over 1 (``parity_gaps``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

from groomguard.runtime.conversation import (
    FEATURE_NAMES,
    PRIOR,
    SATURATION,
    SHOWN,
    SUM_CAP,
    WINDOW,
    WINDOW_CLIP,
    WINDOW_MIN,
)
from groomguard.runtime.featurizer import Featurizer, normalize
from groomguard.runtime.model_file import FORMAT_VERSION, MANIFEST
from groomguard.runtime.scorer import Scorer
from groomguard.training.artifact import TrainedModel
from groomguard.training.context_head import count_feature
from groomguard.training.graph import build_graph
from groomguard.training.hard_texts import parity_texts, vector_texts

ONNX_FILE = "groomguard.onnx"
PARITY_TOLERANCE = 1e-5
MAX_BYTES = 1_000_000
#: The conversation features' constants, recorded in the manifest and the graph's metadata for ports.
CONSTANTS = {
    "saturation": SATURATION,
    "shown": SHOWN,
    "sum_cap": SUM_CAP,
    "window": WINDOW,
    "window_min": WINDOW_MIN,
    "window_clip": WINDOW_CLIP,
    "prior": PRIOR,
}
LIBRARIES = ("numpy", "scipy", "scikit-learn", "onnx", "onnxruntime")


def library_versions() -> dict[str, str]:
    return {name: version(name) for name in LIBRARIES}


def export(model: TrainedModel, out: Path, model_version: str, corpus_texts: list[str] | None = None) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    weight_dtype = model.meta.get("train_config", {}).get("weight_dtype", "float16")
    metadata = {
        "format_version": str(FORMAT_VERSION),
        "model_version": model_version,
        "labels": json.dumps(list(model.labels)),
        "thresholds": json.dumps(model.thresholds, sort_keys=True),
        "featurizer": json.dumps(model.featurizer.to_dict(), sort_keys=True),
        "conversation_features": json.dumps(list(FEATURE_NAMES)),
        "conversation_constants": json.dumps(CONSTANTS, sort_keys=True),
        "train_config": json.dumps(model.meta.get("train_config", {}), sort_keys=True),
    }
    proto = build_graph(model, metadata, weight_dtype)
    data = proto.SerializeToString()
    if len(data) > MAX_BYTES:
        raise ValueError(f"{ONNX_FILE} would be {len(data):,} bytes, over the {MAX_BYTES:,}-byte budget")
    (out / ONNX_FILE).write_bytes(data)
    manifest = {
        "format_version": FORMAT_VERSION,
        "model_version": model_version,
        "onnx_file": ONNX_FILE,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size_bytes": len(data),
        "labels": list(model.labels),
        "thresholds": model.thresholds,
        "featurizer": model.featurizer.to_dict(),
        "conversation": {"features": list(FEATURE_NAMES), **CONSTANTS},
        **_context_section(model),
        "io": {
            "inputs": {
                "ids": "int64 [batch, width]",
                "counts": "float32 [batch, width]",
                "conv_features": "float32 [n, F]",
                "message_risk": "float32 [n, 1]",
            },
            "outputs": {
                "probabilities": "float32 [batch, labels]",
                "window_logit": "float32 [batch, 1]",
                "conversation_risk": "float32 [n, 1]",
                "context_risk": "float32 [n, 1]",
            },
        },
        "kept_features": len(model.kept),
        "weight_dtype": weight_dtype,
        "training_data": model.meta.get("sources", []),
        "train_config": model.meta.get("train_config", {}),
        "library_versions": library_versions(),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")

    scorer = Scorer(out)
    texts = parity_texts(corpus_texts or [])
    onnx_scores = scorer.probabilities(texts, window=True)
    features = model.features(texts)  # featurized once for the window logit and its terms' sizes
    window_logits = model.window_logits_of(features)
    term_sizes = np.asarray(abs(features) @ np.abs(model.window_weights)).ravel()
    gaps = parity_gaps(onnx_scores, model.sklearn_predict_proba(texts), window_logits, term_sizes)
    checked = max(gaps["probabilities_max_abs_diff"], gaps["window_max_scaled_diff"])
    if checked > PARITY_TOLERANCE:
        raise ValueError(
            f"ONNX and scikit-learn differ by {checked:.2e} (> {PARITY_TOLERANCE}) on the parity texts: "
            + ", ".join(f"{k} {v:.2e}" for k, v in gaps.items())
        )
    write_test_vectors(scorer, vector_texts(corpus_texts or []), out / "test_vectors.jsonl")
    report = {**{f"parity_{k}": v for k, v in gaps.items()}, "parity_texts": len(texts), "size_bytes": len(data)}
    (out / "export_report.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    return report


def _context_section(model: TrainedModel) -> dict:
    """The manifest's ``context``: the conversation features the context head reads capped, and their caps (since
    0.9.0; none before, and no section then, so an older model exports as it did)."""
    if model.context_caps is None:
        return {}
    caps = np.asarray(model.context_caps, np.float32)
    capped = {FEATURE_NAMES[j]: float(caps[j]) for j in np.flatnonzero(np.isfinite(caps))}
    section: dict = {"capped_features": capped}
    if "own_messages" in capped:  # the cap as a count of the sender's messages, for people
        section["own_messages_cap_messages"] = next(
            n for n in range(SATURATION + 2) if np.float32(count_feature(n)) >= np.float32(capped["own_messages"])
        )
    return {"context": section}


def parity_gaps(
    onnx_scores: np.ndarray, probabilities: np.ndarray, window_logits: np.ndarray, window_term_sizes: np.ndarray
) -> dict[str, float]:
    """How far the graph's outputs (probabilities, then the window logit as the last column) are from scikit-learn's
    float64 ones. ``window_term_sizes`` is, per text, the sum of the window logit's terms' sizes, sum |x_j * w_j|.

    - ``probabilities_max_abs_diff``: the largest difference of a probability (checked against the tolerance);
    - ``window_max_abs_diff``: the largest difference of a window logit (reported);
    - ``window_max_scaled_diff``: the largest difference of a window logit divided by its terms' sizes when that sum
      is over 1 (checked against the tolerance).

    The graph sums the window logit's terms in float32, whose rounding grows with the sizes of what it adds, not with
    the result: on the 12,000-character parity text (5,615 terms, sizes summing to 45.2) a logit of -6.01 came out
    1.03e-5 off, 2.3e-7 of that sum. A probability passes through a sigmoid that takes the same rounding down to a few
    1e-7. A wrong weight, idf or feature moves a score by far more than either.
    """
    scale = np.maximum(np.asarray(window_term_sizes, dtype=np.float64), 1.0)
    window_diff = np.abs(onnx_scores[:, -1] - window_logits)
    return {
        "probabilities_max_abs_diff": float(np.abs(onnx_scores[:, :-1] - probabilities).max(initial=0.0)),
        "window_max_abs_diff": float(window_diff.max(initial=0.0)),
        "window_max_scaled_diff": float((window_diff / scale).max(initial=0.0)),
    }


def write_test_vectors(scorer: Scorer, texts: list[str], path: Path) -> None:
    """text -> normalized text, ids, counts and scores, one JSON object a line: what every port must reproduce."""
    featurizer: Featurizer = scorer.featurizer
    probs = scorer.probabilities(texts, window=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for text, row in zip(texts, probs, strict=True):
            ids, counts = featurizer.features(text)
            record = {
                "text": text,
                "normalized": normalize(text),
                "ids": ids.tolist(),
                "counts": counts.astype(int).tolist(),
                "scores": {label: round(float(p), 7) for label, p in zip(scorer.labels, row[:-1], strict=True)},
                "window_logit": round(float(row[-1]), 6),
            }
            fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.training.export", description=__doc__.splitlines()[0])
    parser.add_argument("--train-dir", type=Path, default=Path("build/train"))
    parser.add_argument("--out", type=Path, default=Path("model"))
    parser.add_argument("--model-version", default="0.9.3")
    parser.add_argument(
        "--data", type=Path, default=Path("build/data"), help="corpus whose test texts join the vectors"
    )
    args = parser.parse_args(argv)
    model = TrainedModel.load(args.train_dir)
    corpus_texts = _test_texts(args.data)
    report = export(model, args.out, args.model_version, corpus_texts)
    from groomguard.training.card import write_model_card

    write_model_card(args.out)
    print(
        f"wrote {args.out / ONNX_FILE} ({report['size_bytes']:,} bytes); ONNX vs scikit-learn on "
        f"{report['parity_texts']:,} texts: probabilities {report['parity_probabilities_max_abs_diff']:.1e}, window "
        f"logit {report['parity_window_max_abs_diff']:.1e} ({report['parity_window_max_scaled_diff']:.1e} scaled)"
    )
    return 0


def _test_texts(data_dir: Path) -> list[str]:
    corpus = data_dir / "corpus.jsonl"
    if not corpus.exists():
        return []
    texts = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["split"] == "test":
                texts.append(r["text"])
    return texts


if __name__ == "__main__":
    sys.exit(main())
