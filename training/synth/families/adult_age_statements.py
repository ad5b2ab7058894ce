"""Adults stating their own age: every adult speaker, in grooming and benign conversations alike, at one rate.

Age is context, not risk. Groomers sometimes give an adult age, and so do parents, coaches, dating partners and
customers; the generator has every adult say one of these at the same per-message rate in every conversation type
(``conversations.ADULT_AGE_RATE``), so an adult age alone tells the model nothing about grooming. The ages take the
forms chat uses (``{adult_age_expr}``: "im 34", "28 m", "35/m/tx"). Labels: none. See ``schema.py``.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family


def _family(name: str, *templates: str) -> Family:
    return Family(name=f"adult_age/{name}", kind="adult_age", speaker="any", templates=templates)


FAMILIES: tuple[Family, ...] = (
    _family(
        "plain",
        "{adult_age_expr}",
        "{adult_age_expr} [lol|haha|]",
        "[well|um|ok] {adult_age_expr}",
        "{adult_age_expr} [if you must know|since you asked]",
        "[im|i'm] {adult_age} [lol|] [old i know|feel older tho|]",
        "{adult_age_expr}, [you?|wbu|and you]",
        "[yeah|yep] {adult_age_expr}",
        "{adult_age_expr} [btw|fyi]",
    ),
    _family(
        "with_life",
        "{adult_age_expr} and [still|finally] [paying off my car|renting|learning to cook]",
        "{adult_age_expr}, [two kids|one kid|no kids] [and a dog|and a mortgage|]",
        "[turned|i turned] {adult_age} [last week|in march|this year] [ugh|lol|]",
        "{adult_age_expr} [and i work in|working in] [retail|an office|a warehouse|a school|it]",
        "[i'm|im] {adult_age}, [been driving|been working] [for ages|since forever]",
        "{adult_age_expr}, [my back|my knees] [says|say] older [lol|]",
        "[when i was your age|back in my day] [lol|], [i'm|im] {adult_age} now",
        "[nearly|almost] {adult_age} [and|but] [still play {game}|still love {music}]",
    ),
    _family(
        "profile_style",
        "[asl?|a/s/l] {adult_age_expr}",
        "{adult_age_expr} [here|checking in]",
        "[hi|hey|hello] {adult_name}, {adult_age_expr}",
        "{adult_age_expr} [from|in] {town}",
        "{adult_age_expr}, [new here|been on here a while]",
        "[me:|me?] {adult_age_expr}",
        "{adult_age_expr} [lol why|why do you ask]",
        "[age|my age] {adult_age}",
    ),
    _family(
        "birthday",
        "[it's|its] my {adult_age}th [tomorrow|on {day}|next week]",
        "[just|] turned {adult_age} [today|yesterday] {emoji}",
        "[33|40|50] next year, [scary|not ready|bring it on]",
        "[celebrating|had] my {adult_age}th [at {place}|with family|quietly]",
        "the big {adult_age} [is coming|was last month]",
        "{adult_age_expr} [as of today|since {day}]",
        "[turning|i'm turning] {adult_age} [soon|in a month] [lol|]",
        "[got|i got] a card saying {adult_age} today {emoji}",
    ),
)
