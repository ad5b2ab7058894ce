"""Out-of-fold message scores of the train records, so that the conversation thresholds rest on many families.

The conversation head's thresholds need message scores that look like scores on new text. Validation gives them, but
it holds only about one family per family group (``training/synth/splits.py``): one benign-twin family per
persona and context. The balanced conversation threshold then rests on whichever family was dealt to validation
(``training/thresholds.py``): on 0.6.1's split, one parent's body-safety talk set two thirds of the false-alert
budget. Train holds about five times as many families.

So the train families are dealt into ``folds`` folds, stratified by family group (the prefix of the family's name:
``secrecy``, ``twin_secrecy``, ``smalltalk_parent_child``, ...). For each fold, the message heads and the window head
are refitted on the other folds' rows alone (the same kept buckets, idf, solver and C as the final model), calibrated
on validation as the final model is, and score the fold's rows: a model that never saw the family of the message it
scores. Real small-talk lines (``real/...`` families, a few large corpora of independent conversations) are dealt by
conversation instead. A synthetic conversation mixes families, so its messages are scored by different fold models;
each message's score is still out-of-family, which is what the conversation head reads. ``training/fit.py`` adds
these conversations to the half of validation that thresholds are chosen on; the heads are fitted as without them
(fitted on them too, the conversation head's weights doubled, with the same ``conv_C``, and its balanced threshold
went to 0.99: measured on the ``real_minor_negatives`` corpus, not shipped).

The kept buckets and idf come from the full train split (a small leak of the feature *selection*, not of the weights).
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from groomguard.training.dataset import Split
from groomguard.training.records import Record

#: Families whose records are dealt by conversation: large corpora of real, independent small-talk conversations.
BY_CONVERSATION_PREFIX = "real"


def family_group(family: str) -> str:
    """The group a family is stratified in: its name up to the first "/" (the generator's kind and label)."""
    return family.split("/", 1)[0]


def fold_of_records(records: list[Record], folds: int, seed: int) -> np.ndarray:
    """The fold (0 .. folds-1) of each record: its family's, dealt round-robin within the family's group after a
    seeded shuffle; records of real small-talk corpora (and records without a family) by a hash of the
    conversation."""
    if folds < 2:
        raise ValueError("folds must be >= 2")
    groups: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if r.template_family and family_group(r.template_family) != BY_CONVERSATION_PREFIX:
            groups[family_group(r.template_family)].add(r.template_family)
    fold_of_family: dict[str, int] = {}
    for group in sorted(groups):
        members = sorted(groups[group])
        rng = random.Random(f"{seed}:oof:{group}")
        rng.shuffle(members)
        start = rng.randrange(folds)  # small groups do not all start in fold 0
        for i, family in enumerate(members):
            fold_of_family[family] = (start + i) % folds
    out = np.empty(len(records), dtype=np.int64)
    for i, r in enumerate(records):
        k = fold_of_family.get(r.template_family)
        if k is None:
            digest = hashlib.sha256(f"{seed}:oof:{r.conversation_id}".encode()).digest()
            k = int.from_bytes(digest[:4], "little") % folds
        out[i] = k
    return out


def out_of_fold_probabilities(
    x_train: sp.csr_matrix,
    train: Split,
    x_val: sp.csr_matrix,
    folds: int,
    seed: int,
    fit_heads: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    calibrate: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    fit_window: Callable[[np.ndarray], np.ndarray],
    log=print,
) -> np.ndarray:
    """[train rows, labels + 1]: each train row's probabilities and window logit from the fold model that did not see
    its family (the monitor's row layout: probabilities, then the window logit).

    ``fit_heads(rows)`` fits the message heads on those train rows -> (weights, bias); ``calibrate(weights, bias,
    z_val)`` folds Platt scaling on validation's logits ``z_val`` in and rounds as the shipped weights are ->
    (weights, bias); ``fit_window(rows)`` fits the window head on those rows' conversations -> weights."""
    fold = fold_of_records(train.records, folds, seed)
    n_labels = train.y.shape[1]
    out = np.zeros((len(train), n_labels + 1))
    for k in range(folds):
        held, kept = np.flatnonzero(fold == k), np.flatnonzero(fold != k)
        w, b = fit_heads(kept)
        w, b = calibrate(w, b, np.asarray(x_val @ w) + b)
        out[held, :n_labels] = 1.0 / (1.0 + np.exp(-(np.asarray(x_train[held] @ w) + b)))
        out[held, n_labels] = np.asarray(x_train[held] @ fit_window(kept)).ravel()
        log(f"  out-of-fold {k + 1}/{folds}: fitted on {len(kept):,} rows, scored {len(held):,}")
    return out
