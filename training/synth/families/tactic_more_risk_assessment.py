"""More grooming tactic families: risk assessment (checking supervision and exposure).

Extra breadth: own room, where in the house, how tech-savvy the parents are, synced devices, location tracking,
whether the child confides in anyone, account privacy. Varied registers and chat spellings, one intent per family;
see ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

_LABEL = "risk_assessment"


def _family(intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(_LABEL, intent, templates, extra)


FAMILIES: tuple[Family, ...] = (
    _family(
        "own_room",
        (
            "u got ur own room?",
            "do u share a room with ur {sibling}",
            "have you got a bedroom to yourself",
            "own room or sharing?",
            "is ur room just urs",
            "do you have your own space at home",
            "u share ur room with anyone",
            "is it ur own bedroom or a shared one lol",
            "so u get a room all to urself?",
        ),
    ),
    _family(
        "where_in_house",
        (
            "what room r u in rn",
            "u downstairs or in ur room",
            "where in the house are you right now",
            "u in ur bedroom?",
            "are you in the living room with everyone",
            "where abouts r u sat",
            "u upstairs?",
            "which room are u chatting from",
            "are you somewhere private in the house",
        ),
    ),
    _family(
        "parents_tech_savvy",
        (
            "is ur {parent} good with phones?",
            "do ur parents even know how to check stuff",
            "r ur parents techy or nah",
            "does your {parent} know much about apps",
            "bet ur parents dont even know what {app} is lol",
            "can ur {parent} work a phone properly",
            "do your parents understand games and stuff",
            "are ur folks clueless about tech like mine were",
        ),
    ),
    _family(
        "synced_devices",
        (
            "are ur messages synced to a family ipad",
            "does ur phone back up to ur {parent}s account",
            "is ur phone linked to anyone elses",
            "do ur msgs show up on any other device",
            "is ur icloud shared with ur parents",
            "does anyone else get ur notifications on their phone",
            "is ur account logged in on the family computer",
            "is ur phone on a family plan where they see stuff",
        ),
    ),
    _family(
        "location_tracking",
        (
            "do ur parents track ur location",
            "is find my on ur phone",
            "can ur {parent} see where u are on their phone",
            "do they have u on life360 or whatever",
            "r u on location sharing with ur family",
            "does ur {parent} follow ur location",
            "can anyone see where u go",
            "do they get told when u leave the house",
            "is ur location shared with anyone",
        ),
    ),
    _family(
        "allowed_to_chat_online",
        (
            "are u allowed to talk to ppl online",
            "do ur parents mind u chatting to ppl u dont know",
            "would ur {parent} be ok with u talking to me",
            "r u even meant to be on here",
            "do ur parents have rules about who u talk to",
            "are you allowed to add people you dont know",
            "does ur {parent} let u message anyone",
            "r there any rules at home about online friends",
        ),
    ),
    _family(
        "close_to_parents",
        (
            "r u close with ur {parent}",
            "do u tell ur parents everything",
            "how much do u actually tell ur {parent}",
            "do u talk to ur parents about ur life",
            "are you and your {parent} close or nah",
            "do ur parents know much about ur friends",
            "would u tell ur {parent} about stuff like this",
            "u and ur mum tell each other stuff?",
            "do u get on with ur parents",
        ),
    ),
    _family(
        "trusted_adult",
        (
            "is there anyone u actually talk to about stuff",
            "who would u go to if something happened",
            "do u have anyone to confide in",
            "any adults u trust",
            "who do u tell when ur upset",
            "got anyone at school u can talk to",
            "does anyone really check on u",
            "who looks out for u",
        ),
    ),
    _family(
        "who_watches_you",
        (
            "who watches u when ur parents are out",
            "do u get a babysitter or r u old enough",
            "who looks after u when they go out",
            "does anyone stay with u when ur {parent} works late",
            "are you left on ur own much",
            "who keeps an eye on u after school",
            "does ur {relative} come over when ur parents r out",
            "do they leave u home alone sometimes",
        ),
    ),
    _family(
        "account_public",
        (
            "is ur account private or public",
            "do u accept messages from anyone",
            "can anyone follow u",
            "are ur dms open",
            "who can see ur posts",
            "do u have ur account set to friends only",
            "r u private on {app}",
            "do u let randoms add u",
        ),
    ),
    _family(
        "online_safety_lessons",
        (
            "did ur school do that online safety thing",
            "do they teach u stranger danger online lol",
            "had any of those internet safety talks at school",
            "do ur teachers go on about online safety",
            "did ur parents ever give u the talk about online ppl",
            "has anyone told u not to talk to ppl online",
            "do u have to do e-safety lessons",
            "u ever had a talk about who to trust online",
        ),
    ),
    _family(
        "browser_history",
        (
            "does ur {parent} look at ur history",
            "do u clear ur history usually",
            "can ur parents see what u search",
            "does anyone check ur browser",
            "do they check what sites u go on",
            "is there a filter on ur wifi",
            "do ur parents get reports of ur screen activity",
            "does ur router block stuff",
        ),
    ),
)
