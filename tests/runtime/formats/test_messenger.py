"""Facebook Messenger / Instagram JSON: mojibake repair, newest-first files, placeholders."""

from __future__ import annotations

from groomguard.runtime.formats import iter_sources
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
