"""Fit the conversation-level head: a logistic regression over ``runtime.conversation.ConversationStats`` features.

Rows are (conversation, sender, prefix ending at one of the sender's messages), built from message probabilities of
the *final* message model on validation conversations, whose families the message model never saw, so the scores
look like scores on new text. Labels: the groomer's prefixes from ``alert_from`` on are positive; the groomer's
earlier prefixes are left out (a reviewer would not act yet); every other sender's prefixes are negative.

Each conversation is replayed twice: as it was, and each sender alone (a single-sided transcript, where the other
side's minor signals are missing), so the head learns to read a sender's own lines too.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from groomguard.runtime.conversation import ConversationStats
from groomguard.training.records import Record


@dataclass
class ConversationRows:
    x: np.ndarray  # float32 [rows, F]
    y: np.ndarray  # int [rows]
    conversation: np.ndarray  # object [rows], conversation id


def group_conversations(records: list[Record]) -> dict[str, list[int]]:
    """conversation id -> indices of its records in message order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        groups[r.conversation_id].append(i)
    for idx in groups.values():
        idx.sort(key=lambda i: records[i].message_index)
    return dict(groups)


def is_groomer(r: Record) -> bool:
    return r.conversation_grooming == 1 and r.sender_role == "adult"


def conversation_rows(
    records: list[Record], probs: np.ndarray, label_index: dict[str, int], sides_alone: bool = True
) -> ConversationRows:
    xs, ys, cids = [], [], []
    replays = []
    for cid, idx in group_conversations(records).items():
        replays.append((cid, idx))
        senders = {records[i].sender for i in idx}
        if sides_alone and len(senders) > 1:
            replays += [(cid, [i for i in idx if records[i].sender == s]) for s in sorted(senders)]
    for cid, idx in replays:
        stats = ConversationStats(label_index)
        for i in idx:
            r = records[i]
            features = stats.add(r.sender, probs[i])  # exactly what the monitor computes at this message
            label = 0
            if is_groomer(r):
                if r.alert_from < 0 or r.message_index < r.alert_from:
                    continue
                label = 1
            xs.append(features)
            ys.append(label)
            cids.append(cid)
    x = np.array(xs, dtype=np.float32).reshape(len(xs), -1)
    return ConversationRows(x, np.array(ys, dtype=int), np.array(cids, dtype=object))


def running_risk(
    records: list[Record], probs: np.ndarray, label_index: dict[str, int], weights: np.ndarray, bias: float
) -> dict[str, np.ndarray]:
    """conversation id -> the conversation's risk after each message (max over senders so far)."""
    out: dict[str, np.ndarray] = {}
    for cid, idx in group_conversations(records).items():
        stats = ConversationStats(label_index)
        latest: dict[str, float] = {}
        risk = np.zeros(len(idx))
        for pos, i in enumerate(idx):
            f = stats.add(records[i].sender, probs[i])
            latest[records[i].sender] = float(1.0 / (1.0 + np.exp(-(f @ weights + bias))))
            risk[pos] = max(latest.values())
        out[cid] = risk
    return out


def half_of(conversation_id: str, seed: int) -> int:
    """0 or 1: which half of the validation conversations (fit the head / choose its thresholds)."""
    return hashlib.sha256(f"{seed}:half:{conversation_id}".encode()).digest()[0] & 1


def fit_conversation_head(rows: ConversationRows, C: float, seed: int) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    if len(set(rows.y.tolist())) < 2:
        return np.zeros(rows.x.shape[1]), -4.0
    head = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=seed)
    head.fit(rows.x.astype(np.float64), rows.y)
    return head.coef_[0].astype(np.float64), float(head.intercept_[0])
