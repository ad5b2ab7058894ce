"""The featurizer: text -> normalized text -> hashed word and character n-grams and cue features -> (ids, counts).

Training imports it, so what was trained on is exactly what is scored. It is specified in ``runtime/FEATURES.md`` and
pinned by ``model/test_vectors.jsonl``, which a JavaScript, Kotlin or Swift port must reproduce exactly. The parts
live one idea a file: ``normalize`` (text normalization), ``hashing`` (the n-gram hash), ``lexicon`` (the lexicon
channel), ``cues`` (age cues); this file puts them together, vectorized over a batch with numpy.

Ids below ``n_buckets`` are hashed n-grams; the ``special_features()`` come after them, at ``n_buckets + k``: one per
lexicon category (``lex_<category>``), then ``age_minor`` and ``age_adult``. They never collide with an n-gram.

    python -m groomguard.runtime.featurizer "Are u home alone?"     # prints the normalized text and features
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from groomguard.runtime.cues import age_cues
from groomguard.runtime.hashing import (  # noqa: F401  (re-exported: the reference hash)
    _CHAR_SEED_P,
    _P,
    _POWERS,
    CHAR_SEED,
    LEXICON_SEED,
    _count,
    _fmix32_inplace,
    fmix32,
    hash_bytes,
)
from groomguard.runtime.lexicon import PLACEHOLDER_PREFIX, Lexicon
from groomguard.runtime.normalize import MAX_CHARS, normalize, normalize_batch  # noqa: F401  (re-exported)

#: Bump when normalization, n-gram extraction, hashing or the cue features change; the model manifest records it.
FEATURIZER_VERSION = 2
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
                Lexicon(((name, encoded),))
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


@dataclass(frozen=True)
class FeatureBatch:
    """Sparse features of a batch, in CSR form: row i's ids are ``ids[indptr[i]:indptr[i+1]]``, sorted ascending."""

    indptr: np.ndarray  # int64 [n_texts + 1]
    ids: np.ndarray  # int64 [nnz], feature ids in [0, n_features): buckets, then special features
    counts: np.ndarray  # float32 [nnz], occurrences of the bucket in the text (>= 1)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.indptr[i], self.indptr[i + 1]
        return self.ids[a:b], self.counts[a:b]

    def padded(self, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Dense ``[n_rows, max_len]`` ids and counts for the ONNX graph (all rows, or ``rows`` in that order).

        Padding is id 0 with count 0; the width is at least 1.
        """
        if rows is None:
            starts, lengths = self.indptr[:-1], np.diff(self.indptr)
        else:
            rows = np.arange(len(self))[rows]  # checks the indices, and reads negative ones from the end
            starts = self.indptr[rows]
            lengths = self.indptr[rows + 1] - starts
        n = lengths.size
        width = max(int(lengths.max()) if n else 0, 1)
        ids = np.zeros(n * width, dtype=np.int64)
        counts = np.zeros(n * width, dtype=np.float32)
        total = int(lengths.sum())
        if total:
            # Feature k of the batch goes to row r (its text) at column k - start[r]: flat index k + r*width - start[r].
            shift = np.arange(0, n * width, width, dtype=np.int64) - starts
            if rows is None:
                source = slice(int(self.indptr[0]), int(self.indptr[-1]))
                target = np.arange(total, dtype=np.int64) + np.repeat(shift, lengths)
            else:
                source = np.arange(total, dtype=np.int64) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
                target = source + np.repeat(shift, lengths)
            ids[target] = self.ids[source]
            counts[target] = self.counts[source]
        return ids.reshape(n, width), counts.reshape(n, width)


class Featurizer:
    """Turns texts into hashed n-gram ids and counts. Stateless apart from its config; thread-safe.

    How the hashes are computed (all arithmetic on uint32, wrapping modulo 2**32; P is the prime):
    - the texts are joined as ``" " + "  ".join(normalized) + " "`` (each text padded with a space on both sides)
      and encoded to UTF-8 once;
    - character n-grams roll over code points: with ``v[c]`` the hash of code point c's bytes and ``pk[c]`` P to
      the power of its byte length, ``h_n[c] = h_(n-1)[c] * pk[c+n-1] + v[c+n-1]`` (for ASCII, ``v`` is the byte
      and ``pk`` is P): one multiply-add per n-gram size over the whole batch;
    - word n-grams, of any length, come from prefix hashes ``H[i]`` (the hash of bytes [0, i)):
      the hash of bytes [a, b) seeded with s is ``(s - H[a]) * P**(b-a) + H[b]``;
    - n-grams that cross from one text into the next are given the document number ``len(texts)``, which sorts
      after every real one and is cut off;
    - then MurmurHash3's finalizer, the bucket mask, one sort of (document, bucket) keys and a run-length count.
    """

    def __init__(self, config: FeaturizerConfig | None = None) -> None:
        self.config = config or FeaturizerConfig()
        self._shift = self.config.n_buckets.bit_length() - 1
        self._lexicon = Lexicon(self.config.lexicon) if self.config.lexicon else None
        self._placeholders = {} if self._lexicon is None else self._lexicon.placeholders
        self._age_base = self.config.n_buckets + len(self.config.lexicon)  # id of age_minor; age_adult follows

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sorted feature ids (int64) and their counts (float32) for one text."""
        out = self._featurize([normalize(text)])
        return (out.ids, out.counts) if isinstance(out, FeatureBatch) else out

    def featurize_batch(self, texts: list[str] | tuple[str, ...]) -> FeatureBatch:
        return self.featurize_normalized(normalize_batch(texts))

    def featurize_normalized(self, normalized: list[str]) -> FeatureBatch:
        """Features of texts that are already normalized (``normalize`` or ``normalize_batch`` output)."""
        out = self._featurize(normalized)
        if isinstance(out, FeatureBatch):
            return out
        ids, counts = out
        return FeatureBatch(np.array([0, ids.size], np.int64), ids, counts)

    def _featurize(self, normalized: list[str]) -> FeatureBatch | tuple[np.ndarray, np.ndarray]:
        """A FeatureBatch, or for a single text just its (ids, counts): the hot path of Scorer.score.

        Placeholders are taken out of the text and counted, age cues found, the rest hashed; lexicon hits come from
        the word n-gram hashes. The special features are then added after each text's n-gram ids.
        """
        extra: list[tuple[int, int]] = []  # (text, feature id), one per occurrence
        texts = normalized
        if self._placeholders and any(PLACEHOLDER_PREFIX in t for t in normalized):
            texts = list(normalized)
            for i, t in enumerate(normalized):
                if PLACEHOLDER_PREFIX in t:
                    texts[i] = self._take_placeholders(i, t, extra)
        for doc, kind in age_cues(texts):
            extra.append((doc, self._age_base + kind))
        out = self._hash(texts, extra)
        if not extra:
            return out
        return _with_extra(out, extra, len(texts), self.config.n_features)

    def _take_placeholders(self, i: int, text: str, extra: list[tuple[int, int]]) -> str:
        kept = []
        for token in text.split(" "):
            j = self._placeholders.get(token)
            if j is None:
                kept.append(token)
            else:
                extra.append((i, self.config.n_buckets + j))
        return " ".join(kept)

    def _hash(
        self, normalized: list[str], extra: list[tuple[int, int]]
    ) -> FeatureBatch | tuple[np.ndarray, np.ndarray]:
        """Hashed n-grams of the texts; lexicon hits among their word n-grams are appended to ``extra``."""
        n_docs = len(normalized)
        if n_docs == 0:
            return FeatureBatch(np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
        cfg = self.config
        single = n_docs == 1
        joined = " " + "  ".join(normalized) + " "
        data = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
        n_bytes = data.size
        n_chars = len(joined)
        p_pow, q_pow, word_pow = _POWERS.ensure(n_bytes + 2)
        d32 = data.astype(np.uint32)
        # H[i]: hash of bytes [0, i) = G[i] * P**(i-1), with G the prefix sums of byte_k * P**-k.
        prefix = np.zeros(n_bytes + 1, dtype=np.uint32)
        (d32 * q_pow[:n_bytes]).cumsum(dtype=np.uint32, out=prefix[1:])
        prefix[1:] *= p_pow[:n_bytes]
        if n_bytes == n_chars:  # ASCII: a code point is a byte
            v, pk, cp_byte = d32, None, None
        else:
            cp_byte = ((data & 0xC0) != 0x80).nonzero()[0]  # byte offset of each code point
            cp_end = np.empty_like(cp_byte)
            cp_end[:-1] = cp_byte[1:]
            cp_end[-1] = n_bytes
            pk = p_pow[cp_end - cp_byte]
            v = prefix[cp_end] - prefix[cp_byte] * pk
        if not single:
            lengths = np.fromiter(map(len, normalized), dtype=np.int64, count=n_docs) + 2
            doc_of = np.repeat(np.arange(n_docs, dtype=np.uint32), lengths)  # document of each code point
            trash = np.uint32(n_docs)

        hashes, docs = [], []
        lo, hi = cfg.char_ngrams
        h = v + (_CHAR_SEED_P if pk is None else pk * np.uint32(CHAR_SEED))
        for n in range(1, min(hi, n_chars) + 1):
            if n > 1:
                h = h[:-1] * (_P if pk is None else pk[n - 1 :])
                h += v[n - 1 :]
            if n >= lo:
                hashes.append(h)
                if not single:
                    start_doc = doc_of[: n_chars - n + 1]
                    docs.append(np.where(start_doc == doc_of[n - 1 :], start_doc, trash))

        wlo, whi = cfg.word_ngrams
        words = None  # the word n-grams' spans (a, b) and documents, for the lexicon
        if not single or normalized[0]:
            spaces = (data == 0x20).nonzero()[0]
            if not single:
                doc_sp = doc_of[spaces if cp_byte is None else np.searchsorted(cp_byte, spaces)]
            a_parts, b_parts, d_parts = [], [], []
            for n in range(wlo, whi + 1):
                if spaces.size > n:
                    a_parts.append(spaces[:-n])
                    b_parts.append(spaces[n:])
                    if not single:
                        d_parts.append(np.where(doc_sp[:-n] == doc_sp[n:], doc_sp[:-n], trash))
            if a_parts:
                a = np.concatenate(a_parts) if len(a_parts) > 1 else a_parts[0] + 0
                a += 1  # a word n-gram is the bytes [a, b) between two spaces
                b = np.concatenate(b_parts) if len(b_parts) > 1 else b_parts[0]
                length = b - a
                w = word_pow[length] - prefix[a] * p_pow[length]
                w += prefix[b]
                hashes.append(w)
                d = None
                if not single:  # an empty span (an empty text, or a text boundary) is not a word
                    d = np.concatenate(d_parts) if len(d_parts) > 1 else d_parts[0]
                    d[b <= a] = trash
                    docs.append(d)
                n_of = np.repeat(np.arange(wlo, whi + 1)[: len(a_parts)], [p.size for p in a_parts])
                words = _Words(a, b, n_of, d, trash if not single else None)
        if not hashes:
            return (
                (np.zeros(0, np.int64), np.zeros(0, np.float32))
                if single
                else FeatureBatch(np.zeros(n_docs + 1, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
            )
        h = np.concatenate(hashes) if len(hashes) > 1 else hashes[0].copy()
        _fmix32_inplace(h)
        if self._lexicon is not None and words:
            self._lexicon_hits(h[h.size - words.size :], words, prefix, p_pow, extra)
        h &= np.uint32(cfg.n_buckets - 1)
        if single:
            h.sort()
            ids, counts = _count(h)
            return ids.astype(np.int64), counts.astype(np.float32)
        # One sort of (document, bucket) keys; uint32 when they fit (faster to sort), else uint64.
        key_type = np.uint32 if (n_docs + 1) << self._shift <= 1 << 32 else np.uint64
        keys = np.concatenate(docs).astype(key_type)
        keys <<= key_type(self._shift)
        keys |= h.astype(key_type, copy=False)
        keys.sort()
        keys, counts = _count(keys)
        row = keys >> key_type(self._shift)
        indptr = np.searchsorted(row, np.arange(n_docs + 1, dtype=key_type)).astype(np.int64)
        end = int(indptr[-1])  # n-grams across texts (document n_docs) come after
        ids = (keys[:end] & key_type(cfg.n_buckets - 1)).astype(np.int64)
        return FeatureBatch(indptr, ids, counts[:end].astype(np.float32))

    def _lexicon_hits(
        self,
        h1: np.ndarray,
        words: _Words,
        prefix: np.ndarray,
        p_pow: np.ndarray,
        extra: list[tuple[int, int]],
    ) -> None:
        """Word n-grams whose (finalized) hash and second, lexicon-seeded hash are an entry's key."""
        pos = self._lexicon.candidates(h1)
        if not pos.size:
            return
        a, b = words.a[pos], words.b[pos]
        length = b - a
        h2 = np.uint32(LEXICON_SEED) * p_pow[length] - prefix[a] * p_pow[length]
        h2 += prefix[b]
        _fmix32_inplace(h2)
        keys = (h1[pos].astype(np.uint64) << np.uint64(32)) | h2.astype(np.uint64)
        found, category = self._lexicon.hits(keys)
        docs = np.zeros(pos.size, np.int64) if words.docs is None else words.docs[pos].astype(np.int64)
        docs = docs[found]
        hit = words.n[pos[found]] <= 2  # entries are words and word pairs (FEATURES.md 4.1)
        if words.trash is not None:
            hit &= docs != int(words.trash)
        base = self.config.n_buckets
        extra.extend(zip(docs[hit].tolist(), (category[hit] + base).tolist(), strict=True))


@dataclass(frozen=True)
class _Words:
    """Byte spans [a, b) of the word n-grams of a batch, in hash order, and their documents (None for one text)."""

    a: np.ndarray
    b: np.ndarray
    n: np.ndarray  # words in each n-gram
    docs: np.ndarray | None
    trash: np.uint32 | None

    @property
    def size(self) -> int:
        return int(self.a.size)

    def __bool__(self) -> bool:
        return self.a.size > 0


def _with_extra(
    out: FeatureBatch | tuple[np.ndarray, np.ndarray], extra: list[tuple[int, int]], n_docs: int, n_features: int
) -> FeatureBatch | tuple[np.ndarray, np.ndarray]:
    """Add the special features (ids above every bucket) after each text's n-gram ids, counted."""
    pairs = np.array(extra, dtype=np.int64).reshape(-1, 2)
    keys = pairs[:, 0] * n_features + pairs[:, 1]
    keys.sort()
    keys, counts = _count(keys)
    docs, ids = keys // n_features, keys % n_features
    if not isinstance(out, FeatureBatch):
        return np.concatenate([out[0], ids]), np.concatenate([out[1], counts.astype(np.float32)])
    per_row = np.bincount(docs, minlength=n_docs)
    before = np.zeros(n_docs + 1, np.int64)  # extra features in the rows before row r
    np.cumsum(per_row, out=before[1:])
    indptr = out.indptr + before
    total = out.ids.size + ids.size
    new_ids = np.empty(total, np.int64)
    new_counts = np.empty(total, np.float32)
    row_of = np.repeat(np.arange(n_docs), np.diff(out.indptr))
    old_pos = np.arange(out.ids.size) + before[row_of]
    new_ids[old_pos] = out.ids
    new_counts[old_pos] = out.counts
    extra_pos = indptr[docs + 1] - per_row[docs] + (np.arange(ids.size) - before[docs])
    new_ids[extra_pos] = ids
    new_counts[extra_pos] = counts
    return FeatureBatch(indptr, new_ids, new_counts)


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
