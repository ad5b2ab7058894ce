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
#: Words after "i am 13" that make the number something other than an age ("i am 15 minutes away"). Version 3 adds
#: the height and weight words an adult describes themself with ("i am 6 foot", "i am 16 stone"): version 2 read
#: them as a child's age, a minor signal on the adult's own side.
UNITS = (
    "min", "mins", "minute", "minutes", "hr", "hrs", "hour", "hours", "sec", "secs", "second", "seconds", "day",
    "days", "week", "weeks", "month", "months", "mile", "miles", "mi", "km", "k", "percent", "dollars", "dollar",
    "bucks", "pounds", "euros", "times", "pm", "am", "oclock", "of", "more", "less", "away", "late", "out", "inches",
    "inch", "feet", "ft", "cm", "kg", "lbs", "lb", "x", "points", "pts", "levels", "kills", "games", "hundred",
    "thousand", "million", "th", "st", "nd", "rd", "foot", "stone", "pound", "kilo", "kilos", "kgs",
)  # fmt: skip

_B = r"(?<![^ \n])"  # a token starts here (after a space, a line break or the start)
_E = r"(?![^ \n])"  # a token ends here
_NOT_A_UNIT = rf"(?! (?:{'|'.join(UNITS)}){_E})"
_AGE_SUFFIX = "yo|yrs|yr|yrsold|yearsold|y|f|m"
_AGE_AFTER = r"yo|f|m|female|male|yrsold|yearsold|(?:years|year|yrs|yr|y) old"
# Rules that give an age; the number is group "n". Each starts at a token start (_B), except the whole-message rule.
AGE_RULES = (
    rf"(?P<n>[0-9]{{1,2}})(?:{_AGE_SUFFIX}){_E}",  # 13yo 13f
    rf"(?P<n2>[0-9]{{1,2}}) (?:{_AGE_AFTER}){_E}",  # 13 yo, 13 f, 13 years old
    rf"(?:am|age|aged|turning|turned|turn) (?P<n3>[0-9]{{1,2}}){_E}{_NOT_A_UNIT}",  # i am 13
)
ALONE_RULE = r"^(?P<n4>[0-9]{1,2})$"  # the whole message
# The compiled patterns read the text after a line break: the space or line break before a rule stands for _B (the
# regex then skips to token starts by a fast scan for that first character and tries the rules there only: ~3.5x
# faster than _B before each rule), and the whole-message rule starts after a line break. No match ends with a
# space or line break, so the one before the next match is never taken by it: the matches are the same
# (tests/runtime/test_cues.py compares them with the spelled-out alternation).
AGE_PATTERN = rf"[ \n](?:{'|'.join(AGE_RULES)})|\n{ALONE_RULE.removeprefix('^')}"
# Rules that give a school grade or year, each at a token start.
GRADE_RULES = (
    rf"(?P<g>[0-9]{{1,2}})(?:st|nd|rd|th) (?:grade|grader|graders){_E}",  # 8th grade
    rf"grade (?P<g2>[0-9]{{1,2}}){_E}",  # grade 8
    rf"(?:year|yr) (?P<y>[0-9]{{1,2}}){_E}",  # year 9
    rf"(?P<o>{'|'.join(ORDINALS)}) (?:grade|grader|graders){_E}",  # eighth grade
)
GRADE_PATTERN = rf"[ \n](?:{'|'.join(GRADE_RULES)})"
_COMPILED: dict[str, re.Pattern] = {}


def _regex(pattern: str) -> re.Pattern:
    """The compiled (MULTILINE) pattern, compiled on first use: ~2 ms of sre_compile that a process which scores
    no message with a digit never pays, and one that does pays once, not at import."""
    compiled = _COMPILED.get(pattern)
    if compiled is None:  # a race compiles it twice, to the same value
        compiled = _COMPILED[pattern] = re.compile(pattern, re.MULTILINE)
    return compiled


#: Kinds of age cue, the order of ``featurizer.AGE_FEATURES``.
MINOR, ADULT = 0, 1
_DIGIT = re.compile(r"[0-9]")


def age_cues(texts: list[str]) -> list[tuple[int, int]]:
    """Every age cue in the normalized ``texts``, as (text index, MINOR or ADULT), in order of position.

    Every age rule needs an ASCII digit, and every grade rule "grade", or "year" or "yr" and a digit, so each set of
    rules reads only the texts that have those (most messages have none). No rule reaches across texts (a match
    never spans a line break, nor looks past one), so a text read without the others gives the same matches.
    """
    if not texts:
        return []
    if len(texts) == 1:
        text = texts[0]
        ages = [0] if _DIGIT.search(text) is not None else []
        grades = [0] if "grade" in text or (ages and ("yr" in text or "year" in text)) else []
    else:
        joined = "\n".join(texts)
        starts = _line_starts(texts)
        ages = _texts_with(joined, starts, _DIGIT.search)
        graded = _texts_with(joined, starts, _GRADE.search) if "grade" in joined else []
        years = [i for i in ages if "yr" in texts[i] or "year" in texts[i]]
        grades = sorted({*graded, *years}) if graded and years else graded or years
    if not ages and not grades:
        return []
    found: dict[tuple[int, int], int] = {}  # (text, position of the number) -> kind; each number once
    for doc, pos, m in _matches(_regex(AGE_PATTERN), texts, ages):
        group = m.lastgroup
        value = int(m.group(group))
        lo, hi = ALONE_AGES if group == "n4" else (MINOR_AGES[0], ADULT_AGES[1])
        key = (doc, pos + m.start(group))
        if key not in found and lo <= value <= hi:
            found[key] = MINOR if value <= MINOR_AGES[1] else ADULT
    for doc, pos, m in _matches(_regex(GRADE_PATTERN), texts, grades):
        group = m.lastgroup
        if group == "o":
            value, top = ORDINALS.index(m.group(group)) + 1, MAX_GRADE
        else:
            value, top = int(m.group(group)), (MAX_YEAR if group == "y" else MAX_GRADE)
        key = (doc, pos + m.start(group))
        if key not in found and 1 <= value <= top:
            found[key] = MINOR
    return [(doc, kind) for (doc, _), kind in sorted(found.items())]


_GRADE = re.compile("grade")


def _texts_with(joined: str, starts: list[int], search) -> list[int]:
    """Indices (ascending) of the texts, joined by line breaks and starting at ``starts``, where ``search`` finds."""
    n, end = len(starts), len(joined)
    found, pos = [], 0
    while (m := search(joined, pos)) is not None:
        doc = bisect_right(starts, m.start()) - 1
        found.append(doc)
        pos = starts[doc + 1] if doc + 1 < n else end  # on to the next text
    return found


def _matches(rules: re.Pattern, texts: list[str], picked: list[int]):
    """(text index, minus the text's offset, match) of every match of ``rules`` (a compiled pattern above) in the
    ``picked`` texts, read as one string after a line break and joined by line breaks: m.start(group) - offset is
    the position in the text."""
    if not picked:
        return
    if len(picked) == 1:
        for m in rules.finditer("\n" + texts[picked[0]]):
            yield picked[0], -1, m
        return
    chosen = [texts[i] for i in picked]
    starts = [start + 1 for start in _line_starts(chosen)]
    for m in rules.finditer("\n" + "\n".join(chosen)):
        k = bisect_right(starts, m.start(m.lastgroup)) - 1
        yield picked[k], -starts[k], m


def _line_starts(texts: list[str]) -> list[int]:
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    return starts
