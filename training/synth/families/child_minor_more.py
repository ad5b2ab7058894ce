"""More child families: minor signals (the child shows they are a minor).

Extra breadth: parents' evening, school uniform, braces, child tickets, scouts and guides, school holidays, too
young for a job, age-rated games, a first phone, school reports. See ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, minor_family

_family = minor_family


FAMILIES: tuple[Family, ...] = (
    _family(
        "parents_evening",
        (
            "its parents evening tonight im scared",
            "parents evening went ok actually",
            "my {parent} is at parents evening rn",
            "hope my teachers dont snitch at parents evening",
            "got parent teacher conferences {day}",
            "my {school_subject} teacher told my mum i talk too much lol",
            "after parents evening im probably grounded",
            "parent teacher night is so stressful",
        ),
    ),
    _family(
        "school_uniform",
        (
            "i hate my school uniform",
            "gotta iron my uniform for tmrw",
            "got told off for my tie again",
            "our blazers are so ugly",
            "non uniform day {day}!!",
            "my school makes us wear polo shirts",
            "still in my uniform lol",
            "cant wear trainers at school its so dumb",
        ),
    ),
    _family(
        "braces",
        (
            "just got my braces on",
            "my braces hurt so bad",
            "orthodontist appointment after school",
            "getting my braces off next year",
            "cant eat {food} with braces",
            "my mum made me get braces",
            "brace tightening today ugh",
            "everyone in my year has braces lol",
        ),
    ),
    _family(
        "child_ticket",
        (
            "i still get a child ticket on the bus",
            "got in for kids price lol",
            "i can still order off the kids menu",
            "i get half price cos im under 16",
            "still have a child railcard",
            "cinema let me in with a kids ticket",
            "my bus pass says child on it",
            "im still on a junior membership",
        ),
    ),
    _family(
        "scouts_guides",
        (
            "at scouts tonight",
            "i go to guides on {day}",
            "got a new badge at cubs",
            "brownies camp was fun",
            "we did a hike with scouts",
            "my scout leader is strict",
            "going camping with girl guides",
            "cadets after school",
        ),
    ),
    _family(
        "school_holidays",
        (
            "its half term",
            "summer break starts {day}",
            "only 2 weeks till the holidays",
            "back to school on monday ugh",
            "easter holidays are too short",
            "spring break yay",
            "inset day tomorrow so no school",
            "christmas hols start friday",
        ),
    ),
    _family(
        "too_young_for_job",
        (
            "way too young for a job rn",
            "i cant work till im 16",
            "wish i was old enough for a paper round",
            "they said im too young to work there",
            "need to be older for a saturday job",
            "my {parent} said i can get a job when im older",
            "cant even babysit yet im too young",
            "not old enough to work lol",
        ),
    ),
    _family(
        "age_rated_games",
        (
            "not allowed to play 18 games",
            "my mum wont let me watch 15s",
            "my {parent} said {game} is too old for me",
            "i play it at my friends cos im not allowed it at home",
            "its rated 18 so i cant buy it",
            "my parents check the age rating on everything",
            "had to ask my {parent} to buy it cos of the rating",
            "im not old enough for that game",
        ),
    ),
    _family(
        "first_phone",
        (
            "just got my first phone",
            "my parents only let me have a phone this year",
            "i only got a phone for starting secondary",
            "first phone!! {emoji}",
            "this is my {sibling}s old phone",
            "mum gave me her old phone",
            "i wasnt allowed a phone till {grade}",
            "got my phone for my birthday, my first one",
        ),
    ),
    _family(
        "school_report",
        (
            "got my school report today",
            "my report card is bad lol",
            "mum is gonna see my report",
            "got an A in {school_subject} on my report",
            "reports come home {day}",
            "my teacher wrote i need to focus more",
            "report day is the worst",
            "my {parent} is happy with my report",
        ),
    ),
)
