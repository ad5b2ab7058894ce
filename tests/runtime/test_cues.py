"""Age cues (runtime/cues.py, FEATURES.md 4.2): each rule, the numbers that are not ages, counting each number once."""

from __future__ import annotations

import random
import re

import pytest

from groomguard.runtime.cues import (
    _B,
    ADULT,
    AGE_PATTERN,
    AGE_RULES,
    ALONE_RULE,
    GRADE_PATTERN,
    GRADE_RULES,
    MINOR,
    _regex,
    age_cues,
)
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
        ("shes 13 y/o", [MINOR]),  # featurizer v4: "y/o" and "y.o." are spelled out "yo" (step 3b); v3 read "y o"
        ("a 14 y.o. girl", [MINOR]),
        ("35 y/o guy", [ADULT]),
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
        # an adult's height or weight (featurizer version 3; version 2 read "6 foot" and "16 stone" as a child's age)
        "im 6 foot",
        "i am 6 foot four",
        "im 16 stone",
        "i am 12 pound lighter",
        "im 9 kilos down",
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


def _spelled_out(rules: tuple[str, ...], *rest: str) -> re.Pattern:
    """The alternation with the token-start check before each rule, as FEATURES.md states it."""
    return re.compile("|".join([*(_B + rule for rule in rules), *rest]), re.MULTILINE)


def _fuzz(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    words = [
        "i", "am", "im", "age", "aged", "turning", "turned", "turn", "13", "7", "45", "100", "5", "13yo", "9f",
        "yo", "f", "m", "years", "year", "yr", "yrs", "old", "grade", "grader", "8th", "1st", "eighth", "twelfth",
        "minutes", "mins", "k", "of", "away", "x", "yearsold", "female", "and", "hi", "١٣",
    ]  # fmt: skip
    return [" ".join(rng.choice(words) for _ in range(rng.randint(0, 10))) for _ in range(n)]


def test_the_rules_match_as_their_spelled_out_alternation():
    texts = _fuzz(seed=7, n=3000)
    joined = "\n".join(texts)
    for factored, spelled in (
        (_regex(AGE_PATTERN), _spelled_out(AGE_RULES, ALONE_RULE)),
        (_regex(GRADE_PATTERN), _spelled_out(GRADE_RULES)),
    ):
        # the compiled patterns read the text after a line break: their positions are one further
        ours = [(m.start(m.lastgroup) - 1, m.lastgroup, m.group(m.lastgroup)) for m in factored.finditer("\n" + joined)]
        assert ours == [(m.start(m.lastgroup), m.lastgroup, m.group(m.lastgroup)) for m in spelled.finditer(joined)]
        assert len(ours) > 100


def test_batches_agree_with_single_texts_on_a_fuzz_set():
    texts = _fuzz(seed=11, n=2000)
    singles = [[(i, kind) for _, kind in age_cues([t])] for i, t in enumerate(texts)]
    assert sum(map(len, singles)) > 500
    for size in (2, 7, 100, 2000):
        for start in range(0, len(texts), size):
            got = age_cues(texts[start : start + size])
            assert got == [(i - start, kind) for row in singles[start : start + size] for i, kind in row]
