"""Perverted-Justice style transcript loader: line formats, roles, weak labels, malformed lines and role rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from groomguard.training.loaders.pj import load_pj, load_roles, parse_line
from groomguard.training.loaders.problems import ProblemCounter

PJ = Path(__file__).parent / "fixtures" / "pj"
R = ("grooming_risk",)


def test_exact_records():
    problems = ProblemCounter()
    records = list(load_pj(PJ, report=problems))
    got = [
        (r.conversation_id, r.message_index, r.sender, r.sender_role, r.text, r.labels, r.timestamp) for r in records
    ]
    assert got == [
        ("chat_one", 0, "PatientPete", "adult", "hi lily, how was your day", R, ""),
        ("chat_one", 1, "Lily_13", "child", "good, just got home", (), "10:32:15 PM"),
        ("chat_one", 2, "patientpete", "adult", "are your parents home", R, "10:33"),
        ("chat_one", 3, "Lily_13", "child", "no, they get back at six", (), ""),
        ("chat_one", 4, "PatientPete", "adult", "dont tell anyone we talk ok", R, "10:35 PM"),
        ("chat_two", 0, "coachsam", "unknown", "practice moved to 5pm on friday", (), ""),
        ("chat_two", 1, "mom_k", "unknown", "thanks, i'll drive her there", (), ""),
        ("sub/chat_three", 0, "alex", "unknown", "anyone up for a raid tonight", (), ""),
        ("sub/chat_three", 1, "jo", "unknown", "sure, after dinner", (), ""),
    ]
    by_conversation = {r.conversation_id: (r.conversation_grooming, r.conversation_type) for r in records}
    assert by_conversation == {
        "chat_one": (1, "pj_predator"),
        "chat_two": (0, "pj_other"),
        "sub/chat_three": (-1, "pj_unknown"),
    }
    assert {(r.source, r.annotated, r.alert_from, r.split) for r in records} == {("pj", R, -1, "")}


def test_malformed_lines_and_role_rows_reported_and_skipped():
    problems = ProblemCounter()
    list(load_pj(PJ, report=problems))
    assert [(Path(p.source).name, p.position, p.reason) for p in problems.examples] == [
        ("roles.csv", "line 6", "unknown role"),
        ("roles.csv", "line 7", "wrong field count"),
        ("chat_one.txt", "line 5", "not a message line"),
        ("chat_one.txt", "line 7", "empty text"),
    ]
    assert "moderator" in problems.examples[0].detail


def test_roles_table_is_case_insensitive_and_skips_header():
    roles = load_roles(PJ / "roles.csv", ProblemCounter())
    assert roles == {"patientpete": "predator", "lily_13": "decoy", "coachsam": "other", "mom_k": "other"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sam: hello there", ("Sam", "", "hello there")),
        ("Sam (7:01:02 PM): see you: at six", ("Sam", "7:01:02 PM", "see you: at six")),
        ("[19:01] Sam Two: hi (again)", ("Sam Two", "19:01", "hi (again)")),
        ("Sam: hi (lol): ok", ("Sam", "", "hi (lol): ok")),
        ("no speaker on this line", None),
    ],
)
def test_line_formats(line, expected):
    assert parse_line(line) == expected


def test_missing_roles_table_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("x: hello\n")
    with pytest.raises(FileNotFoundError, match="roles"):
        load_pj(tmp_path)


def test_latin1_file_reported_and_read(tmp_path):
    shutil.copy(PJ / "roles.csv", tmp_path / "roles.csv")
    (tmp_path / "old.txt").write_bytes("PatientPete: caf\xe9 later?\n".encode("latin-1"))
    problems = ProblemCounter()
    records = list(load_pj(tmp_path, report=problems))
    assert [(r.text, r.labels) for r in records] == [("café later?", R)]
    assert problems.by_reason["not UTF-8"] == 1
