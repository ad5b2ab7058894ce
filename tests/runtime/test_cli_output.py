"""The CLI's records (runtime/cli_output.py): the JSONL fast path writes exactly what json.dumps of the record would."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from groomguard.runtime.cli_output import Writer, conversation_key
from groomguard.runtime.formats import ChatMessage
from groomguard.runtime.monitor import ConversationMonitor

LABELS = ("secrecy", "grooming_risk", "minor_signal", "meeting")  # any order: looked up by name


def keys(batch):
    return [conversation_key(m.source, m.conversation_id) for m in batch]


def messages():
    return [
        ChatMessage("hi", "c1", "jake", 1, "a.jsonl"),
        ChatMessage('quote " and \\ and ☃ and \n', "c\u00e91", "ö", 2, "a.jsonl", "2024-01-02T03:04:05", "m-2"),
        ChatMessage("x", "c1", "kid", 3, "b.jsonl", extra={"risk": "theirs", "room": 7, "meta": {"a": [1, None]}}),
        ChatMessage("y", "c2", "s", 4, "b.jsonl", id="7", extra={"text": "ignored?", "ünï": "côde"}),
    ]


@pytest.mark.parametrize("include_text", [False, True])
def test_jsonl_lines_are_json_dumps_of_the_record(include_text):
    out = io.StringIO()
    writer = Writer(out, "jsonl", include_text, LABELS)
    batch = messages()
    probs = np.array([[0.123456, 0.5, 0.00005, 1.0], [0, 0.99995, 0.333333, 0.25], [1e-7, 0.2, 0.7, 0.1], [0.5] * 4])
    probs = probs.astype(np.float32)
    context = [0.91, 0.123449, 1.0, 0.0]  # the message's risk in its conversation, from the monitor
    flagged = [True, False, True, False]
    writer.register(batch, keys(batch))
    writer.messages(batch, probs, context, flagged)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(batch)
    for line, m, p, c, f in zip(lines, batch, probs, context, flagged, strict=True):
        record = {
            "id": m.id if m.id is not None else f"{m.source}:{m.line}",
            "conversation_id": m.conversation_id,
            "sender": m.sender,
            "line": m.line,
            "source": m.source,
            "timestamp": m.timestamp,
            "risk": round(c, 4),
            "message_risk": round(float(p[1]), 4),
            "labels": {"secrecy": round(float(p[0]), 4), "minor_signal": round(float(p[2]), 4)},
            "flagged": f,
        }
        record["labels"]["meeting"] = round(float(p[3]), 4)
        if include_text:
            record["text"] = m.text
        for key, value in m.extra.items():
            record.setdefault(key, value)
        assert line == json.dumps(record, ensure_ascii=False)


def test_rounding_matches_python_round_on_float32_probabilities():
    rng = np.random.default_rng(0)
    probs = rng.random((2000, len(LABELS))).astype(np.float32)
    probs[:50] = np.float32(1 / 32)  # 0.03125: a tie at the 4th decimal
    out = io.StringIO()
    batch = [ChatMessage("t", "c", "s", i + 1, "f") for i in range(len(probs))]
    context = probs[:, 0].copy()  # float32 too, as the monitor's context risks are
    writer = Writer(out, "jsonl", False, LABELS)
    writer.register(batch, keys(batch))
    writer.messages(batch, probs, context.tolist(), [False] * len(probs))
    for line, p, c in zip(out.getvalue().splitlines(), probs, context, strict=True):
        record = json.loads(line)
        assert record["message_risk"] == round(float(p[1]), 4)
        assert record["risk"] == round(float(c), 4)


def _scored(scorer, fmt, batch, include_text=False):
    """The output of one batch scored and written in ``fmt``, every sender alerting at its first message (a threshold
    of 0): (text, probabilities, the monitor's updates, conversations with an alert)."""
    out = io.StringIO()
    writer = Writer(out, fmt, include_text, scorer.labels)
    monitor = ConversationMonitor(scorer, threshold=0.0)
    probs = scorer.probabilities([m.text for m in batch], window=True)
    ks = keys(batch)
    writer.register(batch, ks)
    refs = [writer.ref(m, k) for m, k in zip(batch, ks, strict=True)]
    updates = monitor.update_scored([(k, m.sender) for m, k in zip(batch, ks, strict=True)], probs, refs)
    writer.messages(batch, probs, updates.context, updates.flagged)
    alerted = writer.conversations(monitor)
    writer.finish()
    return out.getvalue(), probs, updates, alerted


def test_csv_and_conversation_records(tiny_scorer):
    labels = tiny_scorer.labels
    text, probs, updates, alerted = _scored(tiny_scorer, "csv", messages())
    assert alerted == 4  # c1 in a.jsonl and c1 in b.jsonl are two conversations
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["type"] for r in rows] == ["message"] * 4 + ["conversation"] * 4
    conversations = [(r["conversation_id"], r["source"], r["sender"]) for r in rows if r["type"] == "conversation"]
    assert sorted(conversations) == [
        ("c1", "a.jsonl", "jake"), ("c1", "b.jsonl", "kid"), ("c2", "b.jsonl", "s"), ("c\u00e91", "a.jsonl", "ö")
    ]  # fmt: skip
    kid = next(r for r in rows if r["type"] == "conversation" and r["sender"] == "kid")
    # the first message of c1 in b.jsonl, found through the monitor's refs
    assert kid["first_alert_index"] == "0" and kid["first_alert_line"] == "3" and kid["source"] == "b.jsonl"
    # a message row: risk is its risk in its conversation (with threshold 0.0, flagged too), message_risk its own
    col = labels.index("grooming_risk")
    for r, p, c in zip(rows[:4], probs, updates.context, strict=True):
        assert float(r["risk"]) == round(c, 4) and float(r["message_risk"]) == round(float(p[col]), 4)
    assert all(updates.flagged)


def test_conversation_records_name_the_input_and_id_whatever_separators_they_hold(tiny_scorer):
    # The monitor's key is input name + KEY_SEPARATOR + conversation id; the writer splits it back without keeping
    # the pair per conversation, except when the input's name itself holds the separator.
    out = io.StringIO()
    writer = Writer(out, "jsonl", False, tiny_scorer.labels)
    monitor = ConversationMonitor(tiny_scorer)
    batch = [
        ChatMessage("hi", "c\x1f1", "a", 1, "plain.jsonl"),
        ChatMessage("hi", "c2", "b", 1, "odd\x1fname.jsonl"),
        ChatMessage("hi", "c\x1f3", "c", 2, "odd\x1fname.jsonl"),
    ]
    ks = keys(batch)
    writer.register(batch, ks)
    probs = tiny_scorer.probabilities([m.text for m in batch], window=True)
    monitor.update_scored([(k, m.sender) for m, k in zip(batch, ks, strict=True)], probs)
    writer.conversations(monitor)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["conversation_id"], r["source"], r["sender"]) for r in records] == [
        ("c\x1f1", "plain.jsonl", "a"), ("c2", "odd\x1fname.jsonl", "b"), ("c\x1f3", "odd\x1fname.jsonl", "c")
    ]  # fmt: skip


FORMULAS = ['=HYPERLINK("http://example.com","x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_text(tiny_scorer):
    batch = [ChatMessage(f, f, f, k + 1, "a.csv", extra={"note": f}) for k, f in enumerate(FORMULAS)]
    rows = list(csv.DictReader(io.StringIO(_scored(tiny_scorer, "csv", batch, include_text=True)[0])))
    messages = [r for r in rows if r["type"] == "message"]
    assert [(r["conversation_id"], r["sender"], r["text"]) for r in messages] == [("'" + f,) * 3 for f in FORMULAS]
    assert {r["sender"] for r in rows if r["type"] == "conversation"} == {"'" + f for f in FORMULAS}
    # JSONL keeps every value exactly: the quote is for spreadsheets only
    lines = [json.loads(line) for line in _scored(tiny_scorer, "jsonl", batch, include_text=True)[0].splitlines()]
    assert [(r["sender"], r["text"], r["note"]) for r in lines[: len(FORMULAS)]] == [(f,) * 3 for f in FORMULAS]


def test_the_table_shows_control_characters_escaped(tiny_scorer):
    batch = [
        ChatMessage("hi\n\nNo alert for 2 senders; all fine", "chat\x1b]0;TITLE\x07", "\x1b[31mPat\x1b[2K", 1, "a"),
        ChatMessage("ok \u202eevil", "c2", "kim\u202e", 2, "b\x1b.txt"),
        ChatMessage("emoji 👩\u200d💻 stays", "c3", "zoë", 3, "c.txt"),
    ]
    table = _scored(tiny_scorer, "table", batch, include_text=True)[0]
    assert "\x1b" not in table and "\x07" not in table and "\u202e" not in table
    assert "chat\\x1b]0;TITLE\\x07" in table and "\\x1b[31mPat\\x1b[2K" in table and "kim\\u202e" in table
    assert "hi\\n\\nNo alert for 2 senders; all fine" in table  # one line: no fake summary line
    assert not any(line.startswith("No alert for 2 senders") for line in table.splitlines())
    assert "👩\u200d💻" in table and "zoë" in table  # joiners and letters are shown as they are
