"""A conversation-head refit reuses the message scores of the last fit or refit of the same message side, and only
those."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from groomguard.training import fit as fit_module
from groomguard.training import refit_inputs
from groomguard.training.artifact import TrainedModel

QUIET = lambda *_: None  # noqa: E731


def _same_heads(a: TrainedModel, b: TrainedModel) -> None:
    assert np.array_equal(a.conv_weights, b.conv_weights)
    assert a.conv_bias == b.conv_bias
    assert np.array_equal(a.context_weights, b.context_weights)
    assert a.thresholds == b.thresholds


def _no_scoring(monkeypatch) -> None:
    """Make scoring the messages fail: a refit that still succeeds read its scores from the file."""

    def fail(*_args, **_kwargs):
        raise AssertionError("the messages were scored again")

    monkeypatch.setattr(fit_module, "make_split", fail)
    monkeypatch.setattr(fit_module, "_out_of_fold", fail)


def test_a_second_refit_reads_the_scores_back_and_fits_the_same_heads(tiny_trained, small_corpus_dir, tmp_path):
    _, train_dir = tiny_trained
    copy = tmp_path / "train"
    shutil.copytree(train_dir, copy)
    first = fit_module.refit_conversation(copy, small_corpus_dir, log=QUIET, oof_folds=2)
    assert (copy / refit_inputs.FILE).exists()
    with pytest.MonkeyPatch.context() as mp:
        _no_scoring(mp)
        second = fit_module.refit_conversation(copy, small_corpus_dir, log=QUIET, oof_folds=2)
    _same_heads(first, second)


def test_scores_of_another_message_side_or_setting_are_not_reused(tiny_trained, small_corpus_dir, tmp_path):
    _, train_dir = tiny_trained
    copy = tmp_path / "train"
    shutil.copytree(train_dir, copy)
    fit_module.refit_conversation(copy, small_corpus_dir, log=QUIET, oof_folds=2)
    with pytest.MonkeyPatch.context() as mp:
        _no_scoring(mp)
        with pytest.raises(AssertionError, match="scored again"):  # another oof_folds
            fit_module.refit_conversation(copy, small_corpus_dir, log=QUIET, oof_folds=3)
        with pytest.raises(AssertionError, match="scored again"):  # asked to score again
            fit_module.refit_conversation(copy, small_corpus_dir, log=QUIET, oof_folds=2, reuse_scores=False)
    model = TrainedModel.load(copy)
    model.weights[1, 0] += 0.25  # a retrained message head
    model.save(copy)
    with pytest.MonkeyPatch.context() as mp:
        _no_scoring(mp)
        with pytest.raises(AssertionError, match="scored again"):
            fit_module.refit_conversation(copy, small_corpus_dir, log=QUIET, oof_folds=2)


def test_the_key_ignores_the_conversation_side_settings_only(tiny_trained):
    model, _ = tiny_trained
    config = dict(model.meta["train_config"])
    sources = [{"name": "synthetic", "sha256": "ab"}]
    base = refit_inputs.key(model, config, sources)
    assert refit_inputs.key(model, {**config, "conv_C": 9.0, "context_C": 9.0}, sources) == base
    assert refit_inputs.key(model, {**config, "C": 9.0}, sources) != base
    assert refit_inputs.key(model, config, [{"name": "synthetic", "sha256": "cd"}]) != base
    window = model.window_weights.copy()
    try:
        model.window_weights[1] += 1.0
        assert refit_inputs.key(model, config, sources) != base
    finally:
        model.window_weights = window


def test_training_saves_the_scores_its_refit_reads(small_corpus_dir, tmp_path):
    out = tmp_path / "train"
    argv = ["--data", str(small_corpus_dir), "--out", str(out), "--max-features", "3000", "--oof-folds", "2"]
    assert fit_module.main(argv) == 0
    trained = TrainedModel.load(out)
    assert (out / refit_inputs.FILE).exists()
    with pytest.MonkeyPatch.context() as mp:
        _no_scoring(mp)
        refit = fit_module.refit_conversation(out, small_corpus_dir, log=QUIET)
    _same_heads(trained, refit)
