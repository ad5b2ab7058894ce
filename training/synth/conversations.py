"""Conversation scripts: whole chats between participants with roles and personas, built from template families.

Grooming: an adult toward a child persona, moving through the stages the literature describes (trust building ->
personal information and risk assessment -> secrecy and exclusivity -> platform move, gifts -> sexual content and
requests -> meeting or coercion), with stages skipped, repeated or swapped, long stretches of small talk, and the child
answering, deflecting and hesitating. Several groomer styles (patient, fast, gift-giver, fake peer, sextortion,
meeting-focused) so that no single path dominates.

Benign: teen peers, parent and child, coach and student, relatives, gaming groups, adult dating, customer support and
classmates' group chats. Every benign conversation carries benign twins: the surface words of a tactic in a harmless
context.

Each conversation draws only from the families and slot fillers of its own split.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from groomguard.training.records import LABELS, RISK_LABEL, TACTICS, Record
from groomguard.training.synth import noise, slots
from groomguard.training.synth.real import real_annotated
from groomguard.training.synth.schema import Family

#: Share of small-talk turns taken from real chat lines (of the same split) instead of templates.
REAL_SMALL_TALK = 0.6
REAL_FAMILY = "real/chitchat_line"

ROLE_OF_SPEAKER = {
    "adult": "adult",
    "parent": "adult",
    "relative": "adult",
    "coach": "adult",
    "partner": "adult",
    "support": "adult",
    "customer": "adult",
    "child": "child",
    "peer": "peer",
    "gamer": "peer",
}
#: Noise mixture of each speaker: one for every adult, one for every young person, whatever the conversation's class
#: (see noise.ADULT_MIX), so that style is never evidence of grooming.
NOISE_OF_SPEAKER = {
    speaker: noise.ADULT_MIX if role == "adult" else noise.YOUNG_MIX for speaker, role in ROLE_OF_SPEAKER.items()
}
#: Groomer styles: the order of tactic stages before random skipping, repeating and swapping.
STYLES: dict[str, tuple[str, ...]] = {
    "patient": (
        "trust_building",
        "personal_info",
        "trust_building",
        "risk_assessment",
        "secrecy",
        "platform_move",
        "gifts",
        "sexual_content",
        "meeting",
    ),
    "fast": ("trust_building", "personal_info", "risk_assessment", "sexual_content", "platform_move", "meeting"),
    "gifter": (
        "trust_building",
        "gifts",
        "personal_info",
        "secrecy",
        "gifts",
        "platform_move",
        "sexual_content",
        "meeting",
    ),
    "fake_peer": ("trust_building", "personal_info", "platform_move", "risk_assessment", "secrecy", "sexual_content"),
    "sextortion": ("trust_building", "platform_move", "sexual_content", "coercion", "secrecy", "coercion"),
    "meeting_focus": ("trust_building", "personal_info", "risk_assessment", "secrecy", "gifts", "meeting", "meeting"),
}
#: Participants of each benign conversation type: (speaker kind, how many).
BENIGN_CAST: dict[str, tuple[tuple[str, int, int], ...]] = {
    "teen_peers": (("peer", 2, 2),),
    "classmates_group": (("peer", 3, 5),),
    "parent_child": (("parent", 1, 1), ("child", 1, 1)),
    "coach_student": (("coach", 1, 1), ("child", 1, 1)),
    "relatives": (("relative", 1, 1), ("child", 1, 1)),
    "gaming_group": (("gamer", 2, 5),),
    "adult_dating": (("partner", 2, 2),),
    "customer_support": (("customer", 1, 1), ("support", 1, 1)),
}
#: Per-message probability that an adult also states their own age (adult_age families), the same in every
#: conversation type: an adult age is no evidence either way.
ADULT_AGE_RATE = 0.025
#: Probability that a young speaker's turn is a minor signal, the same in grooming and benign conversations.
MINOR_RATE = 0.16
#: Speakers who voice the child families (minor signals, responses) when no family names them.
YOUNG_SPEAKERS = frozenset({"child", "peer", "gamer"})
#: Alert rule: a reviewer acts at the second non-flattery tactic, or at once on these.
IMMEDIATE_ALERT = frozenset({"sexual_content", "coercion"})


@dataclass
class Participant:
    name: str
    speaker: str
    profile: noise.NoiseProfile

    @property
    def role(self) -> str:
        return ROLE_OF_SPEAKER[self.speaker]


class Pools:
    """The families of one split, indexed for the scripts."""

    def __init__(
        self,
        families: list[Family],
        split: str,
        real_lines: list[str] | None = None,
        seed: int = 0,
        minor_negatives: bool = False,
    ) -> None:
        self.split = split
        self.minor_negatives = minor_negatives  # real lines with no child cue are minor_signal negatives
        # Real lines are dealt like a shuffled deck (no repeats until it runs out); generation order is fixed, so
        # this stays deterministic.
        self.real_lines = list(real_lines or [])
        random.Random(f"{seed}:real:{split}").shuffle(self.real_lines)
        self._next_real = 0
        self.tactic: dict[str, list[Family]] = defaultdict(list)
        self.by_kind: dict[tuple[str, str, str], list[Family]] = defaultdict(list)
        for f in sorted(families, key=lambda f: f.name):
            if f.kind == "tactic":
                self.tactic[f.labels[0]].append(f)
                continue
            contexts = f.contexts or ("*",)
            for context in contexts:
                self.by_kind[(f.kind, f.speaker, context)].append(f)

    def real_line(self) -> str | None:
        if not self.real_lines:
            return None
        line = self.real_lines[self._next_real % len(self.real_lines)]
        self._next_real += 1
        return line

    def pick(self, rng: random.Random, kind: str, speaker: str, context: str) -> Family | None:
        options = (
            self.by_kind.get((kind, speaker, context), [])
            + self.by_kind.get((kind, "any", context), [])
            + self.by_kind.get((kind, speaker, "*"), [])
        )
        if kind == "minor" and speaker in YOUNG_SPEAKERS and speaker != "child":
            options = options + self.by_kind.get((kind, "child", context), [])  # peers and gamers are minors too
        return rng.choice(options) if options else None


@dataclass
class Turn:
    participant: Participant
    text: str
    labels: tuple[str, ...]
    family: str
    annotated: tuple[str, ...] = LABELS


class ConversationBuilder:
    """Renders turns from families with slot fillers and noise, and turns them into records."""

    def __init__(self, pools: Pools, rng: random.Random) -> None:
        self.pools = pools
        self.rng = rng
        self.turns: list[Turn] = []

    def participant(self, speaker: str, name_slot: str = "name") -> Participant:
        name = slots.fill("{" + name_slot + "}", self.rng, self.pools.split).title()
        profile = noise.PROFILES[self.rng.choice(NOISE_OF_SPEAKER[speaker])]
        return Participant(name, speaker, profile)

    def say(self, who: Participant, family: Family, extra_labels: tuple[str, ...] = ()) -> None:
        self._maybe_adult_age(who, family.kind)
        template = noise.spell_out(self.rng.choice(family.templates))  # style comes from the speaker, not the family
        text = slots.fill(template, self.rng, self.pools.split)
        text = noise.apply_noise(text, self.rng, who.profile)
        if not text.strip():
            return
        self.turns.append(Turn(who, text, tuple(dict.fromkeys(family.labels + extra_labels)), family.name))

    def say_real(self, who: Participant) -> bool:
        """A real chat line as small talk: no tactic, and unknown for the labels real chat is not annotated for
        (``real_annotated``: with ``Pools.minor_negatives``, minor_signal is a negative on a line with no child cue).

        The line gets the speaker's noise like any other message (real lines are no cleaner than templates).
        """
        line = self.pools.real_line()
        if line is None:
            return False
        self._maybe_adult_age(who, "real")
        noised = noise.apply_noise(line, self.rng, who.profile)
        if not noised.strip():
            return False
        annotated = real_annotated(line, noised, minor_negatives=self.pools.minor_negatives)
        self.turns.append(Turn(who, noised, (), REAL_FAMILY, annotated))
        return True

    def _maybe_adult_age(self, who: Participant, kind: str) -> None:
        """Now and then an adult states their age before a message, at one rate in every conversation type."""
        if kind == "adult_age" or who.role != "adult" or self.rng.random() >= ADULT_AGE_RATE:
            return
        family = self.pools.pick(self.rng, "adult_age", "any", "*")
        if family is not None:
            self.say(who, family)

    def small_talk(self, who: Participant, context: str) -> bool:
        if self.rng.random() < REAL_SMALL_TALK and self.say_real(who):
            return True
        return self.say_kind(who, "smalltalk", context)

    def say_kind(self, who: Participant, kind: str, context: str) -> bool:
        family = self.pools.pick(self.rng, kind, who.speaker, context)
        if family is None:
            return False
        self.say(who, family)
        return True

    def records(self, conversation_id: str, context: str, grooming: bool, source: str = "synthetic") -> list[Record]:
        alert_from = _alert_index(self.turns) if grooming else -1
        return [
            Record(
                conversation_id=conversation_id,
                message_index=i,
                sender=t.participant.name,
                sender_role=t.participant.role,
                text=t.text,
                labels=t.labels,
                template_family=t.family,
                source=source,
                conversation_type=context,
                conversation_grooming=int(grooming),
                alert_from=alert_from,
                split=self.pools.split,
                annotated=t.annotated,
            )
            for i, t in enumerate(self.turns)
        ]


def _alert_index(turns: list[Turn]) -> int:
    seen = 0
    last = -1
    for i, t in enumerate(turns):
        tactics = [label for label in t.labels if label in TACTICS]
        if not tactics or t.participant.role != "adult":
            continue
        last = i
        if IMMEDIATE_ALERT.intersection(tactics):
            return i
        if any(label != "trust_building" for label in tactics):
            seen += 1
            if seen == 2:
                return i
    return last


def _stages(rng: random.Random) -> tuple[str, list[str]]:
    style = rng.choice(sorted(STYLES))
    stages = list(STYLES[style])
    out: list[str] = []
    for stage in stages:
        if rng.random() < 0.2 and stage != "trust_building":
            continue  # skipped
        out.append(stage)
        if rng.random() < 0.12:
            out.append(stage)  # repeated
    for i in range(len(out) - 1):
        if rng.random() < 0.15:
            out[i], out[i + 1] = out[i + 1], out[i]  # reordered
    if sum(s != "trust_building" for s in out) < 2:
        out += [s for s in stages if s != "trust_building"][:2]
    return style, out


def grooming_conversation(pools: Pools, rng: random.Random, conversation_id: str) -> list[Record]:
    b = ConversationBuilder(pools, rng)
    adult = b.participant("adult", "adult_name")
    child = b.participant("child", "child_name")
    style, stages = _stages(rng)
    talk = (1, 5) if style in ("patient", "gifter") else (0, 3)
    minor_budget = rng.randint(2, 6)

    def small_talk(n: int) -> None:
        for _ in range(n):
            if rng.random() < 0.25:  # groomers in games talk like gamers
                b.say_kind(adult, "smalltalk", "gaming_group") or b.small_talk(adult, "grooming")
            else:
                b.small_talk(adult, "grooming")
            if rng.random() < 0.85:
                child_turn()

    def child_turn() -> None:
        nonlocal minor_budget
        if minor_budget and rng.random() < MINOR_RATE:
            minor_budget -= b.say_kind(child, "minor", "grooming")
        elif rng.random() < 0.5:  # real lines for part of the child's ordinary replies too
            b.say_real(child)
        else:
            b.say_kind(child, "response", "grooming") or b.say_kind(child, "smalltalk", "teen_peers")

    small_talk(rng.randint(1, 3))
    for stage in stages:
        for _ in range(rng.choice((1, 1, 2))):
            family = rng.choice(pools.tactic[stage])
            b.say(adult, family, (RISK_LABEL,))
            if rng.random() < 0.8:
                child_turn()
            if stage == "personal_info" and minor_budget and rng.random() < 0.6:
                minor_budget -= b.say_kind(child, "minor", "grooming")
        small_talk(rng.randint(*talk))
    return b.records(conversation_id, "grooming", grooming=True)


def benign_conversation(
    pools: Pools, rng: random.Random, conversation_id: str, context: str, lengths: Sequence[int] = ()
) -> list[Record]:
    """A benign chat of ``context``. Its length is drawn from ``lengths`` (the grooming conversations' message
    counts: see ``build.generate``), so that no class is longer than the other; without them, 8 to 30 messages.

    A length shortcut is a style shortcut too: without ``lengths`` (the shipped corpus), grooming chats run to a
    median of 40 messages (up to 117) and benign ones stop at 30, so the conversation head reads a sender's message
    count as grooming, and a long harmless chat between two children drifts up to just under the flag threshold on
    every line (``CorpusConfig.length_matched``).
    """
    b = ConversationBuilder(pools, rng)
    cast: list[Participant] = []
    for speaker, lo, hi in BENIGN_CAST[context]:
        slot = "child_name" if speaker in ("child", "peer") else "adult_name" if speaker != "gamer" else "name"
        cast += [b.participant(speaker, slot) for _ in range(rng.randint(lo, hi))]
    length = rng.choice(lengths) if lengths else rng.randint(8, 30)
    twin_rate = rng.uniform(0.15, 0.4)
    previous = None
    for _attempt in range(length * 4):  # bounded: a context short of families ends early instead of spinning
        if len(b.turns) >= length:
            break
        choices = [p for p in cast if p is not previous] or cast
        who = rng.choice(choices)
        previous = who
        r = rng.random()
        said = False
        if r < twin_rate:
            said = b.say_kind(who, "twin", context)
        elif context == "adult_dating" and r < twin_rate + 0.35:
            said = b.say_kind(who, "flirt", context)
        elif who.speaker in YOUNG_SPEAKERS and r < twin_rate + MINOR_RATE:
            said = b.say_kind(who, "minor", context)
        if not said and not b.small_talk(who, context):
            b.say_kind(who, "response", context) or b.say_kind(who, "twin", context)
    return b.records(conversation_id, context, grooming=False)
