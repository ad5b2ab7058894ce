"""The n-gram hash (FEATURES.md, section 3): FNV-style multiply-add over UTF-8 bytes, then MurmurHash3's finalizer.

All arithmetic is on uint32, wrapping modulo 2**32. ``hash_bytes`` is the scalar reference; ``ngrams.py`` computes
the same values vectorized over a text or a batch from the tables of powers kept here. The lexicon's exact 64-bit keys
are two of these hashes of one entry (``lexicon_key``).
"""

from __future__ import annotations

import threading

import numpy as np

_MASK = 0xFFFFFFFF
_PRIME = 16777619  # the FNV prime: odd, so invertible modulo 2**32
_PRIME_INV = pow(_PRIME, -1, 1 << 32)
WORD_SEED = 0x2545F491
CHAR_SEED = 0x9E3779B9
#: The seed of the second half of a lexicon entry's 64-bit key (the first half is its word n-gram hash).
LEXICON_SEED = 0x5BD1E995


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
# 0-d arrays, not numpy scalars: an operation between an array and a 0-d array costs about half as much.
_C1 = np.array(0x85EBCA6B, np.uint32)
_C2 = np.array(0xC2B2AE35, np.uint32)
_S13 = np.array(13, np.uint32)
_S16 = np.array(16, np.uint32)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer on a uint32 array (multiplications wrap modulo 2**32)."""
    return fmix32_inplace(np.array(h, dtype=np.uint32))


def fmix32_inplace(h: np.ndarray) -> np.ndarray:
    """``fmix32`` in place on a uint32 array (eight ufunc calls and one scratch array); returns ``h``."""
    tmp = np.empty_like(h)
    np.right_shift(h, _S16, out=tmp)
    np.bitwise_xor(h, tmp, out=h)
    np.multiply(h, _C1, out=h)
    np.right_shift(h, _S13, out=tmp)
    np.bitwise_xor(h, tmp, out=h)
    np.multiply(h, _C2, out=h)
    np.right_shift(h, _S16, out=tmp)
    np.bitwise_xor(h, tmp, out=h)
    return h


def hash_bytes(data: bytes, seed: int) -> int:
    """Reference (scalar) hash of one n-gram's UTF-8 bytes; the vectorized path must agree with it."""
    h = seed
    for b in data:
        h = (h * _PRIME + b) & _MASK
    return int(fmix32(np.array([h], dtype=np.uint32))[0])


def lexicon_key(normalized_entry: str) -> int:
    """The exact 64-bit key of a normalized word or word pair: its word n-gram hash, then a second, other-seeded one."""
    data = normalized_entry.encode("utf-8")
    return (hash_bytes(data, WORD_SEED) << 32) | hash_bytes(data, LEXICON_SEED)
