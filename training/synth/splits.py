"""Assign template families to train / validation / test, deterministically by seed.

Families are grouped by what they express (the tactic of a tactic family, the label a twin mirrors, the context of a
small-talk family, ...). Within each group the families are shuffled with the seed and dealt out so that every group
has families in every split. Nothing of a family is on two sides: the test set measures how the model generalises to
phrasings it has never seen.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from groomguard.training.synth.schema import Family

#: Share of each group's families in validation and test (the rest is train).
VALIDATION_SHARE = 0.15
TEST_SHARE = 0.15


def group_key(family: Family) -> str:
    """What a family expresses, for stratifying the split."""
    if family.kind == "tactic":
        return f"tactic:{family.labels[0]}"
    if family.kind == "twin":
        return f"twin:{family.twin_of}"
    if family.kind == "smalltalk":
        return f"smalltalk:{family.contexts[0] if family.contexts else 'any'}"
    if family.kind == "flirt":
        return f"flirt:{'sexual' if 'sexual_content' in family.labels else 'plain'}"
    return f"{family.kind}:{family.speaker}"


@dataclass(frozen=True)
class FamilySplit:
    """Which split each family belongs to."""

    assignment: dict[str, str]

    def split_of(self, family: Family) -> str:
        return self.assignment[family.name]

    def families(self, families: Iterable[Family], split: str) -> list[Family]:
        return [f for f in families if self.assignment[f.name] == split]


def split_families(families: Iterable[Family], seed: int) -> FamilySplit:
    groups: dict[str, list[Family]] = defaultdict(list)
    for family in families:
        groups[group_key(family)].append(family)
    assignment: dict[str, str] = {}
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda f: f.name)
        random.Random(f"{seed}:split:{key}").shuffle(members)
        n = len(members)
        if n >= 3:
            n_test = max(1, round(n * TEST_SHARE))
            n_val = max(1, round(n * VALIDATION_SHARE))
        else:  # too few to hold out: train only (the split report shows it)
            n_test = n_val = 0
        for i, family in enumerate(members):
            if i < n_test:
                assignment[family.name] = "test"
            elif i < n_test + n_val:
                assignment[family.name] = "validation"
            else:
                assignment[family.name] = "train"
    return FamilySplit(assignment)
