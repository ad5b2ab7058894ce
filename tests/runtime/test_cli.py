"""The CLI through main(argv): outputs, bad input reported and skipped, no text echo, exit codes, no network."""

from __future__ import annotations

import io
import json
import shutil
import sys

import pytest

from groomguard.runtime.cli import main

GOOD = [
    {"id": f"m{i}", "conversation_id": "c1", "sender": "a" if i % 2 else "b", "text": t, "note": i}
    for i, t in enumerate(
        ["hi how was school", "are your parents home?", "dont tell anyone we talk", "ok", "add me on snap", "😀"]
    )
]


def write_jsonl(path, good, bad_lines):
    lines = [json.dumps(g) for g in good] + bad_lines
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_for_every_command(capsys):
    for argv in (["--help"], ["score", "--help"], ["info", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
        assert "usage: groomguard" in capsys.readouterr().out


def test_no_command_is_usage_error(capsys):
    assert main([]) == 2


def test_n_good_m_bad(tmp_path, tiny_model_dir, capsys):
    path = tmp_path / "chat.jsonl"
    bad = ["{not json", '{"text": 5}', '{"sender": "x"}', "[1, 2]"]
    write_jsonl(path, GOOD, bad)
    code, out, err = run(["score", str(path), "--model", str(tiny_model_dir), "--format", "jsonl"], capsys)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    messages = [r for r in records if r.get("type") != "conversation"]
    conversations = [r for r in records if r.get("type") == "conversation"]
    assert len(messages) == len(GOOD)
    assert [m["id"] for m in messages] == [g["id"] for g in GOOD]
    assert [m["line"] for m in messages] == list(range(1, len(GOOD) + 1))
    assert [m["note"] for m in messages] == [g["note"] for g in GOOD]  # extra fields pass through
    assert {c["sender"] for c in conversations} == {"a", "b"}
    for c in conversations:
        assert {"risk", "alert", "first_alert_index", "tactics_seen"} <= set(c)
    for lineno in range(len(GOOD) + 1, len(GOOD) + len(bad) + 1):
        assert f"chat.jsonl:{lineno}:" in err
    assert f"{len(bad)} lines skipped" in err
    assert f"{len(GOOD)} messages in 1 conversation scored" in err


def test_text_is_not_echoed_unless_asked(tmp_path, tiny_model_dir, capsys):
    path = tmp_path / "chat.jsonl"
    write_jsonl(path, GOOD, ['{"text": 5, "secret": "dont tell anyone we talk"}'])
    for fmt in ("jsonl", "csv", "table"):
        code, out, err = run(["score", str(path), "--model", str(tiny_model_dir), "--output-format", fmt], capsys)
        assert code == 0
        for g in GOOD[1:3]:
            assert g["text"] not in out and g["text"] not in err
    code, out, _ = run(["score", str(path), "--model", str(tiny_model_dir), "--include-text"], capsys)
    assert GOOD[1]["text"] in out


def test_csv_and_table_outputs(tmp_path, tiny_model_dir, capsys):
    path = tmp_path / "chat.jsonl"
    write_jsonl(path, GOOD, [])
    out_file = tmp_path / "out.csv"
    code, _, _ = run(
        ["score", str(path), "--model", str(tiny_model_dir), "--output-format", "csv", "--output", str(out_file)],
        capsys,
    )
    assert code == 0
    header, *rows = out_file.read_text().splitlines()
    assert header.startswith("type,id,conversation_id")
    assert len(rows) == len(GOOD) + 2
    code, out, _ = run(
        ["score", str(path), "--model", str(tiny_model_dir), "--output-format", "table", "--threshold", "0"], capsys
    )
    assert "ALERT" in out and "A flag is for a person to review" in out


def test_stdin(tiny_model_dir, capsys, monkeypatch):
    data = "\n".join(json.dumps(g) for g in GOOD).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(["score", "-", "--format", "jsonl", "--model", str(tiny_model_dir)], capsys)
    assert code == 0
    assert sum(1 for line in out.splitlines() if '"conversation"' not in line) == len(GOOD)


def test_exit_codes(tmp_path, tiny_model_dir, capsys):
    path = tmp_path / "chat.jsonl"
    write_jsonl(path, GOOD, [])
    assert run(["score", str(tmp_path / "missing.txt"), "--model", str(tiny_model_dir)], capsys)[0] == 2
    assert (
        run(["score", str(path), "--model", str(tiny_model_dir), "--threshold", "0", "--fail-on-flag"], capsys)[0] == 1
    )
    assert (
        run(["score", str(path), "--model", str(tiny_model_dir), "--threshold", "1", "--fail-on-flag"], capsys)[0] == 0
    )
    with pytest.raises(SystemExit) as exc:  # argparse: a usage error
        main(["score", str(path), "--model", str(tiny_model_dir), "--threshold", "7"])
    assert exc.value.code == 2
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    code, out, err = run(["score", str(binary), str(path), "--model", str(tiny_model_dir)], capsys)
    assert code == 3 and "blob.bin" in err  # an unreadable input: 3, and the readable one is still scored
    assert sum(1 for line in out.splitlines() if '"conversation"' not in line) == len(GOOD)


def test_tampered_model_refused(tmp_path, tiny_model_dir, capsys):
    model = tmp_path / "model"
    shutil.copytree(tiny_model_dir, model)
    onnx = model / "groomguard.onnx"
    onnx.write_bytes(onnx.read_bytes()[:-10] + b"0123456789")
    path = tmp_path / "chat.jsonl"
    write_jsonl(path, GOOD, [])
    code, out, err = run(["score", str(path), "--model", str(model)], capsys)
    assert code == 2 and "sha256 mismatch" in err and out == ""


def test_whole_run_without_network(tmp_path, tiny_model_dir, capsys, no_network):
    path = tmp_path / "chat.jsonl"
    write_jsonl(path, GOOD, [])
    code, out, _ = run(["score", str(path), "--model", str(tiny_model_dir), "--output-format", "table"], capsys)
    assert code == 0 and "conversation" in out
    assert run(["info", "--model", str(tiny_model_dir)], capsys)[0] == 0


def test_examples_score(tiny_model_dir, capsys):
    from pathlib import Path

    examples = Path(__file__).resolve().parents[2] / "examples"
    code, _, err = run(["score", str(examples), "--model", str(tiny_model_dir), "--output-format", "table"], capsys)
    assert code == 0
    assert "0 lines skipped" in err


def test_score_leaves_the_garbage_collector_as_it_found_it(tmp_path, tiny_model_dir, capsys):
    import gc

    path = tmp_path / "chat.jsonl"
    write_jsonl(path, GOOD, [])
    before = gc.get_threshold()
    run(["score", str(path), "--model", str(tiny_model_dir)], capsys)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    gc.freeze()  # a host application's own frozen objects stay frozen
    try:
        frozen = gc.get_freeze_count()
        run(["score", str(path), "--model", str(tiny_model_dir)], capsys)
        assert gc.get_freeze_count() > frozen // 2  # not unfrozen (a few frozen objects may have been freed)
    finally:
        gc.unfreeze()


def test_zero_width_padding_cannot_hide_a_message_and_truncation_is_reported(tmp_path, tiny_model_dir, capsys):
    words = "are your parents home tonight"
    padded = {"id": "p", "conversation_id": "c", "sender": "a", "text": "\u200b" * 20_000 + words}
    plain = {"id": "q", "conversation_id": "d", "sender": "a", "text": words}
    long = {"id": "r", "conversation_id": "e", "sender": "a", "text": "word " * 3_000}
    path = tmp_path / "chat.jsonl"
    write_jsonl(path, [padded, plain, long], [])
    code, out, err = run(["score", str(path), "--model", str(tiny_model_dir), "--format", "jsonl"], capsys)
    assert code == 0
    risk = {r["id"]: r["risk"] for r in map(json.loads, out.splitlines()) if r.get("type") != "conversation"}
    assert risk["p"] == risk["q"]  # the padding is deleted by normalization before the cap
    assert "chat.jsonl:3: message longer than 10,000 characters once normalized" in err
    assert "chat.jsonl:1:" not in err
    assert "1 message scored on its first 10,000 characters" in err
