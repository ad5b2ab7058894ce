"""Out-of-fold scores of train: folds by family (stratified by group), real small talk by conversation, and no row
scored by a model fitted on its own family."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
import scipy.sparse as sp

from groomguard.training.dataset import Split
from groomguard.training.oof import fold_of_records, out_of_fold_probabilities
from groomguard.training.records import LABELS, Record


def _records() -> list[Record]:
    out = []
    families = [f"secrecy/s{k}" for k in range(7)] + [f"twin_secrecy/t{k}" for k in range(3)] + ["adult_age/a0"]
    for k, family in enumerate(families):
        for i in range(4):
            out.append(Record(f"c{k}-{i}", i, "a", "adult", f"line {k} {i}", template_family=family, split="train"))
    for c in range(40):  # real small talk: one corpus-sized family, dealt by conversation
        for i in range(3):
            out.append(
                Record(f"real{c}", i, "p", "peer", f"hi {c} {i}", template_family="real/chitchat", split="train")
            )
    return out


def test_folds_are_by_family_stratified_and_deterministic():
    records = _records()
    fold = fold_of_records(records, 3, seed=13)
    assert np.array_equal(fold, fold_of_records(records, 3, seed=13))
    assert not np.array_equal(fold, fold_of_records(records, 3, seed=14))
    by_family, by_group = defaultdict(set), defaultdict(list)
    for r, k in zip(records, fold, strict=True):
        by_family[r.template_family].add(int(k))
    for family, folds in by_family.items():
        if family != "real/chitchat":
            assert len(folds) == 1, family  # a family is never on two sides
            by_group[family.split("/")[0]].append(next(iter(folds)))
    assert sorted(np.bincount(by_group["secrecy"], minlength=3)) == [2, 2, 3]  # dealt round-robin
    assert sorted(by_group["twin_secrecy"]) == [0, 1, 2]
    assert by_family["real/chitchat"] == {0, 1, 2}  # a real corpus is spread over the folds by conversation
    real_fold = defaultdict(set)
    for r, k in zip(records, fold, strict=True):
        if r.template_family == "real/chitchat":
            real_fold[r.conversation_id].add(int(k))
    assert all(len(v) == 1 for v in real_fold.values())  # but a conversation is never split
    with pytest.raises(ValueError):
        fold_of_records(records, 1, seed=13)


def test_no_row_is_scored_by_a_model_fitted_on_its_family():
    records = _records()
    n, folds = len(records), 3
    split = Split(records, sp.csr_matrix((n, 1)), np.zeros((n, len(LABELS)), bool), np.ones((n, len(LABELS)), bool))
    x = sp.csr_matrix(np.ones((n, 1)))
    fitted_on: list[set[int]] = []

    def fit_heads(rows):  # a "model" whose output says which fit it came from
        fitted_on.append(set(rows.tolist()))
        return np.zeros((1, len(LABELS))), np.full(len(LABELS), float(len(fitted_on)))

    def fit_window(rows):
        return np.full(1, float(len(fitted_on)))

    probs = out_of_fold_probabilities(
        x, split, x, folds, 13, fit_heads, calibrate=lambda w, b, z: (w, b), fit_window=fit_window, log=lambda *_: None
    )
    assert probs.shape == (n, len(LABELS) + 1)
    assert len(fitted_on) == folds
    which = np.rint(probs[:, -1]).astype(int) - 1  # the window logit is the fit's number
    assert np.allclose(probs[:, 0], 1 / (1 + np.exp(-(which + 1.0))))
    family_rows = defaultdict(set)
    for i, r in enumerate(records):
        family_rows[r.template_family if not r.template_family.startswith("real") else r.conversation_id].add(i)
    for i, r in enumerate(records):
        key = r.template_family if not r.template_family.startswith("real") else r.conversation_id
        assert not family_rows[key] & fitted_on[which[i]]  # none of its family (or real conversation) was fitted on
    assert set().union(*fitted_on) == set(range(n))  # and every row was fitted on by some other fold's model
