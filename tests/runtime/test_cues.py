"""Age cues (runtime/cues.py, FEATURES.md 4.2): each rule, the numbers that are not ages, counting each number once."""

from __future__ import annotations

import pytest

from groomguard.runtime.cues import ADULT, MINOR, age_cues
from groomguard.runtime.normalize import normalize


def kinds(text: str) -> list[int]:
    return [kind for _, kind in age_cues([normalize(text)])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13", [MINOR]),
        ("13yo", [MINOR]),
        ("13 f", [MINOR]),
        ("13/f/ohio", [MINOR]),
        ("im 13", [MINOR]),
        ("I'm 12 years old", [MINOR]),  # one number, counted once
        ("turning 14 soon", [MINOR]),
        ("8th grade sucks", [MINOR]),
        ("in grade 7", [MINOR]),
        ("year 9 exams", [MINOR]),
        ("eighth grade", [MINOR]),
        ("35/m/tx", [ADULT]),
        ("im 34", [ADULT]),
        ("28 m looking to chat", [ADULT]),
        ("age 19", [ADULT]),
        ("im 13 and he is 30 yo", [MINOR, ADULT]),
        ("13 yr old", [MINOR]),  # "yr" is not shorthand for "your": the age rules read it
        ("yr 9", [MINOR]),
    ],
)
def test_ages(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "im 15 minutes away",
        "i am 5 mins late",
        "13 reasons why",
        "call me at 10",
        "5",  # a number alone outside 10-69
        "100",
        "year 2020",
        "grade 13",
        "13th floor",
        "level 13 boss",
        "",
        "no numbers here",
        "i am ١٣",  # ASCII digits only
        "i am 10 k away",
    ],
)
def test_not_ages(text):
    assert kinds(text) == []


def test_batch_positions_map_to_their_texts():
    texts = [normalize(t) for t in ["hi", "im 13", "", "40 m", "8th grade and 13 yo"]]
    assert age_cues(texts) == [(1, MINOR), (3, ADULT), (4, MINOR), (4, MINOR)]
    assert age_cues([]) == []


def test_a_batch_agrees_with_single_texts_on_non_ascii_digits():
    texts = [normalize(t) for t in ["i am ١٣", "5"]]
    assert age_cues(texts) == [] == age_cues(texts[:1])
