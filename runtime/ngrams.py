"""N-gram extraction and hashing (FEATURES.md, sections 2 and 3), vectorized with numpy, for one text or a batch.

Every n-gram, character or word, is a byte span ``[a, b)`` of the text padded with a space on both sides and encoded
to UTF-8, and its hash with seed ``s`` is ``(s - H[a]) * P**(b-a) + H[b]`` (uint32, wrapping), from the prefix hashes
``H[i]`` (the hash of bytes ``[0, i)``, seed 0): one gather, a multiply and two additions per n-gram, whatever its
length. The prefix hashes come from one cumulative sum, ``H[i] = P**(i-1) * sum(byte_k * P**-k for k < i)``.

- character n-grams of n code points start at every code point; for ASCII a code point is a byte and ``P**n`` one
  number, else the spans come from the code points' byte offsets;
- word n-grams run between spaces: the n-gram of n words after the space at byte ``s[i]`` is ``[s[i] + 1, s[i+n])``;
- a batch is one string, ``" " + "  ".join(texts) + " "`` (each text padded on both sides), and each n-gram gets its
  document; those across two texts (and empty word spans) get ``len(texts)``, which sorts after every real one.

The hashes are returned finalized (MurmurHash3's fmix32) and not yet masked to buckets: the lexicon needs the whole
32 bits of the word n-grams' hashes (``Grams.word_spans`` gives their spans for the lexicon's second hash).
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

from groomguard.runtime.hashing import _POWERS, _PRIME, CHAR_SEED, WORD_SEED, fmix32_inplace

_MOD = 1 << 32
# 0-d arrays, not numpy scalars: an operation between an array and a 0-d array of the same type costs about half as
# much as one with a scalar (numpy's scalar handling is per call, and these run per message).
_CHAR_SEED = np.array(CHAR_SEED, np.uint32)
_WORD_SEED = np.array(WORD_SEED, np.uint32)
_P_POW = [np.array(pow(_PRIME, n, _MOD), np.uint32) for n in range(9)]  # P**n for the n-gram sizes (n <= 8)
_CHAR_SEED_P_POW = [np.array(CHAR_SEED * pow(_PRIME, n, _MOD) % _MOD, np.uint32) for n in range(9)]
_SPACE = 0x20
_ONE = np.array(1, np.int64)


class Grams:
    """The finalized hashes of a text's (or a batch's) n-grams: character n-grams, then word n-grams.

    ``docs`` (batches only) holds each n-gram's document, ``n_docs`` for those that are no text's; ``word_spans``
    gives the byte spans of word n-grams for the lexicon, and ``prefix``/``p_pow`` the tables to hash them again.
    """

    __slots__ = ("_a", "_b", "_segments", "_sp", "_sp1", "docs", "hashes", "p_pow", "prefix", "words")

    def __init__(
        self,
        hashes: np.ndarray,
        docs: np.ndarray | None,
        words: int,
        segments: list[tuple[int, int]],
        spaces: tuple[np.ndarray, np.ndarray] | None,
        spans: tuple[np.ndarray, np.ndarray] | None,
        prefix: np.ndarray,
        p_pow: np.ndarray,
    ) -> None:
        self.hashes = hashes  # uint32, finalized, not masked
        self.docs = docs  # uint32 (batches), or None (one text)
        self.words = words  # hashes[words:] are the word n-grams
        self._segments = segments  # (n, start in hashes) of each word n-gram size, in order
        self._sp, self._sp1 = spaces or (None, None)  # byte offsets of the spaces, and plus one
        self._a, self._b = spans or (None, None)  # every n-gram's byte span, when they were gathered
        self.prefix = prefix
        self.p_pow = p_pow

    def word_spans(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Byte spans ``[a, b)`` and word counts of the word n-grams at ``positions`` (indices into ``hashes``)."""
        starts = np.array([start for _, start in self._segments], np.int64)
        sizes = np.array([n for n, _ in self._segments], np.int64)
        seg = starts.searchsorted(positions, side="right") - 1
        n = sizes[seg]
        if self._a is not None:
            return self._a[positions], self._b[positions], n
        i = positions - starts[seg]
        return self._sp1[i], self._sp[i + n], n


class _CharTable:
    """Every character n-gram (sizes lo..hi) of a text of up to ``size`` code points, as code point spans [a, b),
    ordered by b: the n-grams of a text of m code points are the first ``count[m]`` (one text's n-grams are counted,
    so their order does not matter). One text's character n-grams are then a few gathers, with no loop over sizes.
    """

    def __init__(self, lo: int, hi: int, size: int) -> None:
        ends = np.repeat(np.arange(1, size + 1, dtype=np.int64), hi - lo + 1)
        starts = ends - np.tile(np.arange(lo, hi + 1, dtype=np.int64), size)
        keep = starts >= 0
        self.size = size
        self.a = starts[keep]
        self.b = ends[keep]
        self.count: list[int] = self.b.searchsorted(np.arange(size + 1), side="right").tolist()


#: Texts of up to this many code points (padding included) take their character n-grams from a _CharTable.
TABLE_CHARS = 1024
_TABLES: dict[tuple[int, int], _CharTable] = {}


def _char_table(lo: int, hi: int) -> _CharTable:
    table = _TABLES.get((lo, hi))
    if table is None:  # built once per setting (a race builds it twice, to the same value)
        table = _TABLES[(lo, hi)] = _CharTable(lo, hi, TABLE_CHARS)
    return table


def _prefix(data: np.ndarray, p_pow: np.ndarray, q_pow: np.ndarray) -> np.ndarray:
    """H[i], the hash (seed 0, not finalized) of bytes [0, i), for i in [0, len(data)]."""
    m = data.size
    prefix = np.empty(m + 1, np.uint32)
    prefix[0] = 0
    rest = prefix[1:]
    np.multiply(data, q_pow[:m], out=rest)
    np.add.accumulate(rest, out=rest)
    np.multiply(rest, p_pow[:m], out=rest)
    return prefix


def _char_sizes(lo: int, hi: int, n_chars: int) -> range:
    return range(lo, min(hi, n_chars) + 1)


def _char_hashes(
    out: np.ndarray, prefix: np.ndarray, p_pow: np.ndarray, data: np.ndarray, sizes: range, n_chars: int
) -> np.ndarray | None:
    """Write the character n-gram hashes (not finalized) into ``out``; returns the code points' byte offsets (and the
    end) when the text is not ASCII, else None."""
    m = data.size
    o = 0
    if m == n_chars:  # ASCII: code point c is byte c, and an n-gram is n bytes
        for n in sizes:
            k = n_chars - n + 1
            seg = out[o : o + k]
            np.multiply(prefix[:k], _P_POW[n], out=seg)
            np.subtract(_CHAR_SEED_P_POW[n], seg, out=seg)
            np.add(seg, prefix[n : n + k], out=seg)
            o += k
        return None
    starts = np.empty(n_chars + 1, np.int64)
    starts[:n_chars] = np.not_equal(data & np.uint8(0xC0), np.uint8(0x80)).nonzero()[0]
    starts[n_chars] = m
    at = prefix.take(starts)  # H at each code point's first byte
    for n in sizes:
        k = n_chars - n + 1
        seg = out[o : o + k]
        np.subtract(_CHAR_SEED, at[:k], out=seg)
        np.multiply(seg, p_pow.take(starts[n : n + k] - starts[:k]), out=seg)
        np.add(seg, at[n : n + k], out=seg)
        o += k
    return starts


def _word_hashes(
    out: np.ndarray, prefix: np.ndarray, p_pow: np.ndarray, sp: np.ndarray, sp1: np.ndarray, segments: list
) -> None:
    """Write the word n-gram hashes (not finalized) of each (n, start) segment into ``out``."""
    after = prefix.take(sp1)  # H at each word's first byte
    at = prefix.take(sp)  # H at each space (a word's end)
    for n, start in segments:
        k = sp.size - n
        seg = out[start : start + k]
        np.subtract(_WORD_SEED, after[:k], out=seg)
        np.multiply(seg, p_pow.take(sp[n:] - sp1[:k]), out=seg)
        np.add(seg, at[n:], out=seg)


def _word_segments(n_spaces: int, lo: int, hi: int, start: int) -> tuple[list[tuple[int, int]], int]:
    """(n, start) of each word n-gram size that has n-grams, and the end of the last."""
    segments = []
    for n in range(lo, hi + 1):
        if n_spaces > n:
            segments.append((n, start))
            start += n_spaces - n
    return segments, start


def text_grams(text: str, char_ngrams: tuple[int, int], word_ngrams: tuple[int, int]) -> Grams:
    """The n-grams of one normalized text (with its placeholders taken out).

    Every n-gram's byte span is gathered into two arrays (character n-grams from a cached table, word n-grams from
    the spaces), then hashed by one expression over all of them: a dozen numpy calls, whatever the settings.
    """
    joined = f" {text} "
    n_chars = len(joined)
    data = np.frombuffer(joined.encode("utf-8"), np.uint8)
    p_pow, q_pow, _ = _POWERS.ensure(data.size + 2)
    prefix = _prefix(data, p_pow, q_pow)
    if n_chars <= TABLE_CHARS:
        table = _char_table(*char_ngrams)
        n_char_grams = table.count[n_chars]
        a, b = table.a[:n_char_grams], table.b[:n_char_grams]
    else:
        a, b = _char_spans(*char_ngrams, n_chars)
        n_char_grams = a.size
    if data.size != n_chars:  # not ASCII: code points -> bytes
        starts = np.empty(n_chars + 1, np.int64)  # byte offset of each code point, and the end
        starts[:n_chars] = np.not_equal(data & np.uint8(0xC0), np.uint8(0x80)).nonzero()[0]
        starts[n_chars] = data.size
        a, b = starts[a], starts[b]
    segments: list[tuple[int, int]] = []
    spaces = None
    if text:  # an empty text has no words
        sp = (data == _SPACE).nonzero()[0]
        n_spaces = sp.size
        segments, _ = _word_segments(n_spaces, *word_ngrams, n_char_grams)
        if segments:
            sp1 = sp + _ONE
            spaces = (sp, sp1)
            a = np.concatenate([a, *[sp1[: n_spaces - n] for n, _ in segments]])
            b = np.concatenate([b, *[sp[n:] for n, _ in segments]])
    # Fancy indexing, not .take(): on arrays of a message's size numpy's indexing fast path costs ~0.15 µs less a call.
    hashes = prefix[a]
    np.subtract(_CHAR_SEED, hashes[:n_char_grams], out=hashes[:n_char_grams])
    if segments:
        np.subtract(_WORD_SEED, hashes[n_char_grams:], out=hashes[n_char_grams:])
    np.multiply(hashes, p_pow[b - a], out=hashes)
    np.add(hashes, prefix[b], out=hashes)
    fmix32_inplace(hashes)
    return Grams(hashes, None, n_char_grams, segments, spaces, (a, b), prefix, p_pow)


def _char_spans(lo: int, hi: int, n_chars: int) -> tuple[np.ndarray, np.ndarray]:
    """Code point spans [a, b) of the character n-grams of a text of ``n_chars`` code points, size by size."""
    sizes = _char_sizes(lo, hi, n_chars)
    if not sizes:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a = np.concatenate([np.arange(n_chars - n + 1) for n in sizes])
    b = a + np.repeat(np.array(sizes, np.int64), [n_chars - n + 1 for n in sizes])
    return a, b


def _docs_into(out: np.ndarray, first: np.ndarray, last: np.ndarray, trash: np.ndarray, scratch: np.ndarray) -> None:
    """out = first where first == last, else trash (> every document), in three ufunc calls (np.where costs more)."""
    np.not_equal(first, last, out=scratch)
    np.multiply(scratch, trash, out=out)
    np.maximum(out, first, out=out)


def batch_grams(texts: list[str], char_ngrams: tuple[int, int], word_ngrams: tuple[int, int]) -> Grams:
    """The n-grams of several normalized texts (at least one), each with its document (``len(texts)``: none)."""
    n_docs = len(texts)
    joined = " " + "  ".join(texts) + " "
    raw = joined.encode("utf-8")
    n_chars = len(joined)
    data = np.frombuffer(raw, np.uint8)
    p_pow, q_pow, _ = _POWERS.ensure(data.size + 2)
    prefix = _prefix(data, p_pow, q_pow)
    trash = np.array(n_docs, np.uint32)
    sizes = _char_sizes(*char_ngrams, n_chars)
    n_char_grams = sum(n_chars - n + 1 for n in sizes)
    sp = (data == _SPACE).nonzero()[0]
    segments, total = _word_segments(sp.size, *word_ngrams, n_char_grams)
    hashes = np.empty(total, np.uint32)
    docs = np.empty(total, np.uint32)

    # Documents of the character n-grams: a text's padded form is len + 2 code points; an n-gram is in a text when
    # its first and last code points are.
    doc_ids = np.arange(n_docs, dtype=np.uint32)
    doc_of = doc_ids.repeat(np.fromiter(map(len, texts), np.int64, n_docs) + 2)
    across = np.empty(total, dtype=bool)
    o = 0
    for n in sizes:
        k = n_chars - n + 1
        _docs_into(docs[o : o + k], doc_of[:k], doc_of[n - 1 :], trash, across[o : o + k])
        o += k
    _char_hashes(hashes, prefix, p_pow, data, sizes, n_chars)

    sp1 = None
    if segments:
        # Each text's bytes hold its own spaces and the two of its padding: the documents of the spaces, in order.
        doc_sp = doc_ids.repeat(np.fromiter(map(str.count, texts, repeat(" ", n_docs)), np.int64, n_docs) + 2)
        sp1 = sp + _ONE
        for n, start in segments:
            k = sp.size - n
            seg = docs[start : start + k]
            _docs_into(seg, doc_sp[:k], doc_sp[n:], trash, across[start : start + k])
            if n == 1:  # an empty span (an empty text) is no word; spans of two words or more never are
                empty = np.equal(sp[1:], sp1[:k], out=across[start : start + k])
                if empty.any():
                    seg[empty] = trash
        _word_hashes(hashes, prefix, p_pow, sp, sp1, segments)
    fmix32_inplace(hashes)
    return Grams(hashes, docs, n_char_grams, segments, (sp, sp1) if segments else None, None, prefix, p_pow)
