"""PAN 2012 loader: exact records on tiny hand-written fixtures, labels, the diff file, malformed input, sizes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from groomguard.training.loaders.pan12 import (
    OFFICIAL_SIZES,
    check_against_official,
    find_pan12_files,
    iter_conversations,
    load_pan12,
    load_predators,
    load_problem2,
    summarize_pan12,
)
from groomguard.training.loaders.problems import ProblemCounter

FIXTURES = Path(__file__).parent / "fixtures"
PAN = FIXTURES / "pan12"
TRAIN_XML = PAN / "train" / "pan12-sexual-predator-identification-training-corpus-2012-05-01.xml"
TEST_XML = PAN / "test" / "pan12-sexual-predator-identification-test-corpus-2012-05-17.xml"
PROBLEM2 = PAN / "test" / "pan12-sexual-predator-identification-groundtruth-problem2.txt"
R = ("grooming_risk",)


def summary(records):
    """(conversation, index, sender, role, text, labels, grooming, alert_from, timestamp) per record."""
    return [
        (
            r.conversation_id,
            r.message_index,
            r.sender,
            r.sender_role,
            r.text,
            r.labels,
            r.conversation_grooming,
            r.alert_from,
            r.timestamp,
        )
        for r in records
    ]


TRAIN_EXPECTED = [
    ("c0a1", 0, "pred0001", "adult", "hey, how was school today", R, 1, -1, "03:20"),
    ("c0a1", 1, "kid0001", "unknown", "it was ok", (), 1, -1, "03:21"),
    ("c0a1", 2, "pred0001", "adult", "are your parents home right now", R, 1, -1, "03:21"),
    ("c0a1", 4, "kid0001", "unknown", "no they are at work", (), 1, -1, "03:22"),
    ("c0a1", 5, "pred0001", "adult", "don't tell anyone we talk ok", R, 1, -1, "03:23"),
    ("c0b2", 0, "fan0002", "unknown", "did you see the match last night", (), 0, -1, "21:05"),
    ("c0b2", 1, "fan0003", "unknown", "yes, what a finish", (), 0, -1, "21:06"),
    ("c0b2", 2, "fan0002", "unknown", "see you at practice & bring the ball", (), 0, -1, "21:07"),
    ("c0c3", 0, "adult0004", "unknown", "want to grab coffee tomorrow", (), 0, -1, "18:00"),
    ("c0c3", 2, "adult0005", "unknown", "sure, the usual place at ten", (), 0, -1, "18:02"),
]

TEST_EXPECTED = [
    ("d1", 0, "pred0009", "adult", "hi there", (), 1, 2, "11:02"),  # a predator line not in problem 2: no label
    ("d1", 1, "kid0010", "unknown", "hello", (), 1, 2, "11:02"),
    ("d1", 2, "pred0009", "adult", "add me on another app, it's more private", R, 1, 2, "11:03"),
    ("d1", 3, "kid0010", "unknown", "why", (), 1, 2, "11:04"),
    ("d1", 4, "pred0009", "adult", "don't tell anyone we talk", R, 1, 2, "11:05"),
    ("d2", 0, "gamer0011", "unknown", "raid at nine?", (), 0, -1, "20:00"),
    ("d2", 1, "gamer0012", "unknown", "sure, voice chat as usual", (), 0, -1, "20:01"),
]


def test_training_split_exact_records_with_weak_predator_labels():
    problems = ProblemCounter()
    records = list(load_pan12(PAN, split="train", report=problems))
    assert summary(records) == TRAIN_EXPECTED
    assert {r.split for r in records} == {"train"}
    assert {r.source for r in records} == {"pan12"}
    assert {r.annotated for r in records} == {R}
    assert {r.conversation_id: r.conversation_type for r in records} == {
        "c0a1": "pan12_predator",
        "c0b2": "pan12_other",
        "c0c3": "pan12_other",
    }


def test_test_split_labels_come_from_problem2_lines_only():
    records = list(load_pan12(PAN, split="test", report=ProblemCounter()))
    assert summary(records) == TEST_EXPECTED
    assert {r.split for r in records} == {"test"}


def test_both_splits_by_default_train_first():
    records = list(load_pan12(PAN, report=ProblemCounter()))
    assert summary(records) == TRAIN_EXPECTED + TEST_EXPECTED


def test_diff_file_is_not_used_as_labels(tmp_path):
    # The fixture's diff file lists c0b2 lines 1-2, c0a1 lines 2 and 5 (the child's) and c0c3 line 1.
    diff = [
        tuple(line.split("\t"))
        for line in (PAN / "train" / "pan12-sexual-predator-identification-diff.txt").read_text().splitlines()
    ]
    records = {(r.conversation_id, r.message_index + 1): r for r in load_pan12(PAN, "train", ProblemCounter())}
    for conversation_id, line in diff:
        assert records[(conversation_id, int(line))].labels == ()
    # Without the diff file, or with one listing every line, nothing changes.
    copy = tmp_path / "pan12"
    shutil.copytree(PAN / "train", copy)
    (copy / "pan12-sexual-predator-identification-diff.txt").unlink()
    assert summary(load_pan12(copy, "train", ProblemCounter())) == TRAIN_EXPECTED
    everything = "".join(f"{c}\t{n}\n" for c, n in records)
    (copy / "pan12-sexual-predator-identification-diff.txt").write_text(everything)
    assert summary(load_pan12(copy, "train", ProblemCounter())) == TRAIN_EXPECTED


def test_malformed_messages_reported_with_position_and_skipped():
    problems = ProblemCounter()
    list(load_pan12(PAN, split="train", report=problems))
    assert problems.total == 3
    assert [(p.source, p.position, p.reason) for p in problems.examples] == [
        (str(TRAIN_XML), "conversation 'c0a1', line 4", "empty text"),
        (str(TRAIN_XML), "conversation 'c0b2', message 3", "missing or non-integer line number"),
        (str(TRAIN_XML), "conversation 'c0c3', message 2", "missing author"),
    ]


def test_truncated_xml_reported_with_parser_position_and_what_was_read_is_kept():
    problems = ProblemCounter()
    records = list(load_pan12(FIXTURES / "pan12_truncated", report=problems))
    assert [(r.conversation_id, r.message_index, r.text, r.labels) for r in records] == [
        ("t1", 0, "are you alone", R),
        ("t1", 1, "yes", ()),
        ("t2", 0, "morning all", ()),
    ]
    assert problems.total == 1
    (problem,) = problems.examples
    assert problem.source.endswith("pan12-sexual-predator-identification-training-corpus-2012-05-01.xml")
    assert problem.position == "line 9, column 70"
    assert problem.reason == "malformed XML"


def test_problem2_bad_lines_reported_and_good_ones_kept():
    problems = ProblemCounter()
    assert load_problem2(PROBLEM2, problems) == {("d1", 3), ("d1", 5)}
    assert [(p.position, p.reason) for p in problems.examples] == [
        ("line 3", "bad ground-truth line"),
        ("line 4", "non-integer line number"),
    ]


def test_predator_ids_are_stripped():
    path = PAN / "train" / "pan12-sexual-predator-identification-training-corpus-predators-2012-05-01.txt"
    assert load_predators(path) == {"pred0001", "pred0099"}


def test_iter_conversations_streams_a_larger_file(tmp_path):
    body = "".join(
        f'<conversation id="k{i}"><message line="1"><author>a{i}</author><time>10:00</time>'
        f"<text>hello number {i}</text></message></conversation>"
        for i in range(3000)
    )
    path = tmp_path / "big-training-corpus.xml"
    path.write_text(f"<conversations>{body}</conversations>")
    conversations = iter_conversations(path, ProblemCounter())
    first_id, first_messages = next(conversations)
    assert first_id == "k0" and first_messages[0].text == "hello number 0"
    assert sum(1 for _ in conversations) == 2999


def test_conversation_without_id_reported_and_skipped(tmp_path):
    path = tmp_path / "x-training-corpus.xml"
    path.write_text(
        '<conversations><conversation><message line="1"><author>a</author><text>hi</text></message>'
        '</conversation><conversation id="ok"><message line="1"><author>b</author><text>hello</text></message>'
        "</conversation></conversations>"
    )
    problems = ProblemCounter()
    assert [(c, [m.text for m in ms]) for c, ms in iter_conversations(path, problems)] == [("ok", ["hello"])]
    assert [(p.position, p.reason) for p in problems.examples] == [("conversation #1", "missing conversation id")]


def test_files_found_by_pattern_under_other_names(tmp_path):
    (tmp_path / "a").mkdir()
    shutil.copy(TRAIN_XML, tmp_path / "a" / "my-training-corpus-copy.xml")
    (tmp_path / "a" / "training-predators.txt").write_text("pred0001\n")
    files = find_pan12_files(tmp_path)
    assert files.splits() == ("train",)
    assert len(list(load_pan12(tmp_path, report=ProblemCounter()))) == len(TRAIN_EXPECTED)


def test_missing_files_named_in_the_error(tmp_path):
    shutil.copy(TRAIN_XML, tmp_path / TRAIN_XML.name)
    with pytest.raises(FileNotFoundError, match=r"train_predators \(\*training\*predators\*\.txt\)"):
        load_pan12(tmp_path)  # raised at the call, not at the first record
    with pytest.raises(FileNotFoundError, match=r"groundtruth-problem1"):
        load_pan12(PAN / "train", split="test")
    with pytest.raises(ValueError, match="split"):
        load_pan12(PAN, split="validation")
    with pytest.raises(FileNotFoundError):
        load_pan12(tmp_path / "nowhere")


def test_ambiguous_files_rejected(tmp_path):
    shutil.copy(TRAIN_XML, tmp_path / "one-training-corpus.xml")
    shutil.copy(TRAIN_XML, tmp_path / "two-training-corpus.xml")
    with pytest.raises(ValueError, match="several files match"):
        find_pan12_files(tmp_path)


def test_summary_and_official_sizes():
    train = summarize_pan12(PAN, "train", ProblemCounter())
    assert train == {
        "conversations": 3,
        "messages": 11,
        "empty_messages": 1,
        "authors": 6,
        "predators": 2,
        "predators_in_corpus": 1,
    }
    test = summarize_pan12(PAN, "test", ProblemCounter())
    assert test["conversations"] == 2 and test["messages"] == 7 and test["problem2_lines"] == 2
    assert check_against_official(train, "train")["predators"] == (2, 142)
    assert check_against_official(dict(OFFICIAL_SIZES["test"]), "test") == {}
    assert OFFICIAL_SIZES == {
        "train": {"conversations": 66927, "messages": 903607, "authors": 97689, "predators": 142},
        "test": {
            "conversations": 155128,
            "messages": 2058781,
            "authors": 218702,
            "predators": 254,
            "problem2_lines": 6478,
        },
    }
