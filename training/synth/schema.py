"""What a template family is, and the slot names templates may use.

A *family* is one way of expressing one intent (e.g. "asks whether the parents are home"), with several paraphrases.
Splits are made by family: a family's paraphrases all land in the same split, so the test set measures
generalisation to new phrasings, not memorisation of ours.

Template syntax: ``{slot}`` placeholders from SLOTS, and ``[a|b|c]`` alternations (one is picked at random);
alternations may not nest. Everything else is literal text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from groomguard.training.records import CONTEXT_LABEL, TACTICS

#: Kinds of family.
#: tactic: a grooming tactic said by the adult in a grooming conversation (labels: one or more TACTICS).
#: minor: a participant shows they are a minor (labels: ("minor_signal",)); said by the child.
#: response: the child's answers, deflections, hesitations and refusals (labels: () or ("minor_signal",)).
#: twin: a benign twin: the same surface words as a tactic in a harmless context (labels: () unless the twin is adult
#:       flirting, which may carry ("sexual_content",)); ``twin_of`` names the tactic it mirrors.
#: smalltalk: ordinary chat with no tactic (labels: ()).
#: flirt: adult-adult romance and flirting, non-graphic (labels: () or ("sexual_content",)).
#: adult_age: an adult states their own age (labels: ()); said by every adult speaker in every context at one rate.
KINDS = ("tactic", "minor", "response", "twin", "smalltalk", "flirt", "adult_age")

#: Who says it. "adult" in a tactic family is the groomer; the others are benign speakers.
SPEAKERS = (
    "adult",  # groomer (tactic families) or any adult
    "child",  # child or teen persona (ages 10-16)
    "peer",  # same-age friend or classmate (child or teen)
    "parent",
    "relative",
    "coach",  # coach, teacher, club leader
    "gamer",  # players in a gaming group (any age)
    "partner",  # adult dating / romance partner
    "support",  # customer-support agent
    "customer",
    "any",
)

#: Conversation types a family can appear in. Grooming is the only harmful one.
CONTEXTS = (
    "grooming",
    "teen_peers",
    "parent_child",
    "coach_student",
    "relatives",
    "gaming_group",
    "adult_dating",
    "customer_support",
    "classmates_group",
)

#: Slot names. Fillers live in slots.py; some fillers of name, app, game and place are held out for the test split.
SLOTS = (
    "name",  # a first name
    "adult_name",
    "child_name",
    "age",  # a child's age, 10-16, as digits
    "adult_age",  # 19-55
    "grade",  # "year 8", "7th grade", ...
    "school_subject",
    "parent",  # mum, mom, dad, stepdad, ...
    "sibling",
    "relative",  # aunt, uncle, grandma, ...
    "app",  # a messaging or social app
    "game",
    "game_currency",  # robux, v-bucks, ...
    "gift",  # an item someone might give
    "money",  # "$20", "£50", "fifty quid"
    "place",  # a public place: the mall, the park, ...
    "town",
    "time",  # "tonight", "at 7", "after school"
    "day",  # "saturday", "tomorrow"
    "food",
    "sport",
    "hobby",
    "music",  # an artist or genre
    "show",  # a series or film
    "pet",
    "emoji",
    "body_safe",  # neutral words for clothing in image requests: "your outfit", "your new top"
    "age_expr",  # a child's age in any usual form: "13", "13yo", "13 f", "13/f/ohio", "im 13", "8th grade", "year 9"
    "adult_age_expr",  # an adult's age the same ways: "im 34", "28 m", "35/m/tx", "turning 40"
    "school_thing",  # a noun phrase of a child's school day: "my maths homework", "recess", "the school bus"
    "home_rule",  # a first-person clause of a child's home rules: "my mom says i cant", "im grounded", "curfew is 8"
    "sexual_term",  # always the placeholder "lexsexual": the featurizer maps it to a licensed lexicon's category
)

_SLOT_RE = re.compile(r"\{([a-z_]+)\}")
_ALT_RE = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class Family:
    name: str
    kind: str
    speaker: str
    templates: tuple[str, ...]
    labels: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    twin_of: str | None = None

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z0-9_]+/[a-z0-9_]+", self.name):
            raise ValueError(f"family name must look like 'group/name' in lowercase: {self.name!r}")
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: kind {self.kind!r} not in {KINDS}")
        if self.speaker not in SPEAKERS:
            raise ValueError(f"{self.name}: speaker {self.speaker!r} not in {SPEAKERS}")
        if len(self.templates) < 3:
            raise ValueError(f"{self.name}: a family needs at least 3 paraphrases")
        allowed = {*TACTICS, CONTEXT_LABEL}
        if set(self.labels) - allowed:
            raise ValueError(f"{self.name}: unknown labels {sorted(set(self.labels) - allowed)}")
        if self.kind == "tactic" and not set(self.labels) & set(TACTICS):
            raise ValueError(f"{self.name}: a tactic family needs a tactic label")
        if self.kind == "twin" and self.twin_of not in (*TACTICS, CONTEXT_LABEL):
            raise ValueError(f"{self.name}: a twin family names the label it mirrors in twin_of")
        if self.kind in ("twin", "smalltalk", "response") and set(self.labels) & set(TACTICS) - {"sexual_content"}:
            raise ValueError(f"{self.name}: a {self.kind} family carries no tactic label")
        if set(self.contexts) - set(CONTEXTS):
            raise ValueError(f"{self.name}: unknown contexts {sorted(set(self.contexts) - set(CONTEXTS))}")
        for template in self.templates:
            for slot in _SLOT_RE.findall(template):
                if slot not in SLOTS:
                    raise ValueError(f"{self.name}: unknown slot {{{slot}}} in {template!r}")
            stripped = _ALT_RE.sub("", template)
            if "[" in stripped or "]" in stripped:
                raise ValueError(f"{self.name}: unbalanced or nested [..|..] in {template!r}")


def tactic_family(label: str, intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    """A groomer's tactic family ``label/intent``: said by the adult in grooming chats, labelled ``label`` (+ extra)."""
    return Family(
        name=f"{label}/{intent}",
        kind="tactic",
        speaker="adult",
        templates=templates,
        labels=(label, *extra),
        contexts=("grooming",),
    )


#: Conversation types in which a child speaks (minor-signal families appear in all of them).
CHILD_CONTEXTS = (
    "grooming",
    "teen_peers",
    "parent_child",
    "coach_student",
    "relatives",
    "gaming_group",
    "classmates_group",
)


def minor_family(intent: str, templates: tuple[str, ...], contexts: tuple[str, ...] = CHILD_CONTEXTS) -> Family:
    """A child showing they are a minor (``minor/intent``), labelled ``minor_signal``."""
    return Family(
        name=f"minor/{intent}",
        kind="minor",
        speaker="child",
        templates=templates,
        labels=("minor_signal",),
        contexts=contexts,
    )


def smalltalk_family(context: str, name: str, speaker: str, *templates: str) -> Family:
    """Ordinary chat with no tactic (``smalltalk_<context>/name``) in one benign conversation type."""
    return Family(
        name=f"smalltalk_{context}/{name}",
        kind="smalltalk",
        speaker=speaker,
        templates=templates,
        contexts=(context,),
    )
