"""The built corpus: family-disjoint splits, held-out slot fillers, determinism, schema, labels and twins per label."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from groomguard.training.records import LABELS, ROLES, SPLITS, TACTICS, Record
from groomguard.training.synth import slots
from groomguard.training.synth.build import CorpusConfig, build, generate
from groomguard.training.synth.families import ALL_FAMILIES
from groomguard.training.synth.splits import split_families


@pytest.fixture(scope="module")
def records(small_corpus_dir):
    return [Record.from_dict(json.loads(line)) for line in (small_corpus_dir / "corpus.jsonl").read_text().splitlines()]


def test_families_are_disjoint_across_splits(records):
    splits_of_family = defaultdict(set)
    for r in records:
        if r.source == "synthetic" and not r.template_family.startswith("real/"):
            splits_of_family[r.template_family].add(r.split)
    shared = {f: s for f, s in splits_of_family.items() if len(s) > 1}
    assert not shared


def test_real_small_talk_comes_from_the_same_split(records):
    from groomguard.training.synth.real import small_talk_lines

    lines = {split: set(texts) for split, texts in small_talk_lines(13).items()}
    borrowed = [r for r in records if r.source == "synthetic" and r.template_family.startswith("real/")]
    assert borrowed, "grooming and benign chats borrow some real small talk"
    # Borrowed lines get the speaker's chat noise, so only some come through unchanged; none is from another split.
    unchanged = 0
    for r in borrowed:
        assert "minor_signal" not in r.annotated and not r.labels
        if r.text in lines[r.split]:
            unchanged += 1
        elif len(r.text) > 30:  # a short noised line ("ok", "lol") may well be a line of another split too
            others = [s for s in lines if s != r.split and r.text in lines[s]]
            assert not others, (r.conversation_id, r.split, others)
    assert unchanged >= len(borrowed) // 10


def test_every_group_of_families_reaches_every_split():
    split = split_families(ALL_FAMILIES, seed=13)
    for label in TACTICS:
        fams = [f for f in ALL_FAMILIES if f.kind == "tactic" and f.labels[0] == label]
        assert {split.split_of(f) for f in fams} == set(SPLITS), label


def test_every_label_has_15_families_and_benign_twins():
    for label in (*TACTICS, "minor_signal"):
        families = [f for f in ALL_FAMILIES if f.kind in ("tactic", "minor") and label in f.labels]
        twins = [f for f in ALL_FAMILIES if f.kind == "twin" and f.twin_of == label]
        assert len(families) >= 15, label
        assert len(twins) >= 5, label


def test_held_out_fillers_appear_only_in_test(records):
    held = {v.lower() for slot in slots.HELD_OUT_SLOTS for v in slots.HELD_OUT[slot] if len(v) > 5}
    train_words = {v.lower() for slot in slots.HELD_OUT_SLOTS for v in slots.FILLERS[slot]}
    held -= train_words
    # A filler that is also an everyday word in some template ("a study session") proves nothing either way.
    template_text = " ".join(t.lower() for f in ALL_FAMILIES for t in f.templates)
    held = {h for h in held if h not in template_text}
    assert len(held) > 50
    for r in records:
        # Borrowed real lines are people's own words: they may name any town, held out or not.
        if r.source != "synthetic" or r.split == "test" or r.template_family.startswith("real/"):
            continue
        text = r.text.lower()
        leaked = [h for h in held if f" {h} " in f" {text} "]
        assert not leaked, (r.conversation_id, leaked)


def test_schema_and_conversation_labels(records):
    conversations = defaultdict(list)
    for r in records:
        assert r.sender_role in ROLES and r.split in SPLITS and set(r.labels) <= set(LABELS)
        conversations[r.conversation_id].append(r)
    for cid, msgs in conversations.items():
        assert [m.message_index for m in msgs] == list(range(len(msgs))), cid
        grooming = {m.conversation_grooming for m in msgs}
        assert len(grooming) == 1
        if msgs[0].conversation_type == "grooming":
            assert grooming == {1} and 0 <= msgs[0].alert_from < len(msgs)
            assert any("grooming_risk" in m.labels for m in msgs)
            risky = [m for m in msgs if "grooming_risk" in m.labels]
            assert all(m.sender_role == "adult" for m in risky)
        else:
            assert grooming == {0} and msgs[0].alert_from == -1
            assert not any("grooming_risk" in m.labels for m in msgs)


def test_adult_dating_may_carry_sexual_content_but_is_not_grooming(records):
    dating = [r for r in records if r.conversation_type == "adult_dating"]
    assert dating and all(r.conversation_grooming == 0 for r in dating)
    assert all("minor_signal" not in r.labels for r in dating)


def test_same_seed_same_bytes(tmp_path):
    cfg = CorpusConfig(seed=5, n_grooming=15, n_benign_per_context=3, chitchat_limit=5, chatterbot_limit=5)
    build(cfg, tmp_path / "a", hf=False)
    build(cfg, tmp_path / "b", hf=False)
    assert (tmp_path / "a" / "corpus.jsonl").read_bytes() == (tmp_path / "b" / "corpus.jsonl").read_bytes()
    other = CorpusConfig(seed=6, n_grooming=15, n_benign_per_context=3, chitchat_limit=5, chatterbot_limit=5)
    assert [r.text for r in generate(other)] != [r.text for r in generate(cfg)]


def test_config_validation():
    with pytest.raises(ValueError):
        CorpusConfig(n_grooming=-1)
    with pytest.raises(ValueError):
        CorpusConfig(test_share=0.7)


def test_hf_dataset_dict(tmp_path):
    import datasets

    cfg = CorpusConfig(seed=5, n_grooming=30, n_benign_per_context=4, chitchat_limit=20, chatterbot_limit=3)
    build(cfg, tmp_path, hf=True)
    dd = datasets.load_from_disk(str(tmp_path / "hf"))
    assert set(dd) == set(SPLITS)
    assert set(dd["train"].column_names) >= {"conversation_id", "text", "labels", "template_family", "sender_role"}
    assert (tmp_path / "DATA_CARD.md").read_text().count("|") > 20
