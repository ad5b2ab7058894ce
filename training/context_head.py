"""Fit the context head: a message's grooming risk *in its conversation*, from the message and its sender's context.

The message heads read one message alone, and most of a groomer's lines are harmless on their own ("hey how was your
day"), while the same tactic words turn up in benign chats (a parent's safety talk, gamers moving to voice chat).
The design defines ``grooming_risk`` as a message being part of grooming *in a harmful context*; one message alone
cannot show the context, the conversation head can. The context head combines the two:

    context_risk = sigmoid(a * logit(message grooming_risk) + b * conversation_logit + c),   a, b >= 0

where ``conversation_logit`` is the conversation head's logit of the message's sender after that message (what the
monitor computes there), read with the features of ``CAPS`` capped (since 0.9.0). It lives in the ONNX graph
(``context_risk``), fed the message's risk beside its conversation features. Rows: every message of the replays the
conversation head is fitted on (validation conversations as written, each sender alone, long replays;
``training/replays.py``); positive: the groomer's lines of a grooming conversation, all of them (they are what a
reviewer of the conversation must see); negative: every other line (the child's side, benign conversations, real small
talk). Thresholds: per preset, on the other half of the validation conversations as written (``written_steps``), by
the message rules with a false-positive cap on high_recall (``thresholds.context_thresholds``), with the child's lines
and benign conversations as the harmless messages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groomguard.runtime.conversation import FEATURE_NAMES, own_messages_feature
from groomguard.training.conversation_head import Walked, signed_logistic
from groomguard.training.replays import is_long

#: Message probabilities are clipped to [EPS, 1 - EPS] before their logit is taken (in float32, as in the graph).
EPS = 1e-6
#: The context head reads the sender's message count (``own_messages``) as far as this many messages, no further.
#: The count is the conversation head's largest weight (4.25 in 0.8.0), since the corpus's grooming chats run longer
#: than its benign ones: in validation, a benign synthetic sender writes 2-15 messages (5th to 99th percentile; 25 at
#: most), a groomer 11-49. Past where benign senders reach, the count tells the generator's lengths apart, not
#: grooming from harmless chat: read whole through the conversation logit, it made every line of a long harmless
#: chat riskier as the chat went on (0.8.0, balanced: real small talk strung into chats of 400+ messages had 0.18% of
#: its first 100 messages flagged and 9.5% from message 300 on; ``python -m groomguard.eval --suite long_chats``,
#: ``real_small_talk``). Below the cap, few messages is little evidence, and the count keeps a chat's first lines
#: from being flagged on a guess. Read not at all (a cap at 0; thresholds on every replay), validation's benign-twin
#: lines were flagged in their conversation at 14.9% and every benign conversation line at 3.5% (capped at 15: 10.3%,
#: 2.8%); realcheck's SMS lines at 1.5%. The alert (the conversation head) still reads the count whole.
COUNT_CAP = 15


#: ``own_messages`` of a sender with ``n`` messages: the runtime's own computation.
count_feature = own_messages_feature


#: Conversation features the context head reads capped, and their caps.
CAPS = {"own_messages": count_feature(COUNT_CAP)}


def context_caps() -> np.ndarray:
    """float32 [F]: each conversation feature's cap as the context head reads it (+inf: read as it is)."""
    caps = np.full(len(FEATURE_NAMES), np.inf, dtype=np.float32)
    for name, cap in CAPS.items():
        caps[FEATURE_NAMES.index(name)] = cap
    return caps


@dataclass
class ContextRows:
    x: np.ndarray  # float64 [rows, 2]: logit of the message's grooming_risk, the sender's conversation logit
    y: np.ndarray  # int [rows]: 1 for the groomer's lines


def message_logit(p: np.ndarray) -> np.ndarray:
    """logit of clipped probabilities, computed in float32 as the graph does."""
    q = np.clip(np.asarray(p, dtype=np.float32), np.float32(EPS), np.float32(1 - EPS))
    return (np.log(q) - np.log(np.float32(1) - q)).astype(np.float64)


def context_rows(
    walked: Walked, probs: np.ndarray, label_index: dict[str, int], conv_weights, conv_bias, caps=None
) -> ContextRows:
    """One row per step of the walked replays: what the monitor feeds the context head at that message (``caps``:
    the conversation features read capped, as ``context_caps``; None: read as they are)."""
    if not len(walked.labels):
        return ContextRows(np.zeros((0, 2)), np.zeros(0, dtype=int))
    w = np.asarray(conv_weights, dtype=np.float32)
    features = walked.features if caps is None else np.minimum(walked.features, np.asarray(caps, np.float32))
    conv_logit = (features @ w + np.float32(conv_bias)).astype(np.float64)
    message = probs[walked.rows, label_index["grooming_risk"]]
    return ContextRows(np.column_stack([message_logit(message), conv_logit]), (walked.labels != 0).astype(int))


def written_steps(walked: Walked) -> np.ndarray:
    """bool [steps]: the steps of conversations as written (not of long replays), on which the thresholds are chosen.

    The message rules cap the share of harmless lines flagged. Long replays hold several times as many harmless lines
    as the conversations they are made of, mostly real small talk that no head scores high; counted in, they let that
    budget go to the hard lines of short benign chats (a parent's safety talk) once long chats stopped drifting. On
    0.9.0's heads (``python -m groomguard.eval --split validation``, balanced; 0.8.0 in brackets): benign-twin lines
    flagged in their conversation 10.3% with them, 7.9% without (4.3%); every line of benign conversations 2.8% and
    1.9% (1.5%); groomer lines 0.64 and 0.57 (0.45).
    """
    if not walked.replays:
        return np.zeros(0, dtype=bool)
    return np.concatenate([np.full(len(rp.steps), not is_long(rp)) for rp in walked.replays]).astype(bool)


def fit_context_head(rows: ContextRows, C: float) -> tuple[np.ndarray, float]:
    """(a, b), c: both weights held >= 0 (a riskier message or a riskier sender never lowers a message's risk)."""
    if len(set(rows.y.tolist())) < 2:
        return np.array([1.0, 0.0]), 0.0  # no context to learn from: the message's own risk
    return signed_logistic(rows.x, rows.y, C, [+1, +1])


def context_risk(rows: ContextRows, weights: np.ndarray, bias: float) -> np.ndarray:
    z = rows.x @ np.asarray(weights, dtype=np.float64) + bias
    return 0.5 * (1 + np.tanh(0.5 * z))
