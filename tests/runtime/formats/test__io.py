"""Shared reading helpers: the incremental UTF-8 decoding of the JSON exports."""

from __future__ import annotations

import pytest

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
    assert problems == [("chat.json", 2, INVALID_UTF8, "error")]


def test_a_byte_order_mark_only_at_the_start_is_dropped():
    assert _decode(b"\xef\xbb", 1) == ("\ufffd", [("chat.json", 1, INVALID_UTF8, "error")])  # a cut BOM is not one
    assert _decode("x\ufeff".encode(), 1)[0] == "x\ufeff"
