"""Tests for the slot fillers: coverage of schema.SLOTS, sizes, held-out lists, and template filling."""

from __future__ import annotations

import random
import re

import pytest

from groomguard.training.synth.schema import SLOTS
from groomguard.training.synth.slots import FILLERS, HELD_OUT, HELD_OUT_SLOTS, fill, fillers_for

MIN_SIZES = {
    "name": 400,
    "adult_name": 150,
    "child_name": 150,
    "town": 200,
    "app": 25,
    "game": 60,
    "game_currency": 10,
    "gift": 60,
    "money": 30,
    "place": 60,
    "school_subject": 20,
    "parent": 10,
    "sibling": 8,
    "relative": 12,
    "grade": 20,
    "time": 40,
    "day": 15,
    "food": 60,
    "sport": 30,
    "hobby": 50,
    "music": 60,
    "show": 60,
    "pet": 20,
    "emoji": 30,
    "body_safe": 15,
}
NAME_SLOTS = ("name", "adult_name", "child_name")
#: Slots whose fillers may be capitalised (proper names) or contain emoticons.
CASED_SLOTS = {"name", "adult_name", "child_name", "town", "show", "music", "emoji"}


def test_every_slot_has_fillers_and_nothing_else():
    assert set(FILLERS) == set(SLOTS)
    assert set(HELD_OUT) == set(SLOTS)
    for slot in SLOTS:
        assert FILLERS[slot], slot
        assert isinstance(FILLERS[slot], tuple) and isinstance(HELD_OUT[slot], tuple)


@pytest.mark.parametrize("slot", sorted(MIN_SIZES))
def test_sizes(slot):
    assert len(FILLERS[slot]) >= MIN_SIZES[slot]


def test_ages():
    assert FILLERS["age"] == tuple(str(n) for n in range(10, 17))
    assert FILLERS["adult_age"] == tuple(str(n) for n in range(19, 56))


def test_fillers_are_clean_strings():
    for slot in SLOTS:
        for filler in (*FILLERS[slot], *HELD_OUT[slot]):
            assert isinstance(filler, str) and filler == filler.strip() and filler, (slot, filler)
            assert not set(filler) & set("{}[]|\n"), (slot, filler)  # would break template syntax
            if slot not in CASED_SLOTS:
                assert filler == filler.lower(), (slot, filler)
        assert len(set(FILLERS[slot])) == len(FILLERS[slot]), f"duplicates in {slot}"
        assert len(set(HELD_OUT[slot])) == len(HELD_OUT[slot]), f"duplicates in held-out {slot}"


def test_names_are_capitalised_and_body_safe_is_possessive():
    for slot in NAME_SLOTS:
        assert all(name[0].isupper() for name in (*FILLERS[slot], *HELD_OUT[slot])), slot
    assert all(item.startswith("your ") for item in FILLERS["body_safe"])


def test_held_out_lists_are_disjoint_and_about_a_fifth():
    assert set(HELD_OUT_SLOTS) == {"name", "adult_name", "child_name", "app", "game", "place", "town", "show", "music"}
    for slot in SLOTS:
        if slot in HELD_OUT_SLOTS:
            assert not set(HELD_OUT[slot]) & set(FILLERS[slot]), slot
            assert 0.12 <= len(HELD_OUT[slot]) / len(FILLERS[slot]) <= 0.3, slot
        else:
            assert HELD_OUT[slot] == (), slot


def test_held_out_names_are_never_training_names():
    train = {name for slot in NAME_SLOTS for name in FILLERS[slot]}
    held_out = {name for slot in NAME_SLOTS for name in HELD_OUT[slot]}
    assert not train & held_out
    assert {n.lower() for n in train}.isdisjoint({n.lower() for n in held_out})


def test_fillers_for():
    for slot in SLOTS:
        assert fillers_for(slot, "train") == FILLERS[slot]
        assert fillers_for(slot, "validation") == FILLERS[slot]
        expected = HELD_OUT[slot] if slot in HELD_OUT_SLOTS else FILLERS[slot]
        assert fillers_for(slot, "test") == expected
    with pytest.raises(KeyError):
        fillers_for("nickname", "train")
    with pytest.raises(ValueError):
        fillers_for("name", "dev")


def test_fill_slots_and_alternations():
    template = "hey {name}, [wanna|do you want to] play {game} {time}?"
    pattern = r"hey (.+), (wanna|do you want to) play (.+) (.+)\?"
    for seed in range(200):
        out = fill(template, random.Random(seed), "train")
        assert "{" not in out and "[" not in out
        assert re.fullmatch(pattern, out), out
    outs = {fill("[a|b|c]", random.Random(seed), "train") for seed in range(100)}
    assert outs == {"a", "b", "c"}


def test_fill_alternation_options_may_hold_slots_or_be_empty():
    outs = {fill("ok[ see you {day}|]", random.Random(seed), "train") for seed in range(200)}
    assert "ok" in outs
    assert any(out.startswith("ok see you ") and out[len("ok see you ") :] in FILLERS["day"] for out in outs)


def test_fill_uses_the_split():
    for seed in range(300):
        name = fill("{name}", random.Random(seed), "test")
        assert name in HELD_OUT["name"]
        assert fill("{app}", random.Random(seed), "train") in FILLERS["app"]
        assert fill("{app}", random.Random(seed), "test") in HELD_OUT["app"]
        assert fill("{food}", random.Random(seed), "test") in FILLERS["food"]


def test_fill_leaves_plain_text_alone():
    assert fill("no placeholders here :)", random.Random(0), "train") == "no placeholders here :)"
    assert fill("", random.Random(0), "train") == ""
    assert fill("{Name} stays", random.Random(0), "train") == "{Name} stays"


def test_fill_errors():
    with pytest.raises(KeyError):
        fill("hi {nickname}", random.Random(0), "train")
    with pytest.raises(ValueError):
        fill("hi {name}", random.Random(0), "dev")


def test_fill_is_deterministic():
    template = "[hi|hey|yo] {child_name}, i'm {adult_age} and live in {town}. [add me on {app}|{emoji}]"
    for split in ("train", "validation", "test"):
        a, b = random.Random(7), random.Random(7)
        assert [fill(template, a, split) for _ in range(1000)] == [fill(template, b, split) for _ in range(1000)]


def test_sexual_term_is_only_the_lexicon_placeholder():
    """Sexual vocabulary enters the corpus only as the placeholder the featurizer maps to a lexicon category."""
    assert FILLERS["sexual_term"] == ("lexsexual",) and HELD_OUT["sexual_term"] == ()
    rng = random.Random(1)
    for split in ("train", "validation", "test"):
        assert fill("do you know what {sexual_term} means", rng, split) == "do you know what lexsexual means"


def test_age_expressions_cover_the_usual_forms():
    child, adult = set(FILLERS["age_expr"]), set(FILLERS["adult_age_expr"])
    for form in ("13", "13yo", "13 f", "13/f/ohio", "im 13", "i'm 12", "turning 14", "8th grade", "7th grader"):
        assert form in child, form
    assert {"year 9", "freshman"} <= child
    assert {"im 34", "28 m", "35/m/tx"} <= adult
    assert not child & adult
    assert all(not any(str(n) in f.split("/")[0].split() for n in range(19, 56)) for f in child)
    assert len(FILLERS["school_thing"]) >= 80 and len(FILLERS["home_rule"]) >= 60
