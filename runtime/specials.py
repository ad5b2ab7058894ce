"""The special features (FEATURES.md, section 4): which of them a text has, as (text, feature id) occurrences.

Their ids follow the n-gram buckets, at ``n_buckets + k``: one ``lex_<category>`` per lexicon category, then
``age_minor`` and ``age_adult``. Three sources count them, each occurrence once:

- placeholder tokens (``lexsexual``), taken out of the text before its n-grams are hashed (``lexicon.py``);
- age cues, read on the text without its placeholders (``cues.py``);
- lexicon entries among the word 1- and 2-grams, found from the word n-grams' hashes (``Grams``, ``lexicon.py``).

The featurizer adds the occurrences to the n-grams' ids before it counts them, so they come out counted and sorted
after the buckets with no second pass over the features.
"""

from __future__ import annotations

import numpy as np

from groomguard.runtime.cues import age_cues
from groomguard.runtime.hashing import LEXICON_SEED, fmix32_inplace
from groomguard.runtime.lexicon import PLACEHOLDER_PREFIX, Lexicon
from groomguard.runtime.ngrams import Grams

_LEXICON_SEED = np.array(LEXICON_SEED, np.uint32)
_HIGH = np.array(32, np.uint64)


class Specials:
    """The special features of one featurizer configuration (``n_buckets`` and its lexicon's categories)."""

    def __init__(self, n_buckets: int, lexicon: tuple[tuple[str, str], ...]) -> None:
        self.n_buckets = n_buckets
        self.lexicon = Lexicon(lexicon) if lexicon else None
        self.placeholders: dict[str, int] = {} if self.lexicon is None else self.lexicon.placeholders
        self.age_base = n_buckets + len(lexicon)  # id of age_minor; age_adult follows

    def of_text(self, text: str) -> tuple[str, list[int]]:
        """The text without its placeholders, and the ids of its placeholders' and age cues' occurrences."""
        ids: list[int] = []
        if self.placeholders and PLACEHOLDER_PREFIX in text:
            text, ids = self._take_placeholders(text)
        for _, kind in age_cues([text]):
            ids.append(self.age_base + kind)
        return text, ids

    def of_batch(self, texts: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
        """The texts without their placeholders, and (text, id) of their placeholders' and age cues' occurrences."""
        pairs: list[tuple[int, int]] = []
        if self.placeholders and any(PLACEHOLDER_PREFIX in t for t in texts):
            texts = list(texts)
            for i, t in enumerate(texts):
                if PLACEHOLDER_PREFIX in t:
                    texts[i], ids = self._take_placeholders(t)
                    pairs.extend((i, j) for j in ids)
        base = self.age_base
        pairs.extend((doc, base + kind) for doc, kind in age_cues(texts))
        return texts, pairs

    def _take_placeholders(self, text: str) -> tuple[str, list[int]]:
        """The text without its placeholder tokens, and their features' ids."""
        kept, ids = [], []
        get = self.placeholders.get
        for token in text.split(" "):
            j = get(token)
            if j is None:
                kept.append(token)
            else:
                ids.append(self.n_buckets + j)
        return " ".join(kept), ids

    def lexicon_hits(self, grams: Grams, n_docs: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(text, id) of the lexicon entries among the word 1- and 2-grams, as two int64 arrays; None if there are
        none. ``n_docs`` is the documents' count for a batch (``grams.docs`` set), ignored for one text."""
        if self.lexicon is None or grams.words == grams.hashes.size:
            return None
        pos = self.lexicon.candidates(grams.hashes[grams.words :])
        if not pos.size:
            return None
        pos += grams.words
        a, b, n = grams.word_spans(pos)
        p_pow, prefix = grams.p_pow, grams.prefix
        h2 = np.subtract(_LEXICON_SEED, prefix.take(a))
        h2 *= p_pow.take(b - a)
        h2 += prefix.take(b)
        fmix32_inplace(h2)
        keys = grams.hashes.take(pos).astype(np.uint64)
        keys <<= _HIGH
        keys |= h2.astype(np.uint64)
        found, category = self.lexicon.hits(keys)
        hit = n.take(found) <= 2  # entries are words and word pairs (FEATURES.md 4.1)
        if grams.docs is None:
            docs = np.zeros(found.size, np.int64)
        else:
            docs = grams.docs.take(pos.take(found)).astype(np.int64)
            hit &= docs != n_docs
        if not hit.any():
            return None
        return docs[hit], category[hit] + self.n_buckets
