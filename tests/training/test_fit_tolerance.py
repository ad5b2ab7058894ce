"""The heads are fitted to the optimum (``TrainConfig.tol``), not to where liblinear's default tolerance stops: that
point depends on the machine's BLAS kernels and threads, so a model rebuilt on another CPU differed from the shipped
one (``make reproduce``). A model trained before the setting keeps the default in its refits."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import numpy as np
import pytest
import scipy.sparse as sp

from groomguard.training import fit as fit_module
from groomguard.training.artifact import TrainedModel
from groomguard.training.fit import LIBLINEAR_DEFAULT_TOL, TrainConfig, _fit_heads
from groomguard.training.records import LABELS


@pytest.mark.parametrize("tol", [0.0, -1e-8, 1.0])
def test_the_tolerance_is_checked(tol):
    with pytest.raises(ValueError, match="tol must be in"):
        TrainConfig(tol=tol)


def _problem(rows: int = 3000, columns: int = 400) -> tuple[sp.csr_matrix, SimpleNamespace]:
    rng = np.random.default_rng(5)
    x = sp.random(rows, columns, density=0.05, format="csr", random_state=6)
    true = rng.normal(size=(columns, len(LABELS))) * 3
    y = (x @ true + rng.normal(size=(rows, len(LABELS)))) > 0.5
    return x, SimpleNamespace(y=y, annotated=np.ones_like(y))


def _weights(tol: float) -> np.ndarray:
    x, split = _problem()
    w, b = _fit_heads(x, split, TrainConfig(tol=tol), np.ones(x.shape[0]), log=lambda *_: None)
    return np.c_[w.T, b]


def test_the_heads_reach_the_optimum_and_the_default_tolerance_does_not():
    optimum = _weights(1e-12)
    assert np.abs(_weights(TrainConfig().tol) - optimum).max() < 1e-6
    # what the default stops at, on this problem: far enough off that float16 weights (what ships) change
    assert np.abs(_weights(LIBLINEAR_DEFAULT_TOL) - optimum).max() > 1e-4


def test_the_shipped_setting_is_saved_and_an_older_model_refits_with_the_default(
    tiny_trained, small_corpus_dir, tmp_path
):
    model, train_dir = tiny_trained
    assert model.meta["train_config"]["tol"] == TrainConfig().tol
    copy = tmp_path / "train"
    shutil.copytree(train_dir, copy)
    old = TrainedModel.load(copy)
    del old.meta["train_config"]["tol"]  # as saved before the setting existed
    old.save(copy)
    refit = fit_module.refit_conversation(copy, small_corpus_dir, log=lambda *_: None, oof_folds=2)
    assert refit.meta["train_config"]["tol"] == LIBLINEAR_DEFAULT_TOL
