"""The fit command line: a bad --sources is a one-line error and exit 2, not a traceback (fitting is tested in
test_end_to_end and test_mixed_sources)."""

from __future__ import annotations

import pytest

from groomguard.training.fit import main


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ("foo:/x", "error: unknown source kind 'foo'"),
        ("jsonl:{tmp}/missing.jsonl", "error: file not found: "),
        ("chatcoder:{tmp}/missing.csv", "error: [Errno 2] No such file or directory"),
        ("jsonl:{tmp}/empty.jsonl", "yielded no usable records: 0 rows reported as problems"),
        ("synthetic", "build the synthetic corpus first with `make data`"),
    ],
)
def test_bad_sources_are_a_one_line_error(tmp_path, capsys, sources, message):
    (tmp_path / "empty.jsonl").write_text("")
    argv = ["--sources", sources.format(tmp=tmp_path), "--data", str(tmp_path / "data"), "--out", str(tmp_path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "model.npz").exists()
