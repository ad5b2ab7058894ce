"""Grooming tactic families: sexual content through the lexicon placeholder ``{sexual_term}``.

Safeguarding guidance lists "uses sexual words or talks about sexual things with a child" as a warning sign. The
words themselves never appear in our text: ``{sexual_term}`` renders as the placeholder ``lexsexual``, which the
featurizer maps to the "sexual anatomy / sexual acts" category of a licensed lexicon. The wording around it is plain:
a question, a normalising remark, an offer to "explain", pressure to keep talking. The same placeholder is common
between consenting adults (flirt families) and rare in health lessons (twins), so the word alone is not grooming;
the pattern is the word aimed at a child. See ``schema.py`` for the template syntax.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

_LABEL = "sexual_content"


def _family(intent: str, templates: tuple[str, ...], extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(_LABEL, intent, templates, extra)


FAMILIES: tuple[Family, ...] = (
    _family(
        "term_asks_if_known",
        (
            "do you know what {sexual_term} means?",
            "[so|ok so|random q] have you heard of {sexual_term}",
            "bet you dont even know what {sexual_term} is",
            "has anyone at school said {sexual_term} to you",
            "do your friends talk about {sexual_term}",
            "you know the word {sexual_term} right?",
            "what do you think {sexual_term} means [lol|haha|]",
            "did they teach you {sexual_term} yet in class",
            "[be honest|tell the truth], do you know about {sexual_term}",
        ),
    ),
    _family(
        "term_normalises",
        (
            "its totally normal to be curious about {sexual_term} at your age",
            "everyone your age thinks about {sexual_term}, its fine",
            "dont be shy, {sexual_term} is a normal thing to talk about",
            "people your age talk about {sexual_term} all the time",
            "you can talk to me about {sexual_term}, i wont judge",
            "grown ups make {sexual_term} sound bad but its not",
            "theres nothing weird about {sexual_term}, trust me",
            "i was curious about {sexual_term} when i was your age too",
            "[honestly|seriously], talking about {sexual_term} is normal",
        ),
    ),
    _family(
        "term_offers_to_explain",
        (
            "i can explain {sexual_term} to you if you want",
            "want me to tell you about {sexual_term}",
            "i could teach you about {sexual_term}, just us",
            "ask me anything about {sexual_term}, i know loads",
            "your [parents|mum|dad] wont tell you about {sexual_term} but i will",
            "i'll explain {sexual_term} properly, school does it wrong",
            "let me be the one who tells you about {sexual_term}",
            "i can show you what {sexual_term} means, no big deal",
        ),
        ("trust_building",),
    ),
    _family(
        "term_asks_experience",
        (
            "have you ever done anything like {sexual_term}",
            "ever thought about {sexual_term} with someone",
            "have you looked up {sexual_term} online",
            "ever seen {sexual_term} in a video",
            "has a boy ever talked to you about {sexual_term}",
            "[so|and] what do you know about {sexual_term} then",
            "would you ever try {sexual_term}",
            "do you ever wonder about {sexual_term}",
        ),
    ),
    _family(
        "term_keeps_pushing",
        (
            "come on, just talk to me about {sexual_term}",
            "why go quiet? we were talking about {sexual_term}",
            "dont change the subject, {sexual_term} remember",
            "its only {sexual_term}, stop being a baby",
            "you said you were mature, so talk about {sexual_term}",
            "i thought we could talk about {sexual_term} like grown ups",
            "just one more question about {sexual_term}",
            "why are you weird about {sexual_term}, its just me",
        ),
    ),
    _family(
        "term_secret_talk",
        (
            "our {sexual_term} chats stay between us ok",
            "dont tell anyone we talk about {sexual_term}",
            "delete this after, its about {sexual_term}",
            "your [mum|mom|dad|parents] would freak if they saw us talk about {sexual_term}",
            "this {sexual_term} stuff is our secret",
            "keep the {sexual_term} talk just for us",
            "nobody needs to know we talked about {sexual_term}",
            "clear the chat, {sexual_term} talk is private",
        ),
        ("secrecy",),
    ),
)
