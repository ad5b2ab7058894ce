"""More grooming tactic families: secrecy.

Extra breadth: clearing history, "grown-ups keep things private", hiding from siblings, locking the phone, code
words, not mentioning me at school, private profiles, checking whether the child told anyone, denying knowing me,
chat rules, "come to me first". Varied registers and chat spellings; see ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

_LABEL = "secrecy"


def _family(intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(_LABEL, intent, templates, extra)


FAMILIES: tuple[Family, ...] = (
    _family(
        "clear_history",
        (
            "clear ur history after",
            "make sure u wipe ur search history",
            "use incognito when u come on here",
            "delete ur browsing history tonight ok",
            "dont forget to clear the history",
            "go private browsing so it doesnt save",
            "clear the recent apps list too",
            "wipe it all before bed yeah",
        ),
    ),
    _family(
        "grown_ups_keep_private",
        (
            "grown ups know how to keep things private",
            "mature people dont go blabbing everything",
            "being grown up means keeping some stuff to urself",
            "kids tell their parents everything, adults dont",
            "u seem mature enough to keep things private",
            "real adults have private lives, u should too",
            "u dont have to report everything to ur parents at ur age",
            "part of growing up is having ur own business",
        ),
    ),
    _family(
        "hide_from_sibling",
        (
            "dont let ur {sibling} see this",
            "make sure ur {sibling} doesnt read our chats",
            "is ur {sibling} nosy? hide ur phone",
            "if ur {sibling} asks its just a game friend",
            "keep ur {sibling} out of this",
            "ur {sibling} would snitch so dont show them",
            "dont leave ur phone where ur {sibling} can get it",
            "turn ur screen away from ur {sibling}",
        ),
    ),
    _family(
        "lock_your_phone",
        (
            "put a passcode on ur phone",
            "make sure ur phone is locked",
            "change ur password so no one can get in",
            "use face id so they cant look",
            "set a pin on the app too",
            "dont tell anyone ur new passcode",
            "lock ur phone before u leave it anywhere",
            "get a lock on ur phone asap",
        ),
    ),
    _family(
        "code_words",
        (
            "if u say gg it means ur parents are near",
            "lets have a code word for when someone comes in",
            "send a {emoji} if u cant talk",
            "type brb twice if ur {parent} walks in",
            "if anyone is looking just say wrong number",
            "we need a signal for when u cant chat",
            "just send a full stop if someones there",
            "use our word if u need to stop talking",
        ),
    ),
    _family(
        "not_at_school",
        (
            "dont mention me to teachers",
            "dont bring me up at school",
            "teachers dont need to know about me",
            "if the school counsellor asks, u dont talk to anyone online",
            "dont tell ur form tutor about our chats",
            "keep me out of it at school ok",
            "ur teachers would make a big deal so say nothing",
            "never talk about me in class",
        ),
    ),
    _family(
        "private_profile",
        (
            "make ur account private so no one sees u follow me",
            "set ur followers to hidden",
            "hide ur following list",
            "put ur account on private",
            "make it so only u can see who u follow",
            "turn off who can see ur friends list",
            "switch ur profile to private first",
            "hide me on ur friends list",
        ),
    ),
    _family(
        "no_public_interaction",
        (
            "dont like my posts where ppl can see",
            "dont comment on my stuff",
            "never tag me in anything",
            "dont reply to my stories in public",
            "act like u dont know me in the group chat",
            "dont follow me from ur main",
            "ignore me in the public lobby ok",
            "dont mention my name in comments",
        ),
    ),
    _family(
        "checking_told_anyone",
        (
            "did u tell anyone about me?",
            "u havent told anyone right",
            "who knows u talk to me",
            "have u mentioned me to ur friends",
            "does ur {parent} know about me",
            "be honest has anyone seen our chats",
            "u didnt show anyone did u",
            "nobody knows about us yet right",
        ),
    ),
    _family(
        "deny_knowing_me",
        (
            "if anyone asks, u dont know me",
            "just say u never heard of me",
            "if ur {parent} finds out, say i messaged u first and u ignored me",
            "say we only talked once",
            "tell them im just some random",
            "if anyone asks u never spoke to me",
            "u dont know who i am if someone asks",
            "act clueless if my name comes up",
        ),
    ),
    _family(
        "chat_rules",
        (
            "rule 1 of our chats: it stays here",
            "our one rule, what we say is ours",
            "only rule is no one else finds out",
            "remember the rules yeah",
            "u know the deal, this stays between the two of us",
            "ground rules, no screenshots no telling",
            "we agreed this is private, dont forget",
            "first rule of talking to me is u dont talk about me lol",
        ),
    ),
    _family(
        "come_to_me_first",
        (
            "if ur worried about anything come to me first, not ur parents",
            "dont go to ur {parent}, talk to me",
            "tell me before u tell anyone else",
            "if something happens message me not ur teachers",
            "no need to involve ur parents, u have me",
            "promise ull come to me instead of telling anyone",
            "im the one u talk to now",
            "before u say anything to anyone, check with me",
        ),
    ),
)
