"""The trained model as plain arrays + JSON (no pickle), and its scikit-learn reference predictions.

``make train`` writes ``model.npz`` and ``model.json`` into the training directory; ``make export`` turns them into the
ONNX graph. ``TrainedModel.sklearn_predict_proba`` scores texts with scikit-learn's own ``LogisticRegression`` objects
rebuilt from the arrays: the reference the ONNX graph must match (parity tests, eval baselines, bench ratios).

Column 0 of the compact feature space is "dropped": every hashed bucket not kept maps there, with idf 0 and weight 0,
so dropped features add nothing to the length normalization, exactly as in the graph.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from groomguard.runtime.featurizer import Featurizer, FeaturizerConfig
from groomguard.training.dataset import featurize, tfidf


@dataclass
class TrainedModel:
    featurizer: FeaturizerConfig
    labels: tuple[str, ...]
    kept: np.ndarray  # int64 [K], sorted bucket ids that carry weights
    idf: np.ndarray  # float64 [K + 1], idf[0] = 0 (dropped)
    weights: np.ndarray  # float64 [K + 1, L], weights[0] = 0
    bias: np.ndarray  # float64 [L]
    conv_weights: np.ndarray  # float64 [F]
    conv_bias: float
    thresholds: dict  # {"message": {label: {preset: t}}, "conversation": {preset: t}}
    meta: dict = field(default_factory=dict)
    window_weights: np.ndarray | None = None  # float64 [K + 1], the window head (no bias: see conversation.py)
    #: The context head (training/context_head.py): weights of [logit message risk, conversation logit], its bias.
    context_weights: np.ndarray | None = None
    context_bias: float = 0.0
    #: float32 [F]: the conversation features as the context head reads them, capped at these (+inf: as they are;
    #: ``context_head.CAPS``). None: read as they are (models before 0.9.0).
    context_caps: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.window_weights is None:
            self.window_weights = np.zeros(len(self.kept) + 1)
        if self.context_weights is None:  # until one is fitted: the message's own risk
            self.context_weights = np.array([1.0, 0.0])

    def remap(self) -> np.ndarray:
        """feature id (buckets, then special features) -> compact column (0 = dropped), as the graph's lookup table."""
        table = np.zeros(self.featurizer.n_features, dtype=np.int64)
        table[self.kept] = np.arange(1, len(self.kept) + 1)
        return table

    def compact_counts(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        table = self.remap()
        c = counts.tocsr()
        out = sp.csr_matrix((c.data, table[c.indices], c.indptr), shape=(c.shape[0], len(self.kept) + 1))
        out.sum_duplicates()
        return out

    def features(self, texts: list[str]) -> sp.csr_matrix:
        counts = featurize(Featurizer(self.featurizer), texts)
        return tfidf(self.compact_counts(counts), self.idf)

    def sklearn_heads(self) -> list:
        from sklearn.linear_model import LogisticRegression

        heads = []
        for j in range(len(self.labels)):
            head = LogisticRegression()
            head.classes_ = np.array([0, 1])
            head.coef_ = self.weights[:, j][None, :].astype(np.float64)
            head.intercept_ = np.array([self.bias[j]], dtype=np.float64)
            head.n_features_in_ = self.weights.shape[0]
            heads.append(head)
        return heads

    def sklearn_predict_proba(self, texts: list[str]) -> np.ndarray:
        """float64 [n, L]: scikit-learn's predict_proba of every head on the same features the graph computes."""
        x = self.features(list(texts))
        return np.column_stack([h.predict_proba(x)[:, 1] for h in self.sklearn_heads()])

    def window_logits(self, texts: list[str]) -> np.ndarray:
        """float64 [n]: the window head's logit of each text (without bias), as the graph's window_logit."""
        return self.window_logits_of(self.features(list(texts)))

    def window_logits_of(self, features: sp.csr_matrix) -> np.ndarray:
        """``window_logits`` of texts already featurized (``features``), for a caller that needs the matrix too."""
        return np.asarray(features @ self.window_weights).ravel()

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        np.savez(
            directory / "model.npz",
            kept=self.kept,
            idf=self.idf,
            weights=self.weights,
            bias=self.bias,
            conv_weights=self.conv_weights,
            conv_bias=np.array([self.conv_bias]),
            window_weights=self.window_weights,
            context_weights=self.context_weights,
            context_bias=np.array([self.context_bias]),
            **({} if self.context_caps is None else {"context_caps": self.context_caps}),
        )
        doc = {
            "featurizer": self.featurizer.to_dict(),
            "labels": list(self.labels),
            "thresholds": self.thresholds,
            "meta": self.meta,
        }
        (directory / "model.json").write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, directory: Path) -> TrainedModel:
        directory = Path(directory)
        doc = json.loads((directory / "model.json").read_text())
        with np.load(directory / "model.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        return cls(
            featurizer=FeaturizerConfig.from_dict(doc["featurizer"]),
            labels=tuple(doc["labels"]),
            kept=arrays["kept"],
            idf=arrays["idf"],
            weights=arrays["weights"],
            bias=arrays["bias"],
            conv_weights=arrays["conv_weights"],
            conv_bias=float(arrays["conv_bias"][0]),
            thresholds=doc["thresholds"],
            meta=doc["meta"],
            window_weights=arrays.get("window_weights"),
            context_weights=arrays.get("context_weights"),
            context_bias=float(arrays["context_bias"][0]) if "context_bias" in arrays else 0.0,
            context_caps=arrays.get("context_caps"),
        )
