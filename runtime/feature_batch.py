"""The featurizer's output for a batch: a CSR matrix of feature ids and counts, built from sorted (row, id) keys.

Row i's ids are ``ids[indptr[i]:indptr[i+1]]``, ascending (n-gram buckets, then the special features), and
``padded()`` gives the dense ``[rows, width]`` inputs of the ONNX graph. ``count_sorted`` and ``from_sorted_keys``
turn the sorted occurrences of features, one key per n-gram or special feature, into distinct ids and their counts.
"""

from __future__ import annotations

import numpy as np


class FeatureBatch:
    """Sparse features of a batch, in CSR form: row i's ids are ``ids[indptr[i]:indptr[i+1]]``, sorted ascending.

    Read-only by convention (a plain class with slots, not a frozen dataclass: the dataclass machinery cost ~1 ms of
    every process's start).
    """

    __slots__ = ("counts", "ids", "indptr")

    def __init__(self, indptr: np.ndarray, ids: np.ndarray, counts: np.ndarray) -> None:
        self.indptr = indptr  # int64 [n_texts + 1]
        self.ids = ids  # int64 [nnz], feature ids in [0, n_features): buckets, then special features
        self.counts = counts  # float32 [nnz], occurrences of the feature in the text (>= 1)

    def __repr__(self) -> str:
        return f"FeatureBatch(indptr={self.indptr!r}, ids={self.ids!r}, counts={self.counts!r})"

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
            if len(self.indptr) == 2 and self.ids.size:  # one text (probabilities([text])): its row as it is
                return self.ids.reshape(1, -1).copy(), self.counts.reshape(1, -1).copy()
            lengths = self.indptr[1:] - self.indptr[:-1]
            source = slice(int(self.indptr[0]), int(self.indptr[-1]))
        else:
            rows = np.arange(len(self))[rows]  # checks the indices, and reads negative ones from the end
            starts = self.indptr[rows]
            lengths = self.indptr[rows + 1] - starts
            total = int(lengths.sum())
            source = np.arange(total, dtype=np.int64) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        n = lengths.size
        width = max(int(lengths.max()) if n else 0, 1)
        ids = np.zeros((n, width), dtype=np.int64)
        counts = np.zeros((n, width), dtype=np.float32)
        # Row r's features fill its first lengths[r] columns: a boolean mask assigns them in row-major order, which
        # is the CSR order.
        filled = np.arange(width) < lengths[:, None]
        ids[filled] = self.ids[source]
        counts[filled] = self.counts[source]
        return ids, counts


def _empty(n_rows: int) -> FeatureBatch:
    return FeatureBatch(np.zeros(n_rows + 1, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))


#: Below this many keys, fancy indexing gathers faster than ``.take()`` (numpy's fast path for small arrays saves
#: ~0.15 µs a call, which one message's features pay); above it ``.take()`` is the faster (a batch's keys).
SMALL = 4096


def count_sorted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of a sorted, non-empty array and how often each occurs (int64 positions' differences)."""
    n = keys.size
    edge = np.empty(n + 1, dtype=bool)  # edge[i]: a new value starts at i (and the end, at n)
    edge[0] = edge[n] = True
    np.not_equal(keys[1:], keys[:-1], out=edge[1:n])
    bounds = edge.nonzero()[0]  # the method, not np.flatnonzero: this runs per message, and wrappers cost µs
    starts = bounds[:-1]
    return (keys[starts] if n < SMALL else keys.take(starts)), bounds[1:] - starts


def text_features(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ids (int64, ascending) and counts (float32) of one text from its unsorted feature ids (uint32); sorts them."""
    if not keys.size:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    keys.sort()
    ids, counts = count_sorted(keys)
    return ids.astype(np.int64), counts.astype(np.float32)


def from_sorted_keys(keys: np.ndarray, shift: int, n_rows: int) -> FeatureBatch:
    """The CSR batch of sorted ``row << shift | id`` keys; rows from ``n_rows`` on (n-grams of no text) are dropped."""
    if not keys.size:
        return _empty(n_rows)
    keys, counts = count_sorted(keys)
    key_type = keys.dtype.type
    row = keys >> key_type(shift)
    indptr = row.searchsorted(np.arange(n_rows + 1, dtype=key_type)).astype(np.int64)
    end = int(indptr[-1])
    ids = (keys[:end] & key_type((1 << shift) - 1)).astype(np.int64)
    return FeatureBatch(indptr, ids, counts[:end].astype(np.float32))
