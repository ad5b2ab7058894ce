"""Features of one sender within a conversation, computed from the running message scores (numpy only).

The conversation-level head of the model (a logistic regression inside the ONNX graph) reads these features. They
are computed here once: the ``ConversationMonitor`` calls this at scoring time and training calls it to fit the head,
so the two cannot drift. The features read both sides: the sender's tactics, and minor signals from the *other*
participants (grooming is tactics toward a minor; the same words between adults are not).

Features are computed over a window of the conversation's most recent messages, so memory per conversation is bounded.
"""

from __future__ import annotations

import numpy as np

TACTICS = (
    "trust_building",
    "risk_assessment",
    "personal_info",
    "secrecy",
    "platform_move",
    "gifts",
    "meeting",
    "sexual_content",
    "coercion",
)
EARLY = ("trust_building", "risk_assessment", "personal_info", "secrecy")
LATE = ("meeting", "sexual_content", "coercion")
#: Messages of the conversation (all senders) the features look at.
WINDOW = 100
#: A message "shows" a label when its probability reaches this.
SHOWN = 0.5

FEATURE_NAMES: tuple[str, ...] = (
    *(f"max_{t}" for t in TACTICS),
    *(f"sum_{t}" for t in TACTICS),
    "max_grooming_risk",
    "sum_grooming_risk",
    "mean_grooming_risk",
    "minor_other",
    "minor_self",
    "distinct_tactics",
    "escalation",
    "own_messages",
    "minor_other_x_risk",
    "minor_other_x_tactic",
)
N_FEATURES = len(FEATURE_NAMES)


def conversation_features(probs: np.ndarray, own: np.ndarray, label_index: dict[str, int]) -> np.ndarray:
    """Features of the sender whose messages are marked in ``own``.

    probs: float [n, n_labels], message probabilities of the window's messages in order (oldest first).
    own: bool [n], True for the messages sent by the sender being assessed.
    label_index: label name -> column of ``probs`` (from the model's manifest; never by position).
    Returns float32 [N_FEATURES].
    """
    probs = np.asarray(probs, dtype=np.float64)[-WINDOW:]
    own = np.asarray(own, dtype=bool)[-WINDOW:]
    out = np.zeros(N_FEATURES, dtype=np.float32)
    mine = probs[own]
    theirs = probs[~own]
    tactic_cols = [label_index[t] for t in TACTICS]
    risk = label_index["grooming_risk"]
    minor = label_index["minor_signal"]
    k = len(TACTICS)
    if len(mine):
        tactic = mine[:, tactic_cols]
        maxima = tactic.max(axis=0)
        out[:k] = maxima
        out[k : 2 * k] = np.minimum(tactic.sum(axis=0), 5.0) / 5.0
        out[2 * k] = mine[:, risk].max()
        out[2 * k + 1] = min(float(mine[:, risk].sum()), 5.0) / 5.0
        out[2 * k + 2] = mine[:, risk].mean()
        out[2 * k + 4] = mine[:, minor].max()
        out[2 * k + 5] = float((maxima >= SHOWN).sum()) / k
        out[2 * k + 6] = _escalation(tactic)
        out[2 * k + 7] = np.log1p(len(mine)) / np.log1p(WINDOW)
    if len(theirs):
        out[2 * k + 3] = theirs[:, minor].max()
    out[2 * k + 8] = out[2 * k + 3] * out[2 * k]
    out[2 * k + 9] = out[2 * k + 3] * (out[:k].max() if len(mine) else 0.0)
    return out


def _escalation(tactic: np.ndarray) -> float:
    """1.0 when a late-stage tactic is shown after an early-stage one, else 0.0."""
    early_cols = [TACTICS.index(t) for t in EARLY]
    late_cols = [TACTICS.index(t) for t in LATE]
    early_rows = np.flatnonzero((tactic[:, early_cols] >= SHOWN).any(axis=1))
    late_rows = np.flatnonzero((tactic[:, late_cols] >= SHOWN).any(axis=1))
    if early_rows.size and late_rows.size and late_rows.max() > early_rows.min():
        return 1.0
    return 0.0
