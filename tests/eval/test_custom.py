"""The custom suite on tiny researcher files (JSONL with conversations, CSV without), and the label parser."""

from __future__ import annotations

import csv
import json

import pytest

from groomguard.eval.data import parse_label, read_labelled_file
from groomguard.eval.suites import custom

ROWS = [
    {"conversation_id": "c1", "sender": "x", "message_index": 1, "body": "are your parents home right now", "y": "yes"},
    {"conversation_id": "c1", "sender": "y", "message_index": 0, "body": "hi", "y": 0},
    {"conversation_id": "c1", "sender": "x", "message_index": 2, "body": "dont tell anyone we talk", "y": True},
    {"conversation_id": "c2", "sender": "p", "message_index": 0, "body": "raid at nine?", "y": "false"},
    {"conversation_id": "c2", "sender": "q", "message_index": 1, "body": "sure, voice chat as usual", "y": "NO"},
    {"conversation_id": "c3", "sender": "m", "body": "did you get home ok", "y": "0"},
    {"conversation_id": "c3", "sender": "m", "body": "unlabelled line", "y": "maybe"},
    {"conversation_id": "c3", "sender": "m", "y": 1},
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1),
        ("1", 1),
        ("True", 1),
        ("yes", 1),
        (True, 1),
        (0, 0),
        ("no", 0),
        ("FALSE", 0),
        (None, None),
        ("", None),
        ("maybe", None),
        (2, None),
    ],
)
def test_parse_label(value, expected):
    assert parse_label(value) == expected


def test_custom_jsonl_with_conversations(tiny_scorer, tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\nnot json\n")
    out = custom.run(tiny_scorer, path, "y", text_field="body")
    assert out["messages"] == 6 and out["positives"] == 2
    assert out["skipped"] == {"no_text": 1, "bad_label": 1, "bad_json": 1}
    assert set(out["message"]["presets"]) == {"high_precision", "balanced", "high_recall"}
    assert out["message"]["pr_auc"] is not None and 0.0 <= out["message"]["pr_auc"] <= 1.0
    conv = out["conversation"]
    assert conv["conversations"] == 3 and conv["positives"] == 1
    for row in conv["presets"].values():
        assert row["tp"] + row["fn"] == 1 and 0.0 <= row["false_alert_rate"] <= 1.0
    assert out["file"] == "mine.jsonl"


def test_custom_csv_without_conversations(tiny_scorer, tmp_path):
    path = tmp_path / "mine.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["text", "label"])
        writer.writeheader()
        writer.writerow({"text": "are you alone right now", "label": "1"})
        writer.writerow({"text": "see you at practice", "label": "0"})
        writer.writerow({"text": "happy birthday!", "label": "no"})
    out = custom.run(tiny_scorer, path, "label")
    assert out["messages"] == 3 and out["positives"] == 1
    assert "conversation" not in out


def test_read_labelled_file_missing(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_labelled_file(tmp_path / "nope.jsonl", "y")
