"""The featurizer: text -> normalized text -> hashed word and character n-grams -> (ids, counts).

This is the one implementation of text normalization in the project: training imports it, so what was trained on is
exactly what is scored. It is specified in ``runtime/FEATURES.md`` and pinned by ``model/test_vectors.jsonl``, which a
JavaScript, Kotlin or Swift port must reproduce exactly.

Vectorized over a batch: ``normalize_batch`` runs the normalization on the whole batch joined into one string (C-level
``str`` methods and regexes, the rare rules only on the texts numpy flags), and hashing is done with numpy over the
UTF-8 bytes of the whole batch at once (see ``Featurizer``). A single text takes the same code with fewer steps.

    python -m groomguard.runtime.featurizer "Are u home alone?"     # prints the normalized text and features
"""

from __future__ import annotations

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

_LEET_RUN = re.compile(r"[013457@$]+(?=[a-z])")  # and a letter before: see _unleet
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


def _ascii_tables() -> tuple[bytes, bytes]:
    """The same mapping as ``_TABLE`` for ASCII, lowercasing included, as a ``bytes.translate`` table + deletions."""
    table = bytearray(range(256))
    delete = bytearray()
    for cp in range(128):
        value = _classify(chr(cp).lower())
        if value is None:
            delete.append(cp)
        else:
            table[cp] = ord(value)  # one character: ASCII has no pictographs (category So)
    return bytes(table), bytes(delete)


_ASCII_TABLE, _ASCII_DELETE = _ascii_tables()
# Batches are normalized as one string with this separator between texts: no step of normalization reaches across
# " \x00 " (the regexes need letters or spaces next to each other), so each text comes out as it would alone. The
# separator survives folding through these tables; a batch whose texts contain NUL themselves is done text by text.
_SEP = "\x00"
_JOIN = f" {_SEP} "
_SEP_ASCII_TABLE, _SEP_ASCII_DELETE = _ASCII_TABLE, _ASCII_DELETE.replace(b"\x00", b"")
_LEET_TRIGGER = re.compile(r"[013457@$]")


def normalize(text: str) -> str:
    """Return the normalized form of ``text`` that n-grams are taken from (spec: runtime/FEATURES.md).

    Tokens (runs of letters and digits, or a single pictograph) joined by single spaces; ``""`` when nothing is left.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    t = _finish(_fold(text[:MAX_CHARS]))
    if len(t) > MAX_CHARS:
        t = t[:MAX_CHARS].rstrip(" ")
    return t


def normalize_batch(texts: list[str] | tuple[str, ...]) -> list[str]:
    """``[normalize(t) for t in texts]``, computed on the batch as one string (several times faster)."""
    for t in texts:
        if not isinstance(t, str):
            raise TypeError(f"text must be str, not {type(t).__name__}")
    if len(texts) < 2:
        return [normalize(t) for t in texts]
    joined = _JOIN.join([t[:MAX_CHARS] for t in texts])
    if joined.count(_SEP) != len(texts) - 1:
        return [normalize(t) for t in texts]
    if joined.isascii():
        joined = _fold(joined, _SEP_ASCII_TABLE, _SEP_ASCII_DELETE)
    else:  # fold text by text: the slow Unicode path only for texts that need it
        joined = _JOIN.join([_fold(t[:MAX_CHARS]) for t in texts])
    out = _finish_batch(joined)
    for i, t in enumerate(out):
        if len(t) > MAX_CHARS:
            out[i] = t[:MAX_CHARS].rstrip(" ")
    return out


def _fold(t: str, ascii_table: bytes = _ASCII_TABLE, ascii_delete: bytes = _ASCII_DELETE) -> str:
    """Steps 2 and 3 of FEATURES.md: case folding (and NFKC/NFKD outside ASCII), then the map of each code point."""
    if t.isascii():
        return t.encode("ascii").translate(ascii_table, ascii_delete).decode("ascii")
    t = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", t).casefold())
    return t.translate(_TABLE)


def _finish(t: str) -> str:
    """Steps 4 to 7: leetspeak, single spaces, spaced-out letters joined, long repeats squeezed."""
    t = " ".join(_leet(t).split())  # after the map the only whitespace left is " ": split() == split(" ")
    t = _SPACED_RE.sub(_join_letters, t)
    return _REPEAT_RE.sub(r"\1\1", t)


def _finish_batch(joined: str) -> list[str]:
    """``_finish`` on texts joined by " \\x00 ", returning each text's result.

    The two last steps rarely change anything, so numpy finds the texts where they can, and only those go through
    the regexes (which otherwise take most of the time of a batch).
    """
    t = " ".join(_leet(joined).split())
    out = [p.strip(" ") for p in t.split(_SEP)]
    codes = _code_points(t)
    first = np.flatnonzero(codes == 0)  # separators: text i starts after separator i-1
    hits = _spaced_candidates(codes)
    if hits.size:
        for i in _texts_at(first, hits):
            out[i] = _SPACED_RE.sub(_join_letters, out[i])
        t = _JOIN.join(out)
        codes = _code_points(t)
        first = np.flatnonzero(codes == 0)
    for i in _texts_at(first, _repeat_candidates(codes)):
        out[i] = _REPEAT_RE.sub(r"\1\1", out[i])
    return out


def _texts_at(separators: np.ndarray, positions: np.ndarray) -> list[int]:
    """Which texts (once each, in order) the code-point positions of a joined batch fall in."""
    return list(dict.fromkeys(np.searchsorted(separators, positions).tolist()))  # np.unique would import numpy.ma


def _leet(t: str) -> str:
    """Step 4: leetspeak digits and symbols between letters become letters; other @ and $ become spaces."""
    if not _LEET_TRIGGER.search(t):
        return t
    t = _LEET_RUN.sub(_unleet, t)
    return t.replace("@", " ").replace("$", " ")


def _unleet(m: re.Match) -> str:
    # _LEET_RUN finds a run followed by a letter; it is leetspeak when a letter also comes before it.
    start = m.start()
    if start and "a" <= m.string[start - 1] <= "z":
        return m.group().translate(LEET)
    return m.group()


def _join_letters(m: re.Match) -> str:
    return m.group().replace(" ", "")


def _code_points(t: str) -> np.ndarray:
    return np.frombuffer(t.encode("ascii"), np.uint8) if t.isascii() else np.frombuffer(t.encode("utf-32-le"), "<u4")


def _spaced_candidates(c: np.ndarray) -> np.ndarray:
    """Positions where three one-letter tokens a-z follow each other ("s e n d"): where _SPACED_RE can match."""
    if c.size < 5:
        return np.zeros(0, np.int64)
    space = np.ones(c.size + 2, dtype=bool)  # the text is read as if padded with a space on both sides
    np.equal(c, 32, out=space[1:-1])
    single = (c >= 97) & (c <= 122) & space[:-2] & space[2:]
    return np.flatnonzero(single[:-4] & single[2:-2] & single[4:])


def _repeat_candidates(c: np.ndarray) -> np.ndarray:
    """Positions of three equal code points in a row, not digits (spaces never repeat here): where _REPEAT_RE can."""
    if c.size < 3:
        return np.zeros(0, np.int64)
    same = c[1:] == c[:-1]
    run = same[1:] & same[:-1] & ((c[:-2] < 48) | (c[:-2] > 57))
    return np.flatnonzero(run)


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


class _Powers:
    """Powers of the prime and of its inverse modulo 2**32 (uint32, wrapping), grown on demand, shared by threads.

    ``word`` holds ``WORD_SEED * P**k``: the seed's part of the hash of a ``k``-byte word n-gram.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.p = self.q = self.word = np.ones(1, dtype=np.uint32)
        self.ensure(4096)

    def ensure(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        p, q, word = self.p, self.q, self.word
        if len(p) >= n:
            return p, q, word
        with self._lock:
            if len(self.p) < n:
                size = max(n, 2 * len(self.p))
                p = _power_table(_PRIME, size)
                self.q = _power_table(_PRIME_INV, size)
                self.word = p * np.uint32(WORD_SEED)
                self.p = p  # last: a reader that sees the new p also sees the new q and word
            return self.p, self.q, self.word


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
_P = np.uint32(_PRIME)
_CHAR_SEED_P = np.uint32(CHAR_SEED * _PRIME & _MASK)  # the seed's part of a one-byte character's hash
_C1 = np.uint32(0x85EBCA6B)
_C2 = np.uint32(0xC2B2AE35)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer on a uint32 array (multiplications wrap modulo 2**32)."""
    return _fmix32_inplace(np.array(h, dtype=np.uint32))


def _fmix32_inplace(h: np.ndarray) -> np.ndarray:
    h ^= h >> 16
    h *= _C1
    h ^= h >> 13
    h *= _C2
    h ^= h >> 16
    return h


def hash_bytes(data: bytes, seed: int) -> int:
    """Reference (scalar) hash of one n-gram's UTF-8 bytes; the vectorized path must agree with it."""
    h = seed
    for b in data:
        h = (h * _PRIME + b) & _MASK
    return int(fmix32(np.array([h], dtype=np.uint32))[0])


def _count(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of a sorted array and how often each occurs (cheaper than np.unique on small arrays)."""
    n = sorted_keys.size
    edge = np.ones(n + 1, dtype=bool)  # edge[i]: a new value starts at i (and the end, at n)
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=edge[1:n])
    bounds = edge.nonzero()[0]  # the method, not np.flatnonzero: this runs per message, and wrappers cost µs
    return sorted_keys[bounds[:-1]], bounds[1:] - bounds[:-1]


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

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sorted bucket ids (int64) and their counts (float32) for one text."""
        out = self._hash([normalize(text)])
        return (out.ids, out.counts) if isinstance(out, FeatureBatch) else out

    def featurize_batch(self, texts: list[str] | tuple[str, ...]) -> FeatureBatch:
        return self.featurize_normalized(normalize_batch(texts))

    def featurize_normalized(self, normalized: list[str]) -> FeatureBatch:
        """Features of texts that are already normalized (``normalize`` or ``normalize_batch`` output)."""
        out = self._hash(normalized)
        if isinstance(out, FeatureBatch):
            return out
        ids, counts = out
        return FeatureBatch(np.array([0, ids.size], np.int64), ids, counts)

    def _hash(self, normalized: list[str]) -> FeatureBatch | tuple[np.ndarray, np.ndarray]:
        """A FeatureBatch, or for a single text just its (ids, counts): the hot path of Scorer.score."""
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
                if not single:  # an empty span (an empty text, or a text boundary) is not a word
                    d = np.concatenate(d_parts) if len(d_parts) > 1 else d_parts[0]
                    d[b <= a] = trash
                    docs.append(d)
        if not hashes:
            return (
                (np.zeros(0, np.int64), np.zeros(0, np.float32))
                if single
                else FeatureBatch(np.zeros(n_docs + 1, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
            )
        h = np.concatenate(hashes) if len(hashes) > 1 else hashes[0].copy()
        _fmix32_inplace(h)
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
