"""Child families: generic responses (what a child says back in any conversation).

Short answers, "idk", "lol random", compliance ("ok", "fine"), being flattered or excited, changing the topic,
talking about the day, saying goodbye. They carry no label and appear in every conversation type a child takes
part in, so none of them is evidence of grooming on its own. Responses to pressure (hesitating, refusing, being
scared, asking for help) are in ``child_responses_pressure.py``. See ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import CHILD_CONTEXTS, Family


def _family(intent: str, templates: tuple[str, ...]) -> Family:
    return Family(
        name=f"response/{intent}",
        kind="response",
        speaker="child",
        templates=templates,
        labels=(),
        contexts=CHILD_CONTEXTS,
    )


FAMILIES: tuple[Family, ...] = (
    _family(
        "yes_short",
        (
            "yes",
            "yeah",
            "yep",
            "ya",
            "yeh",
            "mhm",
            "yes why",
            "yeah i guess",
            "yup {emoji}",
            "ye",
        ),
    ),
    _family(
        "no_short",
        (
            "no",
            "nope",
            "nah",
            "no why",
            "not really",
            "no lol",
            "nuh uh",
            "nah not rn",
            "no {emoji}",
        ),
    ),
    _family(
        "dont_know",
        (
            "idk",
            "i dunno",
            "i don't know",
            "idk tbh",
            "not sure",
            "dunno lol",
            "i'm not sure",
            "idk why",
            "hmm idk",
        ),
    ),
    _family(
        "random",
        (
            "lol random",
            "thats so random",
            "random but ok",
            "haha out of nowhere",
            "where did that come from lol",
            "ok random",
            "lmao what",
            "bit random",
            "wow random {emoji}",
        ),
    ),
    _family(
        "comply",
        (
            "ok",
            "fine",
            "sure",
            "okay",
            "k",
            "alright",
            "ok i guess",
            "fine whatever",
            "if you want",
            "oki",
        ),
    ),
    _family(
        "flattered",
        (
            "aw thanks",
            "aww thank you",
            "thats so nice",
            "stop it youre making me blush",
            "omg thank you {emoji}",
            "aw really?",
            "no one ever says that to me",
            "thats sweet",
            "haha thanks",
        ),
    ),
    _family(
        "change_topic",
        (
            "anyway",
            "anyways did you see the new {show}",
            "can we talk about something else",
            "lets talk about {game}",
            "anyway what are you doing",
            "change of subject lol",
            "ok but have you played {game}",
            "moving on lol",
            "wanna talk about something else",
        ),
    ),
    _family(
        "my_day",
        (
            "today was so boring",
            "i had {food} for dinner",
            "just got back from {place}",
            "i played {game} all day",
            "nothing much, just chilling",
            "my day was ok i guess",
            "i'm watching {show}",
            "i went to {place} with my {parent}",
            "just finished eating",
        ),
    ),
    _family(
        "confused",
        (
            "what do you mean",
            "wdym",
            "huh?",
            "i dont get it",
            "what?",
            "im confused",
            "what are you talking about",
            "i dont understand",
            "??",
        ),
    ),
    _family(
        "busy",
        (
            "cant talk rn",
            "busy rn",
            "brb",
            "one sec",
            "gtg in a min",
            "hold on",
            "sorry im busy",
            "talk later?",
            "cant right now",
        ),
    ),
    _family(
        "goodbye",
        (
            "i have to go",
            "gtg",
            "bye",
            "gotta go",
            "byee",
            "ok bye",
            "cya",
            "night",
            "i have to go now bye",
        ),
    ),
    _family(
        "emoji_only",
        (
            "{emoji}",
            "{emoji}{emoji}",
            "lol {emoji}",
            "{emoji} ok",
            "haha {emoji}",
            "{emoji} {emoji} {emoji}",
            "omg {emoji}",
            "xd",
            ":)",
        ),
    ),
    _family(
        "laughing",
        (
            "hahaha",
            "lmao",
            "lol",
            "lolll",
            "haha",
            "😂😂",
            "hahahaha stop",
            "im dying",
            "lmaooo",
        ),
    ),
    _family(
        "maybe_later",
        (
            "maybe later",
            "maybe",
            "i'll think about it",
            "not now",
            "maybe another time",
            "ill see",
            "possibly",
            "idk maybe",
            "we'll see",
        ),
    ),
    _family(
        "embarrassed",
        (
            "omg stop",
            "thats embarrassing",
            "stoppp",
            "omg no",
            "im so embarrassed",
            "nooo",
            "cringe",
            "dont lol",
            "aaah",
        ),
    ),
    _family(
        "apologise",
        (
            "sorry i was busy",
            "sorry",
            "sorry i didnt reply",
            "sry",
            "sorry i fell asleep",
            "sorry my phone was on charge",
            "sorry i was at school",
            "soz",
            "sorry i was eating",
        ),
    ),
    _family(
        "excited",
        (
            "omg really??",
            "no way thank you!!",
            "are you serious",
            "omg yes",
            "thats so cool",
            "wait really",
            "omg thank youuu",
            "omg i love it",
            "yesss",
        ),
    ),
)
