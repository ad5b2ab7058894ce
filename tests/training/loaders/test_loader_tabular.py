"""Generic JSONL/CSV loader: label fields, label maps, list-valued labels, unknown values, malformed rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from groomguard.training.loaders.problems import ProblemCounter
from groomguard.training.loaders.tabular import load_tabular
from groomguard.training.records import LABELS

FIXTURES = Path(__file__).parent / "fixtures"
R = "grooming_risk"


def test_jsonl_exact_records():
    problems = ProblemCounter()
    records = list(
        load_tabular(
            FIXTURES / "tabular.jsonl",
            label_fields=("risk", "secrecy"),
            conversation_field="conv",
            sender_field="who",
            report=problems,
        )
    )
    got = [(r.conversation_id, r.message_index, r.sender, r.text, r.labels, r.annotated) for r in records]
    assert got == [
        ("t1", 0, "a", "are your parents home", (R,), ("secrecy", R)),
        ("t1", 1, "b", "yes they are", (), ("secrecy", R)),
        ("t1", 2, "a", "don't tell anyone we talk", ("secrecy", R), ("secrecy", R)),
        ("t2", 0, "c", "see you at practice", (), (R,)),  # no secrecy value: unknown, not negative
        ("t2", 1, "d", "good game", (), (R,)),  # null secrecy: unknown too
    ]
    assert {(r.source, r.sender_role, r.conversation_grooming, r.split) for r in records} == {
        ("jsonl", "unknown", -1, "")
    }


def test_jsonl_bad_lines_reported_with_line_numbers():
    problems = ProblemCounter()
    path = FIXTURES / "tabular.jsonl"
    list(load_tabular(path, label_fields=("risk",), conversation_field="conv", report=problems))
    assert [(p.source, p.position, p.reason) for p in problems.examples] == [
        (str(path), "line 4", "bad JSON"),
        (str(path), "line 6", "not a JSON object"),
        (str(path), "line 7", "missing text"),
        (str(path), "line 9", "text is not a string"),
    ]


def test_csv_default_mapping_and_bad_rows():
    problems = ProblemCounter()
    path = FIXTURES / "tabular.csv"
    records = list(
        load_tabular(
            path, text_field="message", label_fields=("is_grooming",), conversation_field="chat", report=problems
        )
    )
    assert [(r.conversation_id, r.message_index, r.text, r.labels, r.annotated) for r in records] == [
        ("k1", 0, "can you add me on another app", (R,), (R,)),
        ("k1", 1, "which app", (), (R,)),
        ("k2", 0, "hello, how are you", (), (R,)),
    ]
    assert [(p.position, p.reason) for p in problems.examples] == [
        ("line 4", "wrong field count"),
        ("line 5", "missing text"),
    ]
    assert problems.examples[0].detail == "expected 4, got 6"


def test_label_map_and_rows_without_conversation_field():
    records = list(
        load_tabular(
            FIXTURES / "tabular.csv",
            text_field="message",
            label_fields=("is_grooming",),
            label_map={"is_grooming": "platform_move"},
            report=ProblemCounter(),
        )
    )
    assert [(r.conversation_id, r.message_index, r.labels, r.annotated) for r in records] == [
        ("tabular:2", 0, ("platform_move",), ("platform_move",)),
        ("tabular:3", 0, (), ("platform_move",)),
        ("tabular:6", 0, (), ("platform_move",)),
    ]


def test_positive_values_are_configurable():
    records = list(
        load_tabular(
            FIXTURES / "tabular.csv",
            text_field="message",
            label_fields=("is_grooming",),
            positive_values=("no",),
            report=ProblemCounter(),
        )
    )
    assert [r.labels for r in records] == [(), (R,), (R,)]


def test_list_valued_label_field():
    problems = ProblemCounter()
    records = list(load_tabular(FIXTURES / "tabular_lists.jsonl", label_fields=("labels",), report=problems))
    assert [(r.text, r.labels, r.annotated) for r in records] == [
        ("add me on another app", ("platform_move", R), LABELS),
        ("see you at school", (), LABELS),
    ]
    assert [(p.position, p.reason) for p in problems.examples] == [("line 3", "unknown label name")]


def test_list_in_a_csv_cell_and_role_field(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('text,labels,role\nare you alone,"[""risk_assessment""]",predator\nyes,[],victim\nok,[],boss\n')
    problems = ProblemCounter()
    records = list(load_tabular(path, label_fields=("labels",), role_field="role", report=problems))
    assert [(r.sender_role, r.labels) for r in records] == [("adult", ("risk_assessment",)), ("child", ())]
    assert [(p.position, p.reason) for p in problems.examples] == [("line 4", "unknown role")]
    assert problems.examples[0].detail.startswith("(not shown")  # it could be a one-word message


def test_a_near_miss_of_a_role_is_shown_to_fix_the_typo(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("text,labels,role\nare you alone,[],predatr\n")
    problems = ProblemCounter()
    assert list(load_tabular(path, label_fields=("labels",), role_field="role", report=problems)) == []
    assert problems.examples[0].detail.startswith("'predatr'; known:")


def test_a_label_field_first_met_after_the_checked_lines_is_no_error(tmp_path):
    # a file annotated in parts: rows without a label field are not annotated for it
    path = tmp_path / "x.jsonl"
    rows = [{"text": f"see you at {k}", "label": 0} for k in range(1001)] + [{"text": "our secret", "secrecy": 1}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    records = list(load_tabular(path, label_fields=("label", "secrecy"), report=ProblemCounter()))
    assert len(records) == 1002 and records[-1].labels == ("secrecy",)
    with pytest.raises(ValueError, match="has field"):  # no label field at all in the first lines: misnamed
        load_tabular(path, label_fields=("lable",))


def test_a_role_column_holding_text_is_not_shown_in_problems(tmp_path):
    # role= given the wrong column: its values are messages, and problem reports never show message text
    path = tmp_path / "x.csv"
    path.write_text("text,labels,note\nhello there,[],see you at the park later\n")
    problems = ProblemCounter()
    assert list(load_tabular(path, label_fields=("labels",), role_field="note", report=problems)) == []
    assert [p.reason for p in problems.examples] == ["unknown role"]
    assert "park" not in str(problems.examples[0]) and "not shown" in problems.examples[0].detail


def test_errors_at_the_call(tmp_path):
    with pytest.raises(ValueError, match="not labels"):
        load_tabular(FIXTURES / "tabular.csv", label_map={"is_grooming": "creepy"})
    with pytest.raises(ValueError, match="lacks text, label"):
        load_tabular(FIXTURES / "tabular.csv")
    with pytest.raises(ValueError, match="suffix"):
        load_tabular(tmp_path / "data.xlsx")
    with pytest.raises(FileNotFoundError):
        load_tabular(tmp_path / "missing.jsonl")


BAD = "bad"
# (value as written, labels expected or BAD for a reported, skipped row)
CSV_LABELS = [("1", (R,)), ("1.0", (R,)), ("0", ()), ("0.0", ()), ("TRUE", (R,)), ("false", ()), ("Yes", (R,))]
CSV_LABELS += [("no", ()), ("y", (R,)), ("N", ()), ("2", BAD), ("maybe", BAD), ("-1", BAD), ("0.5", BAD)]
JSON_LABELS = [(1, (R,)), (1.0, (R,)), (0, ()), (0.0, ()), (True, (R,)), (False, ()), ("1", (R,)), ("1.0", (R,))]
JSON_LABELS += [("0", ()), ("Y", (R,)), ("n", ()), ("YES", (R,)), (2, BAD), ("maybe", BAD), ("2.0", BAD), (-1, BAD)]


def test_csv_label_values_true_false_or_reported(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("message,is_grooming\n" + "".join(f"nice day {i},{v}\n" for i, (v, _) in enumerate(CSV_LABELS)))
    problems = ProblemCounter()
    records = load_tabular(path, text_field="message", label_fields=("is_grooming",), report=problems)
    got = {r.text: r.labels for r in records}
    assert [got.get(f"nice day {i}", BAD) for i in range(len(CSV_LABELS))] == [e for _, e in CSV_LABELS]
    bad = [f"line {i + 2}" for i, (_, e) in enumerate(CSV_LABELS) if e is BAD]
    assert [(p.position, p.reason) for p in problems.examples] == [(b, "bad label value") for b in bad]
    assert all("nice day" not in str(p) and "maybe" not in str(p) for p in problems.examples)


def test_jsonl_label_values_true_false_or_reported(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(
        "".join(json.dumps({"text": f"nice day {i}", "label": v}) + "\n" for i, (v, _) in enumerate(JSON_LABELS))
    )
    problems = ProblemCounter()
    got = {r.text: r.labels for r in load_tabular(path, report=problems)}
    assert [got.get(f"nice day {i}", BAD) for i in range(len(JSON_LABELS))] == [e for _, e in JSON_LABELS]
    bad = [f"line {i + 1}" for i, (_, e) in enumerate(JSON_LABELS) if e is BAD]
    assert [(p.position, p.reason) for p in problems.examples] == [(b, "bad label value") for b in bad]


def test_custom_positive_and_negative_values(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("text,label\nhello,Grooming\nhi,benign\nhey,other\n")
    problems = ProblemCounter()
    records = load_tabular(path, positive_values=("grooming",), negative_values=("benign",), report=problems)
    assert [(r.text, r.labels) for r in records] == [("hello", (R,)), ("hi", ())]
    assert [(p.position, p.reason) for p in problems.examples] == [("line 4", "bad label value")]
    with pytest.raises(ValueError, match="differ"):
        load_tabular(path, positive_values=("yes",), negative_values=("yes", "no"))


@pytest.mark.parametrize(
    ("content", "columns", "values"),
    [
        ("1,a,hey how old are you,u1\n2,b,nice day,u2\n", 4, ["hey how old are you", "u1"]),
        ('{"text": "nice day", "label": 0}\n', 2, ["nice day", "text", "{"]),  # a JSONL file given as csv:
    ],
)
def test_csv_without_header_is_refused_without_echoing_its_first_row(tmp_path, content, columns, values):
    path = tmp_path / "x.csv"
    path.write_text(content)
    with pytest.raises(ValueError) as caught:
        load_tabular(path, text_field="message", label_fields=("is_grooming",))
    message = str(caught.value).removeprefix(f"{path}: ")
    assert message == (
        f"CSV header lacks message, is_grooming; expected a header row naming message, is_grooming; "
        f"its first row has {columns} column(s)"
    )
    assert not [value for value in values if value in message]


@pytest.mark.parametrize("option", ["conversation_field", "sender_field", "role_field"])
@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_misspelt_optional_field_is_caught_at_the_call(tmp_path, option, suffix):
    path = tmp_path / f"x{suffix}"
    rows = [{"text": "nice day", "label": "0", "chat": "c1", "who": "a", "role": "peer"}]
    if suffix == ".csv":
        path.write_text("text,label,chat,who,role\n" + "".join(",".join(r.values()) + "\n" for r in rows))
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    right = {"conversation_field": "chat", "sender_field": "who", "role_field": "role"}
    assert len(list(load_tabular(path, **right, report=ProblemCounter()))) == 1
    with pytest.raises(ValueError, match="chatt"):
        load_tabular(path, **(right | {option: "chatt"}))


def test_jsonl_label_field_in_no_row_is_caught_but_one_missing_from_some_rows_is_not(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('not json\n{"text": "nice day"}\n{"text": "hello", "secrecy": 0}\n')
    assert len(list(load_tabular(path, label_fields=("secrecy",), report=ProblemCounter()))) == 2
    with pytest.raises(ValueError, match=r"no JSON object among the first 1000 lines has field\(s\) secrecyy"):
        load_tabular(path, label_fields=("secrecyy",))


def test_zero_is_a_conversation_id_and_a_sender(tmp_path):
    path = tmp_path / "x.jsonl"
    rows = [{"text": "hi", "conv": 0, "who": 0}, {"text": "hey", "conv": 0, "who": 1}, {"text": "yo", "conv": 1.0}]
    rows = [row | {"label": 0} for row in rows]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    problems = ProblemCounter()
    records = load_tabular(path, conversation_field="conv", sender_field="who", report=problems)
    assert [(r.conversation_id, r.message_index, r.sender) for r in records] == [
        ("0", 0, "0"),
        ("0", 1, "1"),
        ("1", 0, ""),
    ]
    assert problems.total == 0
