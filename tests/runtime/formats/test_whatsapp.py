"""WhatsApp "Export chat" text: iOS and Android shapes, date inference, placeholders, system lines, zips, stdin."""

from __future__ import annotations

import io
import sys

import pytest

from groomguard.runtime.formats import whatsapp

from ._util import FIXTURES, collect, file_source, make_zip, problem_rows, rows

IOS = FIXTURES / "whatsapp_ios.txt"
ANDROID = FIXTURES / "whatsapp_android.txt"
SPANISH = FIXTURES / "whatsapp_es.txt"


def test_ios_export():
    messages, problems = collect(IOS)
    assert rows(messages) == [
        (
            "Practice moves to Thursday this week.\nBring water bottles and shin guards.\n\nSee you at 5!",
            "Coach Dana",
            "whatsapp_ios.txt",
            4,
            "2024-03-14T16:06:30",
        ),
        ("ok 👍", "Sam", "whatsapp_ios.txt", 8, "2024-03-14T16:07:02"),
        ("Is the field on Elm Street?", "Alex", "whatsapp_ios.txt", 11, "2024-03-14T16:09:15"),
        (
            "Yes, Elm Street.\n21/03/2024 is the first match, 14/03 is just practice.",
            "Coach Dana",
            "whatsapp_ios.txt",
            13,
            "2024-03-14T16:11:20",
        ),
        ("good night", "Sam", "whatsapp_ios.txt", 15, "2024-03-15T00:01:05"),
    ]
    assert messages[-1].extra == {"edited": True}
    assert all(m.source == str(IOS) for m in messages)
    assert problem_rows(problems) == [
        (1, "info", "system message, not scored"),
        (2, "info", "system message, not scored"),
        (3, "info", "system message, not scored"),
        (9, "info", "media placeholder, not scored"),
        (10, "info", "media placeholder, not scored"),
        (12, "info", "deleted message, not scored"),
    ]


def test_ios_fixture_has_the_pitfalls():
    text = IOS.read_text(encoding="utf-8")
    assert "\u200e[" in text and "\u202fPM]" in text and "\u202a+44" in text and "~\u202fAlex" in text


def test_android_export_month_first_crlf_no_final_newline():
    data = ANDROID.read_bytes()
    assert b"\r\n" in data and not data.endswith(b"\n")
    messages, problems = collect(ANDROID)
    assert rows(messages) == [
        ("Hi! Who is doing the poster?", "Jordan", "whatsapp_android.txt", 4, "2023-12-28T18:02:00"),
        (
            "I can do the poster\n12/31/23 is the deadline, right?",
            "Priya",
            "whatsapp_android.txt",
            5,
            "2023-12-28T18:03:00",
        ),
        ("Happy new year! Tacos at my place tomorrow?", "Priya", "whatsapp_android.txt", 11, "2023-12-31T23:59:00"),
        ("yes please", "Jordan", "whatsapp_android.txt", 12, "2024-01-02T00:15:00"),
    ]
    assert problem_rows(problems) == [
        (1, "info", "system message, not scored"),
        (2, "info", "system message, not scored"),
        (3, "info", "system message, not scored"),
        (7, "info", "media placeholder, not scored"),
        (8, "info", "deleted message, not scored"),
        (9, "info", "media placeholder, not scored"),
        (10, "info", "system message, not scored"),  # changed the subject from "Science: poster"
    ]


def test_spanish_export_ambiguous_dates_are_day_first():
    messages, problems = collect(SPANISH)
    assert rows(messages) == [
        ("¿Terminaste la tarea de mate?", "Lucía", "whatsapp_es.txt", 2, "2024-01-03T17:11:00"),
        ("Sí, la página 42", "Mateo", "whatsapp_es.txt", 5, "2024-01-03T17:13:00"),
        ("¡Gracias!", "Lucía", "whatsapp_es.txt", 6, "2024-01-04T09:05:00"),
    ]
    assert problem_rows(problems) == [
        (1, "info", "system message, not scored"),
        (3, "info", "media placeholder, not scored"),
        (4, "info", "deleted message, not scored"),
    ]


@pytest.mark.parametrize(
    ("header", "timestamp"),
    [
        ("31.12.23, 21:41 - Lena: ", "2023-12-31T21:41:00"),
        ("31-12-2023 21:41 - Lena: ", "2023-12-31T21:41:00"),
        ("2023-12-31 21:41 - Lena: ", "2023-12-31T21:41:00"),
        ("12/31/23, 9:41 a.m. - Lena: ", "2023-12-31T09:41:00"),
        ("12/31/23, 9:41 pm - Lena: ", "2023-12-31T21:41:00"),
        ("12/31/23, 12:05 a.\u00a0m. - Lena: ", "2023-12-31T00:05:00"),
        ("12/31/23, 12:05\u202fPM - Lena: ", "2023-12-31T12:05:00"),
        ("[31/12/23, 21:41:05] Lena: ", "2023-12-31T21:41:05"),
        ("\u200e[12/31/23, 9:41:05\u202fPM] Lena: ", "2023-12-31T21:41:05"),
        ("[31.12.23, 21:41:05] Lena: ", "2023-12-31T21:41:05"),
    ],
)
def test_header_variants(tmp_path, header, timestamp):
    path = tmp_path / "chat.txt"
    path.write_text(f"{header}homework done?\n", encoding="utf-8")
    messages, problems = collect(path, fmt="whatsapp")
    assert rows(messages) == [("homework done?", "Lena", "chat.txt", 1, timestamp)]
    assert problems == []


def test_day_month_order_is_inferred_from_the_whole_file(tmp_path):
    lines = ["1/2/24, 10:00 - Sam: first"] * 30 + ["1/13/24, 10:00 - Sam: later"]
    path = tmp_path / "chat.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    messages, _ = collect(path)
    assert messages[0].timestamp == "2024-01-02T10:00:00"  # month-first, decided by the LAST line
    assert messages[-1].timestamp == "2024-01-13T10:00:00"


def test_text_before_first_header_and_empty_body(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text("stray line\n1/2/24, 10:00 - Sam: hi\n1/2/24, 10:01 - Sam:\n", encoding="utf-8")
    messages, problems = collect(path, fmt="whatsapp")
    assert rows(messages) == [("hi", "Sam", "chat.txt", 2, "2024-02-01T10:00:00")]
    assert problem_rows(problems) == [
        (1, "error", "text before the first message header, skipped"),
        (3, "info", "empty message, not scored"),
    ]


def test_file_attachment_with_caption_keeps_caption(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text(
        "1/2/24, 10:00 - Sam: IMG-20240201-WA0001.jpg (file attached)\nlook at this goal\n"
        "1/2/24, 10:01 - Sam: IMG-20240201-WA0002.jpg (file attached)\n",
        encoding="utf-8",
    )
    messages, problems = collect(path)
    assert [m.text for m in messages] == ["look at this goal"]
    assert problem_rows(problems) == [(3, "info", "media placeholder, not scored")]


def test_ios_attachment_with_caption_keeps_caption(tmp_path):
    # iOS starts the placeholder with U+200E, which marks system lines too; the caption under it was dropped.
    path = tmp_path / "_chat.txt"
    path.write_text(
        "[1/3/24, 10:00:00 AM] Sam: \u200e<attached: 00000012-PHOTO-2024-01-03.jpg>\nlook at this\n"
        "[1/3/24, 10:01:00 AM] Sam: hello\n"
        "[1/3/24, 10:02:00 AM] Sam: \u200e<attached: 00000013-PHOTO-2024-01-03.jpg>\n"
        "[1/3/24, 10:03:00 AM] Football Team: \u200eSam added Alex\n",
        encoding="utf-8",
    )
    messages, problems = collect(path)
    assert [(m.text, m.sender, m.line) for m in messages] == [("look at this", "Sam", 1), ("hello", "Sam", 3)]
    assert problem_rows(problems) == [
        (4, "info", "media placeholder, not scored"),
        (5, "info", "system message, not scored"),
    ]


@pytest.mark.parametrize(
    "chat",
    [
        "1/2/24, 10:00 - Sam: IMG-20240201-WA0001.jpg (file attached)\nnice pic <This message was edited>\n",
        "[1/3/24, 10:00:00 AM] Sam: \u200e<attached: 00000012-PHOTO-2024-01-03.jpg>\n"
        "nice pic <This message was edited>\n",
    ],
)
def test_an_edited_caption_loses_the_edit_marker(tmp_path, chat):
    path = tmp_path / "chat.txt"
    path.write_text(chat, encoding="utf-8")
    messages, _ = collect(path, fmt="whatsapp")
    assert [(m.text, m.extra.get("edited")) for m in messages] == [("nice pic", True)]


def test_not_a_whatsapp_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("no headers here\n", encoding="utf-8")
    messages, problems = collect(path, fmt="whatsapp")
    assert messages == []
    assert problem_rows(problems) == [(1, "error", "no WhatsApp message header found")]


def test_zip_export_uses_zip_name(tmp_path):
    archive = make_zip(
        tmp_path / "WhatsApp Chat - Football Team.zip",
        {"_chat.txt": IOS.read_bytes(), "00000012-PHOTO-2024-03-14-16-08-00.jpg": b"\xff\xd8\xff\x00jpeg"},
    )
    messages, problems = collect(archive)
    assert [m.conversation_id for m in messages] == ["WhatsApp Chat - Football Team.zip"] * 5
    assert messages[0].source == f"{archive}/_chat.txt"
    assert [m.text for m in messages] == [m.text for m in collect(IOS)[0]]
    assert all(p.severity == "info" for p in problems)


def test_stdin_two_passes_in_memory(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ANDROID.read_bytes())))
    messages, problems = collect("-")
    expected = [(t, s, "-", line, ts) for t, s, _, line, ts in rows(collect(ANDROID)[0])]
    assert rows(messages) == expected
    assert len(problems) == 7


def test_parser_directly_on_a_source():
    problems = []
    messages = list(whatsapp.parse(file_source(SPANISH), problems.append))
    assert len(messages) == 3 and len(problems) == 3


def test_german_ios_placeholders_are_not_scored(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text(
        "[01.02.24, 10:00:00] Sam: \u200eBild weggelassen\n[01.02.24, 10:00:05] Sam: \u200eVerpasster Sprachanruf\n"
        "[01.02.24, 10:01:00] Sam: Bis gleich\n",
        encoding="utf-8",
    )
    messages, problems = collect(path, fmt="whatsapp")
    assert [m.text for m in messages] == ["Bis gleich"]
    assert problem_rows(problems) == [
        (1, "info", "media placeholder, not scored"),
        (2, "info", "media placeholder, not scored"),
    ]
