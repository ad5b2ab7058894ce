"""More grooming tactic families: coercion.

Extra breadth: "I saved everything", fake profiles, blaming the child, turning friends against them, "you'll
regret it", ultimatums, guilt trips, repaying gifts, getting accounts banned, "others did it", last warnings,
"you promised". Threats of self-harm stay vague. See ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

_LABEL = "coercion"


def _family(intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(_LABEL, intent, templates, extra)


FAMILIES: tuple[Family, ...] = (
    _family(
        "screenshotted_everything",
        (
            "i screenshotted everything btw",
            "i saved it all",
            "got screenshots of every msg",
            "i recorded our call",
            "everything u sent me is backed up",
            "deleting wont help, i have copies",
            "i kept all ur messages",
            "i have receipts of everything lol",
        ),
    ),
    _family(
        "fake_profile_threat",
        (
            "ill make a fake page of u",
            "i could make an account pretending to be u",
            "want me to set up a page with ur pics",
            "ill make a profile in ur name and post stuff",
            "imagine if a fake u started messaging ur friends",
            "i'll pretend to be u online",
            "i can make everyone think ur saying things",
            "one fake account and ur reputation is gone",
        ),
    ),
    _family(
        "your_fault",
        (
            "its ur fault this happened",
            "u made me do this",
            "u brought this on urself",
            "if u had listened this wouldnt be happening",
            "ur the one who started this",
            "dont blame me, u did this",
            "u only have urself to blame",
            "this is what happens when u dont listen",
        ),
    ),
    _family(
        "friends_turn_on_you",
        (
            "everyone at school will hate u",
            "ur friends will drop u when they find out",
            "no one will want to be ur friend after this",
            "ur mates wont talk to u again",
            "ull have no friends left",
            "imagine what ur friends will say",
            "ill make sure ur whole class knows",
            "they'll all laugh at u",
        ),
    ),
    _family(
        "regret_it",
        (
            "if u stop talking to me ull regret it",
            "u'll regret this",
            "dont make me do something u'll regret",
            "ur gonna be sorry",
            "keep ignoring me and see what happens",
            "u really dont want to find out what i'll do",
            "think carefully before u say no",
            "bad idea to cross me",
        ),
    ),
    _family(
        "ultimatum",
        (
            "either u do this or i do something, ur choice",
            "two options, do what i ask or i tell everyone",
            "its simple, u send it or i post them",
            "choose. me or ur reputation",
            "ur choice but u wont like the other option",
            "do it or else",
            "yes or i start sharing, pick",
            "last offer, take it or face it",
        ),
    ),
    _family(
        "guess_i_mean_nothing",
        (
            "fine ignore me like everyone else does",
            "guess i mean nothing to u",
            "wow after all that u just leave me on read",
            "i thought u were different but ur like the rest",
            "u dont even care about me do u",
            "knew u'd let me down",
            "guess ill just be alone then",
            "so im not important to u anymore",
            "nice to know where i stand",
        ),
    ),
    _family(
        "repay_gifts",
        (
            "pay me back for everything or else",
            "u owe me for all those {game_currency}",
            "give me my money back then",
            "i want back every penny i spent",
            "u took my gifts so u owe me",
            "either pay me back or do what i say",
            "ill tell ur {parent} u stole the {money}",
            "nothing is free, time to repay",
        ),
    ),
    _family(
        "get_you_banned",
        (
            "ill get ur account banned",
            "ill report u so u lose everything on {game}",
            "one report from me and ur account is gone",
            "i can get u kicked off {app}",
            "ill mass report u",
            "say goodbye to ur account",
            "ill get all ur stuff deleted",
            "want to lose ur {game} account? keep going",
        ),
    ),
    _family(
        "others_did_it",
        (
            "other girls did it without moaning",
            "everyone else i talk to just does it",
            "the last person didnt make a fuss",
            "ur the only one who ever says no",
            "others do it straight away",
            "no one else makes this such a big deal",
            "my other friends never complain",
            "stop being difficult, others dont",
        ),
    ),
    _family(
        "last_warning",
        (
            "this is ur one last chance",
            "im not asking again",
            "final warning",
            "this is ur last warning",
            "i wont say it twice",
            "dont make me ask again",
            "im done being nice",
            "ok im serious now",
        ),
    ),
    _family(
        "you_promised",
        (
            "u promised u would",
            "u gave ur word",
            "u said u would so do it",
            "a promise is a promise",
            "dont go back on ur word",
            "u agreed, remember",
            "u cant break a promise",
            "liars break promises, are u a liar",
        ),
    ),
)
