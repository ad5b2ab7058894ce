"""DiscordChatExporter exports: JSON, CSV (BOM, multi-line fields) and TXT (banners, sections)."""

from __future__ import annotations

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
