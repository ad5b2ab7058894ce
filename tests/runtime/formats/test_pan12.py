"""PAN 2012 XML: streaming, padded authors, time in extra, empty text, truncated files, entity refusal."""

from __future__ import annotations

from groomguard.runtime.formats import pan12

from ._util import FIXTURES, collect, problem_rows, rows

XML = FIXTURES / "pan12.xml"
FIRST = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
SECOND = "ffeeddccbbaa99887766554433221100"


def test_fixture():
    messages, problems = collect(XML)
    assert rows(messages) == [
        ("anyone up for a round of chess?", "9f8e7d6c5b4a39281706f5e4d3c2b1a0", FIRST, 1, None),
        ("sure, I play white & you play black", "1234567890abcdef1234567890abcdef", FIRST, 3, None),
        ("what did you get for homework question 2?", "aaaabbbbccccddddeeeeffff00001111", SECOND, 1, None),
    ]
    assert [m.extra for m in messages] == [
        {"xml_line": 4, "time": "03:20"},
        {"xml_line": 14, "time": "03:22"},
        {"xml_line": 21, "time": "11:05"},
    ]
    lines = XML.read_text(encoding="utf-8").splitlines()
    assert all(lines[m.extra["xml_line"] - 1].startswith("<message ") for m in messages)
    assert problem_rows(problems) == [(9, "info", "empty message, not scored")]


def test_truncated_file_keeps_messages_already_read(tmp_path):
    data = XML.read_text(encoding="utf-8")
    path = tmp_path / "truncated.xml"
    path.write_text(data[: data.index("<time>11:05")], encoding="utf-8")
    messages, problems = collect(path)
    assert [m.text for m in messages] == ["anyone up for a round of chess?", "sure, I play white & you play black"]
    assert problem_rows(problems) == [
        (9, "info", "empty message, not scored"),
        (23, "error", "invalid XML: no element found at line 23 column 1"),  # EOF after line 22,
    ]


def test_malformed_xml_mid_file(tmp_path, monkeypatch):
    monkeypatch.setattr(pan12, "CHUNK", 64)  # the error arrives in a later chunk than the first messages
    data = XML.read_text(encoding="utf-8").replace("<time>11:05</time>", "<time>11:05</tim>")
    path = tmp_path / "broken.xml"
    path.write_text(data, encoding="utf-8")
    messages, problems = collect(path)
    assert len(messages) == 2
    assert problem_rows(problems)[-1] == (23, "error", "invalid XML: mismatched tag at line 23 column 14")


def test_non_integer_line_attribute_falls_back_to_xml_line(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text(
        '<conversations>\n<conversation>\n<message line="x"><author>a</author><text>hi</text></message>\n'
        "</conversation>\n</conversations>\n",
        encoding="utf-8",
    )
    messages, problems = collect(path)
    assert rows(messages) == [("hi", "a", "conversation-1", 3, None)]
    assert messages[0].extra == {"xml_line": 3}
    assert problems == []


def test_entity_declarations_are_refused(tmp_path):
    path = tmp_path / "lol.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY a "aaaaaaaaaa">]>\n<conversations><conversation id="1">'
        "<message line='1'><author>x</author><text>&a;</text></message></conversation></conversations>\n",
        encoding="utf-8",
    )
    messages, problems = collect(path)
    assert messages == []
    assert problem_rows(problems) == [(2, "error", "XML entity declarations are not allowed")]
