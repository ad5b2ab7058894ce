"""Gathering training records from source specs: a source that yields nothing stops training."""

from __future__ import annotations

import json

import pytest

from groomguard.training.sources import EmptySourceError, load_training_records


def test_an_empty_source_is_an_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    with pytest.raises(EmptySourceError, match=r"empty\.jsonl.* yielded no usable records: 0 rows reported"):
        load_training_records(f"jsonl:{path}", tmp_path, seed=13)


def test_a_source_whose_every_row_is_bad_is_an_error(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps({"text": "how old are you", "label": "maybe"}) + "\n" for _ in range(3)))
    with pytest.raises(EmptySourceError, match="no usable records: 3 rows reported as problems") as caught:
        load_training_records(f"jsonl:{path}", tmp_path, seed=13)
    assert "how old" not in str(caught.value) + capsys.readouterr().err


def test_a_source_with_records_is_not(tmp_path):
    path = tmp_path / "ok.jsonl"
    path.write_text(json.dumps({"text": "nice day", "label": 0}) + "\n")
    records, weights, sources = load_training_records(f"jsonl:{path}:weight=2", tmp_path, seed=13)
    assert [r.text for r in records] == ["nice day"] and list(weights) == [2.0]
    assert sources[0]["records"] == 1
