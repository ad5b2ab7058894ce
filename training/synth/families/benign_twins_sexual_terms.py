"""Benign twins of ``sexual_content`` with the lexicon placeholder: health lessons, clinics, parents on body safety.

``{sexual_term}`` renders as ``lexsexual`` (see ``slots.py``) and appears here at a low rate (a few templates per
family): a glossary word in a sex-education lesson, a clinic leaflet, a parent naming body parts properly for
safety. Clinical and brief; the placeholder is the only sexual vocabulary.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family


def _twin(name: str, speaker: str, contexts: tuple[str, ...], *templates: str) -> Family:
    return Family(
        name=f"twin_sexual_content/{name}",
        kind="twin",
        speaker=speaker,
        templates=templates,
        contexts=contexts,
        twin_of="sexual_content",
    )


FAMILIES: tuple[Family, ...] = (
    _twin(
        "health_glossary",
        "coach",
        ("coach_student", "classmates_group"),
        "the health unit glossary is on the portal, learn the words for the quiz",
        "please use the correct terms in class, e.g. {sexual_term}, we are all grown up about it",
        "if you missed the lesson on body changes, the worksheet is in the shared folder",
        "the anonymous question box is open, any question about growing up is fine",
        "quiz on {day}: body changes, consent and healthy relationships",
        "a parent letter about the relationships and health unit went home today",
        "the nurse will answer questions about {sexual_term} and puberty in private",
        "remember the ground rules for health lessons: respect, no personal questions",
    ),
    _twin(
        "clinic_leaflet",
        "parent",
        ("parent_child", "relatives"),
        "the doctor gave me a leaflet about growing up, it's on your desk",
        "i put the puberty book in your room, read it when you want",
        "the leaflet uses proper words like {sexual_term}, that's normal for doctors",
        "you can ask the nurse anything at your check up, she's kind",
        "if health class left you with questions, ask me or your aunt",
        "nothing in that booklet is embarrassing, it's just how bodies grow",
        "the school sent the health unit letter, i signed it",
        "the clinic has a helpline if you ever want to ask something privately",
    ),
    _twin(
        "parent_body_names",
        "parent",
        ("parent_child",),
        "we use the real names for body parts in this house, like {sexual_term}, so you can always tell me",
        "nobody is allowed to touch your private parts, and you can always say no",
        "if anyone says rude words to you online, screenshot it and show me",
        "you won't be in trouble if someone sends you something weird, come to me",
        "doctors and parents are the people you can talk to about your body",
        "it's ok to ask me what words mean, even awkward ones",
        "if a word from school confused you, ask me, i won't laugh",
        "body safety rule: no secrets about your body, ever",
    ),
    _twin(
        "peers_sex_ed",
        "peer",
        ("classmates_group", "teen_peers"),
        "the sex ed video said {sexual_term} and everyone laughed",
        "sir had to read {sexual_term} off the slide, his face lol",
        "did u get the glossary question about puberty right",
        "health class was so awkward today",
        "the nurse answered the question box stuff, it was actually helpful",
        "why do they make us watch the same growing up video every year",
        "i left my health workbook at school, can u send the page",
        "the consent lesson was kinda good tbh",
    ),
)
