"""Source specs: the grammar, its errors, dispatch to the loaders, fingerprints, licences; and the problem counter."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from groomguard.training.loaders import (
    KINDS,
    LICENSES,
    LoadProblem,
    ProblemCounter,
    SourceSpecError,
    SyntheticSourceError,
    fingerprint_source,
    load_source,
    parse_source,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("spec", "kind", "location", "weight", "options"),
    [
        ("synthetic", "synthetic", "", 1.0, {}),
        ("synthetic:0.5", "synthetic", "", 0.5, {}),
        ("synthetic:weight=2,seed=7", "synthetic", "", 2.0, {"seed": "7"}),
        ("pan12:/data/pan12", "pan12", "/data/pan12", 1.0, {}),
        ("pan12:/data/pan12:weight=2", "pan12", "/data/pan12", 2.0, {}),
        ("pan12:/data/pan12:3", "pan12", "/data/pan12", 3.0, {}),
        ("pan12:/data/pan12:split=test", "pan12", "/data/pan12", 1.0, {"split": "test"}),
        ("pj:/d", "pj", "/d", 1.0, {}),
        ("chatcoder:/f.csv:risk=coded", "chatcoder", "/f.csv", 1.0, {"risk": "coded"}),
        ("jsonl:/f.jsonl", "jsonl", "/f.jsonl", 1.0, {}),
        ("csv:C:\\data\\f.csv", "csv", "C:\\data\\f.csv", 1.0, {}),
        ("csv:/odd:name=x:", "csv", "/odd:name=x", 1.0, {}),
        (
            "hf:org/name:split=train,text=content,labels=a|b,map=a=secrecy|b=grooming_risk",
            "hf",
            "org/name",
            1.0,
            {"split": "train", "text": "content", "labels": "a|b", "map": "a=secrecy|b=grooming_risk"},
        ),
        (" JSONL:/f.jsonl:limit=5,name=mine ", "jsonl", "/f.jsonl", 1.0, {}),
    ],
)
def test_grammar(spec, kind, location, weight, options):
    parsed = parse_source(spec)
    assert (parsed.kind, parsed.location, parsed.weight, dict(parsed.options)) == (kind, location, weight, options)


def test_names_limits_and_lists():
    assert parse_source("pan12:/data/pan12").name == "pan12:pan12"
    assert parse_source("synthetic").name == "synthetic"
    spec = parse_source("jsonl:/f.jsonl:limit=5,name=mine,labels=a| b")
    assert (spec.name, spec.limit, spec.list_option("labels"), spec.list_option("text")) == (
        "mine",
        5,
        ("a", "b"),
        None,
    )
    assert parse_source("synthetic").is_synthetic and not spec.is_synthetic


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "unknown source kind"),
        ("excel:/f.xlsx", "unknown source kind"),
        ("pan12", "needs a location"),
        ("pan12::weight=2", "needs a location"),
        ("synthetic:/some/path", "no location"),
        ("pan12:/d:weight=0", "positive"),
        ("pan12:/d:weight=abc", "positive"),
        ("pan12:/d:weight=nan", "positive"),
        ("pan12:/d:limit=-1", "whole number"),
        ("pan12:/d:split=dev", "split must be one of train, test"),
        ("pan12:/d:text=x", "unknown option"),
        ("chatcoder:/f.csv:risk=all", "risk must be one of"),
        ("hf:x:streaming=maybe", "streaming must be one of"),
        ("jsonl:/f:map=a=creepy", "map entries"),
        ("jsonl:/f:annotated=secrecy|creepy", "annotated has unknown labels"),
        ("jsonl:/f:text=a,text=b", "given twice"),
    ],
)
def test_grammar_errors(spec, message):
    with pytest.raises(SourceSpecError, match=message):
        parse_source(spec)


def test_load_source_dispatches_to_every_loader():
    counts = {
        f"pan12:{FIXTURES / 'pan12'}": 17,
        f"pan12:{FIXTURES / 'pan12'}:split=test": 7,
        f"pj:{FIXTURES / 'pj'}": 9,
        f"chatcoder:{FIXTURES / 'chatcoder.csv'}": 13,
        f"jsonl:{FIXTURES / 'tabular.jsonl'}:labels=risk|secrecy,conversation=conv,sender=who": 5,
        f"csv:{FIXTURES / 'tabular.csv'}:text=message,labels=is_grooming,map=is_grooming=platform_move": 3,
        f"csv:{FIXTURES / 'tabular.csv'}:text=message,labels=is_grooming,limit=2": 2,
    }
    for spec, n in counts.items():
        assert sum(1 for _ in load_source(spec, ProblemCounter())) == n, spec
    mapped = list(
        load_source(
            f"csv:{FIXTURES / 'tabular.csv'}:text=message,labels=is_grooming,map=is_grooming=platform_move",
            ProblemCounter(),
        )
    )
    assert mapped[0].labels == ("platform_move",)


def test_spec_label_values_csv_jsonl_and_hf_agree(tmp_path):
    (tmp_path / "x.csv").write_text("message,is_grooming\nhow old are you,1.0\nnice day,0.0\nhi,maybe\n")
    (tmp_path / "y.csv").write_text("message,is_grooming\nhello,grooming\nhi,benign\n")
    specs = [f"csv:{tmp_path / 'x.csv'}:text=message,labels=is_grooming"]
    if importlib.util.find_spec("datasets"):
        specs.append(f"hf:{tmp_path / 'x.csv'}:text=message,labels=is_grooming,cache_dir={tmp_path / 'cache'}")
    for spec in specs:
        problems = ProblemCounter()
        assert [r.labels for r in load_source(spec, problems)] == [("grooming_risk",), ()], spec
        assert [(p.position, p.reason) for p in problems.examples] == [("line 4", "bad label value")], spec
    spec = f"csv:{tmp_path / 'y.csv'}:text=message,labels=is_grooming,positive=grooming,negative=benign"
    assert [r.labels for r in load_source(spec, ProblemCounter())] == [("grooming_risk",), ()]


def test_load_source_hf_local(tmp_path):
    pytest.importorskip("datasets")
    spec = f"hf:{FIXTURES / 'hf.jsonl'}:conversation=conversation,cache_dir={tmp_path}"
    records = list(load_source(spec, ProblemCounter()))
    assert [r.conversation_id for r in records] == ["h1", "h1", "h2"]


def test_synthetic_is_the_callers():
    with pytest.raises(SyntheticSourceError):
        load_source("synthetic:0.5")
    with pytest.raises(SyntheticSourceError):
        fingerprint_source("synthetic")


def test_fingerprint_is_stable_and_holds_no_data(tmp_path):
    copy = tmp_path / "pan12"
    shutil.copytree(FIXTURES / "pan12", copy)
    first = fingerprint_source(f"pan12:{copy}:weight=2", ProblemCounter())
    again = fingerprint_source(f"pan12:{copy}", ProblemCounter())
    assert first == again
    assert first["kind"] == "pan12" and first["path"] == "pan12" and first["files"] == 6
    assert first["records"] == 17 and first["problems"] == 5
    assert first["bytes"] == sum(p.stat().st_size for p in copy.rglob("*") if p.is_file())
    assert set(first) == {"name", "kind", "path", "files", "bytes", "sha256", "records", "problems"}
    dumped = json.dumps(first)
    assert first["name"] == "pan12:pan12" and str(tmp_path) not in dumped
    for word in ("parents", "pred0001", "c0a1", "school"):
        assert word not in dumped
    # Moving the copy does not change it; changing one byte does.
    moved = tmp_path / "elsewhere" / "pan12"
    shutil.copytree(copy, moved)
    assert fingerprint_source(f"pan12:{moved}", ProblemCounter())["sha256"] == first["sha256"]
    predators = next(moved.rglob("*predators*.txt"))
    predators.write_text(predators.read_text() + "pred0100\n")
    assert fingerprint_source(f"pan12:{moved}", ProblemCounter())["sha256"] != first["sha256"]


def test_fingerprint_of_a_single_file():
    fp = fingerprint_source(f"chatcoder:{FIXTURES / 'chatcoder.csv'}", ProblemCounter())
    assert fp["name"] == "chatcoder:chatcoder.csv" and fp["path"] == "chatcoder.csv"
    assert (fp["files"], fp["records"], fp["problems"]) == (1, 13, 4)
    assert fp["bytes"] == (FIXTURES / "chatcoder.csv").stat().st_size


def test_every_kind_has_a_license_note():
    assert set(LICENSES) == set(KINDS)
    assert LICENSES["jsonl"] == LICENSES["csv"] == "supplied by the user"
    assert "PAN" in LICENSES["pan12"]


def test_problem_counter():
    seen = []
    counter = ProblemCounter(keep=1, forward=seen.append)
    assert counter.summary() == "no problems"
    counter(LoadProblem("a.jsonl", "line 3", "bad JSON"))
    counter(LoadProblem("a.jsonl", "line 9", "bad JSON"))
    counter(LoadProblem("a.jsonl", "line 12", "missing text"))
    assert counter.total == 3 and counter.by_reason == {"bad JSON": 2, "missing text": 1}
    assert counter.examples == [LoadProblem("a.jsonl", "line 3", "bad JSON")]
    assert len(seen) == 3
    assert counter.summary() == "3 problems: bad JSON 2, missing text 1"
    assert str(LoadProblem("a.csv", "line 4", "wrong field count", "expected 4, got 6")) == (
        "a.csv: line 4: wrong field count (expected 4, got 6)"
    )
