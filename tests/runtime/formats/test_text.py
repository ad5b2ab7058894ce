"""Plain text: one message per line, blank lines skipped, undecodable lines kept and reported."""

from __future__ import annotations

from ._util import FIXTURES, collect, problem_rows, rows


def test_plain_text():
    messages, problems = collect(FIXTURES / "plain.txt")
    assert rows(messages) == [
        ("hey, are you coming to the game?", "unknown", "plain.txt", 1, None),
        ("yes, after dinner", "unknown", "plain.txt", 4, None),
        ("bring snacks", "unknown", "plain.txt", 5, None),
    ]
    assert problems == []


def test_crlf_bom_invalid_utf8_and_no_final_newline(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"\xef\xbb\xbffirst\r\nsecond \xff line\r\n\r\nlast")
    messages, problems = collect(path, fmt="text")
    assert rows(messages) == [
        ("first", "unknown", "notes.txt", 1, None),
        ("second \ufffd line", "unknown", "notes.txt", 2, None),
        ("last", "unknown", "notes.txt", 4, None),
    ]
    assert problem_rows(problems) == [(2, "repaired", "invalid UTF-8, decoded with replacement characters")]
