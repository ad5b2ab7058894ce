"""The message scores a conversation-head refit reads, kept beside the model so that the next refit reuses them.

``python -m groomguard.training.fit --conversation-only`` (``make train-conversation``) refits the conversation head,
the context head and their thresholds on the message side's scores: validation's, and train's out of fold
(``training/oof.py``). The out-of-fold scores cost a refit of every message head and of the window head per fold,
about 11 minutes of a 13-minute refit on the shipped corpus. They depend only on the message side of the model, the
corpus and the training settings, never on the conversation features or heads, so a refit after a change to those
alone (the experiments recorded in ``training/conversation_head.py``) reads them back from ``refit_inputs.npz`` in
the training directory: about two minutes.

The file holds the sha256 of everything the scores depend on (``key``). A refit whose key differs (another corpus,
retrained message heads, another ``oof_folds``, another featurizer) recomputes the scores and rewrites the file.
Plain arrays, loaded without pickle.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

FILE = "refit_inputs.npz"
#: Training settings that only the conversation side reads: a change to them keeps the message scores.
CONVERSATION_SETTINGS = ("conv_C", "context_C")


def key(model, train_config: dict, sources: list[dict]) -> str:
    """sha256 of what the scores depend on: the message and window heads (arrays as saved), the featurizer, the
    training settings but the conversation side's, and the corpus (``sources``, with its sha256)."""
    h = hashlib.sha256()
    for array in (model.kept, model.idf, model.weights, model.bias, model.window_weights):
        a = np.ascontiguousarray(array)
        h.update(f"{a.dtype.str}{a.shape}".encode())
        h.update(a.tobytes())
    settings = {k: v for k, v in train_config.items() if k not in CONVERSATION_SETTINGS}
    doc = {"featurizer": model.featurizer.to_dict(), "labels": list(model.labels), "settings": settings}
    h.update(json.dumps({**doc, "sources": sources}, sort_keys=True).encode())
    return h.hexdigest()


def load(directory: Path, expected_key: str) -> tuple[np.ndarray, np.ndarray | None] | None:
    """(validation scores, out-of-fold train scores or None) saved under ``expected_key``; None when there is no
    file, or it was saved under another key."""
    path = Path(directory) / FILE
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as z:
        if str(z["key"]) != expected_key:
            return None
        return z["validation"], (z["out_of_fold"] if bool(z["has_out_of_fold"]) else None)


def save(directory: Path, saved_key: str, validation: np.ndarray, out_of_fold: np.ndarray | None) -> Path:
    path = Path(directory) / FILE
    np.savez(
        path,
        key=np.array(saved_key),
        validation=validation,
        out_of_fold=np.zeros((0, validation.shape[1])) if out_of_fold is None else out_of_fold,
        has_out_of_fold=np.array(out_of_fold is not None),
    )
    return path
