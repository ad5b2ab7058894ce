"""Age cues: age and school-year expressions in normalized text, counted as minor or adult ages (FEATURES.md, 4.2).

Real chats show who is a child through plain, broad cues ("13", "13 f", "im 13", "8th grade", "year 9") that
template phrasings cannot cover, so the featurizer turns them into two features of their own, ``age_minor`` and
``age_adult``, beside the n-grams. The rules read the *normalized* text (lowercase, single spaces, shorthand already
expanded: "i'm 13" is "i am 13") and are stated exactly in FEATURES.md so that every port counts the same.

Each number is counted once however many rules match it ("i am 13 years old" is one minor age).
"""

from __future__ import annotations

import re
from bisect import bisect_right

#: Ages read as a minor's, inclusive; and as an adult's.
MINOR_AGES = (6, 17)
ADULT_AGES = (18, 99)
#: A message that is nothing but a number is an age only in this range (an answer to "how old are you?").
ALONE_AGES = (10, 69)
#: School grades 1-12 (US) and school years 1-13 (UK) are a minor's.
MAX_GRADE, MAX_YEAR = 12, 13

ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth",
    "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
)  # fmt: skip
#: Words after "i am 13" that make the number something other than an age ("i am 15 minutes away").
UNITS = (
    "min", "mins", "minute", "minutes", "hr", "hrs", "hour", "hours", "sec", "secs", "second", "seconds", "day",
    "days", "week", "weeks", "month", "months", "mile", "miles", "mi", "km", "k", "percent", "dollars", "dollar",
    "bucks", "pounds", "euros", "times", "pm", "am", "oclock", "of", "more", "less", "away", "late", "out", "inches",
    "inch", "feet", "ft", "cm", "kg", "lbs", "lb", "x", "points", "pts", "levels", "kills", "games", "hundred",
    "thousand", "million", "th", "st", "nd", "rd",
)  # fmt: skip

_B = r"(?<![^ \n])"  # a token starts here (after a space, a line break or the start)
_E = r"(?![^ \n])"  # a token ends here
_NOT_A_UNIT = rf"(?! (?:{'|'.join(UNITS)}){_E})"
_AGE_SUFFIX = "yo|yrs|yr|yrsold|yearsold|y|f|m"
_AGE_AFTER = r"yo|f|m|female|male|yrsold|yearsold|(?:years|year|yrs|yr|y) old"
# Rules that give an age; the number is group "n".
_AGE_RULES = re.compile(
    "|".join(
        [
            rf"{_B}(?P<n>[0-9]{{1,2}})(?:{_AGE_SUFFIX}){_E}",  # 13yo 13f
            rf"{_B}(?P<n2>[0-9]{{1,2}}) (?:{_AGE_AFTER}){_E}",  # 13 yo, 13 f, 13 years old
            rf"{_B}(?:am|age|aged|turning|turned|turn) (?P<n3>[0-9]{{1,2}}){_E}{_NOT_A_UNIT}",  # i am 13
            r"^(?P<n4>[0-9]{1,2})$",  # the whole message
        ]
    ),
    re.MULTILINE,
)
_GRADE_RULES = re.compile(
    "|".join(
        [
            rf"{_B}(?P<g>[0-9]{{1,2}})(?:st|nd|rd|th) (?:grade|grader|graders){_E}",  # 8th grade
            rf"{_B}grade (?P<g2>[0-9]{{1,2}}){_E}",  # grade 8
            rf"{_B}(?:year|yr) (?P<y>[0-9]{{1,2}}){_E}",  # year 9
            rf"{_B}(?P<o>{'|'.join(ORDINALS)}) (?:grade|grader|graders){_E}",  # eighth grade
        ]
    ),
    re.MULTILINE,
)


#: Kinds of age cue, the order of ``featurizer.AGE_FEATURES``.
MINOR, ADULT = 0, 1
_DIGIT = re.compile(r"[0-9]")


def age_cues(texts: list[str]) -> list[tuple[int, int]]:
    """Every age cue in the normalized ``texts``, as (text index, MINOR or ADULT), in order of position."""
    if not texts:
        return []
    joined = texts[0] if len(texts) == 1 else "\n".join(texts)
    has_digit = _DIGIT.search(joined) is not None
    if not has_digit and "grade" not in joined:
        return []
    starts = _line_starts(texts) if len(texts) > 1 else [0]
    found: dict[int, int] = {}  # position of the number -> kind; each number once
    if has_digit:
        for m in _AGE_RULES.finditer(joined):
            group = m.lastgroup
            pos = m.start(group)
            value = int(m.group(group))
            lo, hi = ALONE_AGES if group == "n4" else (MINOR_AGES[0], ADULT_AGES[1])
            if pos not in found and lo <= value <= hi:
                found[pos] = MINOR if value <= MINOR_AGES[1] else ADULT
    for m in _GRADE_RULES.finditer(joined):
        group = m.lastgroup
        pos = m.start(group)
        if group == "o":
            value, top = ORDINALS.index(m.group(group)) + 1, MAX_GRADE
        else:
            value, top = int(m.group(group)), (MAX_YEAR if group == "y" else MAX_GRADE)
        if pos not in found and 1 <= value <= top:
            found[pos] = MINOR
    return [(_doc_at(starts, pos), kind) for pos, kind in sorted(found.items())]


def _line_starts(texts: list[str]) -> list[int]:
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    return starts


def _doc_at(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos) - 1
