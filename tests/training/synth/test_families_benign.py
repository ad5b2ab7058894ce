"""Coverage and hygiene checks for the benign template families (twins, small talk, adult flirting)."""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter

import pytest

from groomguard.training.records import CONTEXT_LABEL, TACTICS
from groomguard.training.synth import families as families_pkg
from groomguard.training.synth.families import ALL_FAMILIES
from groomguard.training.synth.schema import CONTEXTS, Family

BENIGN_CONTEXTS = tuple(c for c in CONTEXTS if c != "grooming")
MIN_TWINS_PER_LABEL = 12
MIN_SMALLTALK_PER_CONTEXT = 15
MIN_FLIRT = 25
MIN_PARAPHRASES = 8
MAX_PARAPHRASES = 14


def _benign_families() -> tuple[Family, ...]:
    found: list[Family] = []
    for info in pkgutil.iter_modules(families_pkg.__path__):
        if info.name.startswith("benign_"):
            module = importlib.import_module(f"{families_pkg.__name__}.{info.name}")
            found.extend(module.FAMILIES)
    return tuple(found)


BENIGN = _benign_families()


def test_benign_modules_are_collected() -> None:
    assert BENIGN
    names = {f.name for f in ALL_FAMILIES}
    assert all(f.name in names for f in BENIGN)
    assert all(isinstance(f, Family) for f in BENIGN)


def test_benign_families_have_benign_kinds_and_labels() -> None:
    for family in BENIGN:
        assert family.kind in ("twin", "smalltalk", "flirt"), family.name
        assert set(family.labels) <= {"sexual_content"}, family.name
        if family.kind in ("twin", "smalltalk"):
            assert family.labels == (), family.name
        assert family.contexts, family.name
        assert MIN_PARAPHRASES <= len(family.templates) <= MAX_PARAPHRASES, family.name


@pytest.mark.parametrize("label", [*TACTICS, CONTEXT_LABEL])
def test_every_label_has_enough_twins(label: str) -> None:
    twins = [f for f in ALL_FAMILIES if f.kind == "twin" and f.twin_of == label]
    assert len(twins) >= MIN_TWINS_PER_LABEL
    for family in twins:
        assert len(family.templates) >= MIN_PARAPHRASES, family.name


@pytest.mark.parametrize("label", [*TACTICS, CONTEXT_LABEL])
def test_twins_are_spread_over_speakers_and_contexts(label: str) -> None:
    twins = [f for f in BENIGN if f.kind == "twin" and f.twin_of == label]
    assert len({f.speaker for f in twins}) >= 4
    assert len({c for f in twins for c in f.contexts}) >= 4


@pytest.mark.parametrize("context", BENIGN_CONTEXTS)
def test_every_benign_context_has_enough_smalltalk(context: str) -> None:
    smalltalk = [f for f in ALL_FAMILIES if f.kind == "smalltalk" and context in f.contexts]
    assert len(smalltalk) >= MIN_SMALLTALK_PER_CONTEXT
    for family in smalltalk:
        assert len(family.templates) >= MIN_PARAPHRASES, family.name


def test_flirt_families() -> None:
    flirt = [f for f in ALL_FAMILIES if f.kind == "flirt"]
    assert len(flirt) >= MIN_FLIRT
    labelled = [f for f in flirt if f.labels == ("sexual_content",)]
    unlabelled = [f for f in flirt if f.labels == ()]
    assert labelled and unlabelled
    assert len(labelled) + len(unlabelled) == len(flirt)
    for family in flirt:
        assert family.speaker == "partner", family.name
        assert family.contexts == ("adult_dating",), family.name


def test_benign_twins_and_smalltalk_never_in_grooming_context() -> None:
    for family in BENIGN:
        assert "grooming" not in family.contexts, family.name


def test_minor_signal_twins_are_not_said_by_children() -> None:
    for family in BENIGN:
        if family.kind == "twin" and family.twin_of == CONTEXT_LABEL:
            assert family.speaker not in ("child", "peer"), family.name


def test_no_template_shared_between_families() -> None:
    owners: dict[str, set[str]] = {}
    for family in ALL_FAMILIES:
        for template in family.templates:
            owners.setdefault(template.strip().lower(), set()).add(family.name)
    shared = {t: sorted(names) for t, names in owners.items() if len(names) > 1}
    assert not shared, shared


def test_no_template_repeated_within_a_benign_family() -> None:
    for family in BENIGN:
        counts = Counter(t.strip().lower() for t in family.templates)
        assert max(counts.values()) == 1, family.name
