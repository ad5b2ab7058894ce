"""Fit the message model and the conversation head; write ``model.npz`` + ``model.json`` + ``train_config.json``.

    python -m groomguard.training.fit --data build/data --sources "synthetic" --out build/train --seed 13

Steps: featurize (the runtime featurizer) -> TF-IDF weights from the training rows -> one logistic-regression head per
label (class weights for the imbalance; a label is learned only from rows that annotate it) -> keep the
``max_features`` buckets with the largest weights and refit on them alone (so length normalization is computed over
kept features, as in the graph) -> Platt calibration of every head on validation families, folded into the weights ->
weights rounded to float16 (what ships; every figure is of the rounded model) -> preset thresholds on validation ->
conversation head and context head (a message's risk in its conversation) on one half of the validation
conversations, their thresholds on the other half; with ``oof_folds`` (4 by default), the thresholds' half also holds
every train conversation, scored out of fold (``training/oof.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from groomguard.runtime.conversation import WINDOW_COLUMN
from groomguard.runtime.featurizer import Featurizer, FeaturizerConfig
from groomguard.training import lexicon as lexicon_file
from groomguard.training import refit_inputs
from groomguard.training.artifact import TrainedModel
from groomguard.training.context_head import context_caps, context_risk, context_rows, fit_context_head, written_steps
from groomguard.training.conversation_head import (
    conversation_rows,
    fit_conversation_head,
    half_of,
    replays_for_fit,
    replays_for_thresholds,
    running_risk,
    walk,
)
from groomguard.training.dataset import document_frequency_idf, make_split, tfidf
from groomguard.training.records import LABELS, Record
from groomguard.training.replays import length_kind
from groomguard.training.sources import load_training_records
from groomguard.training.thresholds import context_thresholds, conversation_thresholds, message_thresholds
from groomguard.training.window_head import fit_window_head

#: scikit-learn's ``tol`` for liblinear, what every model before ``TrainConfig.tol`` was fitted with.
LIBLINEAR_DEFAULT_TOL = 1e-4


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 13
    n_buckets: int = 1 << 18
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (3, 5)
    C: float = 4.0
    min_df: int = 2
    max_features: int = 16_000
    weight_dtype: str = "float16"
    conv_C: float = 0.05  # chosen on synthetic validation (recall at the balanced false-alert cap, AUC)
    max_iter: int = 300
    # liblinear's stopping tolerance, for the message heads and the window head. Its default (1e-4) stops short of
    # the optimum, at a point that depends on the machine's BLAS kernels and threads: 0.9.0 (fitted at 1e-4 on an
    # Intel Xeon) rebuilt on an AMD EPYC had 23,475 float16 weights one step apart, and `make reproduce` failed (scores
    # 1.05e-3 apart). Measured on one head (platform_move, 120,000 train rows): at 1e-4 the weights stop up to 5e-4
    # from the optimum and one BLAS thread instead of two moves them by 3e-6 (391 float16 weights change); at 1e-8
    # by 4e-9 (one changes), for 12 Newton iterations instead of 9.
    tol: float = 1e-8
    selection_rows: int = 150_000  # feature selection fits on at most this many train rows (a seeded sample)
    lexicon: str = "profanity_en"  # training/lexicons/<name>.json (python -m groomguard.training.lexicon); "": none
    window_C: float = 0.25
    window_stride: int = 5
    context_C: float = 1.0  # the context head's two weights (training/context_head.py)
    oof_folds: int = 4  # >= 2: conversation thresholds also on train, scored out of fold (training/oof.py); 0: off

    def __post_init__(self) -> None:
        self.featurizer  # validates  # noqa: B018
        if min(self.C, self.conv_C, self.window_C, self.context_C) <= 0:
            raise ValueError("C, conv_C, window_C and context_C must be > 0")
        if self.oof_folds != 0 and self.oof_folds < 2:
            raise ValueError("oof_folds must be 0 (off) or >= 2")
        if self.window_stride < 1:
            raise ValueError("window_stride must be >= 1")
        if not 0 < self.tol < 1:
            raise ValueError("tol must be in (0, 1)")
        if self.min_df < 1:
            raise ValueError("min_df must be >= 1")
        if self.selection_rows < 1000:
            raise ValueError("selection_rows must be >= 1000")
        if not 1 <= self.max_features < 65_535:
            raise ValueError("max_features must be in [1, 65535) (the graph's lookup table is uint16)")
        if self.weight_dtype not in ("float16", "float32"):
            raise ValueError("weight_dtype must be float16 or float32")

    @property
    def featurizer(self) -> FeaturizerConfig:
        lexicon = lexicon_file.load(lexicon_file.DEFAULT_PATH.with_name(f"{self.lexicon}.json")) if self.lexicon else ()
        return FeaturizerConfig(self.n_buckets, tuple(self.word_ngrams), tuple(self.char_ngrams), lexicon=lexicon)


def _fit_heads(
    x, split, cfg: TrainConfig, sample_weight: np.ndarray, subset: np.ndarray | None = None, log=print
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((x.shape[1], len(LABELS)))
    bias = np.zeros(len(LABELS))
    for j, label in enumerate(LABELS):
        started = time.perf_counter()
        rows = np.flatnonzero(split.annotated[:, j])
        if subset is not None:
            rows = np.intersect1d(rows, subset)
        y = split.y[rows, j]
        if y.sum() < 3 or (~y).sum() < 3:
            bias[j] = -6.0 if y.sum() < 3 else 6.0
            continue
        head = LogisticRegression(
            C=cfg.C,
            class_weight="balanced",
            solver="liblinear",
            max_iter=cfg.max_iter,
            tol=cfg.tol,
            random_state=cfg.seed,
        )
        head.fit(x[rows], y, sample_weight=sample_weight[rows])
        weights[:, j] = head.coef_[0]
        bias[j] = head.intercept_[0]
        log(f"  {label}: {len(rows):,} rows, {int(y.sum()):,} positive, {time.perf_counter() - started:.0f} s")
    return weights, bias


def _platt(z: np.ndarray, y: np.ndarray, seed: int) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    if y.sum() == 0 or (~y).sum() == 0:
        return 1.0, 0.0
    lr = LogisticRegression(C=1e4, max_iter=1000, random_state=seed)
    lr.fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _round(a: np.ndarray, dtype: str) -> np.ndarray:
    return np.asarray(a, dtype=dtype).astype(np.float64)


def fit(
    records: list[Record],
    cfg: TrainConfig,
    sample_weight: np.ndarray | None = None,
    log=print,
    scores: dict | None = None,
) -> TrainedModel:
    """The whole model (steps in the module docstring). ``scores``, when given, receives the message scores the
    conversation part read (``"validation"``, ``"out_of_fold"``), for ``training/refit_inputs.py``."""
    t0 = time.perf_counter()
    featurizer = Featurizer(cfg.featurizer)
    weights_all = np.ones(len(records)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    train_idx = [i for i, r in enumerate(records) if r.split == "train"]
    val_idx = [i for i, r in enumerate(records) if r.split == "validation"]
    if not train_idx or not val_idx:
        raise ValueError("training needs records in both the train and the validation split")
    train = make_split(featurizer, [records[i] for i in train_idx])
    val = make_split(featurizer, [records[i] for i in val_idx])
    sw = weights_all[train_idx]
    log(f"featurized {len(train):,} train and {len(val):,} validation messages in {time.perf_counter() - t0:.0f} s")

    # 1. all buckets seen at least min_df times in train
    idf_full = document_frequency_idf(train.counts)
    df = np.bincount(train.counts.indices, minlength=featurizer.config.n_features)
    idf_full[df < cfg.min_df] = 0.0
    subset = None
    if len(train) > cfg.selection_rows:
        subset = np.sort(np.random.default_rng(cfg.seed).choice(len(train), cfg.selection_rows, replace=False))
    w_full, _ = _fit_heads(tfidf(train.counts, idf_full), train, cfg, sw, subset, log)
    log(f"fitted {len(LABELS)} heads on {int((df >= cfg.min_df).sum()):,} buckets ({time.perf_counter() - t0:.0f} s)")

    # 2. keep the strongest buckets, refit on them alone
    importance = np.abs(w_full).max(axis=1)
    importance[cfg.n_buckets :] = np.inf  # the special features (lexicon, age cues) are always kept
    importance[idf_full == 0] = 0
    n_keep = int(min(cfg.max_features, (importance > 0).sum()))
    kept = np.sort(np.argsort(-importance, kind="stable")[:n_keep]).astype(np.int64)
    idf = np.r_[0.0, idf_full[kept]]
    model = TrainedModel(
        cfg.featurizer, LABELS, kept, _round(idf, cfg.weight_dtype), np.zeros((n_keep + 1, len(LABELS))),
        np.zeros(len(LABELS)), np.zeros(0), 0.0, {},
    )  # fmt: skip
    x_train = tfidf(model.compact_counts(train.counts), model.idf)
    w, b = _fit_heads(x_train, train, cfg, sw, None, log)
    log(f"refitted on {n_keep:,} kept buckets ({time.perf_counter() - t0:.0f} s)")

    # 3. calibrate on validation families, fold into the weights, round
    x_val = tfidf(model.compact_counts(val.counts), model.idf)
    model.weights, model.bias = _calibrate(w, b, x_val @ w + b, val, cfg)

    # 3b. the window head, on windows of train conversations (both sides, and each sender alone)
    model.window_weights = _round(
        fit_window_head(
            x_train, train.records, cfg.window_C, cfg.seed, cfg.window_stride, log, tol=cfg.tol, max_iter=cfg.max_iter
        ),
        cfg.weight_dtype,
    )
    p_val = monitor_rows(model, x_val)  # the heads' probabilities, then the window logit
    log(f"window head fitted ({time.perf_counter() - t0:.0f} s)")

    # 4. thresholds per label on validation
    message_th = {}
    for j, label in enumerate(LABELS):
        rows = val.annotated[:, j]
        message_th[label] = message_thresholds(val.y[rows, j], p_val[rows, j])

    # 5. conversation head: fit on one half of validation conversations, thresholds on the other (with the train
    # conversations' out-of-fold scores, when asked)
    model.thresholds = {"message": message_th, "conversation": {}}
    oof = _out_of_fold(x_train, train, x_val, val, cfg, sw, log) if cfg.oof_folds else None
    n_rows = fit_conversation_part(model, val.records, p_val, cfg, train.records if cfg.oof_folds else None, oof)
    if scores is not None:
        scores.update(validation=p_val, out_of_fold=oof)
    model.meta = {
        "train_config": asdict(cfg),
        "train_messages": len(train),
        "validation_messages": len(val),
        "conversation_head_rows": n_rows,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    log(f"done in {time.perf_counter() - t0:.0f} s")
    return model


def monitor_rows(model: TrainedModel, x) -> np.ndarray:
    """float64 [n, labels + 1]: what the monitor reads of messages whose TF-IDF rows are ``x``: every head's
    probability, then the window logit (as the graph computes them)."""
    probs = 1.0 / (1.0 + np.exp(-(x @ model.weights + model.bias)))
    return np.hstack([probs, np.asarray(x @ model.window_weights).reshape(-1, 1)])


def _calibrate(w: np.ndarray, b: np.ndarray, z_val: np.ndarray, val, cfg: TrainConfig) -> tuple[np.ndarray, np.ndarray]:
    """Platt scaling of every head on validation (its logits ``z_val``) folded into the weights, then rounded."""
    w, b = w.copy(), b.copy()
    for j in range(w.shape[1]):
        rows = val.annotated[:, j]
        a, c = _platt(z_val[rows, j], val.y[rows, j], cfg.seed)
        w[:, j] *= a
        b[j] = a * b[j] + c
    return _round(w, cfg.weight_dtype), _round(b, "float32")


def _out_of_fold(x_train, train, x_val, val, cfg: TrainConfig, sw: np.ndarray, log=print) -> np.ndarray:
    """Each train row's probabilities and window logit from a model that never saw its family (training/oof.py)."""
    from groomguard.training.oof import out_of_fold_probabilities

    quiet = lambda *_: None  # noqa: E731  (the fold fits do not log)

    def fit_window(rows: np.ndarray) -> np.ndarray:
        records = [train.records[i] for i in rows]
        return _round(
            fit_window_head(
                x_train[rows],
                records,
                cfg.window_C,
                cfg.seed,
                cfg.window_stride,
                quiet,
                tol=cfg.tol,
                max_iter=cfg.max_iter,
            ),
            cfg.weight_dtype,
        )

    return out_of_fold_probabilities(
        x_train,
        train,
        x_val,
        cfg.oof_folds,
        cfg.seed,
        fit_heads=lambda rows: _fit_heads(x_train, train, cfg, sw, rows, log=quiet),
        calibrate=lambda w, b, z: _calibrate(w, b, z, val, cfg),
        fit_window=fit_window,
        log=log,
    )


def fit_conversation_part(
    model: TrainedModel,
    records: list[Record],
    probs: np.ndarray,
    cfg: TrainConfig,
    oof_records: list[Record] | None = None,
    oof_probs: np.ndarray | None = None,
) -> int:
    """Fit the conversation head, then the context head, on one half of the validation conversations (``probs``:
    their message rows, the window logit last) and choose both heads' thresholds on the other half; set them on
    ``model``; return the conversation head's rows. ``oof_records`` and ``oof_probs``: train conversations with
    out-of-fold scores (``training/oof.py``), added to the thresholds' half: the heads are fitted as without them,
    and their thresholds rest on every family of train and validation's half instead of about one per persona."""
    label_index = {label: j for j, label in enumerate(model.labels)}
    label_index[WINDOW_COLUMN] = len(model.labels)
    halves = np.array([half_of(r.conversation_id, cfg.seed) for r in records])
    fit_rows, th_rows = np.flatnonzero(halves == 0), np.flatnonzero(halves == 1)
    if oof_records is not None:
        th_rows = np.r_[th_rows, len(records) + np.arange(len(oof_records))]
        records = [*records, *oof_records]
        probs = np.vstack([probs, oof_probs])
    fit_probs, th_probs = probs[fit_rows], probs[th_rows]
    # each half's replays walked once: the conversation head's rows, its running risk and the context head's rows
    fit_walk = walk(replays_for_fit([records[i] for i in fit_rows], cfg.seed), fit_probs, label_index)
    th_walk = walk(replays_for_thresholds([records[i] for i in th_rows], cfg.seed), th_probs, label_index)
    rows = conversation_rows(fit_walk)
    weights, bias = fit_conversation_head(rows, cfg.conv_C, cfg.seed)
    model.conv_weights = _round(weights, "float32")
    model.conv_bias = bias
    risk = running_risk(th_walk, model.conv_weights, model.conv_bias)
    grooming = np.array([rp.grooming for rp in th_walk.replays])
    peak = np.array([risk[rp.conversation].max() for rp in th_walk.replays])
    kinds = np.array([length_kind(rp) for rp in th_walk.replays])
    thresholds = {**model.thresholds, "conversation": conversation_thresholds(grooming, peak, kinds)}

    model.context_caps = context_caps()
    fit_ctx = context_rows(fit_walk, fit_probs, label_index, model.conv_weights, model.conv_bias, model.context_caps)
    ctx_weights, ctx_bias = fit_context_head(fit_ctx, cfg.context_C)
    model.context_weights = _round(ctx_weights, "float32")
    model.context_bias = float(np.float32(ctx_bias))
    th_ctx = context_rows(th_walk, th_probs, label_index, model.conv_weights, model.conv_bias, model.context_caps)
    written = written_steps(th_walk)  # long replays' filler would let the flags' budget go to short chats' hard lines
    thresholds["context"] = context_thresholds(
        th_ctx.y[written], context_risk(th_ctx, model.context_weights, model.context_bias)[written]
    )
    model.thresholds = thresholds
    return len(rows.y)


def refit_conversation(
    train_dir: Path, data_dir: Path, log=print, oof_folds: int | None = None, reuse_scores: bool = True
) -> TrainedModel:
    """Refit only the conversation head and its thresholds of a trained model (its message and window heads kept),
    on the corpus's validation split (and its train split scored out of fold, for the thresholds): what ``fit`` does
    in its last step, for a change to the head alone. ``oof_folds``: in place of the model's own setting (a model
    trained before the setting existed gets the default). The message scores are saved in ``train_dir`` and, with
    ``reuse_scores``, read back by the next refit of the same message side (``training/refit_inputs.py``)."""
    train_dir = Path(train_dir)
    model = TrainedModel.load(train_dir)
    # A model trained before `tol` existed was fitted at liblinear's default, which its out-of-fold refits keep.
    saved = {"tol": LIBLINEAR_DEFAULT_TOL, **model.meta["train_config"]}
    cfg = TrainConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in saved.items()})
    if oof_folds is not None:
        cfg = replace(cfg, oof_folds=oof_folds)
    model.meta["train_config"] = asdict(cfg)  # what the refit used, for the manifest and the card
    records, weights, sources = load_training_records("synthetic", data_dir, cfg.seed)
    val_records = [r for r in records if r.split == "validation"]
    train_idx = [i for i, r in enumerate(records) if r.split == "train"]
    oof_records = [records[i] for i in train_idx] if cfg.oof_folds else None
    inputs_key = refit_inputs.key(model, model.meta["train_config"], sources)
    saved = refit_inputs.load(train_dir, inputs_key) if reuse_scores else None
    if saved is not None:
        p_val, oof = saved
        log(f"message scores read from {train_dir / refit_inputs.FILE} (the message side is unchanged)")
    else:
        featurizer = Featurizer(cfg.featurizer)
        val = make_split(featurizer, val_records)
        x_val = tfidf(model.compact_counts(val.counts), model.idf)
        p_val, oof = monitor_rows(model, x_val), None
        if cfg.oof_folds:
            train = make_split(featurizer, oof_records)
            x_train = tfidf(model.compact_counts(train.counts), model.idf)
            oof = _out_of_fold(x_train, train, x_val, val, cfg, np.asarray(weights)[train_idx], log)
        refit_inputs.save(train_dir, inputs_key, p_val, oof)
    n_rows = fit_conversation_part(model, val_records, p_val, cfg, oof_records, oof)
    model.meta["conversation_head_rows"] = n_rows
    model.meta["conversation_refit"] = True
    log(f"conversation head refitted on {n_rows:,} rows")
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.training.fit", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("build/data"), help="the built synthetic corpus")
    parser.add_argument("--sources", default="synthetic", help='e.g. "synthetic pan12:/path jsonl:/file.jsonl"')
    parser.add_argument("--out", type=Path, default=Path("build/train"))
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--max-features", type=int, default=TrainConfig.max_features)
    parser.add_argument(
        "--oof-folds",
        type=int,
        default=None,
        help="fit the conversation head also on out-of-fold scores of train, in this many family folds (0: off)",
    )
    parser.add_argument(
        "--conversation-only",
        action="store_true",
        help="refit only the conversation head and its thresholds of the model already in --out",
    )
    parser.add_argument(
        "--rescore",
        action="store_true",
        help="with --conversation-only: score the messages again, not read what make train or the last refit saved",
    )
    args = parser.parse_args(argv)
    if args.conversation_only:
        refit_conversation(args.out, args.data, oof_folds=args.oof_folds, reuse_scores=not args.rescore).save(args.out)
        print(f"wrote {args.out / 'model.npz'} and {args.out / 'model.json'} (conversation head refitted)")
        return 0
    cfg = TrainConfig(seed=args.seed, max_features=args.max_features)
    if args.oof_folds is not None:
        cfg = replace(cfg, oof_folds=args.oof_folds)
    try:
        records, sample_weight, sources = load_training_records(args.sources, args.data, args.seed)
    except (OSError, ValueError) as exc:  # a bad spec, a missing file or column, a source with no usable record
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scores: dict = {}
    model = fit(records, cfg, sample_weight, scores=scores)
    model.meta["sources"] = sources
    model.save(args.out)
    if args.sources.split() == ["synthetic"]:  # what a refit reads (it refits on the synthetic corpus alone)
        inputs_key = refit_inputs.key(model, model.meta["train_config"], sources)
        refit_inputs.save(args.out, inputs_key, scores["validation"], scores["out_of_fold"])
    (args.out / "train_config.json").write_text(json.dumps(asdict(cfg), indent=2, sort_keys=True) + "\n")
    print(f"wrote {args.out / 'model.npz'} and {args.out / 'model.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
