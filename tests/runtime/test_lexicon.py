"""The lexicon channel's storage (runtime/lexicon.py): exact 64-bit keys, base64 round trip, refusal of bad data."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from groomguard.runtime.hashing import WORD_SEED, hash_bytes, lexicon_key
from groomguard.runtime.lexicon import Lexicon, decode_keys, encode_keys, keys_of, placeholder


def test_keys_round_trip_sorted_and_distinct():
    keys = keys_of(["kiwi", "banana", "kiwi", "green apple"])
    decoded = decode_keys(encode_keys(keys))
    assert decoded.tolist() == sorted(set(keys))


def test_entries_of_more_than_two_words_cannot_match_and_are_left_out():
    assert keys_of(["one two three", "", "one two"]) == [lexicon_key("one two")]


def test_the_first_half_of_a_key_is_the_word_ngram_hash():
    assert lexicon_key("kiwi") >> 32 == hash_bytes(b"kiwi", WORD_SEED)


@pytest.mark.parametrize(
    "encoded",
    [
        "%%%",  # not base64
        base64.b64encode(b"1234567").decode(),  # not whole uint64s
        base64.b64encode(np.array([5, 3], "<u8").tobytes()).decode(),  # not sorted
        base64.b64encode(np.array([3, 3], "<u8").tobytes()).decode(),  # not distinct
    ],
)
def test_bad_keys_are_refused(encoded):
    with pytest.raises(ValueError):
        decode_keys(encoded)


def test_lookup_finds_exact_keys_only():
    lex = Lexicon((("fruit", encode_keys(keys_of(["kiwi"]))), ("veg", encode_keys(keys_of(["leek"])))))
    keys = np.array([lexicon_key("leek"), lexicon_key("kiwi"), lexicon_key("kiwis"), 0], dtype=np.uint64)
    found, category = lex.hits(keys)
    assert sorted(zip(found.tolist(), category.tolist(), strict=True)) == [(0, 1), (1, 0)]
    first = (keys >> np.uint64(32)).astype(np.uint32)
    assert lex.candidates(first).tolist() == [0, 1]
    assert lex.placeholders == {placeholder("fruit"): 0, placeholder("veg"): 1} == {"lexfruit": 0, "lexveg": 1}


def test_an_entry_of_two_categories_counts_for_both():
    lex = Lexicon((("fruit", encode_keys(keys_of(["kiwi"]))), ("green", encode_keys(keys_of(["kiwi", "leek"])))))
    found, category = lex.hits(np.array([lexicon_key("kiwi")], dtype=np.uint64))
    assert sorted(category.tolist()) == [0, 1] and found.tolist() == [0, 0]
