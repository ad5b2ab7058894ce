"""Shared reading helpers: the incremental UTF-8 decoding of the JSON exports."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groomguard.runtime.formats._io import INVALID_UTF8, Utf8Decoder


def _decode(data: bytes, size: int) -> tuple[str, list]:
    problems: list = []
    decoder = Utf8Decoder("chat.json", problems.append)
    parts = [decoder.decode(data[i : i + size]) for i in range(0, len(data), size)]
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts), [(p.source, p.line, p.reason, p.severity) for p in problems]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 1 << 16])
def test_utf8_in_chunks_of_any_size(size):
    data = b"\xef\xbb\xbf" + "caf\u00e9\n😀 ok\n\u65e5\u672c\n".encode()
    assert _decode(data, size) == ("caf\u00e9\n😀 ok\n\u65e5\u672c\n", [])


@pytest.mark.parametrize("size", [1, 2, 3, 4, 7, 1 << 16])
def test_invalid_utf8_is_replaced_and_reported_once_at_its_line(size):
    # a character cut by the chunk boundary just before the first bad byte is still decoded whole
    data = "one\n\u00e9".encode() + b"\xff two\n\xfe\n" + "\u00e9 end".encode()
    text, problems = _decode(data, size)
    assert text == "one\n\u00e9\ufffd two\n\ufffd\n\u00e9 end"
    assert problems == [("chat.json", 2, INVALID_UTF8, "repaired")]


def test_a_byte_order_mark_only_at_the_start_is_dropped():
    assert _decode(b"\xef\xbb", 1) == ("\ufffd", [("chat.json", 1, INVALID_UTF8, "repaired")])  # a cut BOM is not one
    assert _decode("x\ufeff".encode(), 1)[0] == "x\ufeff"


def _checked(data: bytes, cuts: list[int]) -> tuple[bytes, list]:
    problems: list = []
    decoder = Utf8Decoder("chat.json", problems.append)
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(data)), len(data)]
    parts = [decoder.checked(data[a:b]) for a, b in itertools.pairwise(bounds)]
    parts.append(decoder.checked(b"", final=True))
    return b"".join(parts), [(p.line, p.reason) for p in problems]


@given(
    st.lists(st.sampled_from(["a", "\n", "\u00e9", "\u65e5", "😀", "\ufeff", "\xff", "\xfe", "\xef\xbb"]), max_size=40),
    st.booleans(),
    st.lists(st.integers(0, 200), max_size=8),
)
def test_checked_is_decode_as_bytes_without_decoding_valid_input_back(pieces, bom, cuts):
    # "\xff" and "\xfe" stand for those raw (invalid) bytes, "\xef\xbb" for a byte-order mark cut short
    raw = {"\xff": b"\xff", "\xfe": b"\xfe", "\xef\xbb": b"\xef\xbb"}
    data = (b"\xef\xbb\xbf" if bom else b"") + b"".join(raw.get(p, p.encode()) for p in pieces)
    text, problems = _decode(data, 1)
    got, checked_problems = _checked(data, cuts)
    assert got == text.encode()  # the same text, whatever the chunks, problems included
    assert checked_problems == [(line, reason) for _, line, reason, _ in problems]
    if not problems:  # valid input: its own bytes, only a leading byte-order mark dropped
        assert got == data.removeprefix(b"\xef\xbb\xbf")


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b""])
def test_a_line_longer_than_the_limit_is_reported_and_skipped(tmp_path, monkeypatch, ending):
    from groomguard.runtime.formats import _io
    from groomguard.runtime.formats._sources import _file_source

    monkeypatch.setattr(_io, "MAX_LINE_BYTES", 64)  # bytes of a line with its ending
    path = tmp_path / "in.txt"
    path.write_bytes(b"first line\n" + b"x" * 200 + b"\n" + b"y" * 63 + b"\n" + b"z" * 64 + b"\nlast line" + ending)
    problems = []
    got = list(_io.iter_lines(_file_source(str(path)), problems.append))
    assert got == [(1, "first line"), (3, "y" * 63), (5, "last line")]  # the lines after a long one keep their numbers
    assert [p.line for p in problems] == [2, 4]
    assert all(p.reason.startswith("line longer than") and p.severity == "error" for p in problems)


@pytest.mark.parametrize("tail", [b"", b"\r"])
def test_lines_that_end_with_a_carriage_return_only(tmp_path, monkeypatch, tail):
    from groomguard.runtime.formats import _io
    from groomguard.runtime.formats._sources import _file_source

    monkeypatch.setattr(_io, "MAX_LINE_BYTES", 64)
    path = tmp_path / "mac.txt"
    path.write_bytes(b"first\rsecond\r" + b"x" * 100 + b"\rfourth\r\r" + b"sixth\r\nseventh" + tail)
    problems = []
    got = list(_io.iter_lines(_file_source(str(path)), problems.append))
    assert got == [(1, "first"), (2, "second"), (4, "fourth"), (5, ""), (6, "sixth"), (7, "seventh")]
    assert [p.line for p in problems] == [3]
    with_ends = [text for _, text in _io.iter_lines(_file_source(str(path)), problems.append, keepends=True)]
    assert with_ends[:3] == ["first\r", "second\r", "fourth\r"]  # as read, for the csv module


def test_a_file_with_line_feeds_is_not_split_at_carriage_returns(tmp_path):
    from groomguard.runtime.formats import _io
    from groomguard.runtime.formats._sources import _file_source

    path = tmp_path / "unix.txt"
    path.write_bytes(b"one\rstill one\ntwo\r\nthree")
    assert list(_io.iter_lines(_file_source(str(path)), print)) == [(1, "one\rstill one"), (2, "two"), (3, "three")]


def test_a_stray_carriage_return_in_a_first_line_too_long_to_read_keeps_the_file_read_by_line_feeds(
    tmp_path, monkeypatch
):
    from groomguard.runtime.formats import _io
    from groomguard.runtime.formats._sources import _file_source

    monkeypatch.setattr(_io, "MAX_LINE_BYTES", 64)
    path = tmp_path / "in.txt"
    path.write_bytes(b"yy\r" + b"y" * 100 + b"\nb\nc\r\n")
    problems = []
    assert list(_io.iter_lines(_file_source(str(path)), problems.append)) == [(2, "b"), (3, "c")]
    assert [p.line for p in problems] == [1]
    path.write_bytes(b"a\rz\r" + b"x" * 70 + b"\rb\r\n")  # carriage returns only, the last one before a line feed
    assert list(_io.iter_lines(_file_source(str(path)), problems.append)) == [(1, "a"), (2, "z"), (4, "b")]
