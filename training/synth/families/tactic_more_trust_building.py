"""More grooming tactic families: trust building.

Extra breadth for the trust-building label: fake-peer relating, taking the child's side, protector talk, shared
confidences, future promises, pet names, constant check-ins. Varied registers and chat spellings, one intent per
family; see ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

_LABEL = "trust_building"


def _family(intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(_LABEL, intent, templates, extra)


FAMILIES: tuple[Family, ...] = (
    _family(
        "gamer_duo_bond",
        (
            "ur the best duo ive ever had fr",
            "only person on {game} i actually trust is u",
            "we make such a good team {emoji}",
            "cant play {game} without u now lol",
            "randoms are trash, i only wanna squad with u",
            "ngl ur my fave teammate by miles",
            "no one carries me like u do haha",
            "we just get each other in game u know",
            "honestly {game} is boring when ur not on",
        ),
    ),
    _family(
        "fake_peer_relate",
        (
            "omg same, my {parent} does that too",
            "lol im not that much older than u tbh",
            "i literally had the same thing at school last year",
            "ugh i get it, im basically ur age",
            "same here, my parents are so annoying",
            "we're practically the same age so its fine",
            "i remember being in {grade} it was awful",
            "felt that, my teachers were the same",
            "ur like a mini me honestly",
        ),
    ),
    _family(
        "no_judgement",
        (
            "i would never judge u",
            "u can vent to me whenever, no judgement",
            "whatever u say stays safe with me, i wont think less of u",
            "say anything, i promise i wont laugh",
            "im not like ur parents, i dont judge",
            "u can be ur real self with me",
            "nothing u tell me would change how i see u",
            "zero judgement here ok",
            "dont worry about sounding silly, not with me",
        ),
    ),
    _family(
        "meant_to_meet",
        (
            "feels like we were meant to meet",
            "so glad i found u on {game}",
            "its like fate that we started talking",
            "what are the chances we'd click like this",
            "i think u came into my life for a reason",
            "cant believe i almost didnt message u",
            "best thing that happened to me this year is meeting u",
            "glad the universe put u in my dms lol",
        ),
    ),
    _family(
        "on_your_side",
        (
            "im on ur side no matter what",
            "if they start on u again just tell me",
            "ill always back u up",
            "whoever upset u, theyre wrong",
            "ur {parent} was out of order tbh",
            "u didnt deserve that, i'm with u",
            "i'd have stuck up for u if i was there",
            "team {child_name} all the way",
            "always got ur back, u know that",
        ),
    ),
    _family(
        "protector",
        (
            "i'd never let anyone hurt u",
            "ill look after u",
            "u need someone to protect u and thats me",
            "with me ur safe, i promise",
            "no one will mess with u while im around",
            "i'll keep u safe, dont worry",
            "anyone bothers u, u come to me",
            "i just want to take care of u",
        ),
    ),
    _family(
        "shared_confidence",
        (
            "i dont usually tell people this but",
            "ur the only one i open up to",
            "can i tell u something i never told anyone",
            "i feel like i can be honest with u",
            "ive been having a rough time too tbh, only u know",
            "i trust u with stuff i cant tell adults my age",
            "promise u wont think im weird if i share something",
            "ur the first person ive said this to",
            "talking to u is the only thing that helps me",
        ),
    ),
    _family(
        "profile_pic_compliment",
        (
            "u look way older in ur pfp",
            "ur profile pic is so cute",
            "love ur new pfp {emoji}",
            "whos the model in ur profile pic lol",
            "that pfp is stunning",
            "ngl ur pfp made me wanna message u",
            "changed ur picture? looks amazing",
            "u should be a model with pics like that",
        ),
    ),
    _family(
        "future_together",
        (
            "when ur older we'll do so much together",
            "one day ill take u to {place}",
            "imagine us in a few years",
            "just wait till ur older, its gonna be amazing",
            "i can see us being close for years",
            "when u finish school ill be right here",
            "we've got our whole future ahead of us",
            "in a couple of years nobody can say anything about us",
            "i'm gonna show u the world one day",
        ),
    ),
    _family(
        "pet_names",
        (
            "hey princess",
            "morning sunshine {emoji}",
            "hi angel how was ur day",
            "night night sweetheart",
            "whats up my little gamer",
            "hey beautiful, u there",
            "hiya gorgeous",
            "missed u today cutie",
            "hey sweetie, how r u",
        ),
    ),
    _family(
        "constant_checkins",
        (
            "did u get home ok? was worried",
            "u eaten today?",
            "hows ur day been so far",
            "just checking in on u",
            "text me when ur back so i know ur safe",
            "haven't heard from u, all good?",
            "u sleep ok last night",
            "thinking of u, hows school going",
            "let me know ur ok yeah",
        ),
    ),
    _family(
        "validate_feelings",
        (
            "ur feelings are valid",
            "u have every right to be upset",
            "its totally ok to feel like that",
            "anyone would be angry in ur shoes",
            "dont let anyone tell u ur overreacting",
            "what u feel matters, even if they dont see it",
            "ur not being dramatic, its a big deal",
            "i hear u, that sounds really hard",
        ),
    ),
)
