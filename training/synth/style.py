"""Style rates of a built corpus: how often messages of each sender role and class carry chat shorthand and emoji.

Style must not be evidence: a model that learns "shorthand = grooming" fails on real chats, where harmless teens write
shorthand all day. So the generator draws noise from one mixture per role, whatever the conversation's class, and
this module measures that it worked: per sender role, the share of grooming and of benign messages with at least one
shorthand token from ``SHORTHAND`` and with at least one emoji or emoticon.

    python -m groomguard.training.synth style --data build/data
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from groomguard.training.records import Record
from groomguard.training.synth.noise import CHAT_EMOJI

_SHORTHAND_WORDS = """
    u ur yr r rn pls plz ppl thx ty tmrw tmr 2nite tonite cuz coz bc idk idc tbh omg wyd wbu hbu hru ngl btw brb
    gtg g2g ttyl lmk imo irl nvm np fr jk ikr omw wdym ofc bff wanna gonna gotta kinda sorta rly smth msg msgs
    b4 l8r gr8 y wat wut luv srsly some1 any1 every1 2day 4ever mins def defo wtv whatevs ya yh ye sry soz
    bday fav fave sup wassup wsp cya cu asap dunno abt bout prob prolly tho k kk lol
    im ive dont cant wont didnt doesnt isnt arent wasnt youre thats whats ill id hes shes theyre couldnt wouldnt
    shouldnt havent
"""
#: A fixed list of chat shorthand tokens (whole words, case-insensitive): abbreviations and dropped apostrophes.
#: Content words that chat shortens (pic, dm, bf) are left out: they say what a message is about, not how it is typed.
SHORTHAND = frozenset(_SHORTHAND_WORDS.split())
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*")
_PICTOGRAPH_RE = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff]")
_EMOTICONS = frozenset(e for e in CHAT_EMOJI if e.isascii())


def has_shorthand(text: str) -> bool:
    """True when the message has at least one token of ``SHORTHAND`` (whole words, case-insensitive)."""
    return not SHORTHAND.isdisjoint(_TOKEN_RE.findall(text.lower()))


def has_emoji(text: str) -> bool:
    """True when the message has a pictograph (U+2600-27BF, U+1F000-1FAFF) or a chat emoticon set off by spaces."""
    if _PICTOGRAPH_RE.search(text):
        return True
    return not _EMOTICONS.isdisjoint(text.split())


def message_class(r: Record) -> str:
    """grooming, benign (synthetic benign conversations) or real (real chat conversations)."""
    if r.conversation_grooming == 1:
        return "grooming"
    return "benign" if r.source == "synthetic" else "real"


def style_rates(records: Iterable[Record]) -> dict[str, dict[str, dict[str, float]]]:
    """``{role: {class: {"messages": n, "shorthand": share, "emoji": share}}}`` over the given records."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in records:
        c = counts[(r.sender_role, message_class(r))]
        c[0] += 1
        c[1] += has_shorthand(r.text)
        c[2] += has_emoji(r.text)
    out: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    for (role, cls), (n, short, emoji) in sorted(counts.items()):
        out[role][cls] = {"messages": n, "shorthand": round(short / n, 4), "emoji": round(emoji / n, 4)}
    return dict(out)


def format_rates(rates: dict[str, dict[str, dict[str, float]]]) -> str:
    """A Markdown table of ``style_rates``."""
    lines = ["| role | class | messages | shorthand | emoji |", "|---|---|---|---|---|"]
    for role in sorted(rates):
        for cls in ("grooming", "benign", "real"):
            if cls in rates[role]:
                v = rates[role][cls]
                lines.append(f"| {role} | {cls} | {v['messages']} | {v['shorthand']:.3f} | {v['emoji']:.3f} |")
    return "\n".join(lines)
