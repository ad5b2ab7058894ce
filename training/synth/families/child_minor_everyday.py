"""Child families: the broad, everyday cues of a child's life, composed from short interchangeable pieces.

Real children show they are minors with plain, simple words far more than with any one phrasing: school, homework,
the teacher, recess, my mom or dad, grounded, bedtime, not allowed, curfew, allowance, a sleepover, the bus, an age
or school year typed the usual ways ("13", "13yo", "13 f", "13/f/ohio", "im 13", "8th grade", "year 9").
So these families combine a few frames with the ``{age_expr}``, ``{school_thing}`` and ``{home_rule}`` slots
(hundreds of fillers each) instead of fixing sentences. They are said by children and young peers in every
conversation type a child takes part in, grooming and benign alike: a minor being present is not grooming.
See ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, minor_family

_family = minor_family


FAMILIES: tuple[Family, ...] = (
    _family(
        "age_given",
        (
            "{age_expr}",
            "{age_expr} [u?|you?|wbu|hbu|and you]",
            "[hi|hey|hii|yo] [im {child_name}|], {age_expr}",
            "[lol|haha|umm|] {age_expr} [why|y|lol|]",
            "{age_expr} [btw|tho|lol]",
            "[asl?|age?] {age_expr}",
            "[well|ok|um] {age_expr} [if that matters|is that ok|]",
            "[so yeah|yeah] {age_expr}",
            "{age_expr} [and bored|and my {parent} is annoying|and i hate school]",
        ),
    ),
    _family(
        "age_with_school",
        (
            "{age_expr}, [so|and] {school_thing} [sucks|is so boring|is ok i guess]",
            "{age_expr} [lol|] and i have {school_thing} tomorrow",
            "[so yeah|yeah so] in {grade} [now|this year]",
            "{age_expr}, [cant wait|only two more years] till high school",
            "{age_expr} [and|but] [my {parent} still|i still] [walks me to|takes me to] school",
            "{age_expr} [ugh|lol], {school_thing} [again|tmrw|all day]",
            "[we|i] just [started|finished] {grade}, {age_expr}",
            "{age_expr} but [i look older|everyone says i look younger]",
        ),
    ),
    _family(
        "school_day",
        (
            "[ugh|omg|bruh|lol] {school_thing}",
            "{school_thing} [was|is] [so boring|the worst|actually fun|so long] [today|lol|]",
            "[cant talk|gtg|brb], {school_thing}",
            "[just got back from|on my way to|stuck in] {school_thing}",
            "{school_thing} [tmrw|tomorrow|on monday] [ugh|and im not ready|]",
            "[i forgot about|i hate|i love] {school_thing}",
            "[did you have|do u have] {school_thing} [too|today|]?",
            "[miss|sir|my teacher] [was|got] [so annoying|so mad|weird] about {school_thing}",
            "[skipped|missed] {school_thing} [lol|cuz i was sick|]",
        ),
    ),
    _family(
        "home_rules",
        (
            "{home_rule}",
            "[sorry|sry|ugh|lol], {home_rule}",
            "{home_rule} [lol|ugh|its so unfair|tho]",
            "[i cant|cant], {home_rule}",
            "[maybe|idk|not sure], {home_rule}",
            "[yeah but|but] {home_rule}",
            "{home_rule} [so i cant|so no] [come|stay up|play] [tonight|later|on {day}]",
            "[gotta go|brb|wait], {home_rule}",
            "{home_rule} [because of|cuz of] {school_thing}",
        ),
    ),
    _family(
        "grounded_and_rules",
        (
            "[im|i'm] grounded [again|till {day}|for a week] [cuz of|because of] {school_thing}",
            "[got|i got] grounded [lol|ugh] [my {parent} found out about|over] {school_thing}",
            "[my {parent}|my parents] [took|confiscated] my [phone|xbox|switch|tablet] [again|for a week|]",
            "[im|i'm] not allowed [out|online|on my phone] [on school nights|after 9|till i finish homework]",
            "[its|it's] [almost|way past] my bedtime [oops|already|]",
            "[my|our] curfew is [7|8|9] [on weekdays|on school nights|] [so|lol]",
            "[ask|asking] my {parent} [if i can|about] [the sleepover|sleeping over|going to the mall]",
            "[i get|my allowance is] [$5|$10|£5|£10] a week [lol|its nothing|]",
            "[spent|saving] my [allowance|pocket money] [on {game_currency}|for {gift}|already]",
        ),
    ),
    _family(
        "school_year_talk",
        (
            "[middle school|primary school|elementary school] [is|was] [so much|the best|so hard|mid]",
            "[next year|after summer] [im|i'm] going to [middle school|high school|secondary school]",
            "[i'm|im] [the youngest|the tallest|the shortest] in my [class|year|grade]",
            "[report cards|reports] [come out|came out] [today|friday] [im scared|and i did ok|]",
            "[we|i] [have|had] a [sub|substitute] [in|for] {school_subject} [lol|today|]",
            "[recess|break] [was|is] [so short|the best part|cancelled] [today|cuz of rain|]",
            "[the bus|my bus] [was|is] [late|so loud|packed] [again|today|lol]",
            "[i have|got] a sleepover at {child_name}'s [on {day}|this weekend|tonight]",
            "my [mom|mum|dad|stepdad|stepmom] [is|was] [picking me up|driving me] [after school|at 3|]",
        ),
    ),
)
