"""read_messages and iter_sources: stdin, folders, zips, unreadable files, unknown formats, privacy of reasons."""

from __future__ import annotations

import io
import json
import sys

import pytest

from groomguard.runtime import formats
from groomguard.runtime.formats import FORMATS, InputSource, iter_sources, read_messages

from ._util import FIXTURES, collect, make_zip, problem_rows, rows


def test_registry_names():
    assert list(FORMATS) == [
        "whatsapp", "telegram", "discord", "slack", "messenger", "jsonl", "json", "csv", "pan12", "text",
    ]  # fmt: skip


def test_unknown_format_raises_at_once():
    with pytest.raises(ValueError, match=r"unknown format 'sms'.*whatsapp, telegram.*text"):
        read_messages(["whatever"], fmt="sms")  # raised before iterating


def test_stdin_jsonl(monkeypatch):
    data = b'{"text": "homework?", "sender": "a"}\nnot json\n{"text": "done", "sender": "b"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    messages, problems = collect("-")
    assert rows(messages) == [("homework?", "a", "-", 1, None), ("done", "b", "-", 3, None)]
    assert [(p.source, p.line, p.severity) for p in problems] == [("-", 2, "error")]


def test_stdin_longer_than_the_replayed_head(monkeypatch):
    lines = [json.dumps({"text": f"message number {i} " + "x" * 40}) for i in range(3000)]
    assert len("\n".join(lines)) > 2 * 64 * 1024
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(lines).encode())))
    messages, problems = collect("-")
    assert [m.line for m in messages] == list(range(1, 3001))
    assert messages[-1].text.startswith("message number 2999 ")
    assert problems == []


def test_unreadable_files_are_reported_and_reading_carries_on(tmp_path):
    files = {
        "a_missing.txt": None,
        "b_empty.txt": b"",
        "c_blank.jsonl": b"\n \n",
        "d_binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "e_latin.txt": bytes(range(0x80, 0x100)) * 4,
        "f_utf16.txt": "hello".encode("utf-16"),
        "g_page.txt": b"<!DOCTYPE html>\n<html><body>chat</body></html>\n",
        "h_good.txt": b"see you at practice\n",
    }
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        paths.append(path)
    messages, problems = collect(*paths)
    assert rows(messages) == [  # UTF-16 is decoded (issue 13), no longer refused
        ("hello", "unknown", "f_utf16.txt", 1, None),
        ("see you at practice", "unknown", "h_good.txt", 1, None),
    ]
    assert [(p.source.rsplit("/", 1)[1], p.line, p.severity, p.reason) for p in problems] == [
        ("a_missing.txt", 0, "error", "cannot read: No such file or directory"),
        ("b_empty.txt", 0, "error", "empty file"),
        ("c_blank.jsonl", 0, "error", "empty file"),
        ("d_binary.txt", 0, "error", "binary file (contains NUL bytes), not a chat export"),
        ("e_latin.txt", 0, "error", "binary file (not UTF-8 text), not a chat export"),
        ("g_page.txt", 0, "error", "HTML export, not supported: export the chat as JSON or text"),
    ]


def test_read_error_mid_stream_is_reported():
    class Failing(io.RawIOBase):
        def __init__(self):
            self.calls = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            self.calls += 1
            if self.calls > 1:
                raise OSError(5, "Input/output error")
            data = b"first line\n" + b"x" * 9000
            n = min(len(buffer), len(data))
            buffer[:n] = data[:n]
            return n

    source = InputSource("flaky.txt", lambda: io.BufferedReader(Failing(), buffer_size=16384))
    problems = []
    messages = list(formats._read_source(source, "text", problems.append))
    assert [m.text for m in messages] == ["first line"]
    assert problem_rows(problems) == [(0, "error", "read error: Input/output error")]


def test_folder_walk_is_sorted_recursive_and_skips_hidden_and_media(tmp_path):
    for name, data in {
        "b.jsonl": b'{"text": "b"}\n',
        "a.txt": b"a\n",
        ".hidden.txt": b"hidden\n",
        ".git/config.txt": b"hidden\n",
        "sub/c.csv": b"text\nc\n",
        "sub/photo.jpg": b"\xff\xd8\xff\x00",
        "sub/voice.opus": b"OggS\x00",
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    names = [s.name for s in iter_sources([str(tmp_path)])]
    assert names == [str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl"), str(tmp_path / "sub" / "c.csv")]
    messages, problems = collect(tmp_path)
    assert [m.text for m in messages] == ["a", "b", "c"]
    assert problems == []
    _, problems = collect(tmp_path / "sub" / "photo.jpg")  # named explicitly: never skipped silently
    assert [p.reason for p in problems] == ["binary file (contains NUL bytes), not a chat export"]


def test_zip_of_several_files_and_a_corrupt_zip(tmp_path):
    archive = make_zip(
        tmp_path / "logs.zip",
        {"day1.jsonl": b'{"text": "one"}\n', "day2.jsonl": b'{"text": "two"}\n', "__MACOSX/._day1.jsonl": b"\x00"},
    )
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    messages, problems = collect(broken, archive)
    assert [(m.text, m.conversation_id, m.source) for m in messages] == [
        ("one", "day1.jsonl", f"{archive}/day1.jsonl"),
        ("two", "day2.jsonl", f"{archive}/day2.jsonl"),
    ]
    assert problem_rows(problems) == [(0, "error", "cannot read: File is not a zip file")]


def test_forced_format(tmp_path):
    messages, _ = collect(FIXTURES / "whatsapp_es.txt", fmt="text")
    assert len(messages) == 6 and messages[0].sender == "unknown"
    messages, problems = collect(FIXTURES / "slack_export", fmt="jsonl")
    assert messages == []
    assert problem_rows(problems) == [(0, "error", "format 'jsonl' cannot read a multi-file export folder")]


def test_every_fixture_reads_with_auto_detection():
    problems = []
    messages = list(read_messages(str(FIXTURES), report=problems.append))
    assert len(messages) == 53
    assert len({m.source for m in messages}) == 18
    errors = [p for p in problems if p.severity == "error"]
    assert {p.source.rsplit("/", 1)[1] for p in errors} == {"bad.jsonl", "messages.csv"}
    assert list(read_messages(str(FIXTURES))) == messages  # report=None drops problems


def test_problem_reasons_never_contain_message_text(tmp_path):
    secret = "SECRETWORD"
    files = {
        "a.jsonl": f'{{"text": "{secret}" "x"}}\n{{"sender": "{secret}"}}\n["{secret}"]\n'.encode()
        + f'{{"text": "{secret} \xff"}}\n'.encode("latin-1"),
        "b.csv": f"text,sender\n{secret},a,extra\n".encode(),
        "c.txt": f"1/2/24, 10:00 - A: hi\n1/2/24, 10:01 - {secret} added B\n1/2/24, 10:02 - A: {secret}\n".encode(),
        "d.xml": f"<conversations><conversation id='1'><message><text>{secret}</x>".encode(),
        "result.json": f'{{"name": "x", "messages": [{{"type": "service", "action": "{secret} x"}}, 1]}}'.encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    _, problems = collect(tmp_path)
    assert len(problems) >= 8
    assert not [p for p in problems if secret in p.reason]


WHATSAPP_UTF16 = "12/03/2024, 18:02 - Mark: hey are your parents home?\r\n12/03/2024, 18:03 - Ellie: no, why\r\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16", ""), ("utf-16-le", "\ufeff"), ("utf-16-be", "\ufeff"), ("utf-16-le", ""), ("utf-16-be", "")],
)
def test_utf16_exports_are_decoded_with_or_without_a_bom(tmp_path, encoding, bom):
    path = tmp_path / "WhatsApp Chat.txt"
    path.write_bytes((bom + WHATSAPP_UTF16).encode(encoding))
    messages, problems = collect(path)
    assert [(m.sender, m.text, m.line) for m in messages] == [
        ("Mark", "hey are your parents home?", 1),
        ("Ellie", "no, why", 2),
    ]
    assert problems == []


def test_utf16_jsonl_from_standard_input_style_source(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_bytes('{"text": "caf\u00e9 tonight?"}\n{"text": "\U0001f600"}\n'.encode("utf-16-le"))
    messages, problems = collect(path)
    assert [m.text for m in messages] == ["caf\u00e9 tonight?", "\U0001f600"] and problems == []


def test_json_array_of_messages_is_read_and_unknown_json_refused(tmp_path):
    records = tmp_path / "records.json"
    records.write_text('[\n {"text": "hi", "sender": "a"},\n {"text": 5},\n {"text": "bye", "id": 7}\n]\n')
    unknown = tmp_path / "config.json"
    unknown.write_text('{\n  "settings": {"theme": "dark"}\n}\n')
    array = tmp_path / "numbers.json"
    array.write_text("[1, 2,\n 3]\n")
    messages, problems = collect(records, unknown, array)
    assert [(m.text, m.sender, m.line, m.id) for m in messages] == [("hi", "a", 2, None), ("bye", "unknown", 4, "7")]
    assert [(p.source.rsplit("/", 1)[1], p.line, p.reason.split(" (")[0]) for p in problems] == [
        ("records.json", 3, "'text' is not a string"),
        ("config.json", 0, "JSON of a shape this version does not read"),
        ("numbers.json", 0, "JSON of a shape this version does not read"),
    ]


def test_pretty_printed_json_of_unknown_shape_is_refused_whole(tmp_path):
    shape = tmp_path / "shape.json"
    shape.write_text(
        '{"chat": "x",\n "messages": [\n  {"from": "a", "text": "one"},\n  {"from": "b", "text": "two"},\n'
        '  {"from": "a", "text": "three"}\n ]\n}\n'
    )
    messages, problems = collect(shape)
    assert messages == []  # not "three" alone, with the other lines reported as invalid JSON Lines
    assert [(p.line, p.severity, p.reason.split(" (")[0]) for p in problems] == [
        (0, "error", "JSON of a shape this version does not read")
    ]


def test_read_sources_tells_the_format_and_whether_conversations_come_together():
    seen = {}
    for source, messages in formats.read_sources([str(FIXTURES)]):
        assert messages.format is None  # detected when the first message is read
        conversations = [m.conversation_id for m in messages]
        seen[messages.format] = messages.grouped
        if messages.grouped:  # each conversation's messages together: an id never comes back after another
            runs = [c for k, c in enumerate(conversations) if k == 0 or c != conversations[k - 1]]
            assert len(runs) == len(set(runs)) > 0, source.name
    assert {f for f, grouped in seen.items() if grouped} == {"pan12", "telegram"}
    assert {"jsonl", "csv", "whatsapp", "slack"} <= {f for f, grouped in seen.items() if not grouped}
