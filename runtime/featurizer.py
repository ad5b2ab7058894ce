"""The featurizer: text -> normalized text -> hashed word and character n-grams -> (ids, counts).

This is the one implementation of text normalization in the project: training imports it, so what was trained on is
exactly what is scored. It is specified in ``runtime/FEATURES.md`` and pinned by ``model/test_vectors.jsonl``, which a
JavaScript, Kotlin or Swift port must reproduce exactly.

Vectorized over a batch: normalization is per text (C-level ``str`` methods and regexes), hashing is done with numpy
over the UTF-8 bytes of the whole batch at once, using a polynomial hash whose prefix sums make every n-gram's hash
an O(1) array expression.

    python -m groomguard.runtime.featurizer "Are u home alone?"     # prints the normalized text and features
"""

from __future__ import annotations

import functools
import re
import sys
import threading
import unicodedata
from dataclasses import dataclass

import numpy as np

#: Bump when normalization, n-gram extraction or hashing changes; the model manifest records it.
FEATURIZER_VERSION = 1
#: Input and normalized text are each capped at this many code points.
MAX_CHARS = 10_000

_MASK = 0xFFFFFFFF
_PRIME = 16777619  # the FNV prime: odd, so invertible modulo 2**32
_PRIME_INV = pow(_PRIME, -1, 1 << 32)
WORD_SEED = 0x2545F491
CHAR_SEED = 0x9E3779B9

# Characters treated as whitespace, spelled out (JavaScript's \s and Python's isspace() disagree).
WHITESPACE = frozenset(
    "\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Apostrophes are deleted so that "don't" and "dont" are the same word.
APOSTROPHES = frozenset("'\u2018\u2019\u02bc\u02b9\u0060\u00b4\uff07")
# Cyrillic and Greek look-alikes of Latin letters (after case folding), mapped to the Latin letter.
HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ӏ": "l", "ɡ": "g", "ɩ": "i", "ο": "o", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "β": "b", "γ": "y", "η": "n", "μ": "u", "ω": "w", "ϲ": "c",
}  # fmt: skip
# Leetspeak, applied only to runs of these characters with an ASCII letter on both sides ("s3nd", "p1c").
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})

_LEET_RE = re.compile(r"(?<=[a-z])[013457@$]+(?=[a-z])")
_SPACED_RE = re.compile(r"(?<![^ ])[a-z](?: [a-z](?![^ ])){2,}")
_REPEAT_RE = re.compile(r"([^ 0-9])\1{2,}")


class _CharTable(dict):
    """A ``str.translate`` table filled lazily: each code point is classified once, on first sight."""

    def __missing__(self, cp: int) -> str | None:
        value = _classify(chr(cp))
        self[cp] = value
        return value


def _classify(c: str) -> str | None:
    if c in APOSTROPHES:
        return None
    if c in WHITESPACE:
        return " "
    cat = unicodedata.category(c)
    if cat in ("Mn", "Me", "Cf", "Cc"):  # combining marks (accents), zero-width/format and control characters
        return None
    if c in HOMOGLYPHS:
        return HOMOGLYPHS[c]
    if c in "@$":
        return c
    if cat[0] in "LN":
        return c
    if cat == "So":  # emoji and other pictographs: a token of their own
        return f" {c} "
    return " "  # punctuation, other symbols, underscore, private use, unassigned, surrogates


_TABLE = _CharTable()


def normalize(text: str) -> str:
    """Return the normalized form of ``text`` that n-grams are taken from (spec: runtime/FEATURES.md).

    Tokens (runs of letters and digits, or a single pictograph) joined by single spaces; ``""`` when nothing is left.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    t = text[:MAX_CHARS]
    if t.isascii():
        t = t.lower()
    else:
        t = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", t).casefold())
    t = t.translate(_TABLE)
    if "@" in t or "$" in t or _has_digit(t):
        t = _LEET_RE.sub(lambda m: m.group().translate(LEET), t)
        t = t.replace("@", " ").replace("$", " ")
    t = " ".join(filter(None, t.split(" ")))
    t = _SPACED_RE.sub(lambda m: m.group().replace(" ", ""), t)
    t = _REPEAT_RE.sub(r"\1\1", t)
    if len(t) > MAX_CHARS:
        t = t[:MAX_CHARS].rstrip(" ")
    return t


def _has_digit(t: str) -> bool:
    return any(d in t for d in "013457")


@dataclass(frozen=True)
class FeaturizerConfig:
    """The featurizer's tuning knobs; saved in the model's manifest and metadata."""

    n_buckets: int = 1 << 18
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (3, 5)
    version: int = FEATURIZER_VERSION

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

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "n_buckets": self.n_buckets,
            "word_ngrams": list(self.word_ngrams),
            "char_ngrams": list(self.char_ngrams),
        }

    @classmethod
    def from_dict(cls, d: dict) -> FeaturizerConfig:
        return cls(
            n_buckets=int(d["n_buckets"]),
            word_ngrams=tuple(d["word_ngrams"]),
            char_ngrams=tuple(d["char_ngrams"]),
            version=int(d["version"]),
        )


@dataclass(frozen=True)
class FeatureBatch:
    """Sparse features of a batch, in CSR form: row i's ids are ``ids[indptr[i]:indptr[i+1]]``, sorted ascending."""

    indptr: np.ndarray  # int64 [n_texts + 1]
    ids: np.ndarray  # int64 [nnz], bucket ids in [0, n_buckets)
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
            rows = np.arange(len(self))
        lengths = np.diff(self.indptr)[rows]
        n = len(rows)
        width = max(int(lengths.max()) if n else 0, 1)
        ids = np.zeros((n, width), dtype=np.int64)
        counts = np.zeros((n, width), dtype=np.float32)
        total = int(lengths.sum())
        if total:
            out_rows = np.repeat(np.arange(n), lengths)
            offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            source = np.repeat(self.indptr[:-1][rows], lengths) + offsets
            ids[out_rows, offsets] = self.ids[source]
            counts[out_rows, offsets] = self.counts[source]
        return ids, counts


class _Powers:
    """Powers of the prime and of its inverse modulo 2**32 (uint32, wrapping), grown on demand, shared by threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.p = np.ones(1, dtype=np.uint32)
        self.q = np.ones(1, dtype=np.uint32)
        self.ensure(4096)

    def ensure(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        p, q = self.p, self.q
        if len(p) >= n:
            return p, q
        with self._lock:
            size = max(n, 2 * len(self.p))
            self.p = _power_table(_PRIME, size)
            self.q = _power_table(_PRIME_INV, size)
            return self.p, self.q


def _power_table(base: int, size: int) -> np.ndarray:
    """[base**0, base**1, ...] modulo 2**32 as uint32, by blocked doubling (a handful of numpy calls)."""
    out = np.empty(size, dtype=np.uint32)
    out[0] = 1
    filled = 1
    while filled < size:
        step = min(filled, size - filled)
        out[filled : filled + step] = out[:step] * np.uint32(pow(base, filled, 1 << 32))
        filled += step
    return out


_POWERS = _Powers()
_C1 = np.uint32(0x85EBCA6B)
_C2 = np.uint32(0xC2B2AE35)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer on a uint32 array (multiplications wrap modulo 2**32)."""
    h = h ^ (h >> 16)
    h *= _C1
    h ^= h >> 13
    h *= _C2
    return h ^ (h >> 16)


def hash_bytes(data: bytes, seed: int) -> int:
    """Reference (scalar) hash of one n-gram's UTF-8 bytes; the vectorized path must agree with it."""
    h = seed
    for b in data:
        h = (h * _PRIME + b) & _MASK
    return int(fmix32(np.array([h], dtype=np.uint32))[0])


def _span_hashes(prefix: np.ndarray, p_pow: np.ndarray, a: np.ndarray, b: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """Hash of bytes [a, b) for every pair: seed * P^(b-a) + (G[b] - G[a]) * P^(b-1), all modulo 2**32."""
    h = (prefix[b] - prefix[a]) * p_pow[b - 1]
    h += seeds * p_pow[b - a]
    return fmix32(h)


def _count(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of a sorted array and how often each occurs (cheaper than np.unique on small arrays)."""
    n = sorted_keys.size
    first = np.empty(n, dtype=bool)
    first[:1] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, n))
    return sorted_keys[starts], counts


class Featurizer:
    """Turns texts into hashed n-gram ids and counts. Stateless apart from its config; thread-safe."""

    def __init__(self, config: FeaturizerConfig | None = None) -> None:
        self.config = config or FeaturizerConfig()

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sorted bucket ids (int64) and their counts (float32) for one text."""
        return self._one(normalize(text))

    def featurize_batch(self, texts: list[str] | tuple[str, ...]) -> FeatureBatch:
        normalized = [normalize(t) for t in texts]
        return self.featurize_normalized(normalized)

    def featurize_normalized(self, normalized: list[str]) -> FeatureBatch:
        if len(normalized) == 1:
            ids, counts = self._one(normalized[0])
            return FeatureBatch(np.array([0, ids.size], dtype=np.int64), ids, counts)
        cfg = self.config
        n_docs = len(normalized)
        padded = [f" {s} " for s in normalized]
        data = np.frombuffer("".join(padded).encode("utf-8"), dtype=np.uint8)
        n_bytes = data.size
        p_pow, q_pow = _POWERS.ensure(n_bytes + 2)
        # Prefix sums G[i] = sum_{k<i} byte_k * P^-k (mod 2**32).
        prefix = np.zeros(n_bytes + 1, dtype=np.uint32)
        np.cumsum(data * q_pow[:n_bytes], dtype=np.uint32, out=prefix[1:])

        char_lens = np.fromiter((len(p) for p in padded), dtype=np.int64, count=n_docs)
        char_start = np.flatnonzero((data & 0xC0) != 0x80)  # byte offset of every code point
        char_start = np.append(char_start, n_bytes)
        doc_char_end = np.cumsum(char_lens)
        doc_of_char = np.repeat(np.arange(n_docs, dtype=np.int64), char_lens)

        starts, ends, docs, seeds = [], [], [], []
        # Character n-grams over " " + normalized + " ", counted in code points.
        total_chars = int(doc_char_end[-1]) if n_docs else 0
        for n in range(cfg.char_ngrams[0], cfg.char_ngrams[1] + 1):
            if total_chars < n:
                continue
            c = np.arange(total_chars - n + 1)
            c = c[c + n <= doc_char_end[doc_of_char[c]]]
            starts.append(char_start[c])
            ends.append(char_start[c + n])
            docs.append(doc_of_char[c])
            seeds.append(np.full(c.size, CHAR_SEED, dtype=np.uint32))
        # Word n-grams: tokens lie between consecutive spaces of the padded text.
        spaces = np.flatnonzero(data == 0x20)
        doc_of_space = doc_of_char[np.searchsorted(char_start, spaces)]
        for n in range(cfg.word_ngrams[0], cfg.word_ngrams[1] + 1):
            if spaces.size <= n:
                continue
            a = spaces[:-n] + 1
            b = spaces[n:]
            keep = (doc_of_space[:-n] == doc_of_space[n:]) & (b > a)
            starts.append(a[keep])
            ends.append(b[keep])
            docs.append(doc_of_space[:-n][keep])
            seeds.append(np.full(int(keep.sum()), WORD_SEED, dtype=np.uint32))

        if not starts:
            return FeatureBatch(np.zeros(n_docs + 1, dtype=np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
        h = _span_hashes(prefix, p_pow, np.concatenate(starts), np.concatenate(ends), np.concatenate(seeds))
        bucket = (h & np.uint32(cfg.n_buckets - 1)).astype(np.int64)
        keys, counts = _count(np.sort(np.concatenate(docs) * cfg.n_buckets + bucket))
        row = keys // cfg.n_buckets
        indptr = np.searchsorted(row, np.arange(n_docs + 1), side="left").astype(np.int64)
        return FeatureBatch(indptr, keys % cfg.n_buckets, counts.astype(np.float32))

    def _one(self, normalized: str) -> tuple[np.ndarray, np.ndarray]:
        """The same computation for a single text, without the batch bookkeeping (the hot path of score())."""
        cfg = self.config
        padded = f" {normalized} "
        data = np.frombuffer(padded.encode("utf-8"), dtype=np.uint8)
        n_bytes = data.size
        n_chars = len(padded)
        p_pow, q_pow = _POWERS.ensure(n_bytes + 2)
        prefix = np.zeros(n_bytes + 1, dtype=np.uint32)
        np.cumsum(data * q_pow[:n_bytes], dtype=np.uint32, out=prefix[1:])
        a, b, seeds = _char_spans(n_chars, cfg.char_ngrams)
        if n_bytes != n_chars:  # not ASCII: map code-point positions to byte offsets
            char_start = np.append(np.flatnonzero((data & 0xC0) != 0x80), n_bytes)
            a, b = char_start[a], char_start[b]
        if cfg.word_ngrams[1] >= 1 and normalized:
            spaces = np.flatnonzero(data == 0x20)
            wa, wb = [a], [b]
            ws = [seeds]
            for n in range(cfg.word_ngrams[0], cfg.word_ngrams[1] + 1):
                if spaces.size > n:
                    wa.append(spaces[:-n] + 1)
                    wb.append(spaces[n:])
                    ws.append(np.full(spaces.size - n, WORD_SEED, dtype=np.uint32))
            a, b, seeds = np.concatenate(wa), np.concatenate(wb), np.concatenate(ws)
        if not a.size:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        h = _span_hashes(prefix, p_pow, a, b, seeds)
        h &= np.uint32(cfg.n_buckets - 1)
        h.sort()
        ids, counts = _count(h)
        return ids.astype(np.int64), counts.astype(np.float32)


@functools.lru_cache(maxsize=512)
def _char_spans_cached(n_chars: int, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sizes = [n for n in range(lo, hi + 1) if n_chars >= n]
    a = np.concatenate([np.arange(n_chars - n + 1, dtype=np.int64) for n in sizes] or [np.zeros(0, np.int64)])
    b = np.concatenate([np.arange(n, n_chars + 1, dtype=np.int64) for n in sizes] or [np.zeros(0, np.int64)])
    seeds = np.full(a.size, CHAR_SEED, dtype=np.uint32)
    for arr in (a, b, seeds):
        arr.flags.writeable = False  # shared between calls and threads
    return a, b, seeds


def _char_spans(n_chars: int, ngrams: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Code-point start/end of every character n-gram of a padded text of ``n_chars`` code points (cached)."""
    return _char_spans_cached(n_chars, ngrams[0], ngrams[1])


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
