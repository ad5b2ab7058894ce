"""Generic CSV: column aliases, BOM, multi-line fields, extra columns, malformed rows at their start line."""

from __future__ import annotations

from ._util import FIXTURES, collect, problem_rows, rows


def test_csv_fixture():
    path = FIXTURES / "messages.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    messages, problems = collect(path)
    assert rows(messages) == [
        ("see you at practice", "amy", "messages.csv", 2, "2024-03-01T18:00:00"),
        ("bring cleats\nand a water bottle", "ravi", "messages.csv", 3, "2024-03-01T18:01:00"),
        ('she said "ok", fine', "amy", "messages.csv", 7, None),
    ]
    assert [m.id for m in messages] == ["1", "2", "5"]
    assert [m.extra for m in messages] == [{"Channel": "team"}] * 3
    assert problem_rows(problems) == [
        (5, "error", "expected 5 fields, found 3"),
        (6, "info", "empty text, not scored"),
    ]


def test_semicolon_and_aliases(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("From;Body;Time;conversation_id\nana;see you at 6;18:00;club\nleo;ok;;\n", encoding="utf-8")
    messages, problems = collect(path)
    assert rows(messages) == [("see you at 6", "ana", "club", 2, "18:00"), ("ok", "leo", "export.csv", 3, None)]
    assert problems == []


def test_no_text_column(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    messages, problems = collect(path, fmt="csv")
    assert messages == []
    assert problem_rows(problems) == [(1, "error", "no text column (expected one of: text, message, content, body)")]


def test_blank_lines_and_multiline_start_lines(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('text,sender\n\n"one\n\ntwo",a\n\n"three",b\n', encoding="utf-8")
    messages, problems = collect(path)
    assert rows(messages) == [("one\n\ntwo", "a", "x.csv", 3, None), ("three", "b", "x.csv", 7, None)]
    assert problems == []
