"""Fit the context head: a message's grooming risk *in its conversation*, from the message and its sender's context.

The message heads read one message alone, and most of a groomer's lines are harmless on their own ("hey how was your
day"), while the same tactic words turn up in benign chats (a parent's safety talk, gamers moving to voice chat).
The design defines ``grooming_risk`` as a message being part of grooming *in a harmful context*; one message alone
cannot show the context, the conversation head can. The context head combines the two:

    context_risk = sigmoid(a * logit(message grooming_risk) + b * conversation_logit + c),   a, b >= 0

where ``conversation_logit`` is the conversation head's logit of the message's sender after that message (what the
monitor computes there). It lives in the ONNX graph (``context_risk``), fed the message's risk beside its
conversation features. Rows: every message of the replays the conversation head is fitted on (validation
conversations as written, each sender alone, long replays; ``training/replays.py``); positive: the groomer's lines of
a grooming conversation, all of them (they are what a reviewer of the conversation must see); negative: every other
line (the child's side, benign conversations, real small talk). Thresholds: per preset, on the other half of the
validation conversations, by the message rules with a false-positive cap on high_recall
(``thresholds.context_thresholds``), with the child's lines and benign conversations as the harmless messages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groomguard.training.conversation_head import Walked, signed_logistic

#: Message probabilities are clipped to [EPS, 1 - EPS] before their logit is taken (in float32, as in the graph).
EPS = 1e-6


@dataclass
class ContextRows:
    x: np.ndarray  # float64 [rows, 2]: logit of the message's grooming_risk, the sender's conversation logit
    y: np.ndarray  # int [rows]: 1 for the groomer's lines


def message_logit(p: np.ndarray) -> np.ndarray:
    """logit of clipped probabilities, computed in float32 as the graph does."""
    q = np.clip(np.asarray(p, dtype=np.float32), np.float32(EPS), np.float32(1 - EPS))
    return (np.log(q) - np.log(np.float32(1) - q)).astype(np.float64)


def context_rows(
    walked: Walked, probs: np.ndarray, label_index: dict[str, int], conv_weights, conv_bias
) -> ContextRows:
    """One row per step of the walked replays: what the monitor feeds the context head at that message."""
    if not len(walked.labels):
        return ContextRows(np.zeros((0, 2)), np.zeros(0, dtype=int))
    w = np.asarray(conv_weights, dtype=np.float32)
    conv_logit = (walked.features @ w + np.float32(conv_bias)).astype(np.float64)
    message = probs[walked.rows, label_index["grooming_risk"]]
    return ContextRows(np.column_stack([message_logit(message), conv_logit]), (walked.labels != 0).astype(int))


def fit_context_head(rows: ContextRows, C: float) -> tuple[np.ndarray, float]:
    """(a, b), c: both weights held >= 0 (a riskier message or a riskier sender never lowers a message's risk)."""
    if len(set(rows.y.tolist())) < 2:
        return np.array([1.0, 0.0]), 0.0  # no context to learn from: the message's own risk
    return signed_logistic(rows.x, rows.y, C, [+1, +1])


def context_risk(rows: ContextRows, weights: np.ndarray, bias: float) -> np.ndarray:
    z = rows.x @ np.asarray(weights, dtype=np.float64) + bias
    return 0.5 * (1 + np.tanh(0.5 * z))
