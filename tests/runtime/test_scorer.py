"""Scorer: any str scores, non-str raises, batch equals one by one, deterministic, thread-safe, presets monotone."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from groomguard.runtime.scorer import CHAR_BUDGET, CHUNK, PRESETS, Score, Scorer

HARD = ["", "   ", "😀😀😀", "are your parents home?", "s3nd me a p1c", "İstanbul", "привет", "x" * 100_000, "\x00"]


def test_scores_any_str(tiny_scorer):
    for text in HARD:
        s = tiny_scorer.score(text)
        assert isinstance(s, Score)
        assert 0.0 <= s.risk <= 1.0
        assert set(s.labels) == set(tiny_scorer.labels) - {"grooming_risk"}
        assert s.flagged == (s.risk >= tiny_scorer.threshold)


@pytest.mark.parametrize("bad", [None, 5, b"bytes", ["a list"]])
def test_non_str_raises_type_error(tiny_scorer, bad):
    with pytest.raises(TypeError):
        tiny_scorer.score(bad)
    with pytest.raises(TypeError):
        tiny_scorer.score_batch(["ok", bad])


def test_batch_equals_one_by_one(tiny_scorer):
    batch = tiny_scorer.score_batch(HARD)
    for text, b in zip(HARD, batch, strict=True):
        one = tiny_scorer.score(text)
        assert one.risk == pytest.approx(b.risk, abs=1e-6)
        for label in one.labels:
            assert one.labels[label] == pytest.approx(b.labels[label], abs=1e-6)


def test_long_text_in_a_batch_does_not_change_other_scores(tiny_scorer):
    texts = ["are you home alone"] * 5 + ["word " * 20_000]
    probs = tiny_scorer.probabilities(texts)
    assert np.allclose(probs[0], tiny_scorer.probabilities(["are you home alone"])[0], atol=1e-6)


def test_deterministic(tiny_scorer, tiny_model_dir):
    again = Scorer(tiny_model_dir)
    a = tiny_scorer.probabilities(HARD)
    b = again.probabilities(HARD)
    assert np.array_equal(a, b)
    assert np.array_equal(a, tiny_scorer.probabilities(HARD))


def test_thread_safe(tiny_scorer):
    expected = tiny_scorer.probabilities(HARD)
    results = []

    def work():
        results.append(tiny_scorer.probabilities(HARD))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8
    assert all(np.array_equal(r, expected) for r in results)


def test_presets_and_threshold(tiny_model_dir):
    thresholds = {p: Scorer(tiny_model_dir, preset=p).threshold for p in PRESETS}
    assert thresholds["high_precision"] >= thresholds["balanced"] >= thresholds["high_recall"]
    assert Scorer(tiny_model_dir, threshold=0.0).score("hello").flagged
    with pytest.raises(ValueError):
        Scorer(tiny_model_dir, preset="paranoid")
    with pytest.raises(ValueError):
        Scorer(tiny_model_dir, threshold=1.5)


def test_labels_looked_up_by_name(tiny_scorer):
    index = tiny_scorer.label_index
    probs = tiny_scorer.probabilities(["are your parents home"])[0]
    s = tiny_scorer.score("are your parents home")
    assert s.risk == pytest.approx(float(probs[index["grooming_risk"]]))
    assert s.labels["risk_assessment"] == pytest.approx(float(probs[index["risk_assessment"]]))


def test_default_model_loads(shipped_model_dir):
    scorer = Scorer()
    assert scorer.model.directory.resolve() == shipped_model_dir.resolve()


def test_large_batch_in_chunks_equals_one_by_one(tiny_scorer):
    # More than CHUNK texts, of every length, with a few long enough to split a chunk under PAD_BUDGET.
    rng = np.random.default_rng(7)
    words = ["are", "you", "home", "alone", "😀", "ñ", "send", "p1c", "lol", "ok"]
    texts = [" ".join(rng.choice(words, size=int(rng.integers(0, 40)))) for _ in range(3 * CHUNK + 5)]
    texts[10] = "word " * 4_000
    texts[200] = "x" * 10_000
    probs = tiny_scorer.probabilities(texts)
    for i in [*range(0, len(texts), 37), 10, 200]:
        assert np.allclose(probs[i], tiny_scorer.probabilities([texts[i]])[0], atol=1e-6), i


def test_long_texts_are_featurized_a_few_at_a_time(tiny_scorer, monkeypatch):
    # Memory is bounded by the chunk: no featurizer call sees more than CHAR_BUDGET characters (or one text).
    seen = []
    featurize = tiny_scorer.featurizer.featurize_normalized
    monkeypatch.setattr(
        tiny_scorer.featurizer, "featurize_normalized", lambda texts: seen.append(texts) or featurize(texts)
    )
    texts = ["word " * 2_000] * 70 + ["hi"] * 5
    probs = tiny_scorer.probabilities(texts)
    assert sum(len(t) for t in seen) == len(texts) and len(seen) > 1
    assert all(len(t) == 1 or sum(map(len, t)) <= CHAR_BUDGET for t in seen)
    assert np.allclose(probs[0], tiny_scorer.probabilities([texts[0]])[0], atol=1e-6)


def test_large_batches_are_normalized_a_block_at_a_time(tiny_scorer, monkeypatch):
    # issue 13: 20k texts of 10k characters took 3.6 GB because the whole batch was normalized at once
    from groomguard.runtime import scorer as scorer_module

    texts = [("are your parents home? " * (1 + i % 40))[: 50 + (i * 37) % 900] for i in range(3000)]
    expected = tiny_scorer.probabilities(texts)
    calls = []
    real = scorer_module.normalize_batch

    def recording(batch):
        calls.append((len(batch), sum(map(len, batch))))
        return real(batch)

    monkeypatch.setattr(scorer_module, "normalize_batch", recording)
    monkeypatch.setattr(scorer_module, "BLOCK_TEXTS", 500)
    monkeypatch.setattr(scorer_module, "BLOCK_CHARS", 100_000)
    got = tiny_scorer.probabilities(texts)
    assert np.allclose(got, expected, atol=1e-6)  # rows are independent: blocking changes only float rounding
    assert len(calls) > 6 and max(n for n, _ in calls) <= 500 and max(c for _, c in calls) <= 100_000
    calls.clear()
    scores = tiny_scorer.score_batch(texts)
    risks = expected[:, tiny_scorer.label_index["grooming_risk"]]
    assert np.allclose([s.risk for s in scores], risks, atol=1e-6) and len(scores) == len(texts)
    assert max(n for n, _ in calls) <= 500 and max(c for _, c in calls) <= 100_000


def test_score_batch_peak_memory_is_bounded(tiny_scorer):
    import tracemalloc

    texts = [("hello there how was school today " * 400)[:10_000] for _ in range(2000)]  # 20M characters
    tracemalloc.start()
    try:
        tiny_scorer.score_batch(texts)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000, f"{peak / 1e6:.0f} MB"  # ~58 MB blocked; ~265 MB when normalized all at once


def test_tactics_lists_tactics_only_highest_first():
    labels = {"minor_signal": 0.99, "secrecy": 0.7, "meeting": 0.9, "trust_building": 0.2, "sexual_content": 0.5}
    score = Score(risk=0.8, labels=labels, flagged=True)
    assert score.tactics() == ["meeting", "secrecy", "sexual_content"]  # minor_signal is not a tactic
    assert score.tactics(0.1) == ["meeting", "secrecy", "sexual_content", "trust_building"]
    assert score.tactics(0.95) == []


@pytest.mark.parametrize(("threshold", "error"), [("0.5", TypeError), (True, TypeError), (float("nan"), ValueError)])
def test_threshold_must_be_a_number_between_0_and_1(tiny_model_dir, threshold, error):
    with pytest.raises(error):
        Scorer(tiny_model_dir, threshold=threshold)


def test_numpy_thresholds_are_numbers(tiny_model_dir):
    assert Scorer(tiny_model_dir, threshold=np.float32(0.5)).threshold == 0.5


@pytest.mark.parametrize("texts", [None, (t for t in ["a"]), {"a"}, {"a": 1}, 5])
def test_texts_must_be_a_sequence(tiny_scorer, texts):
    with pytest.raises(TypeError, match="takes a sequence of str"):
        tiny_scorer.probabilities(texts)
    with pytest.raises(TypeError, match="takes a sequence of str"):
        tiny_scorer.score_batch(texts)


def test_thread_counts_and_threshold_lookups_are_checked(tiny_model_dir, tiny_scorer):
    with pytest.raises(TypeError, match="intra_op_threads"):
        Scorer(tiny_model_dir, intra_op_threads="a")
    with pytest.raises(ValueError, match="inter_op_threads"):
        Scorer(tiny_model_dir, inter_op_threads=-1)
    with pytest.raises(KeyError, match="no label 'nope'"):
        tiny_scorer.message_threshold("nope")
    for lookup in (tiny_scorer.conversation_threshold, tiny_scorer.context_threshold):
        with pytest.raises(ValueError, match="preset must be one of"):
            lookup("nope")
