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
AS_TEXT = "; the line read with its quote as text"


def test_unclosed_quote_is_reported_and_the_lines_after_it_are_read(tmp_path):
    # audit: the stray quote swallowed eve's and fay's lines into dan's text, with nothing reported; dan's own line is
    # read too, with its quote as text, since that gives the header's two fields
    path = tmp_path / "bad.csv"
    path.write_text('sender,text\namy,hello\ndan,"unclosed quote here\neve,after the quote\nfay,last line\n')
    messages, problems = collect(path)
    assert [(m.sender, m.text, m.line) for m in messages] == [
        ("amy", "hello", 2),
        ("dan", '"unclosed quote here', 3),
        ("eve", "after the quote", 4),
        ("fay", "last line", 5),
    ]
    assert problem_rows(problems) == [(3, "repaired", NEVER_CLOSED + AS_TEXT)]


def test_unclosed_quote_on_a_line_without_the_header_fields_is_skipped(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('id,sender,text\n1,amy,hello\n2,dan,"a,b\n3,eve,after\n')
    messages, problems = collect(path)
    # '2,dan,"a,b' with its quote as text has four fields, not three: nothing to read it as
    assert [(m.sender, m.text, m.line) for m in messages] == [("amy", "hello", 2), ("eve", "after", 4)]
    assert problem_rows(problems) == [(3, "error", NEVER_CLOSED)]


def test_unclosed_quote_after_a_closed_multiline_field(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('sender,text\namy,"two\nlines"\ndan,"oops\neve,"three\nlines"\nfay,"no end')
    messages, problems = collect(path)
    # dan's stray quote would pair with eve's and join their lines; amy's and eve's are well-formed multi-line fields
    assert [(m.sender, m.text, m.line) for m in messages] == [
        ("amy", "two\nlines", 2),
        ("dan", '"oops', 4),
        ("eve", "three\nlines", 5),
        ("fay", '"no end', 7),
    ]
    assert problem_rows(problems) == [
        (4, "repaired", "stray quote read as text: a CSV reader would join lines 4-5 into one message at it"),
        (7, "repaired", NEVER_CLOSED + AS_TEXT),
    ]


def test_two_stray_quotes_no_longer_join_the_lines_between(tmp_path):
    # a tool that does not quote wrote two messages with a quote: every line between them was one field, silently
    path = tmp_path / "naive.csv"
    path.write_text(
        "id,sender,text\n"
        '1,amy,"hello\n'
        "2,bob,are you coming\n"
        "3,amy,yes at six\n"
        '4,bob,she said "ok" then left\n'
        "5,amy,bye\n"
    )
    messages, problems = collect(path)
    assert [(m.id, m.sender, m.text, m.line) for m in messages] == [
        ("1", "amy", '"hello', 2),
        ("2", "bob", "are you coming", 3),
        ("3", "amy", "yes at six", 4),
        ("4", "bob", 'she said "ok" then left', 5),
        ("5", "amy", "bye", 6),
    ]
    assert problem_rows(problems) == [
        (2, "repaired", "stray quote read as text: a CSV reader would join lines 2-5 into one message at it")
    ]


def test_stray_quotes_joining_into_the_wrong_number_of_fields_lose_no_line(tmp_path):
    # joined, the record has four fields: it was reported and skipped whole, three messages lost for one bad line
    path = tmp_path / "naive.csv"
    path.write_text('id,sender,text\n1,amy,"hi\n2,bob,what\n3,amy",yes\n4,bob,ok\n')
    messages, problems = collect(path)
    assert [(m.id, m.sender, m.text, m.line) for m in messages] == [
        ("1", "amy", '"hi', 2),
        ("2", "bob", "what", 3),
        ("3", 'amy"', "yes", 4),
        ("4", "bob", "ok", 5),
    ]
    assert [(line, severity) for line, severity, _ in problem_rows(problems)] == [(2, "repaired")]


def test_a_well_formed_multiline_field_is_kept_even_when_its_lines_look_like_records(tmp_path):
    # a CSV writer's multi-line message whose lines each hold a comma: its closing quote is followed by the line end
    path = tmp_path / "x.csv"
    path.write_text('sender,text\namy,"first, line\nsecond, line"\nbob,ok\n')
    messages, problems = collect(path)
    assert [(m.sender, m.text, m.line) for m in messages] == [("amy", "first, line\nsecond, line", 2), ("bob", "ok", 4)]
    assert problems == []


def test_unclosed_quote_in_a_long_file_is_cut_at_the_field_size_limit(tmp_path):
    path = tmp_path / "long.csv"
    lines = [f"sam,see you at practice number {i}\n" for i in range(20_000)]
    lines[2] = 'dan,"a stray quote\n'
    path.write_text("sender,text\n" + "".join(lines))
    messages, problems = collect(path)
    assert len(messages) == 20_000 and [m.line for m in messages[:4]] == [2, 3, 4, 5]
    assert messages[2].text == '"a stray quote'
    assert messages[-1].text == "see you at practice number 19999"
    assert problem_rows(problems) == [
        (4, "repaired", "quote never closed (the quoted field runs past 131072 characters)" + AS_TEXT),
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
