"""Telegram Desktop JSON: single chat and whole-account shapes, text lists, service messages, null senders."""

from __future__ import annotations

import json

from groomguard.runtime.formats.telegram import flatten_text

from ._util import FIXTURES, collect, problem_rows, rows

CHAT = FIXTURES / "telegram_chat.json"
ACCOUNT = FIXTURES / "telegram_account.json"


def test_single_chat():
    messages, problems = collect(CHAT)
    assert rows(messages) == [
        ("Tournament is on Saturday at 10", "Mia", "Chess Club", 22, "2024-02-01T17:01:00"),
        ("Remember to bring your own board and a pencil", "Leo", "Chess Club", 37, "2024-02-01T17:02:30"),
        ("Can I still sign up?", "user333", "Chess Club", 68, "2024-02-01T17:03:00"),  # from: null, from_id
        ("the bracket", "Mia", "Chess Club", 91, "2024-02-01T17:05:00"),  # photo with a caption
        ("hello?", "unknown", "Chess Club", 109, "2024-02-01T17:06:00"),  # from: null, no from_id
    ]
    assert [m.id for m in messages] == ["2", "3", "4", "6", "7"]
    assert problem_rows(problems) == [
        (6, "info", "service message (create_group), not scored"),
        (78, "info", "media without text, not scored"),
    ]
    lines = CHAT.read_text(encoding="utf-8").splitlines()
    assert lines[22 - 1].strip() == "{" and '"id": 2,' in lines[22]


def test_whole_account_with_left_chats():
    messages, problems = collect(ACCOUNT)
    assert rows(messages) == [
        ("Bus leaves at 8:15 tomorrow", "Leo", "Leo", 17, "2024-02-02T08:00:00"),
        ("https://example.org/timetable is the timetable", "Mia", "Leo", 26, "2024-02-02T08:01:00"),
        ("hi", "unknown", "333", 48, "2024-02-03T09:00:00"),  # unnamed chat: its id
        ("page 12, exercises 3 to 5", "Leo", "Old Homework Group", 78, "2024-01-05T10:01:00"),  # text_entities
    ]
    assert problem_rows(problems) == [(67, "info", "service message (invite_members), not scored")]


def test_flatten_text():
    assert flatten_text("plain") == "plain"
    assert flatten_text(["a ", {"type": "bold", "text": "b"}, {"type": "custom_emoji"}, " c"]) == "a b c"
    assert flatten_text(None) == ""


def test_invalid_json_is_reported_with_its_line(tmp_path):
    path = tmp_path / "result.json"
    path.write_text('{\n "name": "x",\n "messages": [\n  {"id": 1 "type": "message"}\n ]\n}\n', encoding="utf-8")
    messages, problems = collect(path)
    assert messages == []
    assert problem_rows(problems) == [(4, "error", "invalid JSON: Expecting ',' delimiter at column 12")]


def test_bad_messages_are_skipped_not_fatal(tmp_path):
    path = tmp_path / "result.json"
    chat = {
        "name": "Study",
        "messages": [
            "not an object",
            {"id": 1, "type": "message", "from": "A", "text": 5},
            {"id": 2, "type": "message", "from": "A", "text": "ok", "date": "not a date"},
        ],
    }
    path.write_text(json.dumps(chat), encoding="utf-8")
    messages, problems = collect(path, fmt="telegram")
    assert rows(messages) == [("ok", "A", "Study", 1, None)]  # minified: every object starts on line 1
    assert problem_rows(problems) == [
        (1, "error", "message is not an object (got string)"),
        (1, "error", "'text' is neither a string nor a list (got number)"),
    ]


def test_not_a_telegram_export(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    messages, problems = collect(path, fmt="telegram")
    assert messages == []
    assert problem_rows(problems) == [(1, "error", "not a Telegram export: no 'messages' or 'chats' list")]
