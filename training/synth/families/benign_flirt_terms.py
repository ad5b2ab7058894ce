"""Adult-adult flirting with the lexicon placeholder ``{sexual_term}``: consenting adults, not grooming.

``{sexual_term}`` renders as ``lexsexual`` (see ``slots.py``): the featurizer maps it to the "sexual anatomy / sexual
acts" category of a licensed lexicon. Between two adults in a dating chat the same word is ordinary adult talk, so it
must be at least as common here as in grooming chats: the model has to learn that the words are not grooming, the
words aimed at a minor are. The wording around the placeholder stays plain: teasing, boundaries, consent, plans.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family

_CONTEXTS = ("adult_dating",)
_SUGGESTIVE = ("sexual_content",)


def _flirt(name: str, *templates: str) -> Family:
    return Family(
        name=f"flirt/{name}",
        kind="flirt",
        speaker="partner",
        templates=templates,
        labels=_SUGGESTIVE,
        contexts=_CONTEXTS,
    )


FAMILIES: tuple[Family, ...] = (
    _flirt(
        "term_teasing",
        "haha you and your {sexual_term} jokes",
        "ok that {sexual_term} comment made me blush at my desk",
        "you're outrageous, {sexual_term} talk before 9am?",
        "stop it with the {sexual_term} texts, i'm on the train",
        "cheeky. keep the {sexual_term} talk for later x",
        "lol you always steer it back to {sexual_term}",
        "i can't reply to that {sexual_term} message in a meeting",
        "you really said {sexual_term} in front of my sister's texts, i'm dying",
    ),
    _flirt(
        "term_boundaries",
        "are you comfortable talking about {sexual_term}? no pressure",
        "i like that we can talk about {sexual_term} openly",
        "just so you know, i'm not into {sexual_term} talk by text yet",
        "tell me if the {sexual_term} stuff is too much, i'll stop",
        "we said we'd talk about {sexual_term} in person, not here",
        "consent matters to me, {sexual_term} only if we both want it",
        "happy to chat about {sexual_term}, but slowly ok",
        "i'd rather not talk {sexual_term} on a first date, is that ok",
    ),
    _flirt(
        "term_plans",
        "tonight? dinner first, {sexual_term} talk later",
        "my place friday, bring wine, no {sexual_term} jokes at dinner lol",
        "you owe me that {sexual_term} conversation you started",
        "we can finish the {sexual_term} chat when you're back from {town}",
        "save the {sexual_term} for the weekend, i've work at 7",
        "been thinking about what you said about {sexual_term}",
        "we're both grown ups, {sexual_term} is fine to talk about",
        "after the film? we can talk about {sexual_term} properly",
    ),
    _flirt(
        "term_honest_talk",
        "my ex never wanted to talk about {sexual_term}, this is refreshing",
        "i like that you're honest about {sexual_term}",
        "being {adult_age} means i know what i want, {sexual_term} included",
        "you asked about {sexual_term}, my answer is yes but not tonight",
        "is it weird we talk about {sexual_term} this early",
        "most people on this app only want {sexual_term}, you're different",
        "i got tested last month, we can talk {sexual_term} safely",
        "we should agree what we both want, {sexual_term} and otherwise",
    ),
)
