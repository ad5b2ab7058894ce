"""Records -> the featurizer's sparse count matrix, label matrix and annotation mask, per split.

Training fits on exactly the runtime featurizer's output (``Featurizer.featurize_batch``), so training and scoring
cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from groomguard.runtime.featurizer import Featurizer
from groomguard.training.records import LABELS, Record

CHUNK = 20_000


@dataclass
class Split:
    """The messages of one split, in record order."""

    records: list[Record]
    counts: sp.csr_matrix  # float32 [n, n_features], raw n-gram and special-feature counts
    y: np.ndarray  # bool [n, n_labels]
    annotated: np.ndarray  # bool [n, n_labels]

    def __len__(self) -> int:
        return len(self.records)


def featurize(featurizer: Featurizer, texts: list[str]) -> sp.csr_matrix:
    """Sparse count matrix of ``texts`` (float32 CSR, rows in order)."""
    n_buckets = featurizer.config.n_features  # the hashed buckets, then the special features
    blocks = []
    for start in range(0, len(texts), CHUNK):
        batch = featurizer.featurize_batch(texts[start : start + CHUNK])
        blocks.append(
            sp.csr_matrix((batch.counts, batch.ids, batch.indptr), shape=(len(batch), n_buckets), dtype=np.float32)
        )
    if not blocks:
        return sp.csr_matrix((0, n_buckets), dtype=np.float32)
    return sp.vstack(blocks, format="csr")


def label_matrix(records: list[Record], labels: tuple[str, ...] = LABELS) -> tuple[np.ndarray, np.ndarray]:
    index = {label: j for j, label in enumerate(labels)}
    y = np.zeros((len(records), len(labels)), dtype=bool)
    mask = np.zeros((len(records), len(labels)), dtype=bool)
    for i, r in enumerate(records):
        for label in r.labels:
            y[i, index[label]] = True
        for label in r.annotated:
            mask[i, index[label]] = True
    return y, mask


def make_split(featurizer: Featurizer, records: list[Record]) -> Split:
    y, mask = label_matrix(records)
    return Split(records, featurize(featurizer, [r.text for r in records]), y, mask)


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """log(1 + count) * idf, each row scaled to unit L2 norm (rows of zeros stay zero). Mirrors the ONNX graph."""
    x = counts.copy().astype(np.float64)
    x.data = np.log1p(x.data) * idf[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ x)


def document_frequency_idf(counts: sp.csr_matrix) -> np.ndarray:
    """Smoothed idf as scikit-learn computes it: ln((1 + n) / (1 + df)) + 1."""
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1.0 + n) / (1.0 + df)) + 1.0
