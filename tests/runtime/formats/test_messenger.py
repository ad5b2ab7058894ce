"""Facebook Messenger / Instagram JSON: mojibake repair, newest-first files, placeholders."""

from __future__ import annotations

import json

from groomguard.runtime.formats import iter_sources, read_messages
from groomguard.runtime.formats._io import epoch_to_iso
from groomguard.runtime.formats.messenger import fix_mojibake

from ._util import FIXTURES, collect, problem_rows, rows

CHAT = FIXTURES / "messenger_chat"


def test_fixture_is_mojibake_on_disk():
    raw = (CHAT / "message_1.json").read_text(encoding="utf-8")
    assert "caf\\u00c3\\u00a9" in raw and "\\u00f0\\u009f\\u0098\\u0080" in raw


def test_chat_folder_oldest_first_across_files():
    sources = list(iter_sources([str(CHAT)]))
    assert [s.name for s in sources] == [str(CHAT)]
    messages, problems = collect(CHAT)
    assert rows(messages) == [
        ("dinner at 7?", "Omar Ali", "Zoë Park", 25, "2024-03-01T19:50:00+00:00"),
        ("Crème brûlée for dessert?", "Zoë Park", "Zoë Park", 11, "2024-03-01T19:53:20+00:00"),
        ("see you at the café 😀", "Omar Ali", "Zoë Park", 11, "2024-03-01T20:00:00+00:00"),
    ]
    assert [m.source for m in messages] == [f"{CHAT}/message_2.json"] * 2 + [f"{CHAT}/message_1.json"]
    assert [(p.source.rsplit("/", 1)[1], *row) for p, row in zip(problems, problem_rows(problems), strict=True)] == [
        ("message_2.json", 17, "info", "attachment without text, not scored"),  # sticker
        ("message_1.json", 17, "info", "unsent message, not scored"),
        ("message_1.json", 23, "info", "attachment without text, not scored"),  # photo
        ("message_1.json", 34, "info", "attachment placeholder, not scored"),  # "Omar sent an attachment."
    ]


def test_single_file_is_read_alone_oldest_first():
    messages, _ = collect(CHAT / "message_2.json")
    assert [m.text for m in messages] == ["dinner at 7?", "Crème brûlée for dessert?"]
    assert messages[0].conversation_id == "Zoë Park"


def test_folder_with_media_subfolder(tmp_path):
    chat = tmp_path / "inbox" / "zoepark_1a2b"
    (chat / "photos").mkdir(parents=True)
    (chat / "photos" / "1.jpg").write_bytes(b"\xff\xd8\xff\x00")
    for name in ("message_1.json", "message_2.json"):
        (chat / name).write_bytes((CHAT / name).read_bytes())
    sources = list(iter_sources([str(tmp_path)]))
    assert [s.name for s in sources] == [str(chat)]
    assert len(collect(tmp_path)[0]) == 3


def test_fix_mojibake():
    assert fix_mojibake("cafÃ©") == "café"
    assert fix_mojibake("\u00f0\u009f\u0098\u0080") == "😀"  # what Facebook writes (C1 controls, not "ðŸ˜€")
    assert fix_mojibake("café") == "café"  # already correct: left alone
    assert fix_mojibake("日本") == "日本"


# --- files are streamed (issue 13): memory of about one file, order and names as before ---------------------------


def _chat_files(folder, files: list[list[dict]], title="Zo\u00c3\u00ab Park"):
    """message_1.json (newest) ... message_N.json from ``files`` given oldest first, each list oldest first."""
    folder.mkdir(parents=True)
    for k, messages in enumerate(reversed(files), 1):
        doc = {"participants": [{"name": "Omar Ali"}], "messages": list(reversed(messages))}
        doc.update(title=title, is_still_participant=True, thread_path="inbox/zoepark_1a2b")  # after the messages
        (folder / f"message_{k}.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return folder


def _messages(start: int, n: int) -> list[dict]:
    return [
        {
            "sender_name": "Omar Ali",
            "timestamp_ms": 1709322600000 + 1000 * (start + i),
            "content": f"dinner at {i % 12 + 1}? I can bring the salad " * (1 + i % 3),
            "reactions": [{"reaction": "\u00f0\u009f\u0098\u0080", "actor": "Zo\u00c3\u00ab Park"}],
            "is_geoblocked_for_viewer": False,
        }
        for i in range(n)
    ]


def test_chat_memory_holds_about_one_file(tmp_path):
    import tracemalloc

    peaks = []
    for n_files in (2, 8):
        folder = _chat_files(tmp_path / str(n_files), [_messages(400 * k, 400) for k in range(n_files)])
        tracemalloc.start()
        try:
            count = sum(1 for _ in read_messages([str(folder)]))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert count == 400 * n_files
    size = sum(p.stat().st_size for p in (tmp_path / "8").glob("*.json"))
    assert peaks[1] < size / 2  # read whole, every file of the chat was held (several times its size)
    assert peaks[1] < 1.5 * peaks[0] + 200_000


def test_order_across_overlapping_files_is_the_stable_timestamp_sort_as_before(tmp_path):
    files = [_messages(0, 5), _messages(3, 5), _messages(100, 2)]  # the second file starts before the first ends
    files[1][0]["timestamp_ms"] = files[0][4]["timestamp_ms"]  # a tie across files: the older file's comes first
    folder = _chat_files(tmp_path / "chat", files)
    messages, problems = collect(folder)
    assert problems == []
    concatenated = [(m["timestamp_ms"], f"message_{3 - k}.json") for k, file in enumerate(files) for m in file]
    expected = sorted(range(len(concatenated)), key=lambda i: concatenated[i][0])  # stable
    assert [(m.timestamp, m.source.rsplit("/", 1)[1]) for m in messages] == [
        (epoch_to_iso(concatenated[i][0] / 1000), concatenated[i][1]) for i in expected
    ]
    assert {m.conversation_id for m in messages} == {"Zoë Park"}  # the title, written after the messages


def test_without_timestamps_files_are_read_oldest_first_each_reversed(tmp_path):
    files = [_messages(0, 2), _messages(10, 2)]
    files[1][1]["timestamp_ms"] = None  # one message without a timestamp: no sorting at all, as before
    files[0][0]["timestamp_ms"] = files[1][0]["timestamp_ms"] + 1
    folder = _chat_files(tmp_path / "chat", files)
    messages, _ = collect(folder)
    # each file newest first on disk: its second entry (line 20) is its oldest message
    assert [(m.source.rsplit("/", 1)[1], m.line) for m in messages] == [
        ("message_2.json", 20),
        ("message_2.json", 8),
        ("message_1.json", 20),
        ("message_1.json", 8),
    ]


def test_a_broken_file_keeps_what_precedes_the_error_and_does_not_stop_the_others(tmp_path):
    folder = _chat_files(tmp_path / "chat", [_messages(0, 3), _messages(10, 3)])
    newest = folder / "message_1.json"
    text = newest.read_text(encoding="utf-8")
    newest.write_text(text[: text.rindex('"sender_name"')], encoding="utf-8")  # cut in its oldest message
    messages, problems = collect(folder)
    assert len(messages) == 3 + 2
    assert {m.conversation_id for m in messages} == {"Zoë Park"}  # message_2.json names the chat too
    assert [(p.source.rsplit("/", 1)[1], p.reason.split(" at ")[0]) for p in problems] == [
        ("message_1.json", "invalid JSON: Expecting property name enclosed in double quotes")
    ]


def test_malformed_entries_are_reported_at_their_line(tmp_path):
    path = tmp_path / "chat" / "message_1.json"
    path.parent.mkdir()
    messages = [{"sender_name": "Omar Ali", "timestamp_ms": 1709322600000, "content": "see you at 7"}, "x", 3]
    path.write_text(json.dumps({"participants": [], "messages": messages, "title": "Omar"}, indent=1))
    found, problems = collect(path)
    assert [(m.text, m.line) for m in found] == [("see you at 7", 4)]
    assert problem_rows(problems) == [
        (9, "error", "message is not an object (got string)"),
        (10, "error", "message is not an object (got number)"),
    ]
