"""Fit the window head: *is this grooming?* asked of windows of a conversation's recent messages, both participants.

Training on windows instead of single messages is the one large gain measured at conversation level: the evidence of
grooming is spread over many lines, each weak alone. A window's features are the mean of its messages' TF-IDF rows,
so the head's logit of a window is the mean of its messages' logits (``w . mean(x) = mean(w . x)``): the graph gives
each message its logit (``window_logit``) and the runtime averages the last ``WINDOW`` of them
(``runtime/conversation.py``), exactly what was trained. The head's bias is left to the conversation head.

Windows (each of the last-``WINDOW``-messages shape the runtime sees, ending every ``stride`` messages):
- both participants of a conversation: positive when the conversation is grooming and the window holds a message
  labelled grooming_risk, negative in benign conversations, left out otherwise (grooming small talk);
- each sender alone (what a single-sided transcript looks like): the groomer's windows as above, every sender of a
  benign conversation negative, a child's own lines in a grooming conversation left out: the child's words are not
  what makes a chat grooming, and a head that learned them would point at the child.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from groomguard.runtime.conversation import WINDOW
from groomguard.training.records import RISK_LABEL, Record
from groomguard.training.replays import group_conversations, is_groomer


def windows(records: list[Record], stride: int, window: int = WINDOW) -> tuple[sp.csr_matrix, np.ndarray]:
    """A [n_windows, n_records] averaging matrix and the windows' labels (0/1)."""
    rows, cols, vals, labels = [], [], [], []

    def add(idx: list[int], label: int) -> None:
        for end in _ends(len(idx), stride, window):
            members = idx[max(0, end - window) : end]
            if label == 1 and not any(RISK_LABEL in records[i].labels for i in members):
                continue  # a stretch of small talk in a grooming chat: neither side of the question
            rows.extend([len(labels)] * len(members))
            cols.extend(members)
            vals.extend([1.0 / len(members)] * len(members))
            labels.append(label)

    for idx in group_conversations(records).values():
        first = records[idx[0]]
        if first.conversation_grooming not in (0, 1):
            continue
        grooming = first.conversation_grooming
        add(idx, grooming)
        by_sender: dict[str, list[int]] = {}
        for i in idx:
            by_sender.setdefault(records[i].sender, []).append(i)
        if len(by_sender) < 2:
            continue
        for own in by_sender.values():
            if not grooming:
                add(own, 0)
            elif is_groomer(records[own[0]]):
                add(own, 1)
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(labels), len(records)))
    return matrix, np.array(labels, dtype=int)


def _ends(n: int, stride: int, window: int) -> list[int]:
    """Window ends (exclusive): every ``stride`` messages from the first full window, and the conversation's end."""
    if n <= window:
        return [n]
    ends = list(range(window, n + 1, stride))
    if ends[-1] != n:
        ends.append(n)
    return ends


def fit_window_head(
    x: sp.csr_matrix,
    records: list[Record],
    C: float,
    seed: int,
    stride: int,
    log=print,
    *,
    tol: float,
    max_iter: int,
) -> np.ndarray:
    """Window-head weights over the columns of ``x`` (TF-IDF rows of ``records``); zeros when a class is missing.
    ``tol``, ``max_iter``: liblinear's, as the message heads get them (``TrainConfig``; no defaults, so that no caller
    gets liblinear's own tolerance, which stops at a point that depends on the machine)."""
    from sklearn.linear_model import LogisticRegression

    avg, y = windows(records, stride)
    if len(set(y.tolist())) < 2:
        return np.zeros(x.shape[1])
    xw = sp.csr_matrix(avg @ x)
    head = LogisticRegression(
        C=C, class_weight="balanced", solver="liblinear", max_iter=max_iter, tol=tol, random_state=seed
    )
    head.fit(xw, y)
    log(f"  window head: {len(y):,} windows ({int(y.sum()):,} grooming), {xw.nnz:,} non-zeros")
    return head.coef_[0].astype(np.float64)
