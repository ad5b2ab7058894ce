"""More grooming tactic families: platform move.

Extra breadth: asking for the child's handle, scan codes, moderators watching, accepting requests, private
parties, "take this elsewhere", fake birthdays to pass age checks, laggy chat, lives, bans, which apps, other
games. Varied registers and chat spellings; see ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

_LABEL = "platform_move"


def _family(intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(_LABEL, intent, templates, extra)


FAMILIES: tuple[Family, ...] = (
    _family(
        "whats_your_snap",
        (
            "whats ur snap",
            "u got snap?",
            "drop ur snap",
            "snap me ur username",
            "whats ur @ on {app}",
            "u on {app}? whats ur name on there",
            "send me ur snap",
            "what do i add u as on {app}",
            "gimme ur {app} and ill add u",
        ),
    ),
    _family(
        "scan_my_code",
        (
            "scan my code",
            "ill send my qr code, just scan it",
            "heres my snapcode, add me",
            "scan this to add me on {app}",
            "use ur camera on my code",
            "my qr adds me straight away",
            "just scan the pic i sent",
            "quickest way is scanning my code",
        ),
    ),
    _family(
        "mods_watching",
        (
            "mods read everything here",
            "this chat gets reported all the time",
            "the filter here blocks half my words",
            "they monitor this chat so lets go",
            "too many ppl watching on here",
            "{game} logs all the chats btw",
            "admins can see this",
            "cant really talk here, its moderated",
        ),
    ),
    _family(
        "accept_request",
        (
            "sent u a request on {app}, accept it",
            "accept my friend request",
            "i added u, add me back",
            "did u get my request",
            "check ur requests, its me",
            "accept me on {app}",
            "follow back pls",
            "i requested u, hurry up lol",
        ),
    ),
    _family(
        "private_party",
        (
            "join my party on {game}",
            "make a private party just us",
            "come in my party chat",
            "invite only party, ill send u one",
            "lets make a party so the lobby cant hear",
            "hop in my party",
            "party up, just u and me",
            "ill invite u to a closed party",
        ),
    ),
    _family(
        "take_it_elsewhere",
        (
            "lets take this somewhere else",
            "this isnt really the place to talk",
            "we should chat somewhere more private",
            "lets move this",
            "wanna talk somewhere quieter",
            "somewhere else would be better for this",
            "not here, somewhere else",
            "lets continue this on another app",
        ),
    ),
    _family(
        "fake_birthday_signup",
        (
            "just put ur birthday as 2000 when u sign up",
            "lie about ur age on {app}, everyone does",
            "say ur 18 when it asks",
            "pick an older birth year and itll let u in",
            "the age thing is easy to get past",
            "just click im over 18",
            "make ur age older on the sign up",
            "use a fake birthday so it doesnt block u",
        ),
    ),
    _family(
        "chat_too_laggy",
        (
            "this chat is so laggy lets move",
            "cant type properly in game chat",
            "game chat keeps cutting off",
            "msgs here take ages to send",
            "this app is glitchy, lets use {app}",
            "in game chat is rubbish for talking",
            "keeps kicking me out, can we switch",
            "too slow on here tbh",
        ),
    ),
    _family(
        "join_my_live",
        (
            "come to my live on {app}",
            "watch my stream later",
            "im going live, join",
            "u can message me in my live",
            "come to my stream and ill say hi",
            "join my private stream",
            "ill go live just for u",
            "come watch, theres a private chat there",
        ),
    ),
    _family(
        "getting_banned",
        (
            "my account might get banned here so add me elsewhere",
            "this account is getting deleted, find me on {app}",
            "im leaving this app, come with me",
            "if i disappear im on {app}",
            "my main got banned, this is a temp one",
            "deleting this soon, add my other one",
            "in case i get kicked, heres my {app}",
            "not gonna be on here long, follow me on {app}",
        ),
    ),
    _family(
        "which_apps",
        (
            "what apps do u have?",
            "do u use {app}?",
            "which apps r u allowed",
            "u got {app} or nah",
            "what do u use to msg ppl",
            "what socials u on",
            "do ur parents let u have {app}",
            "got any other apps besides this",
        ),
    ),
    _family(
        "other_game",
        (
            "add me on {game} instead",
            "do u play {game}? add me there",
            "lets go play {game}, better chat",
            "switch to {game} with me",
            "what's ur name on {game}",
            "meet me in {game}",
            "hop on {game} and ill msg u there",
            "lets move to a different game",
        ),
    ),
)
