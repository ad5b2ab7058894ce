"""Conversation replays for fitting the conversation head and choosing its thresholds.

A replay is an ordered list of (sender, message row, label): what a ``ConversationMonitor`` would see, and which of
the sender's snapshots are training rows. Labels: 1 the groomer from the conversation's ``alert_from`` on, 0 every
other sender, -1 not a training row (the groomer before a reviewer would act).

Four kinds, all from synthetic validation conversations (never from real-chat measurement data):
- *as written*: each conversation as the generator wrote it;
- *sides alone*: each sender's own lines alone (a single-sided transcript, where the other side's minor signals are
  missing), so the head learns to read a sender's own lines too;
- *long*: synthetic conversations are short (benign ones about 18 messages, grooming ones about 40) and dense with
  tactics or their benign twins; real conversations run to hundreds of lines, most of them harmless. A long replay
  chains a few benign conversations of one context (senders matched by role), or takes one grooming conversation,
  and spreads harmless lines of real small talk (the corpus's real-chat conversations of the same split) through it,
  by the same dilution for both classes. So the head cannot learn "longer = grooming" from the generator's lengths,
  and its thresholds are chosen where tactics are as sparse as in real chats.
- *very long* (thresholds only, since 0.9.3): the same, with longer chains and more dilution, so that senders write
  past the count's saturation (``conversation.SATURATION``, 100 of their own messages), as in a chat followed for
  months. Long replays stay mostly below it; the conversation head reads that count, so its false alerts are
  measured in both regimes (``thresholds.conversation_thresholds``).
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass

from groomguard.training.records import Record

#: Conversation types whose lines are real harmless small talk (training/synth/real.py), the filler of long replays.
FILLER_TYPES = ("real_chitchat", "real_chatterbot")
#: A long replay has about this many times its conversation's messages (drawn uniformly), filler included.
DILUTION = (1.0, 6.0)
#: A long benign replay chains this many conversations of one context (drawn uniformly).
CHAIN = (1, 4)
#: The start of every long replay's name.
LONG = "long:"
#: Very long replays: chains of this many benign conversations, this much dilution; their names start with VERY_LONG
#: (a kind of long replay: ``is_long`` holds for them too). A benign one runs to hundreds of messages (its chain's
#: conversations hold about 18 each, times the dilution).
VERY_LONG_CHAIN = (8, 16)
VERY_LONG_DILUTION = (2.0, 10.0)
VERY_LONG = LONG + "very:"


@dataclass(frozen=True)
class Replay:
    conversation: str
    grooming: bool
    steps: tuple[tuple[str, int, int], ...]  # (sender, row index, label: 1, 0 or -1)


def group_conversations(records: list[Record]) -> dict[str, list[int]]:
    """conversation id -> indices of its records in message order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        groups[r.conversation_id].append(i)
    for idx in groups.values():
        idx.sort(key=lambda i: records[i].message_index)
    return dict(groups)


def is_groomer(r: Record) -> bool:
    return r.conversation_grooming == 1 and r.sender_role == "adult"


def _label(r: Record) -> int:
    if not is_groomer(r):
        return 0
    return -1 if r.alert_from < 0 or r.message_index < r.alert_from else 1


def _each_side(rp: Replay) -> list[Replay]:
    """Each sender's own steps alone (none for a replay with one sender)."""
    senders = sorted({s for s, _, _ in rp.steps})
    if len(senders) < 2:
        return []
    return [Replay(f"{rp.conversation}:{s}", rp.grooming, tuple(t for t in rp.steps if t[0] == s)) for s in senders]


def as_written(records: list[Record], sides_alone: bool = True) -> list[Replay]:
    out = []
    for cid, idx in group_conversations(records).items():
        grooming = records[idx[0]].conversation_grooming == 1
        rp = Replay(cid, grooming, tuple((records[i].sender, i, _label(records[i])) for i in idx))
        out += [rp, *(_each_side(rp) if sides_alone else [])]
    return out


def _rng(seed: int, name: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(f"{seed}:replays:{name}".encode()).digest()[:8], "little"))


def _dilute(
    steps: list[tuple[str, int, int]], filler: list[int], rng: random.Random, dilution: tuple[float, float] = DILUTION
) -> list[tuple[str, int, int]]:
    """Spread filler rows (harmless lines) through ``steps``: each gets the label its sender's next real step has."""
    senders = sorted({s for s, _, _ in steps})
    groomers = {s for s, _, label in steps if label != 0}
    target = rng.uniform(*dilution)
    rate = target - 1.0  # filler lines per message, on average
    out: list[tuple[str, int, int]] = []
    alerted: dict[str, int] = {}
    for sender, row, label in steps:
        alerted[sender] = label
        out.append((sender, row, label))
        k = int(rate) + (rng.random() < rate - int(rate))
        for _ in range(k):
            who = rng.choice(senders)
            out.append((who, rng.choice(filler), alerted.get(who, -1 if who in groomers else 0)))
    return out


def is_long(rp: Replay) -> bool:
    """A long replay (or one side of one), very long ones included."""
    return rp.conversation.startswith(LONG)


def very_long_replays(records: list[Record], seed: int) -> list[Replay]:
    """Very long replays (both sides together; see the module docstring)."""
    return long_replays(records, seed, False, VERY_LONG_CHAIN, VERY_LONG_DILUTION, VERY_LONG)


def length_kind(rp: Replay) -> str:
    """``very_long``, ``long`` or ``written``: the length regime a replay stands for."""
    if rp.conversation.startswith(VERY_LONG):
        return "very_long"
    return "long" if is_long(rp) else "written"


def long_replays(
    records: list[Record],
    seed: int,
    sides_alone: bool = True,
    chain_range: tuple[int, int] = CHAIN,
    dilution: tuple[float, float] = DILUTION,
    prefix: str = LONG,
) -> list[Replay]:
    """Long replays (see the module docstring); ``very_long_replays`` passes its own chains, dilution and prefix."""
    groups = group_conversations(records)
    filler = [i for i, r in enumerate(records) if r.conversation_type in FILLER_TYPES]
    if not filler:
        return []
    benign: dict[str, list[str]] = defaultdict(list)
    grooming = []
    for cid in sorted(groups):
        r = records[groups[cid][0]]
        if r.conversation_type in FILLER_TYPES:
            continue
        if r.conversation_grooming == 1:
            grooming.append(cid)
        elif r.conversation_grooming == 0:
            benign[r.conversation_type].append(cid)
    out = []
    salt = "" if prefix == LONG else prefix  # long replays' draws as they always were; other kinds draw their own
    for cid in grooming:
        rng = _rng(seed, salt + cid)
        steps = [(records[i].sender, i, _label(records[i])) for i in groups[cid]]
        out.append(Replay(f"{prefix}{cid}", True, tuple(_dilute(steps, filler, rng, dilution))))
    for context, cids in sorted(benign.items()):
        rng = _rng(seed, salt + context)
        rng.shuffle(cids)
        k = 0
        while k < len(cids):
            chain = cids[k : k + rng.randint(*chain_range)]
            k += len(chain)
            steps = []
            for cid in chain:
                seen: dict[tuple[str, str], str] = {}
                for i in groups[cid]:
                    r = records[i]
                    key = (r.sender_role, r.sender)
                    if key not in seen:  # the n-th adult of each conversation is the same person throughout the chain
                        seen[key] = f"{r.sender_role}{sum(1 for q in seen if q[0] == r.sender_role)}"
                    steps.append((seen[key], i, 0))
            out.append(Replay(f"{prefix}{context}:{chain[0]}", False, tuple(_dilute(steps, filler, rng, dilution))))
    if sides_alone:
        out += [side for rp in out for side in _each_side(rp)]
    return out
