"""Hugging Face loader on local files only (the hub is not reachable in tests); every cache goes to tmp_path."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from groomguard.training.loaders.hf import load_hf
from groomguard.training.loaders.problems import ProblemCounter
from groomguard.training.loaders.tabular import load_tabular

datasets = pytest.importorskip("datasets")

FIXTURES = Path(__file__).parent / "fixtures"
JSONL = FIXTURES / "hf.jsonl"
R = "grooming_risk"
EXPECTED = [
    ("h1", 0, "are your parents home", (R,)),
    ("h1", 1, "they get back at six", ()),
    ("h2", 0, "good luck at the game", ()),
]


def rows(records):
    return [(r.conversation_id, r.message_index, r.text, r.labels) for r in records]


def test_local_jsonl(tmp_path):
    problems = ProblemCounter()
    records = list(load_hf(JSONL, conversation_field="conversation", cache_dir=tmp_path, report=problems))
    assert rows(records) == EXPECTED
    assert {(r.source, r.split, r.annotated) for r in records} == {("hf", "", (R,))}
    assert [(p.source, p.position, p.reason) for p in problems.examples] == [(str(JSONL), "line 3", "missing text")]


def test_same_records_as_the_tabular_loader(tmp_path):
    via_hf = list(load_hf(JSONL, conversation_field="conversation", cache_dir=tmp_path, report=ProblemCounter()))
    via_tabular = load_tabular(JSONL, conversation_field="conversation", report=ProblemCounter())
    assert via_hf == [dataclasses.replace(r, source="hf") for r in via_tabular]


def test_local_parquet_with_split_stamp(tmp_path):
    path = tmp_path / "data.parquet"
    datasets.Dataset.from_list(
        [{"text": "are your parents home", "label": 1}, {"text": "see you at six", "label": 0}]
    ).to_parquet(str(path))
    records = list(load_hf(path, split="validation", cache_dir=tmp_path / "cache", report=ProblemCounter()))
    assert [(r.conversation_id, r.text, r.labels, r.split) for r in records] == [
        ("data:validation:0", "are your parents home", (R,), "validation"),
        ("data:validation:1", "see you at six", (), "validation"),
    ]


def test_saved_dataset_dict_with_class_label_lists(tmp_path):
    features = datasets.Features(
        {
            "text": datasets.Value("string"),
            "tactics": datasets.Sequence(datasets.ClassLabel(names=["secrecy", "meeting"])),
        }
    )
    train = datasets.Dataset.from_list([{"text": "keep it between us", "tactics": [0]}], features=features)
    test = datasets.Dataset.from_list([{"text": "see you at school", "tactics": []}], features=features)
    datasets.DatasetDict(train=train, test=test).save_to_disk(str(tmp_path / "saved"))
    records = list(load_hf(tmp_path / "saved", label_fields=("tactics",), report=ProblemCounter()))
    assert [(r.split, r.text, r.labels) for r in records] == [
        ("train", "keep it between us", ("secrecy",)),
        ("test", "see you at school", ()),
    ]
    only_test = list(load_hf(tmp_path / "saved", split="test", label_fields=("tactics",), report=ProblemCounter()))
    assert [r.split for r in only_test] == ["test"]
    with pytest.raises(ValueError, match="no split 'dev'"):
        load_hf(tmp_path / "saved", split="dev", label_fields=("tactics",))


def test_missing_column_and_unknown_file_type(tmp_path):
    datasets.Dataset.from_list([{"body": "hello", "label": 0}]).save_to_disk(str(tmp_path / "one"))
    with pytest.raises(ValueError, match="no column"):
        load_hf(tmp_path / "one")
    for option in ("conversation_field", "sender_field", "role_field"):
        with pytest.raises(ValueError, match=r"no column\(s\) chat;"):
            load_hf(tmp_path / "one", text_field="body", **{option: "chat"})
    (tmp_path / "data.xlsx").write_text("x")
    with pytest.raises(ValueError, match="unknown data file type"):
        load_hf(tmp_path / "data.xlsx")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_label_values_read_as_the_tabular_loader_reads_them(tmp_path, suffix):
    values = ["1.0", "0.0", "Y", "no", "maybe", "2"]
    path = tmp_path / f"x{suffix}"
    if suffix == ".csv":
        path.write_text("text,label\n" + "".join(f"nice day {i},{v}\n" for i, v in enumerate(values)))
    else:
        path.write_text("".join(f'{{"text": "nice day {i}", "label": "{v}"}}\n' for i, v in enumerate(values)))
    hf_problems, tab_problems = ProblemCounter(), ProblemCounter()
    via_hf = [(r.text, r.labels) for r in load_hf(path, cache_dir=tmp_path / "cache", report=hf_problems)]
    via_tabular = [(r.text, r.labels) for r in load_tabular(path, report=tab_problems)]
    assert via_hf == via_tabular == [("nice day 0", (R,)), ("nice day 1", ()), ("nice day 2", (R,)), ("nice day 3", ())]
    assert hf_problems.by_reason == tab_problems.by_reason == {"bad label value": 2}


BROKEN_JSONL = '{"text": "hi", "label": 1}\n{"text": "oops", "label": \n{"text": "bye", "label": 0}\n'


@pytest.mark.parametrize(
    ("name", "content", "bad"),
    [
        ("x.jsonl", BROKEN_JSONL, "bad JSON"),
        ("x.json", BROKEN_JSONL, "bad JSON"),
        ("x.csv", 'text,label\nhi,1\n"oops",0,extra\nbye,0\n', "wrong field count"),
        ("x.tsv", "text\tlabel\nhi\t1\noops\t0\textra\nbye\t0\n", "wrong field count"),
    ],
)
def test_a_bad_line_in_a_local_file_is_reported_and_skipped(tmp_path, name, content, bad):
    path = tmp_path / name
    path.write_text(content)
    problems = ProblemCounter()
    records = list(load_hf(path, split="train", cache_dir=tmp_path / "cache", report=problems))
    line = 2 if name.endswith(("json", "jsonl")) else 3  # the CSV header is line 1
    assert [(r.conversation_id, r.text, r.labels, r.split) for r in records] == [
        (f"x:train:{line - 1}", "hi", (R,), "train"),
        (f"x:train:{line + 1}", "bye", (), "train"),
    ]
    assert [(p.source, p.position, p.reason) for p in problems.examples] == [(str(path), f"line {line}", bad)]


def test_a_json_document_still_goes_to_datasets(tmp_path):
    array = tmp_path / "array.json"
    array.write_text('[\n  {"text": "hi", "label": 1},\n  {"text": "bye", "label": 0}\n]\n')
    records = list(load_hf(array, cache_dir=tmp_path / "cache", report=ProblemCounter()))
    assert [(r.text, r.labels) for r in records] == [("hi", (R,)), ("bye", ())]
    broken = tmp_path / "broken.json"
    broken.write_text('[\n  {"text": "how old are you", "label": 1},\n  {"text": \n')
    with pytest.raises(ValueError, match=r"broken\.json: datasets could not read it") as caught:
        list(load_hf(broken, cache_dir=tmp_path / "cache", report=ProblemCounter()))
    assert "how old" not in str(caught.value)


def test_a_bad_line_in_a_local_folder_is_an_error_naming_it(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "train.jsonl").write_text(BROKEN_JSONL)
    with pytest.raises(ValueError, match=r"data: datasets could not read it .* use jsonl: or csv:") as caught:
        list(load_hf(folder, cache_dir=tmp_path / "cache", report=ProblemCounter()))
    assert "oops" not in str(caught.value)
