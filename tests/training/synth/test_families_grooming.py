"""Checks on the grooming-side template families: tactics, the child's messages, and the groomer's small talk.

Counts per tactic and kind, schema validation, no duplicated paraphrases across families (the corpus is split by
family, so a copy in two families leaks between train and test), and a content guard: no explicit sexual or
body-part word in any template of any family. Fast and offline.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter, defaultdict

import pytest

from groomguard.training.records import CONTEXT_LABEL, TACTICS
from groomguard.training.synth.families import ALL_FAMILIES
from groomguard.training.synth.schema import Family

MIN_TACTIC_FAMILIES = 22
MIN_MINOR_FAMILIES = 22
MIN_RESPONSE_FAMILIES = 25
MIN_SMALLTALK_FAMILIES = 20
MIN_PARAPHRASES = 8
MAX_PARAPHRASES = 14

#: Explicit or crude sexual and body-part words that no template may contain. Kept minimal and clinical.
#: "sex" and "sexual" are deliberately absent: benign sex-education and health twins use them ("sex ed quiz").
BLOCKLIST = (
    "naked",
    "nude",
    "nudes",
    "nudity",
    "topless",
    "undress",
    "undressed",
    "underwear",
    "lingerie",
    "bra",
    "sexy",
    "horny",
    "porn",
    "porno",
    "pornography",
    "erotic",
    "genital",
    "genitals",
    "penis",
    "vagina",
    "breasts",
    "boobs",
    "masturbate",
    "masturbation",
    "orgasm",
)
_BLOCK_RE = re.compile(r"\b(" + "|".join(BLOCKLIST) + r")\b", re.IGNORECASE)
_ALT_RE = re.compile(r"\[([^\[\]]*)\]")

GROOMING = tuple(f for f in ALL_FAMILIES if f.kind == "tactic" or f.name.split("/")[0] in ("minor", "response"))
SMALLTALK = tuple(f for f in ALL_FAMILIES if f.name.startswith("groomer_smalltalk/"))
GROOMING_SIDE = GROOMING + SMALLTALK


_PUNCT_RE = re.compile(r"[^\w{} ]+")


def _normalise(text: str) -> str:
    """Lowercase, apostrophes dropped, other punctuation and emoji turned into spaces, whitespace collapsed."""
    return " ".join(_PUNCT_RE.sub(" ", text.lower().replace("'", "")).split())


def _expansions(template: str) -> set[str]:
    """Every string a template can produce with its slots left unfilled, normalised for comparison.

    Templates that are only punctuation or emoji normalise to "" and are left out.
    """
    parts = _ALT_RE.split(template)
    # split() with one group alternates literal text and alternation bodies
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    return {n for c in itertools.product(*choices) if (n := _normalise("".join(c)))}


def test_grooming_side_families_exist() -> None:
    assert GROOMING and SMALLTALK


@pytest.mark.parametrize("tactic", TACTICS)
def test_each_tactic_has_enough_families(tactic: str) -> None:
    families = [f for f in ALL_FAMILIES if f.kind == "tactic" and f.name.startswith(f"{tactic}/")]
    assert len(families) >= MIN_TACTIC_FAMILIES, f"{tactic}: {len(families)} families"
    for f in families:
        assert f.labels[0] == tactic, f"{f.name}: first label should be the tactic its name says"


def test_kind_counts() -> None:
    kinds = Counter(f.kind for f in GROOMING_SIDE)
    assert kinds["minor"] >= MIN_MINOR_FAMILIES
    assert kinds["response"] >= MIN_RESPONSE_FAMILIES
    assert len(SMALLTALK) >= MIN_SMALLTALK_FAMILIES


def test_paraphrase_counts() -> None:
    for f in GROOMING_SIDE:
        assert MIN_PARAPHRASES <= len(f.templates) <= MAX_PARAPHRASES, f"{f.name}: {len(f.templates)}"
        assert len(set(f.templates)) == len(f.templates), f"{f.name}: repeated paraphrase"


def test_families_revalidate() -> None:
    for f in GROOMING_SIDE:
        assert isinstance(f, Family)
        assert Family(**dataclasses.asdict(f)) == f


def test_roles_labels_and_contexts() -> None:
    for f in GROOMING_SIDE:
        if f.kind == "tactic":
            assert f.speaker == "adult" and f.contexts == ("grooming",), f.name
            assert set(f.labels) <= set(TACTICS) and len(f.labels) <= 2, f.name
        elif f.kind == "minor":
            assert f.speaker == "child" and f.labels == (CONTEXT_LABEL,), f.name
            assert "grooming" in f.contexts and "adult_dating" not in f.contexts, f.name
        elif f.kind == "response":
            assert f.speaker == "child" and f.labels in ((), (CONTEXT_LABEL,)), f.name
            assert "grooming" in f.contexts and "adult_dating" not in f.contexts, f.name
        else:
            assert f.kind == "smalltalk" and f.speaker == "adult", f.name
            assert f.labels == () and f.contexts == ("grooming",), f.name


def test_no_template_string_in_two_families() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for f in ALL_FAMILIES:
        for t in f.templates:
            owners[t.strip().lower()].add(f.name)
    grooming_names = {f.name for f in GROOMING_SIDE}
    shared = {t: sorted(n) for t, n in owners.items() if len(n) > 1 and n & grooming_names}
    assert not shared, shared


def test_no_expanded_phrase_in_two_families() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for f in ALL_FAMILIES:
        for t in f.templates:
            for e in _expansions(t):
                owners[e].add(f.name)
    grooming_names = {f.name for f in GROOMING_SIDE}
    shared = {e: sorted(n) for e, n in owners.items() if len(n) > 1 and n & grooming_names}
    assert not shared, shared


def test_family_names_follow_the_scheme() -> None:
    for f in GROOMING_SIDE:
        group, _ = f.name.split("/")
        expected = {"tactic": f.labels[0] if f.labels else "", "minor": "minor", "response": "response"}
        assert group == expected.get(f.kind, "groomer_smalltalk"), f.name


def test_content_guard_no_explicit_words() -> None:
    hits = [(f.name, t) for f in ALL_FAMILIES for t in f.templates if _BLOCK_RE.search(t)]
    assert not hits, hits


def test_content_guard_matches_on_word_boundaries() -> None:
    assert _BLOCK_RE.search("send a Nude pic")
    assert not _BLOCK_RE.search("a brave zebra")


def test_lexicon_placeholder_is_used_toward_children_between_adults_and_in_health_twins() -> None:
    def uses(f: Family) -> int:
        return sum("{sexual_term}" in t for t in f.templates)

    tactic = [f for f in ALL_FAMILIES if f.kind == "tactic" and uses(f)]
    flirt = [f for f in ALL_FAMILIES if f.kind == "flirt" and uses(f)]
    twins = [f for f in ALL_FAMILIES if f.kind == "twin" and uses(f)]
    assert len(tactic) >= 5 and all("sexual_content" in f.labels for f in tactic)
    assert len(flirt) >= 4 and all(f.contexts == ("adult_dating",) for f in flirt)
    assert twins and all(uses(f) <= len(f.templates) // 2 for f in twins)  # a low rate in health lessons
    assert not any("lexsexual" in t for f in ALL_FAMILIES for t in f.templates)  # only through the slot
