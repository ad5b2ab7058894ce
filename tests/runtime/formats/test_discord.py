"""DiscordChatExporter exports: JSON, CSV (BOM, multi-line fields) and TXT (banners, sections)."""

from __future__ import annotations

import json

from groomguard.runtime.formats import discord, read_messages
from groomguard.runtime.formats.base import InputSource

from ._util import FIXTURES, collect, problem_rows, rows


def test_json_export():
    messages, problems = collect(FIXTURES / "discord.json")
    conversation = "Homework Club/math"
    assert rows(messages) == [
        ("Does anyone get question 4?", "noah_k", conversation, 41, "2024-03-01T16:01:10.123+00:00"),
        ("Factor it first:\n(x + 2)(x - 3)", "ella.b", conversation, 61, "2024-03-01T16:02:00.000+00:00"),
        ("thanks!! 🙏", "noah_k", conversation, 133, "2024-03-01T16:05:00.000+00:00"),
    ]
    assert [m.id for m in messages] == ["1002", "1003", "1006"]
    assert problem_rows(problems) == [
        (21, "info", "system event (GuildMemberJoin), not scored"),
        (86, "info", "attachment without text, not scored"),
        (113, "info", "system event (ChannelPinnedMessage), not scored"),
    ]


def test_csv_export_with_bom_and_multiline_field():
    path = FIXTURES / "discord.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    messages, problems = collect(path)
    assert rows(messages) == [
        ("Does anyone get question 4?", "noah_k", "discord.csv", 2, "2024-03-01T16:01:10.123+00:00"),
        ("Factor it first:\n(x + 2)(x - 3)\nthen solve", "ella.b", "discord.csv", 3, "2024-03-01T16:02:00+00:00"),
        ('thanks, "factor first" worked', "noah_k", "discord.csv", 7, "2024-03-01T16:05:00"),
    ]
    assert problem_rows(problems) == [(6, "info", "attachment without text, not scored")]


def test_csv_bad_record_is_reported_at_its_start_line(tmp_path):
    path = tmp_path / "general.csv"
    path.write_text(
        'AuthorID,Author,Date,Content,Attachments,Reactions\n1,a,,"two\nlines",,\n2,b,,short\n3,c,,fine,,\n',
        encoding="utf-8",
    )
    messages, problems = collect(path)
    assert rows(messages) == [("two\nlines", "a", "general.csv", 2, None), ("fine", "c", "general.csv", 5, None)]
    assert problem_rows(problems) == [(4, "error", "expected 6 fields, found 4")]


def test_txt_export():
    messages, problems = collect(FIXTURES / "discord.txt")
    conversation = "Homework Club/math"
    assert rows(messages) == [
        ("Does anyone get question 4?", "noah_k", conversation, 7, "2024-03-01T16:01:00"),
        ("Factor it first:\n[x + 2] times [x - 3]", "ella.b", conversation, 10, "2024-03-01T16:02:00"),
        ("thanks!!", "noah_k", conversation, 18, "2024-03-01T16:05:00"),  # {Reactions} dropped
    ]
    assert problem_rows(problems) == [(14, "info", "attachment without text, not scored")]


def test_txt_without_banner_and_other_date_format(tmp_path):
    path = tmp_path / "dm.txt"
    path.write_text("[31-Dec-23 09:41 PM] kim\nsee you at the rink\n\n[31-Dec-23 09:42 PM] lou\nok\n", encoding="utf-8")
    messages, problems = collect(path, fmt="discord")
    assert rows(messages) == [
        ("see you at the rink", "kim", "dm.txt", 1, "2023-12-31T21:41:00"),
        ("ok", "lou", "dm.txt", 4, "2023-12-31T21:42:00"),
    ]
    assert problems == []


# --- the JSON export is streamed (issue 13): bounded memory, malformed entries skipped, lines kept ---------------


def _dce(messages: list, **top) -> str:
    doc = {"guild": {"id": "1", "name": "Chess Club"}, "channel": {"id": "2", "name": "general"}, **top}
    doc["messages"] = messages
    doc["messageCount"] = len(messages)
    return json.dumps(doc, indent=2)


def _message(i: int) -> dict:
    return {
        "id": str(5000 + i),
        "type": "Default",
        "timestamp": "2024-03-01T16:01:10.123+00:00",
        "content": f"see you at practice on day {i}, bring the blue board " * (1 + i % 4),
        "author": {"id": "7", "name": f"player{i % 5}", "nickname": "p", "roles": [], "avatarUrl": "https://x/a.png"},
        "attachments": [],
        "embeds": [],
        "reactions": [{"emoji": {"name": "ok"}, "count": 1}],
    }


def _peak_while_reading(path, fmt: str) -> tuple[int, int]:
    """(messages read, peak traced memory while reading them, keeping none)."""
    import tracemalloc

    tracemalloc.start()
    try:
        count = sum(1 for _ in read_messages([str(path)], fmt=fmt))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_json_export_memory_does_not_grow_with_its_size(tmp_path):
    small, big = tmp_path / "small.json", tmp_path / "big.json"
    small.write_text(_dce([_message(i) for i in range(300)]), encoding="utf-8")
    big.write_text(_dce([_message(i) for i in range(3000)]), encoding="utf-8")
    (n_small, peak_small), (n_big, peak_big) = (
        _peak_while_reading(small, "discord"),
        _peak_while_reading(big, "discord"),
    )
    assert (n_small, n_big) == (300, 3000)
    # read whole, the big file alone (about 2.5 MB) held several times its size; streamed, about a chunk
    assert peak_big < big.stat().st_size / 5
    assert peak_big < 1.5 * peak_small + 200_000


def test_json_export_yields_its_first_message_before_reading_most_of_the_file():
    import io

    data = _dce([_message(i) for i in range(3000)]).encode()
    read = []

    class Counting(io.BytesIO):
        def read(self, size=-1):
            chunk = super().read(size)
            read.append(len(chunk))
            return chunk

    source = InputSource("chat.json", lambda: Counting(data))
    messages = discord.parse(source, lambda problem: None)
    first = next(messages)
    assert first.id == "5000" and first.conversation_id == "Chess Club/general"
    assert sum(read) < len(data) // 4
    assert sum(1 for _ in messages) == 2999


def test_malformed_entries_are_reported_at_their_line_and_every_good_message_is_scored(tmp_path):
    path = tmp_path / "general.json"
    entries = ["a string", 7, None, {"type": "Default", "content": 5}, _message(1), [1, 2], _message(2)]
    path.write_text(_dce(entries), encoding="utf-8")
    messages, problems = collect(path, fmt="discord")
    assert [m.id for m in messages] == ["5001", "5002"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(lines[m.line - 1].strip() == "{" and f'"id": "{m.id}"' in lines[m.line] for m in messages)
    assert [(p.source, p.severity, p.reason) for p in problems] == [
        (str(path), "error", "message is not an object (got string)"),
        (str(path), "error", "message is not an object (got number)"),
        (str(path), "error", "message is not an object (got null)"),
        (str(path), "info", "empty message, not scored"),
        (str(path), "error", "message is not an object (got array)"),
    ]
    # each problem is at the line where its entry starts (one meaning of line for every entry)
    starts = [lines[p.line - 1].strip() for p in problems]
    assert starts == ['"a string",', "7,", "null,", "{", "["]


def test_truncated_json_export_keeps_the_messages_before_the_error(tmp_path):
    path = tmp_path / "general.json"
    text = _dce([_message(i) for i in range(3)])
    cut = text.index('"id": "5002"')
    path.write_text(text[:cut], encoding="utf-8")
    messages, problems = collect(path, fmt="discord")
    assert [m.id for m in messages] == ["5000", "5001"]
    assert [(p.line, p.reason) for p in problems] == [
        (text[:cut].count("\n") + 1, "invalid JSON: Expecting property name enclosed in double quotes at column 7")
    ]


def test_guild_and_channel_are_read_where_dce_writes_them(tmp_path):
    # before the messages; a (hand-made) file naming them only after its messages gets the file name
    path = tmp_path / "late.json"
    path.write_text(json.dumps({"messages": [_message(0)], "guild": {"name": "G"}, "channel": {"name": "c"}}))
    messages, problems = collect(path, fmt="discord")
    assert [m.conversation_id for m in messages] == ["late.json"] and problems == []
