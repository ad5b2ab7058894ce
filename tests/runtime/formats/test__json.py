"""The streaming JSON reader of the JSON exports: values as the json module decodes them, the line where each
starts, errors where and as the json module reports them, at any chunk size; and the merge of several files."""

from __future__ import annotations

import io
import json
import random

import pytest

from groomguard.runtime.formats import _json
from groomguard.runtime.formats._json import InvalidJsonError, JsonStream, in_key_order, suffix_minima
from groomguard.runtime.formats.base import ParseProblem

from ._util import FIXTURES, collect

CHUNKS = (1, 2, 3, 7, 64, 1 << 16)
DOCS = [
    [],
    {},
    [1, -2.5e3, True, False, None, "x", [], {}],
    {"a": [1, {"b": "c,]}"}], "d": '\\"quoted"', "e": "😀 café \u2028 日本"},
    [{"id": i, "text": "line one\nline two", "n": [i] * (i % 4)} for i in range(30)],
    {"messages": [{"big": "x" * 100_000}, 12345678901234567890, "tail"]},
]


@pytest.fixture(params=CHUNKS)
def chunk(request, monkeypatch):
    monkeypatch.setattr(_json, "CHUNK", request.param)
    return request.param


def stream(text: str | bytes, problems: list | None = None) -> JsonStream:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return JsonStream(io.BytesIO(data), "doc.json", (problems if problems is not None else []).append)


def read_all(doc: JsonStream) -> object:
    """The value at the cursor, objects rebuilt member by member all the way down, arrays element by element."""
    if doc.kind() == "array":
        return [value for _, value in doc.items()]
    if doc.kind() == "object":
        return {key: read_all(doc) for key in doc.members()}
    return doc.value()


@pytest.mark.parametrize("indent", [None, 1, "\t"])
@pytest.mark.parametrize("doc", DOCS, ids=range(len(DOCS)))
def test_values_are_what_the_json_module_decodes(doc, indent, chunk):
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    reader = stream(text)
    assert reader.start() == ("array" if isinstance(doc, list) else "object")
    assert read_all(reader) == json.loads(text)
    reader.finish()
    assert stream(text).value() == json.loads(text)


def test_items_carry_the_line_where_each_element_starts(chunk):
    records = [{"id": i, "text": "a\nb" * (i % 3)} for i in range(40)]
    text = "[\n" + ",\n".join(json.dumps(r, indent=i % 3 or None) for i, r in enumerate(records)) + "\n]\n"
    lines = text.split("\n")
    found = list(stream(text).items())
    assert [value for _, value in found] == records
    for line, value in found:
        assert lines[line - 1].lstrip().startswith("{") and f'"id": {value["id"]}' in "\n".join(lines[line - 1 :])
    assert [line for line, _ in stream(json.dumps(records)).items()] == [1] * len(records)  # minified: one line


def test_members_left_unread_are_skipped_and_nested_members_stream(chunk):
    text = json.dumps({"skip": {"deep": [1, [2, {"x": "}"}]]}, "keep": [{"a": 1}], "tail": 3}, indent=2)
    reader = stream(text)
    seen = {}
    for key in reader.members():
        if key == "keep":
            seen[key] = list(reader.items())
    reader.finish()
    assert list(seen) == ["keep"] and [v for _, v in seen["keep"]] == [{"a": 1}]
    assert seen["keep"][0][0] == text.split("\n").index("    {") + 1


BROKEN = [
    "[1 2]",
    '{"a" 1}',
    '{"a": 1 "b": 2}',
    "{1: 2}",
    "[",
    "{",
    "[1",
    '{"a"',
    '{"a":',
    '{"a": 1',
    "[1] x",
    '"abc',
    '[{"text": "unterminated}]',
    '[\n  {"a": 1},\n  {"a": tru},\n  {"a": 2}\n]',
    '[\n  {"a": "\\u12"}\n]',
    '{"messages": [\n {"id": 1},\n {"id": 2,,}\n]}',
    "[" * 100_000,
    '[\n  {"text": "bad \x01 control"}\n]',
    "[-]",
    "[1.]",
    '{"a": nul}',
]


@pytest.mark.parametrize("text", BROKEN, ids=range(len(BROKEN)))
def test_invalid_json_is_reported_where_and_as_the_json_module_says(text, chunk):
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        expected = [(exc.lineno, f"invalid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}")]
    except RecursionError:
        expected = [(1, "invalid JSON: nested too deeply")]
    problems: list[ParseProblem] = []
    reader = stream(text, problems)
    with pytest.raises(InvalidJsonError):
        read_all(reader)
        reader.finish()
    assert [(p.line, p.reason) for p in problems] == expected
    assert all(p.source == "doc.json" and p.severity == "error" for p in problems)


def test_values_before_an_error_are_kept_and_lines_and_columns_count_from_the_file_start(chunk):
    text = '[\n  {"a": 1},\n  {"a": 2}' + " " * 300 + ',\n  {"a": }\n]'
    problems: list[ParseProblem] = []
    got = []
    with pytest.raises(InvalidJsonError):
        for line, value in stream(text, problems).items():
            got.append((line, value))
    assert got == [(2, {"a": 1}), (3, {"a": 2})]
    assert [(p.line, p.reason) for p in problems] == [(4, "invalid JSON: Expecting value at column 9")]


def test_empty_and_not_json_documents(chunk):
    problems: list[ParseProblem] = []
    with pytest.raises(InvalidJsonError):
        stream(" \n\t", problems).start()
    with pytest.raises(InvalidJsonError):
        stream("hello", problems).start()
    assert [(p.line, p.reason) for p in problems] == [
        (1, "empty file"),
        (1, "invalid JSON: Expecting value at column 1"),
    ]


def test_byte_order_mark_and_invalid_utf8_at_any_chunk_boundary(chunk):
    # a BOM, a 4-byte emoji split by small chunks, then a bad byte after more multi-byte text
    data = b'\xef\xbb\xbf[\n "\xf0\x9f\x98\x80 caf\xc3\xa9",\n "bad \xff here",\n "\xe6\x97\xa5"\n]'
    problems: list[ParseProblem] = []
    reader = stream(data, problems)
    assert reader.start() == "array"
    assert list(reader.items()) == [(2, "😀 café"), (3, "bad \ufffd here"), (4, "日")]
    assert [(p.line, p.reason) for p in problems] == [(3, "invalid UTF-8, decoded with replacement characters")]


def test_a_value_larger_than_the_chunk_is_read_whole(monkeypatch):
    monkeypatch.setattr(_json, "CHUNK", 16)
    big = {"text": "word " * 200_000}
    assert [v for _, v in stream(json.dumps([big, 1])).items()] == [big, 1]


@pytest.mark.parametrize(
    "path",
    [
        "discord.json",
        "slack_export",
        "slack_export/general/2024-03-01.json",
        "messenger_chat",
        "messenger_chat/message_2.json",
    ],
)
def test_the_json_fixtures_read_the_same_at_every_chunk_size(path, monkeypatch):
    expected = collect(FIXTURES / path)
    assert expected[0]
    for size in (1, 3, 50):
        monkeypatch.setattr(_json, "CHUNK", size)
        assert collect(FIXTURES / path) == expected


@pytest.mark.parametrize(
    ("path", "fmt"), [("discord.json", "discord"), ("slack_export", "slack"), ("messenger_chat", "messenger")]
)
def test_the_json_exports_are_not_read_with_json_load(path, fmt, monkeypatch):
    expected = collect(FIXTURES / path, fmt=fmt)

    def refuse(*args, **kwargs):
        raise AssertionError("a JSON export was decoded whole")

    monkeypatch.setattr(json, "load", refuse)
    monkeypatch.setattr(json, "loads", refuse)
    monkeypatch.setattr(json.JSONDecoder, "decode", refuse)
    assert collect(FIXTURES / path, fmt=fmt) == expected


def test_in_key_order_equals_a_full_sort_and_holds_only_what_must_wait():
    rng = random.Random(5)
    for _ in range(200):
        files = []
        for order in range(rng.randint(1, 6)):
            keys = [rng.randint(0, 30) + 10 * order * rng.randint(0, 1) for _ in range(rng.randint(0, 8))]
            files.append([((k, order, position), (k, order, position)) for position, k in enumerate(keys)])
        lowest = [min((k[0] for k, _ in f), default=None) for f in files]
        merged = list(in_key_order(iter(files), suffix_minima(lowest)))
        assert merged == sorted(m for f in files for _, m in f)

    held = []

    def file(order, keys):
        for position, k in enumerate(keys):
            yield (k, order, position), (k, order)
        held.append(order)

    out = in_key_order((file(i, [i * 10, i * 10 + 5]) for i in range(4)), suffix_minima([0, 10, 20, 30]))
    assert next(out) == (0, 0) and held == [0]  # the first file's messages come before the second file is read
    assert list(out)[-1] == (35, 3)


def test_suffix_minima():
    assert suffix_minima([]) == []
    assert suffix_minima([5, None, 3, 4, None]) == [3, 3, 4, None, None]
