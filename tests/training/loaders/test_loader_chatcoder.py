"""ChatCoder CSV loader: code -> tactic mapping, annotated labels, risk modes, malformed rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from groomguard.training.loaders.chatcoder import CATEGORY_MAP, load_chatcoder
from groomguard.training.loaders.problems import ProblemCounter
from groomguard.training.records import LABELS

CSV = Path(__file__).parent / "fixtures" / "chatcoder.csv"
R = "grooming_risk"


def test_exact_labels():
    records = list(load_chatcoder(CSV, report=ProblemCounter()))
    got = [(r.conversation_id, r.message_index, r.sender, r.sender_role, r.labels) for r in records]
    assert got == [
        ("cc1", 1, "pete", "adult", ("trust_building", R)),
        ("cc1", 2, "lily", "child", ()),
        ("cc1", 3, "pete", "adult", ("risk_assessment", R)),
        ("cc1", 4, "lily", "child", ()),
        ("cc1", 5, "pete", "adult", ("personal_info", R)),
        ("cc1", 6, "pete", "adult", ("secrecy", R)),
        ("cc1", 7, "pete", "adult", ("meeting", R)),
        ("cc1", 8, "pete", "adult", (R,)),  # "activities": no clear mapping, still a predator line
        ("cc1", 9, "lily", "child", ("minor_signal",)),
        ("cc1", 10, "pete", "adult", (R,)),  # "grooming": no tactic
        ("cc1", 11, "pete", "adult", (R,)),
        ("cc2", 1, "sam", "unknown", ()),
        ("cc2", 2, "kim", "unknown", ()),
    ]
    assert records[0].text == "you seem really mature for your age"
    conversations = {r.conversation_id: (r.conversation_grooming, r.conversation_type, r.alert_from) for r in records}
    assert conversations == {"cc1": (1, "chatcoder_predator", 1), "cc2": (0, "chatcoder_other", -1)}


def test_annotated_is_exactly_what_the_file_codes():
    records = list(load_chatcoder(CSV, report=ProblemCounter()))
    expected = ("trust_building", "risk_assessment", "personal_info", "secrecy", "meeting", "minor_signal", R)
    assert {r.annotated for r in records} == {expected}  # gifts, sexual_content, ... never coded here


def test_coded_risk_mode():
    records = list(load_chatcoder(CSV, risk="coded", report=ProblemCounter()))
    risky = [(r.conversation_id, r.message_index) for r in records if R in r.labels]
    assert risky == [("cc1", n) for n in (1, 3, 5, 6, 7, 8, 10)]


def test_malformed_rows_reported_skipped_counted():
    problems = ProblemCounter()
    records = list(load_chatcoder(CSV, report=problems))
    assert len(records) == 13
    assert [(p.source, p.position, p.reason) for p in problems.examples] == [
        (str(CSV), "line 15", "non-integer line number"),
        (str(CSV), "line 16", "unknown role"),
        (str(CSV), "line 17", "missing text"),
        (str(CSV), "line 18", "wrong field count"),
    ]
    assert problems.total == 4


def test_file_without_category_column(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("conversation_id,line,speaker,role,text\nz,1,a,predator,are your parents home\nz,2,b,victim,no\n")
    records = list(load_chatcoder(path, report=ProblemCounter()))
    assert [(r.labels, r.annotated) for r in records] == [((R,), (R,)), ((), (R,))]


def test_missing_columns_and_bad_risk(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("conversation_id,speaker,text\nz,a,hello\n")
    with pytest.raises(ValueError, match="line, role"):
        load_chatcoder(path)
    with pytest.raises(ValueError, match="risk"):
        load_chatcoder(CSV, risk="all")


def test_mapping_table_targets_are_labels():
    assert set(CATEGORY_MAP.values()) <= set(LABELS)


def test_file_without_header_row_is_refused_without_echoing_it(tmp_path):
    path = tmp_path / "cc.csv"
    path.write_text("cc1,1,friend42,other,see you at the park later,none\n")
    with pytest.raises(ValueError, match="needs a header row naming conversation_id") as caught:
        load_chatcoder(path)
    message = str(caught.value)
    assert "first row has 6 field(s)" in message
    for value in ("cc1", "friend42", "see you at the park later", "none"):
        assert value not in message
