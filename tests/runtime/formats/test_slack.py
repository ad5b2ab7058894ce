"""Slack workspace export: folder and zip, subtypes, threads, mentions, ordering by ts."""

from __future__ import annotations

import json

from groomguard.runtime.formats import iter_sources
from groomguard.runtime.formats.slack import render

from ._util import FIXTURES, collect, problem_rows, rows, zip_folder

EXPORT = FIXTURES / "slack_export"
EXPECTED = [
    ("Robotics club meets in room 12 at 4", "Sofia Lee", "general", 9, "2024-03-01T13:35:00+00:00"),
    ("running late, start without me", "kai", "general", 25, "2024-03-01T13:36:40+00:00"),
    ("@Sofia Lee can I bring the <spare> motor?", "Ben R", "general", 17, "2024-03-01T13:38:20+00:00"),
    ("Also posting here: see the plan", "Sofia Lee", "general", 21, "2024-03-02T17:23:20+00:00"),
    ("who wants pizza friday? @here", "Sofia Lee", "random", 2, "2024-03-01T13:50:00+00:00"),
]
EXPECTED_PROBLEMS = [
    ("general/2024-03-01.json", 2, "info", "event (channel_join), not scored"),
    ("general/2024-03-01.json", 31, "info", "event (tombstone), not scored"),
    ("general/2024-03-02.json", 2, "info", "attachment without text, not scored"),
    ("general/2024-03-02.json", 14, "info", "event (bot_message), not scored"),
]


def test_export_folder_is_one_source():
    sources = list(iter_sources([str(EXPORT)]))
    assert [s.name for s in sources] == [str(EXPORT)]
    assert sources[0].tree is not None


def test_export_folder():
    messages, problems = collect(EXPORT)
    assert rows(messages) == EXPECTED
    assert [m.id for m in messages] == [
        "1709300100.000200",
        "1709300200.000400",
        "1709300300.000300",
        "1709400200.000300",
        "1709301000.000100",
    ]
    thread = "1709300100.000200"
    assert [m.extra for m in messages] == [{"thread_ts": thread}, {}, {"thread_ts": thread}, {"thread_ts": thread}, {}]
    assert [m.source for m in messages][:2] == [f"{EXPORT}/general/2024-03-01.json"] * 2
    prefix = f"{EXPORT}/"
    assert [(p.source.removeprefix(prefix), *row) for p, row in zip(problems, problem_rows(problems), strict=True)] == [
        (file, line, severity, reason) for file, line, severity, reason in EXPECTED_PROBLEMS
    ]


def test_export_zip_with_top_folder(tmp_path):
    archive = zip_folder(tmp_path / "slack.zip", EXPORT, prefix="Homework Slack/")
    sources = list(iter_sources([str(archive)]))
    assert [s.name for s in sources] == [f"{archive}/Homework Slack"]
    messages, problems = collect(archive)
    assert rows(messages) == EXPECTED
    assert messages[0].source == f"{archive}/Homework Slack/general/2024-03-01.json"
    assert len(problems) == len(EXPECTED_PROBLEMS)


def test_single_day_file(tmp_path):
    folder = tmp_path / "art"
    folder.mkdir()
    day = folder / "2024-03-01.json"
    day.write_text(
        json.dumps(
            [
                {"type": "message", "user": "U9", "text": "second", "ts": "1709300001.000001"},
                {
                    "type": "message",
                    "user": "U9",
                    "user_profile": {"real_name": "Pat"},
                    "text": "first",
                    "ts": "1709300000.1",
                },
                {"type": "message", "user": "U9", "text": "no ts"},
            ]
        ),
        encoding="utf-8",
    )
    messages, problems = collect(day)
    assert [(m.text, m.sender, m.conversation_id) for m in messages] == [
        ("first", "Pat", "art"),
        ("second", "U9", "art"),
    ]
    assert problem_rows(problems) == [(1, "error", "missing or invalid 'ts' field")]


def test_render_mrkdwn():
    users = {"U1": "Sofia Lee"}
    assert render("<@U1> and <@U2|ben> in <#C1|general>", users) == "@Sofia Lee and @ben in #general"
    assert render("<!channel> <https://example.org> &amp; <mailto:a@example.org|mail>", users) == (
        "@channel https://example.org & mail"
    )
