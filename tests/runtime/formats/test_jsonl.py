"""JSON Lines: fields, extra passthrough, bad lines reported with line numbers, invalid UTF-8 kept."""

from __future__ import annotations

import json
import random

import pytest

from ._util import FIXTURES, collect, problem_rows, rows


def test_good_file():
    messages, problems = collect(FIXTURES / "good.jsonl")
    assert rows(messages) == [
        ("did you finish the reading?", "amy", "c1", 1, "2024-03-01T18:02:00"),
        ("almost, chapter 5 left", "ravi", "c1", 2, "2024-03-01T18:03:00"),
        ("no other fields here", "unknown", "good.jsonl", 3, None),
    ]
    assert [m.id for m in messages] == ["m1", "m2", None]
    assert [m.extra for m in messages] == [{"channel": "school"}, {}, {}]
    assert problems == []


def test_unterminated_string_is_worded_once(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text('{"text": "ok"}\n{"sender": "a", "text": "no closing quote}\n{"text": "fine"}\n', encoding="utf-8")
    messages, problems = collect(path)
    assert [m.text for m in messages] == ["ok", "fine"]
    # the json module's message ends with "at": not "starting at at column"
    assert problem_rows(problems) == [(2, "error", "invalid JSON: Unterminated string starting at column 25")]


def test_bad_file():
    messages, problems = collect(FIXTURES / "bad.jsonl")
    assert rows(messages) == [
        ("first line is fine", "amy", "bad.jsonl", 1, None),
        ("caf\ufffd at noon?", "ravi", "bad.jsonl", 6, None),  # invalid UTF-8: reported AND kept
        ("last line is fine", "amy", "bad.jsonl", 8, "2024-03-01T18:02:00+00:00"),  # epoch seconds
    ]
    assert messages[0].id == "1"
    assert problem_rows(problems) == [
        (3, "error", "invalid JSON: Expecting ',' delimiter at column 36"),
        (4, "error", "missing 'text' field"),
        (5, "error", "not a JSON object (got array)"),
        (6, "repaired", "invalid UTF-8, decoded with replacement characters"),
        (7, "error", "'text' is not a string (got number)"),
    ]
    assert all(p.source == str(FIXTURES / "bad.jsonl") for p in problems)


@pytest.mark.parametrize(("good", "bad"), [(0, 5), (7, 0), (50, 13)])
def test_n_good_and_m_bad_lines(tmp_path, good, bad):
    kinds = ['{"text": "unterminated', "[1, 2]", '{"sender": "x"}', '{"text": null}', "not json at all"]
    order = ["good"] * good + ["bad"] * bad
    random.Random(good * 100 + bad).shuffle(order)
    lines, bad_lines = [], []
    for i, kind in enumerate(order):
        if kind == "bad":
            lines.append(kinds[len(bad_lines) % len(kinds)])
            bad_lines.append(len(lines))
        else:
            lines.append(json.dumps({"text": f"message {i}", "sender": "s"}))
        if i % 4 == 0:
            lines.append("")  # blank lines are ignored silently
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    messages, problems = collect(path)
    assert len(messages) == good
    assert [p.line for p in problems] == bad_lines
    assert all(p.severity == "error" for p in problems)
    assert all(lines[m.line - 1] == json.dumps({"text": m.text, "sender": "s"}) for m in messages)


def test_bom_crlf_and_numeric_fields(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "hi", "id": 7, "conversation_id": 3, "timestamp": 1709316120000}\r\n')
    messages, problems = collect(path)
    assert [(m.text, m.id, m.conversation_id, m.timestamp) for m in messages] == [
        ("hi", "7", "3", "2024-03-01T18:02:00+00:00")  # milliseconds
    ]
    assert problems == []


def test_empty_text_is_info(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "  "}\n', encoding="utf-8")
    messages, problems = collect(path)
    assert messages == []
    assert problem_rows(problems) == [(1, "info", "empty text, not scored")]


def test_json_array_is_streamed_and_keeps_the_records_before_an_error(tmp_path):
    path = tmp_path / "records.json"
    path.write_text('[\n {"text": "hi"},\n "oops",\n {"text": "see you at 7"},\n {"text": "cut', encoding="utf-8")
    messages, problems = collect(path, fmt="json")
    assert [(m.text, m.line) for m in messages] == [("hi", 2), ("see you at 7", 4)]
    assert problem_rows(problems) == [
        (3, "error", "not a JSON object (got string)"),
        (5, "error", "invalid JSON: Unterminated string starting at column 11"),
    ]
    path.write_text('{"text": "not an array"}', encoding="utf-8")
    assert problem_rows(collect(path, fmt="json")[1]) == [
        (1, "error", "expected a JSON array of messages, found object")
    ]
