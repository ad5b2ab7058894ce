"""More grooming tactic families: gifts.

Extra breadth: "I can sort you out", battle passes, bus fare, age-restricted items, no-payback loans, "name it",
spoiling, easy-money jobs, gaming gear, fake giveaways, hiding the money, a present when we meet. Varied registers
and chat spellings; see ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

_LABEL = "gifts"


def _family(intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(_LABEL, intent, templates, extra)


FAMILIES: tuple[Family, ...] = (
    _family(
        "sort_you_out",
        (
            "i can sort u out with some {game_currency}",
            "ill sort u out dont worry",
            "need anything? i can sort u",
            "i got u, ill sort it",
            "let me sort u out this time",
            "ill hook u up",
            "i can hook u up with {game_currency}",
            "say the word and ur sorted",
            "u need sorting out? just ask",
        ),
    ),
    _family(
        "battle_pass",
        (
            "ill buy ur battle pass",
            "want the new season pass? on me",
            "ill get u premium pass on {game}",
            "i can gift u the battle pass",
            "u havent got the pass? ill buy it",
            "ill pay for ur season pass",
            "want me to unlock the pass for u",
            "battle pass is on me this season",
        ),
    ),
    _family(
        "bus_fare",
        (
            "need bus money? ill send it",
            "ill pay for ur bus",
            "ill send u the fare",
            "want money for the train",
            "ill cover ur travel",
            "ill give u money for a taxi home",
            "let me pay ur bus pass",
            "ill send u {money} for the bus",
        ),
    ),
    _family(
        "restricted_items",
        (
            "i can get u vapes",
            "want me to get u some drink",
            "i can buy u stuff ur too young to buy",
            "need a vape? i'll get u one",
            "ill get u whatever the shop wont sell u",
            "i can get u alcohol no problem",
            "ill bring u some drinks",
            "want me to buy u a vape, ur parents never need to know",
        ),
    ),
    _family(
        "no_payback",
        (
            "its not a loan, u dont have to pay me back",
            "keep it, no need to pay me back",
            "consider it a gift not a loan",
            "dont worry about paying me back",
            "u dont owe me anything for it",
            "ill never ask for it back",
            "its free, no strings",
            "no catch, its urs",
        ),
    ),
    _family(
        "name_it",
        (
            "whatever u want its urs",
            "name it and its yours",
            "just tell me what u want",
            "anything u want, seriously",
            "what can i get u",
            "pick anything, ill buy it",
            "u want it? its yours",
            "just say what u want and ill get it",
        ),
    ),
    _family(
        "spoil_you",
        (
            "i love spoiling u",
            "let me treat u",
            "u deserve to be spoilt",
            "ill spoil u rotten",
            "someone needs to spoil u",
            "let me spoil u a bit",
            "i just like treating u",
            "ur worth spoiling",
        ),
    ),
    _family(
        "easy_money_job",
        (
            "i can give u work, easy money",
            "want to earn some cash helping me",
            "i pay well for easy jobs",
            "fancy making {money} quick",
            "ive got a little job for u, pays good",
            "want some easy money? dm me",
            "i can get u paid for doing next to nothing",
            "wanna earn some pocket money from me",
        ),
    ),
    _family(
        "gaming_gear",
        (
            "ill get u a new headset",
            "want a better controller",
            "ill buy u a gaming chair",
            "i can get u a new keyboard for {game}",
            "ur mic is rubbish, ill get u a new one",
            "want a new console? i can get one",
            "ill upgrade ur setup for u",
            "ill send u a proper headset so we can talk",
        ),
    ),
    _family(
        "giveaway_winner",
        (
            "u won my giveaway dm me to claim",
            "congrats ur my giveaway winner",
            "ur the lucky winner, message me for ur prize",
            "doing a {game_currency} giveaway, u won",
            "u got picked for my free skins giveaway",
            "claim ur prize by adding me",
            "winner! i just need a few details",
            "ur name came out in my giveaway",
        ),
    ),
    _family(
        "hide_the_money",
        (
            "dont spend it where ur parents will see",
            "keep the money hidden",
            "dont tell ur {parent} where the {game_currency} came from",
            "if they ask, u found the money",
            "say u saved it up urself",
            "hide the gift card somewhere safe",
            "dont let ur parents see the payment",
            "just say a friend gave it u",
        ),
        ("secrecy",),
    ),
    _family(
        "present_when_we_meet",
        (
            "when we meet ill have something for u",
            "ive got a present for u, but u have to come get it",
            "ill give u it in person",
            "meet me and ill bring {gift}",
            "ur gift is waiting for u, just come see me",
            "cant send it, ill hand it to u",
            "ill bring ur present when i see u",
            "come meet me and its yours",
        ),
        ("meeting",),
    ),
)
