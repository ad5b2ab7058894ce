"""Score messages with the model: ``Scorer().score(text)`` and ``Scorer().score_batch(texts)``.

    from groomguard import Scorer
    scorer = Scorer()                          # the embedded default model
    scorer.score("are your parents home?")     # Score(risk=..., labels={...}, flagged=...)

Any ``str`` is valid input (empty, emoji only, 100k characters, any script); anything else raises ``TypeError``.
Deterministic, thread-safe (one onnxruntime session, stateless featurizer), no network (onnxruntime's telemetry is
switched off before it is imported: ``runtime/telemetry.py``), no logging of text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from groomguard.runtime import telemetry
from groomguard.runtime.conversation import N_FEATURES, TACTICS, WINDOW_COLUMN
from groomguard.runtime.featurizer import FeatureBatch, Featurizer, normalize_batch
from groomguard.runtime.model_file import PRESETS, ModelError, ModelFile, check_embedded_metadata, load_model_file

# onnxruntime's telemetry (on by default since 1.29) is switched off before onnxruntime is imported: see telemetry.py.
ort = telemetry.import_onnxruntime()

#: Rows per onnxruntime call in a large batch, the largest padded [rows x width] block sent at once, and the most
#: characters featurized at once: they bound the memory a batch takes, whatever its size and the lengths of its texts
#: (larger blocks made glibc keep ~6 MB more resident after they were freed, for no speed).
CHUNK = 128
PAD_BUDGET = 1 << 14
CHAR_BUDGET = 1 << 16
#: The most texts, and characters, normalized at once by probabilities() and score_batch(): a larger batch is taken
#: a block at a time, so its memory is that of one block (plus the results), not of the whole batch.
BLOCK_TEXTS = 4096
BLOCK_CHARS = 1 << 22
RISK = "grooming_risk"


def _check_texts(texts: object, method: str) -> None:
    """TypeError unless ``texts`` is a sequence (a list, a tuple, ...; not a str, a set, a mapping or an iterator)."""
    if isinstance(texts, str):
        raise TypeError(f"{method}() takes a sequence of str; use score() for one message")
    if (
        isinstance(texts, Mapping | set | frozenset)
        or not hasattr(texts, "__len__")
        or not hasattr(texts, "__getitem__")
    ):
        raise TypeError(f"{method}() takes a sequence of str (a list or a tuple), not {type(texts).__name__}")


def check_preset(preset: object) -> None:
    """ValueError unless ``preset`` is one of ``PRESETS``."""
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {PRESETS}, got {preset!r}")


def check_threshold(threshold: object) -> None:
    """TypeError unless ``threshold`` is None or a real number (not a bool, not a str), ValueError unless it is
    between 0 and 1 (NaN is not). The Scorer's and the ConversationMonitor's ``threshold`` arguments alike."""
    if threshold is None:
        return
    if isinstance(threshold, bool) or not isinstance(threshold, int | float | np.integer | np.floating):
        raise TypeError(f"threshold must be a number between 0 and 1, not {type(threshold).__name__}")
    if not 0.0 <= threshold <= 1.0:  # NaN fails the comparison too
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")


@dataclass(frozen=True)
class Score:
    """One message's scores. ``risk`` is the grooming_risk probability; ``labels`` the other labels' probabilities."""

    risk: float
    labels: dict[str, float]
    flagged: bool

    def tactics(self, threshold: float = 0.5) -> list[str]:
        """The grooming tactics (``conversation.TACTICS``) whose probability reaches ``threshold``, highest first.

        ``threshold`` is one number for every tactic (0.5 by default); ``ConversationMonitor``'s ``tactics_seen``
        uses each tactic's own threshold of its preset instead (``Scorer.message_threshold(tactic, preset)``), so
        the two can differ.

        Other labels are not tactics and are never listed: ``minor_signal`` says the writer may be a minor (a child's
        own "im 13" scores on it), not that anyone used a tactic.
        """
        shown = [(v, k) for k, v in self.labels.items() if k in TACTICS and v >= threshold]
        return [k for _, k in sorted(shown, key=lambda vk: -vk[0])]


class Scorer:
    """Loads a verified model and scores messages.

    preset: which thresholds decide ``flagged`` (``high_precision``, ``balanced``, ``high_recall``), chosen on
    validation data and stored in the model; ``threshold`` overrides it with a fixed grooming_risk threshold.
    """

    def __init__(
        self,
        model: str | Path | ModelFile | None = None,
        *,
        preset: str = "balanced",
        threshold: float | None = None,
        intra_op_threads: int = 1,
        inter_op_threads: int = 1,
    ) -> None:
        self.model = model if isinstance(model, ModelFile) else load_model_file(model)
        check_preset(preset)
        check_threshold(threshold)
        for name, value in (("intra_op_threads", intra_op_threads), ("inter_op_threads", inter_op_threads)):
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                raise TypeError(f"{name} must be an int >= 0 (0: onnxruntime's default), not {type(value).__name__}")
            if value < 0:
                raise ValueError(f"{name} must be an int >= 0 (0: onnxruntime's default), got {value}")
        intra_op_threads, inter_op_threads = int(intra_op_threads), int(inter_op_threads)
        self.preset = preset
        telemetry.switch_off_environment()  # again, in case the host changed it since the import
        telemetry.disable_events(ort)
        options = ort.SessionOptions()
        options.intra_op_num_threads = intra_op_threads
        options.inter_op_num_threads = inter_op_threads
        options.log_severity_level = 3
        # No memory arena: tensors here are small and short-lived; the arena kept ~4 MB more resident, for no speed.
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False  # it cached a memory plan for every batch width seen, for no speed
        try:
            self._session = ort.InferenceSession(
                self.model.onnx_bytes, sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelError(f"{self.model.onnx_path}: onnxruntime cannot load it: {exc}") from exc
        check_embedded_metadata(self.model, self._session.get_modelmeta().custom_metadata_map)
        self.labels: tuple[str, ...] = self.model.labels
        self._index = {label: j for j, label in enumerate(self.labels)}
        self._risk = self._index[RISK]
        self._others = [(label, j) for label, j in self._index.items() if label != RISK]
        self.featurizer = Featurizer(self.model.featurizer)
        self.threshold = float(threshold) if threshold is not None else self.message_threshold(RISK, preset)
        # Empty conversation inputs: the graph skips its conversation heads then (training/graph.py); a model
        # exported before that computes them on no rows, with the same message outputs.
        self._no_conv = np.zeros((0, N_FEATURES), dtype=np.float32)
        self._no_message = np.zeros((0, 1), dtype=np.float32)
        self._no_ids = np.zeros((1, 1), dtype=np.int64)
        self._no_counts = np.zeros((1, 1), dtype=np.float32)
        self._outputs = ["probabilities", "window_logit"]
        self._probs_output = ["probabilities"]

    @classmethod
    def load(cls, path: str | Path, **kwargs) -> Scorer:
        """``Scorer(path, **kwargs)``: the model in the folder ``path`` (or its manifest.json or .onnx file)."""
        return cls(path, **kwargs)

    @property
    def model_version(self) -> str:
        return self.model.model_version

    @property
    def label_index(self) -> dict[str, int]:
        return dict(self._index)

    def message_threshold(self, label: str, preset: str = "balanced") -> float:
        """The preset's threshold on one message's probability of ``label`` (chosen on validation data)."""
        check_preset(preset)
        thresholds = self.model.thresholds["message"]
        if label not in thresholds:
            raise KeyError(f"no label {label!r} in this model: {', '.join(self.labels)}")
        return float(thresholds[label][preset])

    def conversation_threshold(self, preset: str = "balanced") -> float:
        """The preset's threshold on a sender's conversation risk: where ``ConversationMonitor`` alerts."""
        check_preset(preset)
        return float(self.model.thresholds["conversation"][preset])

    def context_threshold(self, preset: str = "balanced") -> float:
        """The preset's threshold on a message's risk in its conversation (``conversation_and_context``)."""
        check_preset(preset)
        return float(self.model.thresholds["context"][preset])

    @property
    def window_index(self) -> dict[str, int]:
        """``label_index`` plus the window logit's column in ``probabilities(texts, window=True)``."""
        return {**self._index, WINDOW_COLUMN: len(self.labels)}

    def probabilities(self, texts: Sequence[str], window: bool = False) -> np.ndarray:
        """float32 [n, n_labels] in the model's label order (``self.labels``).

        window: add one column after the labels, the message's window logit (the window head's contribution,
        which ``ConversationMonitor`` averages over a conversation's recent messages); ``window_index`` names it.
        """
        _check_texts(texts, "probabilities")
        n = len(texts)
        width = len(self.labels) + 1
        if n == 0:
            return np.zeros((0, width if window else len(self.labels)), dtype=np.float32)
        blocks = list(_blocks(texts))
        if len(blocks) == 1:
            out = self._block_probabilities(texts)
        else:
            out = np.empty((n, width), dtype=np.float32)
            for start, stop in blocks:
                out[start:stop] = self._block_probabilities(texts[start:stop])
        return out if window else out[:, : len(self.labels)]

    def _block_probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """[n, n_labels + 1] of one block: the probabilities, then the window logit."""
        normalized = normalize_batch(texts)
        n = len(normalized)
        lengths = np.fromiter(map(len, normalized), dtype=np.int64, count=n)
        if n <= CHUNK and int(lengths.sum()) <= CHAR_BUDGET:
            return self._run_rows(self.featurizer.featurize_normalized(normalized), np.arange(n))
        # Texts sorted by length and scored CHUNK at a time (fewer when long): each chunk is padded to its own widest
        # row, so the graph's work (rows x width) stays close to the real number of features whatever the mix of
        # lengths, and the arrays stay small (memory bounded by the chunk, not by the batch).
        order = np.argsort(lengths, kind="stable")
        total = np.concatenate(([0], np.cumsum(lengths[order])))  # characters in the first k sorted texts
        out = np.empty((n, len(self.labels) + 1), dtype=np.float32)
        start = 0
        while start < n:
            stop = min(start + CHUNK, n)
            if total[stop] - total[start] > CHAR_BUDGET:
                stop = max(start + 1, int(np.searchsorted(total, total[start] + CHAR_BUDGET, side="right")) - 1)
            rows = order[start:stop]
            batch = self.featurizer.featurize_normalized([normalized[i] for i in rows.tolist()])
            out[rows] = self._run_rows(batch, np.arange(len(rows)))
            start = stop
        return out

    def _run_rows(self, batch: FeatureBatch, rows: np.ndarray) -> np.ndarray:
        """Probabilities of ``rows`` of ``batch``, split in halves while the padded block exceeds PAD_BUDGET."""
        lengths = batch.indptr[rows + 1] - batch.indptr[rows]
        if len(rows) > 1 and max(int(lengths.max()), 1) * len(rows) > PAD_BUDGET:
            half = len(rows) // 2
            return np.concatenate([self._run_rows(batch, rows[:half]), self._run_rows(batch, rows[half:])])
        return self._run(*batch.padded(None if len(rows) == len(batch) else rows))

    def message_feeds(self, ids: np.ndarray, counts: np.ndarray) -> dict[str, np.ndarray]:
        """The graph's inputs for messages alone: padded ``ids``/``counts``, placeholders for the conversation's."""
        return {"ids": ids, "counts": counts, "conv_features": self._no_conv, "message_risk": self._no_message}

    def _run(self, ids: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """[rows, n_labels + 1]: the probabilities, then the window logit."""
        probs, window = self._session.run(self._outputs, self.message_feeds(ids, counts))
        return np.concatenate([probs, window], axis=1)

    def score(self, text: str) -> Score:
        """One message's scores, read alone (``ConversationMonitor`` reads it in its conversation).

        Only the first 10,000 characters of the normalized text are scored (``runtime/FEATURES.md``); a longer one
        is truncated, which ``normalize.normalized_length(text) > normalize.MAX_CHARS`` tells.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        ids, counts = self.featurizer.features(text)
        if not ids.size:  # the graph takes a width of at least 1; padding is id 0 with count 0
            ids, counts = self._no_ids[0], self._no_counts[0]
        feeds = self.message_feeds(ids[None, :], counts[None, :])
        return self.to_score(self._session.run(self._probs_output, feeds)[0][0])

    def score_batch(self, texts: Sequence[str]) -> list[Score]:
        """``score()`` of each text, computed a block at a time (memory: one block's work, plus the Scores).

        The values equal ``score()``'s up to float32 rounding: onnxruntime sums a batch's padded rows in another
        order, so a probability can differ in its last bit (~1e-7) with the batch it is scored in.
        """
        _check_texts(texts, "score_batch")
        scores: list[Score] = []
        for start, stop in _blocks(texts):
            scores.extend(self.to_score(row) for row in self._block_probabilities(texts[start:stop]))
        return scores

    def to_score(self, row: np.ndarray) -> Score:
        """A ``Score`` from one row of ``probabilities()``."""
        values = row.tolist()  # Python floats at once (the same values as float() of each element, a µs sooner)
        risk = values[self._risk]
        return Score(risk=risk, labels={label: values[j] for label, j in self._others}, flagged=risk >= self.threshold)

    def conversation_risk(self, features: np.ndarray) -> np.ndarray:
        """float32 [n]: the conversation head on rows of ``runtime.conversation.ConversationStats`` features."""
        features = np.asarray(features, dtype=np.float32).reshape(-1, N_FEATURES)
        message = np.zeros((len(features), 1), dtype=np.float32)
        feeds = {"ids": self._no_ids, "counts": self._no_counts, "conv_features": features, "message_risk": message}
        return self._session.run(["conversation_risk"], feeds)[0][:, 0]

    def conversation_and_context(self, features: np.ndarray, message_risk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """float32 [n] twice: the conversation head on rows of ``ConversationStats`` features, and the context head:
        the risk of the message each row was computed at, in its conversation, from ``message_risk`` (that message's
        grooming_risk) and its sender's conversation logit (since model 0.9.0 read with the message count capped,
        inside the graph: ``training/context_head.py``)."""
        features = np.asarray(features, dtype=np.float32).reshape(-1, N_FEATURES)
        message = np.asarray(message_risk, dtype=np.float32).reshape(-1, 1)
        if len(message) != len(features):
            raise ValueError(f"{len(message)} message risks for {len(features)} rows of conversation features")
        feeds = {"ids": self._no_ids, "counts": self._no_counts, "conv_features": features, "message_risk": message}
        conv, context = self._session.run(["conversation_risk", "context_risk"], feeds)
        return conv[:, 0], context[:, 0]


def _blocks(texts: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(start, stop) of consecutive blocks of at most BLOCK_TEXTS texts and about BLOCK_CHARS characters (a longer
    text is a block of its own). Type errors are left to the featurizer, which names the offending item."""
    n = len(texts)
    start = 0
    while start < n:
        stop = start
        chars = 0
        limit = min(start + BLOCK_TEXTS, n)
        while stop < limit:
            text = texts[stop]
            chars += len(text) if isinstance(text, str) else 0
            if chars > BLOCK_CHARS and stop > start:
                break
            stop += 1
        yield start, stop
        start = stop
