"""More grooming tactic families: sexual content (plain, non-graphic).

Extra breadth, worded the way safeguarding guidance describes warning signs and only as requests or questions:
"are you in bed", mirror pics, "would you date me", love declarations, truth or dare, age gaps, pressure to
send a picture as proof of trust, late calls, questions about adult content. No descriptions, no body parts.
See ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

_LABEL = "sexual_content"


def _family(intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(_LABEL, intent, templates, extra)


FAMILIES: tuple[Family, ...] = (
    _family(
        "in_bed_now",
        (
            "u in bed rn?",
            "are u in bed yet",
            "already tucked up in bed?",
            "r u lying in bed talking to me",
            "in bed? send a pic",
            "ur in bed arent u lol",
            "what r u doing in bed this late",
            "u under the covers?",
        ),
    ),
    _family(
        "mirror_pic",
        (
            "send a mirror pic",
            "take a mirror selfie for me",
            "full length mirror pic?",
            "go to ur mirror and snap one",
            "mirror pic pls {emoji}",
            "show me a mirror pic of {body_safe}",
            "i wanna see a mirror selfie",
            "mirror pic now, go",
        ),
    ),
    _family(
        "date_me",
        (
            "would u date me if i was ur age",
            "am i ur type",
            "would u go out with someone like me",
            "if i was younger would u like me",
            "do u think im good looking",
            "would u ever date me lol",
            "be honest, would u kiss me",
            "rate me out of 10",
        ),
    ),
    _family(
        "be_my_partner",
        (
            "will u be my gf",
            "ur basically my girlfriend now",
            "wanna be my bf",
            "we're kind of together now right",
            "ur mine now ok",
            "lets make it official",
            "i think of u as my girlfriend",
            "will u go out with me",
            "u'd make a perfect gf",
        ),
    ),
    _family(
        "love_declaration",
        (
            "i love u",
            "im falling for u",
            "i think im in love with u",
            "love u so much",
            "i've never felt like this about anyone",
            "u have my heart",
            "do u love me too?",
            "say u love me",
            "i love u more than anyone",
        ),
    ),
    _family(
        "truth_or_dare",
        (
            "lets play truth or dare",
            "truth or dare? u go first",
            "dare u to send a pic",
            "truth: have u ever liked someone older",
            "ok ur turn, truth or dare",
            "i dare u to turn ur cam on",
            "wanna play a game? truth or dare",
            "u picked dare so u have to do it",
        ),
    ),
    _family(
        "date_older",
        (
            "would u ever date someone older",
            "do u like older guys",
            "do u prefer older people",
            "ever had a crush on an adult",
            "boys ur age are so immature right, u need someone older",
            "would u go for someone my age",
            "how old is too old for u",
            "older is better isnt it",
        ),
    ),
    _family(
        "age_gap_fine",
        (
            "age gaps dont matter when ppl really like each other",
            "loads of couples have big age gaps",
            "my parents had a massive age gap",
            "age is nothing if u connect",
            "the age difference doesnt bother me",
            "who cares how old we are",
            "lots of celebs date younger ppl",
            "in some countries its totally normal",
        ),
    ),
    _family(
        "kiss_when_meet",
        (
            "can i kiss u when we meet",
            "ill give u a kiss when i see u",
            "will u let me kiss u",
            "first thing im doing is hugging u",
            "can i hold ur hand when we meet",
            "i want a kiss when i see u",
            "dont be shy when i give u a kiss",
            "bet u wont let me kiss u lol",
        ),
        ("meeting",),
    ),
    _family(
        "prove_trust_pic",
        (
            "if u really trusted me ud send one",
            "a pic would prove u care",
            "send one or i'll think u dont trust me",
            "i thought we were close, why wont u send a pic",
            "if u liked me ud turn ur cam on",
            "real friends send pics",
            "guess u dont trust me then, since u wont send one",
            "show me u trust me, one pic",
        ),
        ("coercion",),
    ),
    _family(
        "late_call_bed",
        (
            "call me from bed tonight",
            "facetime me when everyones asleep",
            "call me late, whisper so no one hears",
            "ring me once ur in bed",
            "lets call till we fall asleep",
            "video call me in ur room tonight",
            "call me with the lights off",
            "can we call after ur parents go to bed",
        ),
    ),
    _family(
        "seen_adult_stuff",
        (
            "have u ever seen adult stuff online",
            "ever watched grown up videos",
            "do u know what adults do in private",
            "has anyone ever shown u adult stuff",
            "u ever searched for adult things",
            "want me to show u what grown ups watch",
            "ive got some adult videos, want to see",
            "u ever been curious about adult sites",
        ),
    ),
)
