"""Telegram Desktop JSON: single chat and whole-account shapes, text lists, service messages, null senders."""

from __future__ import annotations

import json

from groomguard.runtime.formats.telegram import flatten_text

from ._util import FIXTURES, collect, problem_rows, rows

CHAT = FIXTURES / "telegram_chat.json"
ACCOUNT = FIXTURES / "telegram_account.json"


def test_single_chat():
    messages, problems = collect(CHAT)
    # line: the Telegram message id (issue 13: one meaning whatever the file's size), also in id
    assert rows(messages) == [
        ("Tournament is on Saturday at 10", "Mia", "Chess Club", 2, "2024-02-01T17:01:00"),
        ("Remember to bring your own board and a pencil", "Leo", "Chess Club", 3, "2024-02-01T17:02:30"),
        ("Can I still sign up?", "user333", "Chess Club", 4, "2024-02-01T17:03:00"),  # from: null, from_id
        ("the bracket", "Mia", "Chess Club", 6, "2024-02-01T17:05:00"),  # photo with a caption
        ("hello?", "unknown", "Chess Club", 7, "2024-02-01T17:06:00"),  # from: null, no from_id
    ]
    assert [m.id for m in messages] == ["2", "3", "4", "6", "7"]
    assert problem_rows(problems) == [
        (1, "info", "service message (create_group), not scored"),
        (5, "info", "media without text, not scored"),
    ]


def test_whole_account_with_left_chats():
    messages, problems = collect(ACCOUNT)
    assert rows(messages) == [
        ("Bus leaves at 8:15 tomorrow", "Leo", "Leo", 10, "2024-02-02T08:00:00"),
        ("https://example.org/timetable is the timetable", "Mia", "Leo", 11, "2024-02-02T08:01:00"),
        ("hi", "unknown", "333", 12, "2024-02-03T09:00:00"),  # unnamed chat: its id
        ("page 12, exercises 3 to 5", "Leo", "Old Homework Group", 14, "2024-01-05T10:01:00"),  # text_entities
    ]
    assert problem_rows(problems) == [(13, "info", "service message (invite_members), not scored")]


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


def test_unterminated_string_is_worded_once(tmp_path):
    path = tmp_path / "result.json"
    path.write_text('{\n "name": "x",\n "messages": [\n  {"id": 1, "text": "cut', encoding="utf-8")
    _, problems = collect(path)
    # the json module's message ends with "at": not "starting at at column"
    assert problem_rows(problems) == [(4, "error", "invalid JSON: Unterminated string starting at column 21")]


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
    assert rows(messages) == [("ok", "A", "Study", 2, None)]  # its id
    assert problem_rows(problems) == [
        (1, "error", "message is not an object (got string)"),  # no id: its position in the chat
        (1, "error", "'text' is neither a string nor a list (got number)"),  # id 1
    ]


def test_not_a_telegram_export(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    messages, problems = collect(path, fmt="telegram")
    assert messages == []
    assert problem_rows(problems) == [(1, "error", "not a Telegram export: no 'messages' or 'chats' list")]


def _without_ijson(monkeypatch):
    from groomguard.runtime.formats import telegram

    monkeypatch.setattr(telegram, "ijson", None)


def test_streaming_and_whole_document_reading_agree(monkeypatch, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "S", "messages": ["x", {"id": 9, "type": "message", "text": "hi", "from": "A"}]}')
    streamed = [collect(path) for path in (CHAT, ACCOUNT, bad)]
    _without_ijson(monkeypatch)
    assert [collect(path) for path in (CHAT, ACCOUNT, bad)] == streamed


def test_line_meaning_does_not_depend_on_the_file_size_or_layout(tmp_path):
    # before issue 13, files over 64 MB switched from file lines to list positions; the id depends on neither
    minified = tmp_path / "result.json"
    minified.write_text(json.dumps(json.loads(CHAT.read_text(encoding="utf-8"))), encoding="utf-8")
    assert [m.line for m in collect(minified)[0]] == [m.line for m in collect(CHAT)[0]] == [2, 3, 4, 6, 7]


def test_the_export_is_streamed_not_read_whole():
    import io

    from groomguard.runtime.formats import telegram
    from groomguard.runtime.formats.base import InputSource

    body = ",".join(
        json.dumps({"id": i, "type": "message", "from": "A", "text": f"message {i}"}) for i in range(1, 20001)
    )
    data = ('{"name": "Big", "type": "personal_chat", "id": 5, "messages": [' + body + "]}").encode()
    read = []

    class Counting(io.BytesIO):
        def read(self, size=-1):
            chunk = super().read(size)
            read.append(len(chunk))
            return chunk

        def readinto(self, buffer):
            n = super().readinto(buffer)
            read.append(n)
            return n

    source = InputSource("result.json", lambda: Counting(data))
    messages = telegram.parse(source, lambda problem: None)
    first = next(messages)
    assert first.line == 1 and first.conversation_id == "Big"
    assert sum(read) < len(data) // 4  # the first message came before most of the file was read
    assert sum(1 for _ in messages) == 19999


def test_truncated_export_keeps_the_messages_before_the_error(tmp_path):
    path = tmp_path / "result.json"
    text = '{\n "name": "T",\n "messages": [\n  {"id": 1, "type": "message", "text": "one"},\n  {"id": 2, "ty'
    path.write_text(text, encoding="utf-8")
    messages, problems = collect(path)
    assert [m.text for m in messages] == ["one"]
    assert [(p.line, p.reason.split(":")[0]) for p in problems] == [(5, "invalid JSON")]


def test_invalid_utf8_is_reported_at_its_line_and_still_scored(tmp_path):
    path = tmp_path / "result.json"
    path.write_bytes(b'{"name": "U",\n "messages": [\n {"id": 3, "type": "message", "text": "caf\xe9"}]}')
    messages, problems = collect(path)
    assert [(m.text, m.line) for m in messages] == [("caf\ufffd", 3)]
    assert problem_rows(problems) == [(3, "repaired", "invalid UTF-8, decoded with replacement characters")]


def test_a_character_cut_by_a_read_before_invalid_utf8_is_kept(tmp_path):
    # the reads are 64 KB: an "é" split between two of them, then a bad byte in the second, lost the "é" before
    head = b'{"name": "U", "messages": [{"id": 1, "type": "message", "text": "'
    filler = b"a" * ((1 << 16) - len(head) - 1)
    data = head + filler + "\u00e9".encode() + b'\xff"}]}'
    assert data[(1 << 16) - 1 : (1 << 16) + 1] == "\u00e9".encode()
    path = tmp_path / "result.json"
    path.write_bytes(data)
    messages, problems = collect(path)
    assert [m.text[-2:] for m in messages] == ["\u00e9\ufffd"]
    assert problem_rows(problems) == [(1, "repaired", "invalid UTF-8, decoded with replacement characters")]


def test_two_chats_are_never_one_conversation(monkeypatch, tmp_path):
    def chat(name, chat_id, text):
        message = {"id": 1, "type": "message", "date": "2024-02-02T08:00:00", "from": "Leo", "text": text}
        return {"name": name, "type": "personal_chat", "id": chat_id, "messages": [message]}

    chats = [chat("Sam", 1, "a"), chat("Sam", 2, "b"), chat(None, None, "c"), chat(None, None, "d")]
    chats.append(chat("Sam", 1, "e"))  # the same chat listed twice (once more among the chats you left): one name
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"personal_information": {}, "chats": {"list": chats}}), encoding="utf-8")
    expected = [("a", "Sam"), ("b", "Sam (2)"), ("c", "result.json"), ("d", "result.json (4)"), ("e", "Sam")]
    messages, _ = collect(path)
    assert [(m.text, m.conversation_id) for m in messages] == expected
    _without_ijson(monkeypatch)
    messages, _ = collect(path)
    assert [(m.text, m.conversation_id) for m in messages] == expected
