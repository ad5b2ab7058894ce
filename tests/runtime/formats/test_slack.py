"""Slack workspace export: folder and zip, subtypes, threads, mentions, ordering by ts."""

from __future__ import annotations

import json

from groomguard.runtime.formats import iter_sources, read_messages, slack
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


# --- day files are streamed (issue 13): bounded memory, ts order across files, bad files reported ---------------


def _export(root, days: dict[str, list[dict]], users=None):
    (root / "general").mkdir(parents=True)
    (root / "users.json").write_text(json.dumps(users or [{"id": "U1", "real_name": "Sofia Lee"}], indent=4))
    (root / "channels.json").write_text(json.dumps([{"id": "C1", "name": "general"}]))
    for day, messages in days.items():
        (root / "general" / f"{day}.json").write_text(json.dumps(messages, indent=4), encoding="utf-8")
    return root


def _day(day: int, n: int) -> list[dict]:
    base = 1709251200 + day * 86400
    return [
        {
            "type": "message",
            "user": "U1",
            "text": f"practice moved to room {i}, bring your own water bottle " * (1 + i % 3),
            "ts": f"{base + 60 * i}.{i:06d}",
            "blocks": [{"type": "rich_text", "elements": [{"type": "text", "text": "practice moved"}]}],
        }
        for i in range(n)
    ]


def _date(day: int) -> str:
    return f"2024-{3 + day // 28:02d}-{1 + day % 28:02d}"


def test_export_memory_holds_about_one_day_file(tmp_path):
    import tracemalloc

    peaks = []
    for n_days in (3, 24):
        root = _export(tmp_path / str(n_days), {_date(d): _day(d, 120) for d in range(n_days)})
        tracemalloc.start()
        try:
            count = sum(1 for _ in read_messages([str(root)]))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert count == 120 * n_days
    size = sum(p.stat().st_size for p in (tmp_path / "24").rglob("*.json"))
    assert peaks[1] < size / 5  # read whole, a channel's day files were all held (several times their size)
    assert peaks[1] < 1.5 * peaks[0] + 200_000


def test_messages_are_in_ts_order_across_day_files_as_before(tmp_path):
    # a reply kept in its parent's day file but posted two days later, and a message filed a day late
    days = {_date(d): _day(d, 4) for d in range(4)}
    late_reply = {"type": "message", "user": "U1", "text": "late reply", "ts": "1709510000.000001", "thread_ts": "1"}
    early = {"type": "message", "user": "U1", "text": "filed late", "ts": "1709251300.000001"}
    days[_date(0)].append(late_reply)
    days[_date(2)].insert(0, early)
    root = _export(tmp_path / "export", days)
    messages, problems = collect(root)
    assert problems == []
    expected = sorted(
        ((float(m["ts"]), order, pos), m["text"])
        for order, (_, day) in enumerate(sorted(days.items()))
        for pos, m in enumerate(day)
    )
    assert [m.text for m in messages] == [text for _, text in expected]
    assert [m.source.rsplit("/", 1)[1] for m in messages if m.text in ("late reply", "filed late")] == [
        f"{_date(2)}.json",
        f"{_date(0)}.json",
    ]


def test_a_broken_day_file_keeps_its_first_messages_and_does_not_stop_the_others(tmp_path):
    root = _export(tmp_path / "export", {_date(0): _day(0, 3), _date(1): _day(1, 3), _date(2): _day(2, 3)})
    broken = root / "general" / f"{_date(1)}.json"
    text = broken.read_text(encoding="utf-8")
    second = _day(1, 3)[1]["ts"]
    broken.write_text(text[: text.index(f'"ts": "{second}"')], encoding="utf-8")  # cut inside its 2nd message
    messages, problems = collect(root)
    assert len(messages) == 3 + 1 + 3
    assert [(p.source.rsplit("/", 1)[1], p.reason.split(" at ")[0]) for p in problems] == [
        (f"{_date(1)}.json", "invalid JSON: Expecting property name enclosed in double quotes")
    ]


def test_malformed_entries_of_a_day_file_are_reported_at_their_line(tmp_path):
    day = [
        "text",
        {"type": "message", "user": "U1", "text": "hi all", "ts": "1709300000.000100"},
        {"type": "message", "user": "U1", "text": ["not", "text"], "ts": "1709300001.000100"},
    ]
    root = _export(tmp_path / "export", {"2024-03-01": day})
    messages, problems = collect(root)
    assert [(m.text, m.line) for m in messages] == [("hi all", 3)]
    assert problem_rows(problems) == [
        (2, "error", "message is not an object (got string)"),
        (9, "error", "'text' is not a string (got array)"),
    ]


def test_a_day_file_that_fails_mid_read_is_reported_and_the_others_are_read(tmp_path):
    import io

    from groomguard.runtime.formats.base import InputSource

    root = _export(tmp_path / "export", {_date(0): _day(0, 2), _date(1): _day(1, 2)})
    data = (root / "general" / f"{_date(0)}.json").read_bytes()

    class Failing(io.RawIOBase):
        sent = False

        def readable(self):
            return True

        def readinto(self, buffer):
            if self.sent:
                raise OSError(5, "Input/output error")
            self.sent = True
            buffer[:40] = data[:40]
            return 40

    class Tree:
        def names(self):
            return ["channels.json", f"general/{_date(0)}.json", f"general/{_date(1)}.json", "users.json"]

        def open(self, name):
            if name == f"general/{_date(0)}.json":
                return io.BufferedReader(Failing())
            return open(root / name, "rb")

    problems = []
    source = InputSource("export", opener=lambda: None, tree=Tree())
    messages = list(slack.parse(source, problems.append))
    assert len(messages) == 2 and {m.source for m in messages} == {f"export/general/{_date(1)}.json"}
    assert [(p.source, p.line, p.reason) for p in problems] == [
        (f"export/general/{_date(0)}.json", 0, "read error: Input/output error")
    ]
