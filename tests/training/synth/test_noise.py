"""Tests for the chat noise layer: each function on its own, profiles, determinism, robustness on arbitrary text."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import configuration, given, settings
from hypothesis import strategies as st

from groomguard.training.synth import noise
from groomguard.training.synth.noise import (
    ADULT_MIX,
    CASING_MODES,
    CHAT_EMOJI,
    OBFUSCATIONS,
    PROFILES,
    YOUNG_MIX,
    ZERO_WIDTH,
    NoiseProfile,
    abbreviate,
    add_emoji,
    apply_noise,
    casing,
    drop_apostrophes,
    drop_punctuation,
    homoglyphs,
    leetspeak,
    punct_in_words,
    repeat_letters,
    spaced_letters,
    typos,
    zero_width,
)

NOISE_FUNCTIONS = (
    typos,
    drop_apostrophes,
    abbreviate,
    repeat_letters,
    casing,
    add_emoji,
    drop_punctuation,
    leetspeak,
    spaced_letters,
    punct_in_words,
    homoglyphs,
    zero_width,
)

MESSAGES = (
    "hey are you ok? i don't know what you're doing tonight.",
    "did you send me that pic of your new hoodie",
    "I'm really tired because of school, see you tomorrow!",
    "what are you doing this weekend? want to play roblox?",
    "thank you so much, that is really kind of you.",
    "My mum says I have to go to bed at 9",
    "",
    "😂😂",
    "привет, как дела?",
    "こんにちは",
    "   spaced   out   ",
    "ok",
)


def rng(seed: int = 0) -> random.Random:
    return random.Random(seed)


@pytest.fixture(autouse=True, scope="module")
def _hypothesis_caches_in_tmp(tmp_path_factory):
    """Hypothesis caches (charmap, constants) go to a temporary folder, not the repository."""
    configuration.set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))
    yield
    configuration.set_hypothesis_home_dir(None)


# ---------------------------------------------------------------------------------------------------------- typos


def test_typos_changes_every_long_word_at_rate_one_and_keeps_word_count():
    text = "please tell me about your weekend"
    out = typos(text, rng(1), 1.0)
    assert len(out.split()) == len(text.split())
    for before, after in zip(text.split(), out.split(), strict=True):
        assert abs(len(before) - len(after)) <= 1
    assert out != text
    assert out.split()[2] == "me"  # words under three letters are never touched


def test_typos_rate_zero_is_identity_and_does_not_touch_rng():
    r = rng(5)
    state = r.getstate()
    assert typos("hello there friend", r, 0.0) == "hello there friend"
    assert r.getstate() == state


def test_typos_neighbour_keys_come_from_qwerty():
    seen = set()
    for seed in range(300):
        out = typos("aaa", rng(seed), 1.0)
        seen.update(out)
    assert seen <= {"a", "A", "q", "w", "s", "z"}


# ------------------------------------------------------------------------------------------------------ apostrophes


def test_drop_apostrophes_straight_and_curly():
    assert drop_apostrophes("don't do that, I'm here", rng()) == "dont do that, Im here"
    assert drop_apostrophes("you’re late, it‘s fine", rng()) == "youre late, its fine"
    assert drop_apostrophes("he said 'hi' to me", rng()) == "he said 'hi' to me"


def test_drop_apostrophes_partial_rate_is_per_occurrence():
    outs = {drop_apostrophes("don't can't won't", rng(seed), 0.5) for seed in range(50)}
    assert "dont cant wont" in outs and "don't can't won't" in outs and len(outs) > 2


# ---------------------------------------------------------------------------------------------------- abbreviations


def test_abbreviate_are_you_ok():
    assert abbreviate("are you ok", rng(), 1.0).startswith("r u ")
    assert abbreviate("are you ok", rng(), 0.0) == "are you ok"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what are you doing", "wyd"),
        ("I don't know", "idk"),
        ("i dont know", "idk"),
        ("to be honest it was fine", "tbh"),
        ("oh my god", "omg"),
        ("age/sex/location?", "asl"),
        ("see you later", "cya"),
        ("by the way", "btw"),
        ("because", "cuz"),
        ("please", "pls"),
        ("tonight", "2nite"),
        ("for", "4"),
        ("really", "rly"),
    ],
)
def test_abbreviate_rules(text, expected):
    outs = {abbreviate(text, rng(seed), 1.0) for seed in range(40)}
    assert any(expected in out for out in outs), outs


def test_abbreviate_prefers_multi_word_rules():
    assert abbreviate("what are you doing now", rng(), 1.0) == "wyd now"


def test_abbreviate_keeps_words_inside_other_words_and_case_of_shouting():
    assert abbreviate("tomato format arena", rng(), 1.0) == "tomato format arena"
    assert abbreviate("ARE YOU THERE", rng(), 1.0).startswith("R U ")


def test_abbreviate_has_at_least_25_rules():
    assert len(noise._ABBREVIATIONS) >= 25
    assert sum(" " in phrase for phrase, _ in noise._ABBREVIATIONS) >= 10


# ------------------------------------------------------------------------------------------------- repeated letters


def test_repeat_letters():
    assert re.fullmatch(r"so{3,5}", repeat_letters("so", rng(), 1.0))
    assert re.fullmatch(r"hi{3,5}", repeat_letters("hi", rng(), 1.0))
    assert re.fullmatch(r"wha{3,5}t", repeat_letters("what", rng(), 1.0))
    assert repeat_letters("a 1 2", rng(), 1.0) == "a 1 2"  # single letters and digits are left alone


# ----------------------------------------------------------------------------------------------------------- casing


def test_casing_modes():
    text = "hey i think Sam is coming. are you?"
    assert casing(text, rng(), modes=("lower",)) == text.lower()
    assert casing(text, rng(), modes=("upper",)) == text.upper()
    assert casing(text, rng(), modes=("sentence",)) == "Hey I think Sam is coming. Are you?"
    out = casing(text, rng(), modes=("word_caps",))
    changed = [(a, b) for a, b in zip(text.split(), out.split(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1] == changed[0][0].upper()
    assert set(CASING_MODES) == {"lower", "word_caps", "sentence", "upper"}


def test_casing_mode_is_chosen_by_rng():
    outs = {casing("Hello there friend", rng(seed)) for seed in range(40)}
    assert "hello there friend" in outs and len(outs) >= 3


# ------------------------------------------------------------------------------------------------------------ emoji


def test_add_emoji_adds_one_to_three_known_emoji():
    assert len(CHAT_EMOJI) >= 40 and len(set(CHAT_EMOJI)) == len(CHAT_EMOJI)
    text = "see you at the park"
    for seed in range(100):
        out = add_emoji(text, rng(seed))
        assert out != text
        rest = out
        count = 0
        for emoji in sorted(CHAT_EMOJI, key=len, reverse=True):
            count += rest.count(emoji)
            rest = rest.replace(emoji, "")
        assert 1 <= count <= 3
        assert rest.split() == text.split()


def test_add_emoji_on_empty_text_and_rate_zero():
    assert add_emoji("", rng(), 1.0).strip()
    assert add_emoji("hi", rng(), 0.0) == "hi"


# ------------------------------------------------------------------------------------------------------ punctuation


def test_drop_punctuation():
    assert drop_punctuation("hi. how are you?", rng()) == "hi how are you"
    assert drop_punctuation("ok!!! see you, bye...", rng()) == "ok see you bye"
    assert drop_punctuation("it costs 3.5 :) o.O", rng()) == "it costs 3.5 :) o.O"


# ---------------------------------------------------------------------------------------------------- obfuscations


def test_leetspeak_at_rate_one():
    text = "send me a pic"
    out = leetspeak(text, rng(), 1.0)
    assert re.search(r"\d", out)
    assert len(out.split()) == len(text.split())
    assert len(out) == len(text)
    leet = {"a": "4@", "e": "3", "i": "1", "o": "0", "s": "5$", "t": "7"}
    for before, after in zip(text, out, strict=True):
        assert before == after or after in leet[before.lower()]
    assert out.split()[2] == "a"  # one-letter words are not eligible
    for word in ("send", "me", "pic"):
        assert word not in out.split()


def test_spaced_letters():
    assert spaced_letters("send", rng()) == "s e n d"
    out = spaced_letters("send me a pic", rng(), 1.0)
    assert out == "s e n d m e a p i c"


def test_punct_in_words():
    out = punct_in_words("send me a pic", rng(), 1.0)
    assert re.sub(r"[.\-*_]", "", out) == "send me a pic"
    assert re.fullmatch(r"s([.\-*_])e\1n\1d", out.split()[0])


def test_homoglyphs_only_change_mapped_letters():
    text = "Please send me a photo"
    out = homoglyphs(text, rng(), 1.0)
    assert len(out) == len(text) and out != text
    table = noise._HOMOGLYPHS
    for before, after in zip(text, out, strict=True):
        assert before == after or after in table[before]
    assert all(not c.isascii() for c, b in zip(out, text, strict=True) if c != b)


def test_zero_width_only_inserts_invisible_characters():
    text = "send me a pic, ok?"
    out = zero_width(text, rng(), 1.0)
    assert out != text
    assert set(out) - set(text) <= set(ZERO_WIDTH)
    assert "".join(c for c in out if c not in ZERO_WIDTH) == text
    assert out.split()[2] == "a"


def test_obfuscations_registry():
    assert set(OBFUSCATIONS) == {"leetspeak", "spaced_letters", "punct_in_words", "homoglyphs", "zero_width"}
    for name, function in OBFUSCATIONS.items():
        out = function("send me a pic", rng(), rate=1.0)
        assert out != "send me a pic", name
        assert function("send me a pic", rng(), rate=0.0) == "send me a pic", name


# -------------------------------------------------------------------------------------------------------- profiles


def test_profiles_exist():
    assert {"clean", "teen", "adult_casual", "adult_formal", "adult_chatty", "gamer"} <= set(PROFILES)
    assert PROFILES["adult_chatty"].obfuscate > 0
    assert set(ADULT_MIX) | set(YOUNG_MIX) <= set(PROFILES) - {"clean"}


def test_every_speaker_of_a_role_draws_the_same_style_mixture():
    """Groomers and benign adults (and children in grooming and benign chats) share one noise mixture per role."""
    from groomguard.training.synth.conversations import NOISE_OF_SPEAKER, ROLE_OF_SPEAKER

    for speaker, role in ROLE_OF_SPEAKER.items():
        assert NOISE_OF_SPEAKER[speaker] == (ADULT_MIX if role == "adult" else YOUNG_MIX), speaker


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_placeholder_survives_noise(name):
    r = random.Random(3)
    for _ in range(200):
        out = apply_noise("do you know what lexsexual means? tell me about lexsexual please", r, PROFILES[name])
        assert out.count("lexsexual") == 2, out
        assert "\x00" not in out


def test_clean_profile_is_identity():
    r = rng(3)
    for _ in range(20):
        for text in MESSAGES:
            assert apply_noise(text, r, PROFILES["clean"]) == text


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_apply_noise_is_deterministic(name):
    profile = PROFILES[name]
    messages = [MESSAGES[i % len(MESSAGES)] for i in range(1000)]
    first = [apply_noise(m, r, profile) for r in [rng(11)] for m in messages]
    second = [apply_noise(m, r, profile) for r in [rng(11)] for m in messages]
    assert first == second


def test_teen_profile_makes_noise():
    r = rng(2)
    outs = [apply_noise(MESSAGES[0], r, PROFILES["teen"]) for _ in range(50)]
    assert sum(out != MESSAGES[0] for out in outs) >= 45


def test_apply_noise_obfuscates_only_one_or_two_words_preferring_sensitive_ones():
    profile = NoiseProfile(obfuscate=1.0)
    text = "please send me a pic of your new hoodie tonight"
    words = text.split()
    for seed in range(200):
        out = apply_noise(text, rng(seed), profile)
        missing = [w for w in words if w not in out.split()]
        assert 1 <= len(missing) <= 2, out
        assert set(missing) <= {"send", "pic"}, out


@pytest.mark.parametrize(
    "kwargs",
    [{"typo": -0.1}, {"emoji": 1.5}, {"casing": float("nan")}, {"obfuscate": "0.5"}, {"repeat": True}],
)
def test_noise_profile_rejects_bad_rates(kwargs):
    with pytest.raises(ValueError):
        NoiseProfile(**kwargs)


def test_noise_profile_rejects_bad_casing_modes():
    with pytest.raises(ValueError):
        NoiseProfile(casing_modes=())
    with pytest.raises(ValueError):
        NoiseProfile(casing_modes=("title",))
    assert NoiseProfile(typo=0, emoji=1).emoji == 1


# ------------------------------------------------------------------------------------------------------ robustness


#: Chat-like text: words that trigger the rules, punctuation, emoji, odd spaces, mixed with arbitrary text.
_PIECES = st.sampled_from(
    (
        "you", "are", "to", "for", "what", "i", "don't", "know", "age/sex/location", "oh", "my", "god", "see",
        "send", "pic", "ok", "so", "hi", "I'm", "YOU'RE", "’", "'", ".", "?!", "...", ",", " ", "  ", "\n", "\t",
        "😂", "👍🏽", ":)", "<3", "привет", "ß", "İ",
    )
)  # fmt: skip
#: Any code point, lone surrogates included (they are valid in a str). Avoids Hypothesis's slow charmap cache.
_ANY_CHAR = st.one_of(st.sampled_from("aeiou sStT'’.?!\u200b\u0301😂"), st.integers(0, 0x10FFFF).map(chr))
CHAT_TEXT = st.one_of(
    st.text(_ANY_CHAR, max_size=300),
    st.lists(st.one_of(_PIECES, st.text(_ANY_CHAR, max_size=5)), max_size=40).map(" ".join),
    st.lists(_PIECES, max_size=40).map("".join),
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=CHAT_TEXT, seed=st.integers(0, 2**32 - 1), rate=st.floats(0.0, 1.0))
def test_never_raises_on_any_text(text, seed, rate):
    for function in NOISE_FUNCTIONS:
        assert isinstance(function(text, random.Random(seed), rate), str)
        assert function(text, random.Random(seed), 0.0) == text
    for profile in PROFILES.values():
        assert isinstance(apply_noise(text, random.Random(seed), profile), str)


def test_odd_inputs():
    long_text = ("hello there, are you ok? " * 400)[:10_000]
    odd = ["", " ", "\n\t", "😂" * 50, "👍🏽❤️", "مرحبا كيف حالك", "你好吗", "ℌ𝔢𝔩𝔩𝔬", "a", "'", "[]{}|", long_text]
    for text in odd:
        for function in NOISE_FUNCTIONS:
            assert isinstance(function(text, rng(), 1.0), str)
        for profile in PROFILES.values():
            assert isinstance(apply_noise(text, rng(), profile), str)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("r u in bed rn?", "are you in bed right now?"),
        ("ur in bed arent u", "you're in bed aren't you"),
        ("dont tell ur {parent} pls", "don't tell your {parent} please"),
        ("ill send {money}", "i'll send {money}"),
        ("a bus route, umbrella", "a bus route, umbrella"),
    ],
)
def test_spell_out_writes_template_shorthand_in_full(template, expected):
    assert noise.spell_out(template) == expected
