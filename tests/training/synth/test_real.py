"""Real chat lines: which labels they are annotated for, and the ``real_minor_negatives`` experiment (``minor_signal``
as a negative on lines with no child cue)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from groomguard.training.synth.build import CorpusConfig, compute_stats, generate
from groomguard.training.synth.card import render_card
from groomguard.training.synth.families import ALL_FAMILIES
from groomguard.training.synth.real import ANNOTATED, _records, child_cue, real_annotated


@pytest.mark.parametrize(
    "text",
    [
        "im 13",
        "13 f",
        "i'm in year 8",
        "7th grade sucks",
        "my mom said no",
        "got homework tonight",
        "im grounded lol",
        "how old are you",
        "MY DAD IS HOME",
    ],
)
def test_a_child_cue_leaves_minor_signal_unknown(text):
    assert child_cue(text)
    assert real_annotated(text, minor_negatives=True) == ANNOTATED
    assert "minor_signal" not in real_annotated(text, minor_negatives=True)


@pytest.mark.parametrize("text", ["i drive a truck", "i have my own place", "i work nights", "im 35", "see you later"])
def test_a_line_without_one_is_a_minor_signal_negative(text):
    assert not child_cue(text)
    assert "minor_signal" in real_annotated(text, minor_negatives=True)
    assert set(real_annotated(text, minor_negatives=True)) - {"minor_signal"} == set(ANNOTATED)
    assert real_annotated(text, minor_negatives=False) == ANNOTATED


def test_personal_info_and_sexual_content_stay_unknown_on_every_real_line():
    for text in ("i drive a truck", "im 13"):
        assert "personal_info" not in real_annotated(text, minor_negatives=True)
        assert "sexual_content" not in real_annotated(text, minor_negatives=True)


def test_a_cue_before_or_after_noise_counts():
    assert real_annotated("i drive a truck", "my mom drives a truck", minor_negatives=True) == ANNOTATED
    assert real_annotated("my mom drives a truck", "i drive a truck", minor_negatives=True) == ANNOTATED


def test_records_read_the_cue_of_each_line_only_when_asked():
    messages = [("a", "i drive a truck for a living"), ("b", "cool, my dad does too")]
    on = list(_records("c1", messages, "chitchat", "real_chitchat", "train", seed=1, minor_negatives=True))
    off = list(_records("c1", messages, "chitchat", "real_chitchat", "train", seed=1))
    assert [("minor_signal" in r.annotated) for r in on] == [True, False]
    assert [r.annotated for r in off] == [ANNOTATED, ANNOTATED]
    assert [r.text for r in on] == [r.text for r in off]  # the same lines, only their annotation differs
    assert all(not r.labels for r in on)


def test_the_corpus_annotates_real_lines_by_their_cue_with_the_option_on():
    cfg = CorpusConfig(seed=13, n_grooming=8, n_benign_per_context=1, chitchat_limit=10, chatterbot_limit=4)
    on = list(generate(replace(cfg, real_minor_negatives=True)))
    off = list(generate(cfg))
    assert [r.text for r in on] == [r.text for r in off]
    real = [(a, b) for a, b in zip(on, off, strict=True) if a.template_family.startswith("real/")]
    assert real, "real lines, borrowed or whole conversations"
    assert all("minor_signal" not in b.annotated for _, b in real)
    negatives = [a for a, _ in real if "minor_signal" in a.annotated]
    assert negatives and all(not child_cue(a.text) for a in negatives)


def test_the_data_card_says_so_only_when_it_is_on():
    cfg = CorpusConfig(seed=13, n_grooming=4, n_benign_per_context=1, chitchat_limit=4, chatterbot_limit=2)
    stats = compute_stats(list(generate(cfg)), ALL_FAMILIES, cfg.seed)
    off = render_card(stats, {**cfg.__dict__})
    on = render_card(stats, {**cfg.__dict__, "real_minor_negatives": True})
    assert "With `real_minor_negatives`" in on and "With `real_minor_negatives`" not in off
