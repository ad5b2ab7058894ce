"""Suite ``custom``: any labelled JSONL or CSV a researcher brings, scored with the shipped model.

    python -m groomguard.eval --model model --suite custom \\
        --data-file my_chats.jsonl --label-field is_grooming [--text-field text] [--out build/eval]

A run of this suite alone writes ``build/eval/<model_version>/`` by default, never the published
``eval/results/<model_version>/`` (see ``groomguard.eval.__main__``).

Positive label values: 1/true/yes (any case); negative: 0/false/no; rows with other values or no text are skipped and
counted. Message level: ``grooming_risk`` PR-AUC and precision/recall/F1 at each preset. When rows carry a
``conversation_id`` (with optional ``sender`` and ``message_index``), conversation level too: a conversation is
positive when any of its messages is, and alerted when the ``ConversationMonitor`` alerted on any sender.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from groomguard.eval.data import RISK, Conversation, read_labelled_file, sort_by_conversation
from groomguard.eval.metrics import average_precision, prf_at, prf_counts
from groomguard.eval.scoring import run_monitor, score_texts
from groomguard.runtime.scorer import PRESETS, Scorer

NAME = "custom"


def evaluate(scorer: Scorer, rows: list[dict]) -> dict:
    """Message-level and (when rows have conversation ids) conversation-level scores of labelled rows."""
    probs = score_texts(scorer, [r["text"] for r in rows])
    risk = probs[:, scorer.label_index[RISK]]
    y = np.array([r["label"] == 1 for r in rows], dtype=bool)
    out: dict = {
        "messages": len(rows),
        "positives": int(y.sum()),
        "message": {
            "pr_auc": average_precision(y, risk),
            "presets": {p: prf_at(y, risk, scorer.message_threshold(RISK, p)) for p in PRESETS},
        },
    }
    with_conv = [i for i, r in enumerate(rows) if "conversation_id" in r]
    if with_conv:
        out["conversation"] = conversation_level(scorer, [rows[i] for i in with_conv], probs[with_conv])
    return out


def conversation_level(scorer: Scorer, rows: list[dict], probs: np.ndarray) -> dict:
    order = {id(r): i for i, r in enumerate(rows)}
    rows = sort_by_conversation(rows)
    probs = probs[[order[id(r)] for r in rows]]
    convs: list[Conversation] = []
    truth: list[bool] = []
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i]["conversation_id"] != rows[start]["conversation_id"]:
            positive = any(r["label"] == 1 for r in rows[start:i])
            convs.append(Conversation(rows[start]["conversation_id"], start, i, int(positive), "", -1))
            truth.append(positive)
            start = i
    keys = [(r["conversation_id"], r["sender"]) for r in rows]
    out = {"conversations": len(convs), "positives": int(sum(truth)), "presets": {}}
    for preset in PRESETS:
        alerted = [o.alerted for o in run_monitor(scorer, preset, keys, probs, convs)]
        tp = sum(a and t for a, t in zip(alerted, truth, strict=True))
        fp = sum(a and not t for a, t in zip(alerted, truth, strict=True))
        fn = sum(t and not a for a, t in zip(alerted, truth, strict=True))
        negatives = len(truth) - sum(truth)
        row = prf_counts(tp, fp, fn)
        row["false_alert_rate"] = fp / negatives if negatives else 0.0
        out["presets"][preset] = row
    return out


def run(scorer: Scorer, path: Path, label_field: str, text_field: str = "text") -> dict:
    rows, skipped = read_labelled_file(path, label_field, text_field)
    out = evaluate(scorer, rows)
    out["file"] = Path(path).name
    out["label_field"] = label_field
    out["text_field"] = text_field
    out["skipped"] = skipped
    return out
