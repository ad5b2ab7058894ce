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


NEVER_CLOSED = "quote never closed (the quoted field runs to the end of the file)"


def test_unclosed_quote_is_reported_and_the_lines_after_it_are_read(tmp_path):
    # audit: the stray quote swallowed eve's and fay's lines into dan's text, with nothing reported
    path = tmp_path / "bad.csv"
    path.write_text('sender,text\namy,hello\ndan,"unclosed quote here\neve,after the quote\nfay,last line\n')
    messages, problems = collect(path)
    assert [(m.sender, m.text, m.line) for m in messages] == [
        ("amy", "hello", 2),
        ("eve", "after the quote", 4),
        ("fay", "last line", 5),
    ]
    assert problem_rows(problems) == [(3, "error", NEVER_CLOSED)]


def test_unclosed_quote_after_a_closed_multiline_field(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('sender,text\namy,"two\nlines"\ndan,"oops\neve,"three\nlines"\nfay,"no end')
    messages, problems = collect(path)
    # dan's quote is closed by eve's: the lines between two stray quotes are one field, as in any CSV reader
    assert [(m.sender, m.text, m.line) for m in messages] == [("amy", "two\nlines", 2), ("dan", "oops\neve,three", 4)]
    assert problem_rows(problems) == [(6, "error", "expected 2 fields, found 1"), (7, "error", NEVER_CLOSED)]


def test_unclosed_quote_in_a_long_file_is_cut_at_the_field_size_limit(tmp_path):
    path = tmp_path / "long.csv"
    lines = [f"sam,see you at practice number {i}\n" for i in range(20_000)]
    lines[2] = 'dan,"a stray quote\n'
    path.write_text("sender,text\n" + "".join(lines))
    messages, problems = collect(path)
    assert len(messages) == 19_999 and [m.line for m in messages[:3]] == [2, 3, 5]
    assert messages[-1].text == "see you at practice number 19999"
    assert problem_rows(problems) == [
        (4, "error", "quote never closed (the quoted field runs past 131072 characters)"),
    ]


def test_discord_csv_cut_inside_a_quoted_field(tmp_path):
    path = tmp_path / "dm.csv"
    path.write_text(
        "AuthorID,Author,Date,Content,Attachments,Reactions\n"
        '"1","kai","12/31/2023 9:41 PM","how was practice","",""\n'
        '"2","lee","12/31/2023 9:42 PM","pretty good\nand y'
    )
    messages, problems = collect(path)
    assert [(m.sender, m.text, m.line) for m in messages] == [("kai", "how was practice", 2)]
    assert [(p.line, p.reason) for p in problems if p.severity == "error"] == [
        (3, NEVER_CLOSED),
        (4, "expected 6 fields, found 1"),
    ]


def test_a_carriage_return_inside_a_quoted_field_is_a_line_break(tmp_path):
    # a "CSV (Macintosh)" file ends lines, inside quoted fields too, with a carriage return alone
    from groomguard.runtime.formats import read_messages

    path = tmp_path / "mac.csv"
    path.write_bytes(b'sender,text\ramy,"multi\rline"\rbob,ok\r')
    got = [(m.sender, m.text, m.line) for m in read_messages(str(path), "csv", report=print)]
    assert got == [("amy", "multi\nline", 2), ("bob", "ok", 4)]
