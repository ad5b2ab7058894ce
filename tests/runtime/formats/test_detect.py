"""detect_format: every fixture, and the rules of its docstring on small inline files."""

from __future__ import annotations

import pytest

from groomguard.runtime.formats import InputSource, detect_format, iter_sources

from ._util import FIXTURES, collect, file_source


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("whatsapp_ios.txt", "whatsapp"),
        ("whatsapp_android.txt", "whatsapp"),
        ("whatsapp_es.txt", "whatsapp"),
        ("telegram_chat.json", "telegram"),
        ("telegram_account.json", "telegram"),
        ("discord.json", "discord"),
        ("discord.csv", "discord"),
        ("discord.txt", "discord"),
        ("slack_export", "slack"),
        ("messenger_chat", "messenger"),
        ("messenger_chat/message_2.json", "messenger"),
        ("good.jsonl", "jsonl"),
        ("bad.jsonl", "jsonl"),
        ("messages.csv", "csv"),
        ("pan12.xml", "pan12"),
        ("plain.txt", "text"),
    ],
)
def test_fixtures(name, expected):
    (source,) = iter_sources([str(FIXTURES / name)])
    assert detect_format(source) == expected


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("lines.json", '{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        ("lines.ndjson", "anything\n", "jsonl"),
        ("result.json", '{\n "about": "Here is the data you requested."\n}\n', "telegram"),
        ("chat.json", '{\n "name": "A",\n "type": "personal_chat",\n "id": 1,\n "messages": []\n}\n', "telegram"),
        ("2024-03-01.json", '[\n {\n  "type": "message",\n  "user": "U1",\n  "ts": "1.2"\n }\n]\n', "slack"),
        # issue 13: unknown pretty-printed JSON and top-level arrays are no longer scored line by line as text
        ("other.json", '{\n "foo": 1\n}\n', "unknown JSON"),
        ("list.json", "[1, 2, 3]\n", "unknown JSON"),
        ("records.json", '[\n {\n  "text": "hi",\n  "sender": "a"\n }\n]\n', "json"),
        ("broken.json", '{"text": "a"\n{"text": "b"}\n', "jsonl"),
        ("records.json", '{"id": 1, "body": "x"}\n', "jsonl"),
        ("dm.csv", "AuthorID,Author,Date,Content,Attachments,Reactions\n", "discord"),
        ("export.txt", "sender,message\nana,hi\n", "csv"),
        ("export.tsv", "who\twhat\n", "csv"),
        ("notes.txt", "message me later\nok\n", "text"),
        ("notes.txt", "1/2/24 is the plan\n1/3/24, 10:00 no dash\n", "text"),
        ("chat.txt", "\ufeff\u200e[1/2/24, 10:00:00] A: hi\n", "whatsapp"),
        ("chat.txt", "title\n1/2/24, 10:00 - A: a\n1/2/24, 10:01 - A: b\n1/2/24, 10:02 - A: c\n", "whatsapp"),
        ("feed.xml", "<?xml version='1.0'?>\n<rss></rss>\n", "text"),
        ("data.xml", "<conversations><conversation id='1'></conversation></conversations>", "pan12"),
    ],
)
def test_rules(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect_format(file_source(path)) == expected


DISCORD_TXT = (
    "==============================================================\n"
    "Guild: Homework Club\n"
    "Channel: Text Channels / math\n"
    "==============================================================\n"
    "\n"
    "[12/31/2023 9:41 PM] kai\nhow was practice\n\n"
    "[12/31/2023 9:42 PM] lee\npretty good\n\n"
    "[12/31/2023 9:43 PM] kai\nnice\n\n"
    "[12/31/2023 9:44 PM] lee\nsee you tomorrow\n"
)
IOS_WHATSAPP = (
    "[31/12/2023, 21:41:05] Kai: how was practice\n"
    "[31/12/2023, 21:42:05] Lee: pretty good\n"
    "[31/12/2023, 21:43:05] Kai: nice\n"
)


def test_discord_txt_banner_wins_over_whatsapp_headers(tmp_path):
    # Discord's "[12/31/2023 9:41 PM] kai" headers also match WhatsApp's iOS header shape; 4 of them near the top
    # made the file WhatsApp (every banner line "text before the first message header", nothing scored).
    path = tmp_path / "general.txt"
    path.write_text(DISCORD_TXT, encoding="utf-8")
    assert detect_format(file_source(path)) == "discord"
    messages, problems = collect(path)
    assert [(m.sender, m.text, m.line) for m in messages] == [
        ("kai", "how was practice", 6),
        ("lee", "pretty good", 9),
        ("kai", "nice", 12),
        ("lee", "see you tomorrow", 15),
    ]
    assert [p for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize("title", ["", "Chat with Lee\n", "[note] saved from my phone\n"])
def test_ios_whatsapp_still_detected(tmp_path, title):
    path = tmp_path / "_chat.txt"
    path.write_text(title + IOS_WHATSAPP, encoding="utf-8")
    assert detect_format(file_source(path)) == "whatsapp"


SHAPE = '{"chat": "x",\n "messages": [\n  {"from": "a", "text": "one"},\n  {"from": "b", "text": "two"},\n'


@pytest.mark.parametrize(
    "content",
    [
        SHAPE + '  {"from": "a", "text": "three"}\n ]\n}\n',  # the audit's file: its last entry stands alone
        '{"chat": "x",\n "messages": [\n  {"from": "a", "text": "one"}\n ]\n}\n',
        '{"chat": "x", "messages": [\n{"from": "a", "text": "one"},\n{"from": "b", "text": "two"}\n]}\n',
        # larger than the 8 KB head, so never seen whole: most lines of it are not values on their own
        SHAPE + '  {"from": "a", "text": "more"},\n' * 400 + '  {"from": "a", "text": "end"}\n ]\n}\n',
        SHAPE.replace("\n  ", "\n") + '{"from": "a", "text": "three"}\n]\n}\n',
    ],
    ids=["audit", "one-entry", "entries-unindented", "over-8KB", "last-entry-unindented"],
)
def test_pretty_printed_json_of_unknown_shape_is_not_json_lines(tmp_path, content):
    # issue: a document whose last array entry sits alone on a line was taken for JSON Lines and half scored
    path = tmp_path / "shape.json"
    path.write_text(content, encoding="utf-8")
    assert detect_format(file_source(path)) == "unknown JSON"


@pytest.mark.parametrize("repeat", [2, 400])
def test_json_lines_with_a_broken_first_line_stay_json_lines(tmp_path, repeat):
    path = tmp_path / "lines.json"
    path.write_text('{"text": "cut short\n' + '{"text": "fine"}\n["a"]\n' * repeat, encoding="utf-8")
    assert detect_format(file_source(path)) == "jsonl"


def test_detect_uses_given_head_without_reading():
    def never_opened():
        raise AssertionError("detect_format opened the source although the head was given")

    source = InputSource("missing.txt", never_opened)
    assert detect_format(source, head=b'{"text": "x"}\n') == "jsonl"
