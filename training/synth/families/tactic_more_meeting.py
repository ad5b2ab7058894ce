"""More grooming tactic families: meeting offline.

Extra breadth: food together, "come play on my setup", sleepover excuses, asking when the child is free,
"bring a friend", gigs, walking the child home, coming to watch, "don't be nervous", countdowns, meeting halfway,
"just five minutes". Varied registers and chat spellings; see ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

_LABEL = "meeting"


def _family(intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(_LABEL, intent, templates, extra)


FAMILIES: tuple[Family, ...] = (
    _family(
        "food_together",
        (
            "lets grab {food} sometime",
            "ill buy u {food} if u come",
            "fancy getting {food} with me",
            "we should get food together",
            "my treat, lets go for {food}",
            "ill take u out for {food} {time}",
            "come get lunch with me",
            "ill get u a milkshake if u meet me",
        ),
    ),
    _family(
        "gaming_setup",
        (
            "come play {game} on my setup",
            "my setup is insane, u have to come try it",
            "u could play on my pc whenever",
            "ive got a vr headset at mine, come try it",
            "come round and play on my console",
            "wanna come game at mine",
            "u can use my gaming room anytime",
            "my pc runs {game} so much better, come over",
        ),
    ),
    _family(
        "sleepover_excuse",
        (
            "tell ur {parent} ur staying at a friends",
            "say ur having a sleepover",
            "just tell them ur at ur mates",
            "say ur staying at ur {relative}s",
            "tell ur parents ur out with friends",
            "tell them its a school thing",
            "say ur at practice so u can come",
            "just say ur at a friends house till late",
        ),
        ("secrecy",),
    ),
    _family(
        "when_are_you_free",
        (
            "when r u free this week",
            "what days r u free after school",
            "u free {day}?",
            "any time u can get away",
            "when could u sneak an hour",
            "r u busy {time}",
            "free at all this weekend",
            "when's good for u to see me",
            "find me a day ur free",
        ),
    ),
    _family(
        "bring_a_friend",
        (
            "bring a friend if it makes u feel better",
            "u can bring ur mate if u want",
            "come with a friend, i dont mind",
            "bring someone if ur nervous",
            "u can bring ur bff too",
            "feel free to bring a friend along",
            "ur mate can come too, ill pay for both",
            "if ur worried just bring someone",
        ),
    ),
    _family(
        "gig_together",
        (
            "wanna come see {music} with me",
            "got 2 tickets for {music}, come with me",
            "lets go to a concert together",
            "ill take u to a gig",
            "come to a festival with me",
            "theres a show in {town}, come with",
            "want to see {music} live? ill take u",
            "ill drive us to the concert",
        ),
    ),
    _family(
        "walk_you_home",
        (
            "ill walk u home",
            "can i walk with u after {sport}",
            "i'll walk with u from school",
            "let me walk u back",
            "ill meet u on ur walk home",
            "i could walk u to the bus stop",
            "ill come and walk u back from {place}",
            "dont walk alone, ill come",
        ),
    ),
    _family(
        "come_watch_you",
        (
            "ill come watch u play {sport}",
            "where's ur next match, ill come",
            "ill come see ur show",
            "can i come watch ur game {day}",
            "ill be at the side of the pitch lol",
            "ill come watch u train",
            "send me the address of the match",
            "ill sit at the back and watch u",
        ),
    ),
    _family(
        "dont_be_nervous",
        (
            "dont be nervous, itll just be like chatting",
            "no need to be scared to meet me",
            "its only me, nothing to worry about",
            "we'll just talk like we do on here",
            "nothing bad will happen, promise",
            "ur safe with me in person",
            "ill make sure u feel comfy when we meet",
            "its normal to be nervous but ill look after u",
        ),
    ),
    _family(
        "countdown",
        (
            "cant wait to finally see u",
            "only 3 days till we meet",
            "counting down the days",
            "soon ill get to see u for real",
            "not long now {emoji}",
            "so excited for {day}",
            "one more sleep",
            "cant stop thinking about meeting u",
        ),
    ),
    _family(
        "meet_halfway",
        (
            "lets meet halfway",
            "ill meet u at the station",
            "i can come most of the way",
            "meet me at {place}, its between us",
            "ill drive to the middle",
            "halfway is easy for both of us",
            "get the bus to {town} and ill meet u there",
            "we can meet in the middle",
        ),
    ),
    _family(
        "just_five_minutes",
        (
            "just 5 mins, thats all",
            "only need u for 10 minutes",
            "quick meet, no one will notice",
            "come out for five minutes",
            "just pop out for a sec",
            "its only a quick hello",
            "ull be back before anyone knows",
            "ten mins tops, promise",
        ),
    ),
)
