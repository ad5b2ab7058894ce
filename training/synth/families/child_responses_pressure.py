"""Child families: responses to grooming pressure (grooming conversations only).

How a child answers tactics: asking why, hesitating ("is that ok?", "my mum wouldn't like that"), refusing,
being scared or uncomfortable, asking for help, agreeing to keep a secret, pleading under coercion, growing
suspicious. No tactic label; a response that itself shows the speaker is a minor (a parent's rule, telling a
teacher) carries ``minor_signal``. Generic responses are in ``child_responses.py``. See ``schema.py``.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family


def _family(intent: str, templates: tuple[str, ...], minor: bool = False) -> Family:
    return Family(
        name=f"response/{intent}",
        kind="response",
        speaker="child",
        templates=templates,
        labels=("minor_signal",) if minor else (),
        contexts=("grooming",),
    )


FAMILIES: tuple[Family, ...] = (
    _family(
        "why_ask",
        (
            "haha why",
            "why do you ask",
            "why lol",
            "why do you wanna know",
            "why?",
            "umm why",
            "thats a weird question",
            "why are you asking that",
            "wdym why",
        ),
    ),
    _family(
        "should_i",
        (
            "i dont know if i should",
            "im not sure i should",
            "should i?",
            "i dont think i'm supposed to",
            "idk if thats a good idea",
            "i'm not sure about that",
            "maybe i shouldnt",
            "hmm i dont know if i want to",
            "i'd feel weird doing that",
        ),
    ),
    _family(
        "is_that_ok",
        (
            "is that ok?",
            "is that allowed?",
            "is that normal?",
            "are you sure thats ok",
            "is it bad?",
            "wont i get in trouble",
            "is that weird?",
            "are you sure its fine",
            "is that even allowed",
        ),
    ),
    _family(
        "parent_wouldnt_like",
        (
            "my {parent} wouldnt like that",
            "my parents would be so mad",
            "my {parent} would kill me lol",
            "my {parent} says i shouldnt talk to people i dont know",
            "my parents told me not to do that",
            "my {parent} wouldnt let me",
            "i'd get in so much trouble with my {parent}",
            "my dad would go mad",
            "my mum says thats not safe",
        ),
        minor=True,
    ),
    _family(
        "refuse",
        (
            "no i dont want to",
            "no thanks",
            "i dont want to",
            "no, im not doing that",
            "i said no",
            "no way",
            "i'd rather not",
            "nope, not happening",
            "i really dont want to",
        ),
    ),
    _family(
        "stop_asking",
        (
            "stop asking",
            "stop",
            "can you stop",
            "please stop asking me that",
            "stop it",
            "leave me alone",
            "stop messaging me",
            "i already said no, stop",
            "why do you keep asking",
        ),
    ),
    _family(
        "scared",
        (
            "youre scaring me",
            "please dont",
            "im scared",
            "please dont do that",
            "i'm really scared now",
            "you're freaking me out",
            "please i'm begging you",
            "why are you doing this",
            "this is scary",
        ),
    ),
    _family(
        "wants_help",
        (
            "i want to tell my {parent}",
            "im going to tell my {parent}",
            "i'm telling my teacher",
            "i think i should tell a teacher",
            "i'm going to show my {parent} these messages",
            "i'm telling a grown up",
            "i'm gonna tell my teacher about you",
            "i told my {parent}",
            "i'm going to tell my {parent} and my teacher",
        ),
        minor=True,
    ),
    _family(
        "uncomfortable",
        (
            "this is making me uncomfortable",
            "i dont like this",
            "this feels weird",
            "im not comfortable with that",
            "i dont feel ok about this",
            "that makes me feel weird",
            "i dont like where this is going",
            "can we not talk about this",
            "that's kind of creepy",
        ),
    ),
    _family(
        "agree_secret",
        (
            "ok i wont tell anyone",
            "i promise i wont tell",
            "ok its our secret",
            "i wont say anything",
            "dont worry i deleted it",
            "ok i'll delete it",
            "i wont tell my {parent}",
            "my lips are sealed",
            "ok i cleared the chat",
        ),
    ),
    _family(
        "trusts_you",
        (
            "i trust you",
            "youre my best friend",
            "i like talking to you",
            "you're the only one who gets me",
            "i feel like i can tell you everything",
            "you're so nice to me",
            "i'm glad i met you",
            "i missed you too",
            "you're nicer than people at school",
        ),
    ),
    _family(
        "suspicious",
        (
            "how do i know youre real",
            "are you really {age}?",
            "you dont sound like a kid",
            "are you actually a girl",
            "why is your profile so empty",
            "are you a catfish",
            "prove you are who you say you are",
            "you're not really my age are you",
            "this seems kinda sus",
        ),
    ),
    _family(
        "block_warning",
        (
            "im going to block you",
            "i'm blocking you",
            "if you dont stop im blocking you",
            "blocked",
            "i'm reporting you",
            "leave me alone or i'll block you",
            "im deleting this app",
            "i'll block you i swear",
            "don't message me again",
        ),
    ),
    _family(
        "why_secret",
        (
            "why cant i tell anyone",
            "why does it have to be a secret",
            "why would i delete it",
            "why cant my {parent} know",
            "why do we have to keep it secret",
            "whats wrong with telling people",
            "why shouldnt i tell my friends",
            "why are you so worried about people knowing",
            "why does it matter if people know",
        ),
    ),
    _family(
        "pleading",
        (
            "please just delete it",
            "i'll do anything just dont post it",
            "please dont send it to anyone",
            "i'm sorry please dont",
            "please i dont have any money",
            "i cant get that much",
            "please leave me alone",
            "i'll try, just give me time",
            "please dont tell my {parent}",
        ),
    ),
)
