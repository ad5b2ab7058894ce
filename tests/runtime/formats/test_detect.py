"""detect_format: every fixture, and the rules of its docstring on small inline files."""

from __future__ import annotations

import pytest

from groomguard.runtime.formats import InputSource, detect_format, iter_sources

from ._util import FIXTURES, file_source


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


def test_detect_uses_given_head_without_reading():
    def never_opened():
        raise AssertionError("detect_format opened the source although the head was given")

    source = InputSource("missing.txt", never_opened)
    assert detect_format(source, head=b'{"text": "x"}\n') == "jsonl"
