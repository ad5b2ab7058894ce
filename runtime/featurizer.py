"""The featurizer: text -> normalized text -> hashed word and character n-grams and special features -> (ids, counts).

Training imports it, so what was trained on is exactly what is scored. It is specified in ``runtime/FEATURES.md`` and
pinned by ``model/test_vectors.jsonl``, which a JavaScript, Kotlin or Swift port must reproduce exactly. The parts
live one idea a file: ``normalize`` (text normalization), ``ngrams`` (the n-grams and their hashes, vectorized with
numpy; ``hashing`` holds the scalar reference hash), ``specials`` (the special features: ``lexicon`` and ``cues``),
``feature_batch`` (the CSR output); this file has the settings and puts the parts together.

Ids below ``n_buckets`` are hashed n-grams; the ``special_features()`` come after them, at ``n_buckets + k``: one per
lexicon category (``lex_<category>``), then ``age_minor`` and ``age_adult``. They never collide with an n-gram.

    python -m groomguard.runtime.featurizer "Are u home alone?"     # prints the normalized text and features
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from groomguard.runtime.feature_batch import FeatureBatch, from_sorted_keys, text_features
from groomguard.runtime.hashing import (  # noqa: F401  (re-exported: the reference hash)
    CHAR_SEED,
    LEXICON_SEED,
    WORD_SEED,
    fmix32,
    hash_bytes,
)
from groomguard.runtime.lexicon import decode_keys
from groomguard.runtime.ngrams import batch_grams, text_grams
from groomguard.runtime.normalize import MAX_CHARS, normalize, normalize_batch  # noqa: F401  (re-exported)
from groomguard.runtime.specials import Specials

#: Bump when normalization, n-gram extraction, hashing or the cue features change; the model manifest records it.
FEATURIZER_VERSION = 4
#: The cue features after the lexicon's categories, in this order.
AGE_FEATURES = ("age_minor", "age_adult")


@dataclass(frozen=True)
class FeaturizerConfig:
    """The featurizer's tuning knobs; saved in the model's manifest and metadata."""

    n_buckets: int = 1 << 18
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (3, 5)
    version: int = FEATURIZER_VERSION
    #: (category, base64 of its sorted uint64 keys) for each lexicon category, in feature order (see lexicon.py)
    lexicon: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.n_buckets < 2 or self.n_buckets & (self.n_buckets - 1) or self.n_buckets > 1 << 30:
            raise ValueError(f"n_buckets must be a power of two between 2 and 2**30, got {self.n_buckets}")
        for name in ("word_ngrams", "char_ngrams"):
            lo, hi = getattr(self, name)
            if not 1 <= lo <= hi <= 8:
                raise ValueError(f"{name} must be (lo, hi) with 1 <= lo <= hi <= 8, got {(lo, hi)}")
        if self.version != FEATURIZER_VERSION:
            raise ValueError(
                f"this runtime implements featurizer version {FEATURIZER_VERSION}, the model needs {self.version}"
            )
        names = [name for name, _ in self.lexicon]
        if len(set(names)) != len(names) or not all(isinstance(n, str) and n.isalpha() and n.islower() for n in names):
            raise ValueError(f"lexicon categories must be distinct lowercase words, got {names}")
        if self.lexicon and not self.word_ngrams[0] <= 1 <= 2 <= self.word_ngrams[1]:
            raise ValueError("a lexicon needs word 1- and 2-grams (its entries are words and word pairs)")
        for name, encoded in self.lexicon:
            try:
                decode_keys(encoded)
            except ValueError as e:
                raise ValueError(f"lexicon category {name!r}: {e}") from None

    def special_features(self) -> tuple[str, ...]:
        """Names of the features after the n-gram buckets, at ids ``n_buckets + k``."""
        return (*(f"lex_{name}" for name, _ in self.lexicon), *AGE_FEATURES)

    @property
    def n_features(self) -> int:
        """Ids are in ``[0, n_features)``: the buckets, then the special features."""
        return self.n_buckets + len(self.special_features())

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "n_buckets": self.n_buckets,
            "word_ngrams": list(self.word_ngrams),
            "char_ngrams": list(self.char_ngrams),
            "lexicon": [{"category": name, "keys": encoded} for name, encoded in self.lexicon],
            "special_features": list(self.special_features()),
        }

    @classmethod
    def from_dict(cls, d: dict) -> FeaturizerConfig:
        return cls(
            n_buckets=int(d["n_buckets"]),
            word_ngrams=tuple(d["word_ngrams"]),
            char_ngrams=tuple(d["char_ngrams"]),
            version=int(d["version"]),
            lexicon=tuple((str(c["category"]), str(c["keys"])) for c in d.get("lexicon", ())),
        )


class Featurizer:
    """Turns texts into hashed n-gram ids, special feature ids and their counts. Stateless apart from its config;
    thread-safe.

    One text: its placeholders and age cues are read (``specials``), its n-grams hashed (``ngrams``) and the lexicon
    entries found among its word n-grams; the buckets and the special ids go into one uint32 array, which is sorted
    and run-length counted. A batch: the same, on all its texts joined into one string, with keys
    ``text << shift | id`` (uint32 when they fit, else uint64), and the sorted keys are the CSR matrix.
    """

    def __init__(self, config: FeaturizerConfig | None = None) -> None:
        self.config = config or FeaturizerConfig()
        cfg = self.config
        self._specials = Specials(cfg.n_buckets, cfg.lexicon)
        self._bucket_mask = np.array(cfg.n_buckets - 1, np.uint32)
        self._shift = (cfg.n_features - 1).bit_length()  # bits of a feature id in a batch's keys

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sorted feature ids (int64) and their counts (float32) for one text."""
        return self._text(normalize(text))

    def featurize_batch(self, texts: list[str] | tuple[str, ...]) -> FeatureBatch:
        return self.featurize_normalized(normalize_batch(texts))

    def featurize_normalized(self, normalized: list[str]) -> FeatureBatch:
        """Features of texts that are already normalized (``normalize`` or ``normalize_batch`` output)."""
        n_docs = len(normalized)
        if n_docs == 1:
            ids, counts = self._text(normalized[0])
            return FeatureBatch(np.array([0, ids.size], np.int64), ids, counts)
        if n_docs == 0:
            return FeatureBatch(np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
        cfg = self.config
        texts, pairs = self._specials.of_batch(normalized)
        grams = batch_grams(texts, cfg.char_ngrams, cfg.word_ngrams)
        hits = self._specials.lexicon_hits(grams, n_docs)
        h = grams.hashes
        np.bitwise_and(h, self._bucket_mask, out=h)
        shift = self._shift
        if (n_docs + 1) << shift <= 1 << 32:
            key_type, keys = np.uint32, grams.docs
        else:
            key_type, keys = np.uint64, grams.docs.astype(np.uint64)
        keys <<= key_type(shift)
        keys |= h
        if pairs or hits is not None:
            extra = [keys]
            if pairs:
                extra.append(np.array([(doc << shift) | i for doc, i in pairs], key_type))
            if hits is not None:
                extra.append(((hits[0] << shift) | hits[1]).astype(key_type))
            keys = np.concatenate(extra)
        keys.sort()
        return from_sorted_keys(keys, shift, n_docs)

    def _text(self, normalized: str) -> tuple[np.ndarray, np.ndarray]:
        """The hot path of Scorer.score: one normalized text's ids and counts."""
        cfg = self.config
        text, extra = self._specials.of_text(normalized)
        grams = text_grams(text, cfg.char_ngrams, cfg.word_ngrams)
        hits = self._specials.lexicon_hits(grams, 1)
        h = grams.hashes
        np.bitwise_and(h, self._bucket_mask, out=h)
        if extra or hits is not None:
            if hits is not None:
                extra.extend(hits[1].tolist())
            h = np.concatenate((h, np.array(extra, np.uint32)))
        return text_features(h)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Show the normalized text and hashed features of a message.")
    parser.add_argument("text", help="the message")
    args = parser.parse_args(argv)
    ids, counts = Featurizer().features(args.text)
    print(json.dumps({"normalized": normalize(args.text), "ids": ids.tolist(), "counts": counts.tolist()}))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
