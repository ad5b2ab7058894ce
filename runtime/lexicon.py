"""The lexicon channel: words and word pairs of a licensed lexicon's categories, stored as exact 64-bit hashes.

Our content rules keep real sexual vocabulary out of every text we write, so that knowledge enters the model as a
feature: a word or word pair (after normalization) that belongs to a category emits the category's feature beside its
n-grams (FEATURES.md, 4.1). The lexicon is never stored as words, and never as hash buckets (which collide with
ordinary words): each entry is the 64-bit key ``hashing.lexicon_key`` of its normalized form, and a category's keys
travel in the model as base64 of the sorted little-endian uint64 array.

Synthetic templates reach a category through its placeholder token, ``"lex" + category`` (``lexsexual``): the
featurizer counts it as a hit of the category and leaves it out of the n-grams, so no explicit sentence is ever
generated and the placeholder's own spelling teaches nothing.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable

import numpy as np

from groomguard.runtime.hashing import lexicon_key

PLACEHOLDER_PREFIX = "lex"


def placeholder(category: str) -> str:
    """The token a synthetic template writes for a word of ``category``."""
    return PLACEHOLDER_PREFIX + category


def encode_keys(keys: Iterable[int]) -> str:
    """Sorted, distinct 64-bit keys as base64 of little-endian uint64 (the form stored in the model)."""
    arr = _distinct(np.fromiter(keys, dtype=np.uint64))
    return base64.b64encode(arr.astype("<u8").tobytes()).decode("ascii")


def decode_keys(encoded: str) -> np.ndarray:
    """The sorted uint64 keys of ``encode_keys``; ValueError when the text is not such an array."""
    try:
        raw = base64.b64decode(encoded.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as e:
        raise ValueError(f"lexicon keys are not base64: {e}") from None
    if len(raw) % 8:
        raise ValueError("lexicon keys are not a whole number of 64-bit values")
    keys = np.frombuffer(raw, dtype="<u8").astype(np.uint64)
    if keys.size > 1 and not bool((keys[1:] > keys[:-1]).all()):
        raise ValueError("lexicon keys are not sorted and distinct")
    return keys


def keys_of(normalized_entries: Iterable[str]) -> list[int]:
    """Keys of normalized entries of one or two tokens (longer ones cannot match: word n-grams stop at two)."""
    return [lexicon_key(e) for e in normalized_entries if e and e.count(" ") <= 1]


class Lexicon:
    """Lookup of word n-gram hashes in the categories' keys. Categories in the order the model lists them."""

    def __init__(self, categories: tuple[tuple[str, str], ...]) -> None:
        self.categories = tuple(name for name, _ in categories)
        self.keys = [decode_keys(encoded) for _, encoded in categories]  # per category, sorted
        all_keys = np.concatenate(self.keys) if self.keys else np.zeros(0, np.uint64)
        # First halves (the word n-gram hash), sorted, to find candidates before the second hash is computed.
        self.high = _distinct((all_keys >> np.uint64(32)).astype(np.uint32))
        # A word n-gram hash can be a first half only if its top 16 bits are some first half's: one look-up in this
        # table (64 KB) rules out all but ~len/65536 of the word n-grams before the binary search, which is slow on
        # unsorted values (~50 ns each).
        self._maybe = np.zeros(1 << 16, dtype=bool)
        self._maybe[self.high >> np.uint32(16)] = True
        self._top = np.array(16, np.uint32)
        self.placeholders = {placeholder(name): j for j, name in enumerate(self.categories)}

    def __len__(self) -> int:
        return int(sum(k.size for k in self.keys))

    def candidates(self, word_hashes: np.ndarray) -> np.ndarray:
        """Positions (ascending) of ``word_hashes`` (uint32, finalized) that are the first half of some key."""
        if not self.high.size or not word_hashes.size:
            return np.zeros(0, np.int64)
        pos = self._maybe[np.right_shift(word_hashes, self._top)].nonzero()[0]  # indexing: faster than .take() here
        if not pos.size:
            return pos
        maybe = word_hashes[pos]
        idx = self.high.searchsorted(maybe)
        idx[idx == self.high.size] = 0
        return pos[self.high[idx] == maybe]

    def hits(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in ``keys``, category index) of every key found, for every category that lists it."""
        positions, cats = [], []
        for j, k in enumerate(self.keys):
            if not k.size:
                continue
            idx = np.searchsorted(k, keys)
            idx[idx == k.size] = 0
            found = (k[idx] == keys).nonzero()[0]
            positions.append(found)
            cats.append(np.full(found.size, j, np.int64))
        if not positions:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(positions), np.concatenate(cats)


def _distinct(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique would import numpy.ma, megabytes of resident memory in an app)."""
    a = np.sort(a)
    if a.size < 2:
        return a
    keep = np.ones(a.size, dtype=bool)
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]
