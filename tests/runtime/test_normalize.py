"""Normalization (runtime/normalize.py, FEATURES.md section 1): each rule, batches equal single texts, the cap."""

from __future__ import annotations

import sys as _sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groomguard.runtime.normalize import (
    _SPELLED_RE,
    APOSTROPHES,
    MAX_CHARS,
    SHORTHAND,
    SPELLING_SEPARATORS,
    WHITESPACE,
    _join_spelled,
    normalize,
    normalize_batch,
    normalized_length,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Are u HOME alone??", "are you home alone"),
        ("s3nd me a p1c", "send me a pic"),
        ("14yo gr8 l8r 2nite", "14yo great later tonight"),  # digits at word edges are not leetspeak
        ("s e n d  me", "send me"),
        ("p.i.c pls", "pic please"),
        ("i am ok", "i am ok"),  # fewer than three single letters in a row stay apart
        ("a b c", "abc"),  # spaced letters at both ends of the text
        ("go a b c d now", "go abcd now"),
        ("ab c d e", "ab cde"),
        ("x y", "x y"),
        ("don't tell", "do not tell"),
        ("don’t tell", "do not tell"),
        ("s\u200bend", "send"),
        ("sеnd", "send"),  # Cyrillic e
        ("𝐬𝐞𝐧𝐝", "send"),
        ("ＦＵＬＬ", "full"),
        ("İstanbul café", "istanbul cafe"),
        ("straße", "strasse"),
        ("sooooo cuteeee", "soo cutee"),
        ("1000 robux", "1000 robux"),  # digits are never squeezed
        ("hey😂😂", "hey 😂 😂"),
        ("$50 @jake h@te", "50 jake hate"),
        ("", ""),
        (" \t\n ", ""),
        ("...!!!", ""),
        ("line\nbreak\x00here", "line breakhere"),
        # step 3b: each word spelled out with punctuation is joined on its own, so word boundaries survive
        ("S.E.N.D m.e a p-i-c", "send me a pic"),
        ("s*e*c*r*e*t", "secret"),
        ("k.e.e.p i.t b/w u.s", "keep it bw us"),
        ("S\u00b7E\u00b7N\u00b7D", "send"),
        ("caf\u00e9 s.e.n.d", "cafe send"),  # the non-ASCII path
        ("u.s.a. a/s/l? i.e.", "usa asl ie"),
        ("a.b.cd", "a b cd"),  # not a whole run: its dots become spaces (and step 6 needs three single letters)
        ("s.e.\u200bn.d s.\u0435.n.d s.\u00e9.n.d", "send send send"),  # step 3 deletes and maps first
        ("caf\u00e9.b.c \u0436a.b", "cafe b c \u0436a b"),  # a letter of any script is part of the word
        ("ab.c.d e", "ab cde"),
        ("a.b-c", "abc"),  # two separators: not step 3b's run, but three single letters for step 6
        ("13/f/ohio", "13 f ohio"),  # a letter between digits and a word is not spelled out
        ("d.o.n't t.e.l.l, i.t\u2019s ok", "do not tell its ok"),  # an apostrophe ends a run, then goes
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("r u ok", "are you ok"),
        ("ur so mature", "your so mature"),
        ("wat r u doin rn", "what are you doin right now"),
        ("im 13", "i am 13"),
        ("U R", "you are"),
        ("thx kk", "thanks ok"),
        ("uu", "uu"),  # only whole tokens in the table
        ("unknown urn run", "unknown urn run"),  # never part of a token
        ("u2", "you too"),
        ("gonna b4", "going to before"),
    ],
)
def test_shorthand_is_canonicalized(text, expected):
    assert normalize(text) == expected


def test_shorthand_values_are_not_keys_again():
    # one left-to-right pass: a value is never looked up again, so no value may contain a key as a token
    for key, value in SHORTHAND.items():
        assert key == key.lower() and " " not in key and key.isalnum(), key
        assert all(token not in SHORTHAND for token in value.split(" ")), (key, value)


def test_normalize_rejects_non_str():
    with pytest.raises(TypeError):
        normalize(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        normalized_length(None)  # type: ignore[arg-type]


def test_whitespace_set_covers_python_isspace():
    # The set is spelled out for ports; it must include every character Python calls whitespace.
    missing = [hex(cp) for cp in range(_sys.maxunicode + 1) if chr(cp).isspace() and chr(cp) not in WHITESPACE]
    assert not missing


def test_padding_that_normalization_deletes_cannot_hide_the_words():
    # 0.1.0 capped the input before deleting zero-width characters: 10k of them hid everything after.
    for pad in ("\u200b", "\x01", "\u0301", "\ufeff"):
        text = pad * 20_000 + "are your parents home"
        assert normalize(text) == "are your parents home"
        assert normalize_batch(["hi", text]) == ["hi", "are your parents home"]
        assert normalized_length(text) == len("are your parents home")


def test_the_cap_applies_to_the_normalized_text_and_is_reported():
    huge = "are you home alone " * 10_000  # 190k characters
    assert len(normalize(huge)) <= MAX_CHARS
    assert normalized_length(huge) > MAX_CHARS  # truncated: callers can say so
    assert normalize(huge) == normalize_batch([huge, ""])[0]
    assert normalized_length("hello") == 5


# Characters that exercise every rule: leetspeak, spaced letters, repeats, NUL (the batch separator), shorthand,
# non-ASCII.
_TRICKY = st.lists(
    st.sampled_from(
        [
            *"abcsxyz AZ 013457@$'\t\n\x00.-!éßİΣς😀👍🏽\u200b\u00a0жсеο/\u00b7",
            "s e n d",
            "s.e.n.d",
            "M-E",
            "ooo",
            "p1c",
            "  ",
            " u ",
            "ur",
            " r",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TRICKY, max_size=30))
def test_normalize_batch_equals_normalize(texts):
    assert normalize_batch(texts) == [normalize(t) for t in texts]


def _spelled_reference(t: str) -> str:
    """Step 3b of FEATURES.md as a plain loop over mapped text, to check the regex that implements it."""
    seps = set(SPELLING_SEPARATORS)

    def letter(i: int) -> bool:
        return 0 <= i < len(t) and "a" <= t[i] <= "z"

    def token(i: int) -> bool:  # a token character: anything but a space, a spelling separator or an apostrophe
        return 0 <= i < len(t) and t[i] != " " and t[i] not in seps and t[i] not in APOSTROPHES

    def sep(i: int) -> bool:
        return 0 <= i < len(t) and t[i] in seps

    out, i = [], 0
    while i < len(t):
        if letter(i) and not token(i - 1) and not (sep(i - 1) and token(i - 2)):
            end = i  # the run's last letter
            while sep(end + 1) and letter(end + 2) and (end == i or t[end + 1] == t[i + 1]):
                end += 2
            if end > i and not token(end + 1) and not (sep(end + 1) and token(end + 2)):
                out.append(t[i : end + 1 : 2])
                i = end + 1
                continue
        out.append(t[i])
        i += 1
    return "".join(out)


def test_spelled_reference_agrees_with_the_examples():
    assert _spelled_reference("s.e.n.d m.e a p-i-c") == "send me a pic"
    assert _spelled_reference("a.b.cd ab.c.d a.b-c x-a.b \u0436a.b") == "a.b.cd ab.c.d a.b-c x-a.b \u0436a.b"
    assert _spelled_reference("u.s.a. ..a.b") == "usa. ..ab"
    assert _spelled_reference("d.o.n't") == "don't"  # step 3b deletes the apostrophe afterwards


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([*"abz09 .-/*_!'\u2019\u00b7\u00e9\u0436@$\x00", "s.e.n.d"]), max_size=16).map("".join))
def test_step_3b_regex_follows_the_specification(text):
    assert _SPELLED_RE.sub(_join_spelled, text) == _spelled_reference(text)


def test_normalize_batch_edge_cases():
    texts = ["", "x" * (MAX_CHARS + 50), "a\x00b", "s e n d", "soooo", "h3ll0 w0rld", "é" * (MAX_CHARS + 3), "u u u"]
    assert normalize_batch(texts) == [normalize(t) for t in texts]  # NUL in a text: done text by text
    assert normalize_batch(texts[3:]) == [normalize(t) for t in texts[3:]]
    assert normalize_batch([]) == []
    with pytest.raises(TypeError):
        normalize_batch(["ok", 3])  # type: ignore[list-item]
