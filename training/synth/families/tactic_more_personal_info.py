"""More grooming tactic families: personal information.

Extra breadth: asl, landmarks near home, school finishing times, clubs, pets, friends' and parents' names, the
house, holidays, weekend routine, proof of being real, phone model. Varied registers and chat spellings, one intent
per family; see ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

_LABEL = "personal_info"


def _family(intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(_LABEL, intent, templates, extra)


FAMILIES: tuple[Family, ...] = (
    _family(
        "asl",
        (
            "hey asl {emoji}",
            "asl pls",
            "age/location?",
            "asl lol i'll go first",
            "quick asl",
            "a/s/l",
            "so asl then",
            "whats ur asl",
        ),
    ),
    _family(
        "nearby_landmarks",
        (
            "whats near ur house",
            "what shop is closest to u",
            "is there a park near where u live",
            "whats the nearest big shop to urs",
            "what can u see out ur window",
            "near any famous places?",
            "whats the closest station to u",
            "is ur house near {place}",
            "what road is ur school on",
        ),
    ),
    _family(
        "school_times",
        (
            "what time does school finish for u",
            "when do u get out of school",
            "what time do u leave for school",
            "school start at 9 for u?",
            "when do u finish on {day}",
            "do u get let out early on fridays",
            "what time r u usually home from school",
            "whats ur lunch break time",
            "when does the bell go",
        ),
    ),
    _family(
        "club_location",
        (
            "which club do u play {sport} at",
            "where do u train",
            "what days is ur {sport} practice",
            "where is ur {hobby} class",
            "what team do u play for",
            "whats the name of ur club",
            "where do u have ur lessons",
            "which leisure centre do u go to",
        ),
    ),
    _family(
        "pet_name",
        (
            "whats ur {pet} called",
            "what did u name ur {pet}",
            "ur {pet} got a name?",
            "whats the name of ur first pet",
            "tell me ur {pet}s name",
            "any pets? whats their names",
            "what do u call ur {pet} lol",
            "name of ur {pet}?",
        ),
    ),
    _family(
        "friends_names",
        (
            "whos ur best friend",
            "what are ur friends called",
            "who do u hang out with at school",
            "whats ur bffs name",
            "who's in ur friend group",
            "any of ur mates on {app}",
            "who do u sit with at lunch",
            "whats ur best mates @",
        ),
    ),
    _family(
        "house_type",
        (
            "what does ur house look like",
            "is it a flat or a house",
            "do u live in a big house",
            "what colour is ur front door lol",
            "have u got a garden",
            "is ur house on a busy road",
            "do u live in an apartment",
            "what floor is ur flat on",
            "detached or terraced?",
        ),
    ),
    _family(
        "parents_names",
        (
            "whats ur {parent}s name",
            "what are ur parents called",
            "whats ur {parent}s first name",
            "tell me ur parents names",
            "what do ppl call ur {parent}",
            "whats ur surname btw",
            "what name does ur {parent} go by",
            "whats ur family name",
        ),
    ),
    _family(
        "holiday_plans",
        (
            "u going away this summer",
            "when r u on holiday",
            "r u away for half term",
            "any trips coming up?",
            "will u be home over christmas",
            "what dates r u away",
            "is ur family going on vacation",
            "when do u get back from ur holiday",
        ),
    ),
    _family(
        "weekend_routine",
        (
            "what do u usually do on weekends",
            "where do u go on {day}",
            "whats a normal saturday for u",
            "u do anything regular on sundays",
            "do u go out every weekend",
            "where do u hang on {day}",
            "what time do u get up on weekends",
            "r u always home on sundays",
        ),
    ),
    _family(
        "prove_real",
        (
            "send a selfie so i know ur real",
            "prove ur not a bot lol, pic?",
            "how do i know ur real, send a pic",
            "snap a quick one holding up 3 fingers",
            "take a pic with ur name on paper",
            "pic or ur fake",
            "i need to see its really u",
            "verify ur real, send a face pic",
        ),
    ),
    _family(
        "phone_model",
        (
            "what phone u got",
            "is ur phone an iphone or android",
            "how old is ur phone",
            "what model is ur phone",
            "whose name is ur phone contract in",
            "is ur phone pay as u go",
            "does ur phone have a sim or just wifi",
            "did ur parents buy ur phone",
        ),
    ),
)
