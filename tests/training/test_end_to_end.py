"""train -> export -> score on a small corpus (seconds): parity with scikit-learn, size, manifest, presets."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from groomguard.runtime.conversation import N_FEATURES
from groomguard.runtime.scorer import Scorer
from groomguard.training.artifact import TrainedModel
from groomguard.training.export import PARITY_TOLERANCE, parity_gaps
from groomguard.training.fit import TrainConfig
from groomguard.training.hard_texts import FIXED, parity_texts


def test_parity_on_hard_inputs(tiny_trained, tiny_model_dir):
    model, _ = tiny_trained
    texts = parity_texts(["are your parents home", "dont tell anyone", "add me on snap"], n=600)
    assert set(FIXED) <= set(texts)
    assert any(len(t) >= 10_000 for t in texts)
    onnx = Scorer(tiny_model_dir).probabilities(texts)
    sk = model.sklearn_predict_proba(texts)
    assert np.abs(onnx - sk).max() <= PARITY_TOLERANCE
    with_window = Scorer(tiny_model_dir).probabilities(texts, window=True)
    sizes = np.asarray(abs(model.features(texts)) @ np.abs(model.window_weights)).ravel()
    gaps = parity_gaps(with_window, sk, model.window_logits(texts), sizes)
    assert gaps["probabilities_max_abs_diff"] <= PARITY_TOLERANCE
    assert gaps["window_max_scaled_diff"] <= PARITY_TOLERANCE


def test_parity_gaps_hold_probabilities_absolutely_and_window_logits_to_their_terms_sizes():
    probs = np.array([[0.5, 0.25], [0.0, 1.0]])
    logits = np.array([-6.0, 0.5])
    sizes = np.array([45.0, 0.5])  # sum |x_j w_j| of each text's window logit
    onnx = np.column_stack([probs, logits])
    assert parity_gaps(onnx, probs, logits, sizes) == {
        "probabilities_max_abs_diff": 0.0,
        "window_max_abs_diff": 0.0,
        "window_max_scaled_diff": 0.0,
    }
    off = onnx.copy()
    off[0, 1] += 2e-5  # a probability 2e-5 off fails
    assert parity_gaps(off, probs, logits, sizes)["probabilities_max_abs_diff"] == pytest.approx(2e-5)
    off = onnx.copy()
    off[0, 2] += 1e-4  # 1e-4 off a logit whose terms' sizes sum to 45: 2.2e-6 of them, float32 rounding
    gaps = parity_gaps(off, probs, logits, sizes)
    assert gaps["window_max_abs_diff"] == pytest.approx(1e-4)
    assert gaps["window_max_scaled_diff"] == pytest.approx(1e-4 / 45)
    assert gaps["window_max_scaled_diff"] < PARITY_TOLERANCE
    off[0, 2] += 1e-3  # 1.1e-3 off: 2.4e-5 of them, more than rounding
    assert parity_gaps(off, probs, logits, sizes)["window_max_scaled_diff"] > PARITY_TOLERANCE
    off = onnx.copy()
    off[1, 2] += 2e-5  # terms' sizes under 1: held absolutely
    assert parity_gaps(off, probs, logits, sizes)["window_max_scaled_diff"] == pytest.approx(2e-5)


def test_saved_model_reloads_identically(tiny_trained):
    model, directory = tiny_trained
    again = TrainedModel.load(directory)
    texts = ["are you home alone", "", "😀"]
    assert np.array_equal(model.sklearn_predict_proba(texts), again.sklearn_predict_proba(texts))


def test_manifest_matches_file_and_graph(tiny_model_dir):
    manifest = json.loads((tiny_model_dir / "manifest.json").read_text())
    data = (tiny_model_dir / manifest["onnx_file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == manifest["sha256"]
    assert manifest["size_bytes"] == len(data) <= 1_000_000
    assert manifest["labels"][-1] == "grooming_risk"
    for key in ("format_version", "model_version", "thresholds", "featurizer", "training_data", "library_versions"):
        assert key in manifest
    import onnx

    proto = onnx.load_from_string(data)
    assert {op.domain for op in proto.opset_import} == {""}  # only the standard domain
    assert {n.op_type for n in proto.graph.node} <= {
        "Gather", "Cast", "Add", "Log", "Mul", "ReduceSum", "Sqrt", "Max", "Div", "Unsqueeze", "MatMul", "Squeeze",
        "Sigmoid", "Split", "Size", "If", "Identity",
    }  # fmt: skip
    heads = next(n for n in proto.graph.node if n.op_type == "If")  # the conversation heads, run only when fed rows
    branches = {a.name: a.g for a in heads.attribute}
    assert {n.op_type for n in branches["then_branch"].node} == {
        "MatMul",
        "Add",
        "Sigmoid",
        "Clip",
        "Log",
        "Sub",
        "Mul",
        "Min",  # the context head's capped reading of the conversation features (since 0.9.0)
    }
    assert not branches["else_branch"].node  # empty initializers: nothing to run


def test_conversation_heads_run_only_on_rows_and_change_no_output(tiny_model_dir):
    """Empty conversation inputs (what Scorer feeds for messages) and one row of zeros (what a port may feed) give the
    same message outputs, bit for bit; rows give the heads' outputs and empty inputs give empty ones."""
    scorer = Scorer(tiny_model_dir)
    session = scorer._session
    ids, counts = scorer.featurizer.featurize_batch(["are you home alone", "", "my mom said no"]).padded()
    outputs = ["probabilities", "window_logit", "conversation_risk", "context_risk"]
    empty = {"conv_features": np.zeros((0, N_FEATURES), np.float32), "message_risk": np.zeros((0, 1), np.float32)}
    rows = {"conv_features": np.zeros((1, N_FEATURES), np.float32), "message_risk": np.zeros((1, 1), np.float32)}
    skipped = session.run(outputs, {"ids": ids, "counts": counts, **empty})
    computed = session.run(outputs, {"ids": ids, "counts": counts, **rows})
    assert np.array_equal(skipped[0], computed[0]) and np.array_equal(skipped[1], computed[1])
    assert skipped[2].shape == skipped[3].shape == (0, 1)
    assert computed[2].shape == computed[3].shape == (1, 1)
    conv, context = scorer.conversation_and_context(np.zeros((1, N_FEATURES), np.float32), np.zeros(1, np.float32))
    assert np.array_equal(conv, computed[2][:, 0]) and np.array_equal(context, computed[3][:, 0])


def test_thresholds_monotone_across_presets(tiny_model_dir):
    th = json.loads((tiny_model_dir / "manifest.json").read_text())["thresholds"]
    for per_preset in [*th["message"].values(), th["conversation"], th["context"]]:
        assert per_preset["high_precision"] >= per_preset["balanced"] >= per_preset["high_recall"]


def test_test_vectors_written(tiny_model_dir):
    lines = (tiny_model_dir / "test_vectors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 500
    first = json.loads(lines[0])
    assert set(first) == {"text", "normalized", "ids", "counts", "scores", "window_logit"}


def test_train_config_validation():
    with pytest.raises(ValueError):
        TrainConfig(max_features=70_000)
    with pytest.raises(ValueError):
        TrainConfig(n_buckets=1000)
    with pytest.raises(ValueError):
        TrainConfig(C=0)


def test_refitting_the_conversation_head_alone_reproduces_the_full_fit(tiny_trained, small_corpus_dir, tmp_path):
    import shutil

    from groomguard.training.fit import refit_conversation

    model, train_dir = tiny_trained
    copy = tmp_path / "train"
    shutil.copytree(train_dir, copy)
    refit = refit_conversation(copy, small_corpus_dir, log=lambda *_: None)
    assert np.abs(refit.conv_weights - model.conv_weights).max() < 1e-5
    assert abs(refit.conv_bias - model.conv_bias) < 1e-5
    for part in ("conversation", "context"):
        for preset, value in model.thresholds[part].items():
            assert abs(refit.thresholds[part][preset] - value) < 1e-5
    assert np.abs(refit.context_weights - model.context_weights).max() < 1e-5
    assert abs(refit.context_bias - model.context_bias) < 1e-5
    assert refit.thresholds["message"] == model.thresholds["message"]


def test_out_of_fold_thresholds_refit_matches_the_full_fit(small_corpus_dir, tmp_path):
    """With ``oof_folds`` (the default), the conversation and context thresholds are chosen on train's out-of-fold
    scores too, the heads fitted as without them: refitting alone on a model trained without gives what a full fit
    with them gives."""
    from groomguard.training.fit import fit, refit_conversation
    from groomguard.training.synth.build import read_corpus

    records = list(read_corpus(small_corpus_dir))
    quiet = lambda *_: None  # noqa: E731
    plain = fit(records, TrainConfig(seed=13, max_features=3000, oof_folds=0), log=quiet)
    plain.save(tmp_path / "train")
    refit = refit_conversation(tmp_path / "train", small_corpus_dir, log=quiet, oof_folds=2)
    full = fit(records, TrainConfig(seed=13, max_features=3000, oof_folds=2), log=quiet)
    assert refit.meta["train_config"]["oof_folds"] == full.meta["train_config"]["oof_folds"] == 2
    assert np.abs(refit.conv_weights - full.conv_weights).max() < 1e-5
    for part in ("conversation", "context"):
        for preset, value in full.thresholds[part].items():
            assert abs(refit.thresholds[part][preset] - value) < 1e-5
    assert np.array_equal(full.conv_weights, plain.conv_weights)  # the heads are fitted as without
    assert np.array_equal(full.context_weights, plain.context_weights)
    assert full.thresholds["conversation"] != plain.thresholds["conversation"]  # on more conversations
    assert full.thresholds["message"] == plain.thresholds["message"]  # message thresholds stay on validation
    with pytest.raises(ValueError):
        TrainConfig(oof_folds=1)
