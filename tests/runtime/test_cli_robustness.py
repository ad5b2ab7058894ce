"""The CLI under ordinary misuse (issue 13): output paths, same-named exports, exit statuses, no tracebacks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from groomguard.runtime import cli
from groomguard.runtime.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GROOMING = (EXAMPLES / "grooming_pattern.txt").read_text(encoding="utf-8")
BENIGN = (
    "12/03/2024, 18:02 - Sam: are you coming to practice tomorrow?\n"
    "12/03/2024, 18:03 - Alex: yes, mum is driving me\n"
    "12/03/2024, 18:04 - Sam: great see you there\n"
)


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def records(text):
    return [json.loads(line) for line in text.splitlines()]


def jsonl(path: Path, n: int, conversation: str = "c1") -> Path:
    texts = ["hi how was school", "are your parents home?", "dont tell anyone we talk", "ok"]
    lines = [
        json.dumps({"text": texts[i % 4], "conversation_id": conversation, "sender": "ab"[i % 2]}) for i in range(n)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- P1.2: --output never destroys an input, never reads itself, is written by rename ----------------------------


def test_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path, tiny_model_dir, capsys):
    chat = tmp_path / "v.txt"
    chat.write_text(GROOMING, encoding="utf-8")
    code, _, err = run(["score", str(chat), "-o", str(chat), "--model", str(tiny_model_dir)], capsys)
    assert code == 2 and "is an input" in err and "Traceback" not in err
    assert chat.read_text(encoding="utf-8") == GROOMING


def test_output_inside_an_input_folder_is_refused(tmp_path, tiny_model_dir, capsys):
    folder = tmp_path / "chats"
    folder.mkdir()
    (folder / "v.txt").write_text(GROOMING, encoding="utf-8")
    target = folder / "sub" / ".." / "scored.jsonl"
    code, _, err = run(["score", str(folder), "-o", str(target), "--model", str(tiny_model_dir)], capsys)
    assert code == 2 and "inside the input folder" in err
    assert sorted(p.name for p in folder.iterdir()) == ["v.txt"]


def test_output_is_written_to_a_temporary_file_and_renamed_at_the_end(tmp_path, tiny_model_dir, capsys, monkeypatch):
    chat = jsonl(tmp_path / "in.jsonl", 1200)
    target = tmp_path / "out" / "scored.jsonl"
    target.parent.mkdir()
    target.write_text("previous results\n")
    seen = []
    real_flush = cli._flush

    def flush(*args):
        seen.append((target.read_text(), sorted(p.name for p in target.parent.iterdir())))
        return real_flush(*args)

    monkeypatch.setattr(cli, "_flush", flush)
    code, out, _ = run(["score", str(chat), "-o", str(target), "--model", str(tiny_model_dir)], capsys)
    assert code == 0 and out == ""
    assert len(seen) == -(-1200 // cli.BATCH) > 1  # one look per batch, every one before the rename
    for content, names in seen:  # while scoring, the old file is untouched and the new one is a hidden temporary
        assert content == "previous results\n"
        assert len(names) == 2 and any(n.startswith(".scored.jsonl.") and n.endswith(".partial") for n in names)
    assert [p.name for p in target.parent.iterdir()] == ["scored.jsonl"]
    assert len(records(target.read_text())) == 1200 + 2


def test_a_failed_run_leaves_the_previous_output_and_no_temporary_file(tmp_path, tiny_model_dir, capsys, monkeypatch):
    chat = jsonl(tmp_path / "in.jsonl", 10)
    target = tmp_path / "out" / "scored.jsonl"
    target.parent.mkdir()
    target.write_text("previous results\n")

    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli, "_flush", broken)
    with pytest.raises(OSError):
        main(["score", str(chat), "-o", str(target), "--model", str(tiny_model_dir)])
    assert [p.name for p in target.parent.iterdir()] == ["scored.jsonl"]
    assert target.read_text() == "previous results\n"


class _FullDisk:
    """A text stream that takes ``room`` characters, then fails as a full disk does."""

    def __init__(self, room: int = 0) -> None:
        self.room = room

    def write(self, text: str) -> int:
        if len(text) > self.room:
            raise OSError(28, "No space left on device")
        self.room -= len(text)
        return len(text)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.write("x" * (self.room + 1))  # what is still buffered reaches the disk when the file is closed


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_a_full_disk_on_standard_output_is_a_one_line_error_not_an_alert(tmp_path, tiny_model_dir, capsys, fmt):
    chat = jsonl(tmp_path / "in.jsonl", 10)
    real = sys.stdout
    sys.stdout = _FullDisk()
    try:
        code = main(["score", str(chat), "--model", str(tiny_model_dir), "--output-format", fmt, "--fail-on-flag"])
    finally:
        sys.stdout = real
    err = capsys.readouterr().err
    assert code == cli.EXIT_USAGE != cli.EXIT_FLAGGED
    assert "cannot write the records to standard output: No space left on device" in err and "Traceback" not in err


@pytest.mark.parametrize("room", [0, 10**9])  # a write fails, or only the close that writes the rest does
def test_a_full_disk_on_output_keeps_the_previous_file(tmp_path, tiny_model_dir, capsys, monkeypatch, room):
    chat = jsonl(tmp_path / "in.jsonl", 10)
    target = tmp_path / "out" / "scored.jsonl"
    target.parent.mkdir()
    target.write_text("previous results\n")
    real_fdopen = os.fdopen

    def full(fd, *args, **kwargs):
        real_fdopen(fd, *args, **kwargs).close()  # the temporary file exists, as mkstemp made it
        return _FullDisk(room)

    monkeypatch.setattr(cli.os, "fdopen", full)
    code, _, err = run(["score", str(chat), "-o", str(target), "--model", str(tiny_model_dir)], capsys)
    assert code == cli.EXIT_USAGE and "Traceback" not in err
    assert f"cannot write the records to {target}: No space left on device; {target} was left as it was" in err
    assert [p.name for p in target.parent.iterdir()] == ["scored.jsonl"]
    assert target.read_text() == "previous results\n"


def test_a_run_that_scores_nothing_leaves_the_previous_output(tmp_path, tiny_model_dir, capsys):
    binary = tmp_path / "in.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    target = tmp_path / "scored.jsonl"
    target.write_text("previous results\n")
    code, _, err = run(["score", str(binary), "-o", str(target), "--model", str(tiny_model_dir)], capsys)
    assert code == cli.EXIT_INPUT and "nothing was scored; --output" in err
    assert target.read_text() == "previous results\n"
    new = tmp_path / "new.jsonl"
    code, _, _ = run(["score", str(binary), "-o", str(new), "--model", str(tiny_model_dir)], capsys)
    assert code == cli.EXIT_INPUT and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.bin", "scored.jsonl"]  # no temporary file left


def test_an_output_file_keeps_its_permissions_and_a_new_one_is_private(tmp_path, tiny_model_dir, capsys):
    chat = jsonl(tmp_path / "in.jsonl", 3)
    shared = tmp_path / "shared.jsonl"
    shared.write_text("previous results\n")
    shared.chmod(0o640)
    new = tmp_path / "new.jsonl"
    for target in (shared, new):
        code, _, _ = run(["score", str(chat), "-o", str(target), "--model", str(tiny_model_dir)], capsys)
        assert code == 0 and len(records(target.read_text())) == 3 + 2  # messages, then one record per sender
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640
    assert stat.S_IMODE(new.stat().st_mode) == 0o600


def test_output_in_a_missing_folder_is_a_usage_error_not_a_traceback(tmp_path, tiny_model_dir, capsys):
    chat = jsonl(tmp_path / "in.jsonl", 3)
    target = tmp_path / "no" / "such" / "x.jsonl"
    code, _, err = run(["score", str(chat), "-o", str(target), "--model", str(tiny_model_dir)], capsys)
    assert code == 2 and "does not exist" in err and "Traceback" not in err


def test_output_to_a_device_is_written_in_place(tmp_path, tiny_model_dir, capsys):
    # /dev/null (what the bench uses) must stay the device, not be replaced by a renamed file
    chat = jsonl(tmp_path / "in.jsonl", 3)
    code, _, _ = run(["score", str(chat), "-o", os.devnull, "--model", str(tiny_model_dir)], capsys)
    assert code == 0 and stat.S_ISCHR(os.stat(os.devnull).st_mode)


# --- P1.3: same-named files are different conversations, and records say where they come from -------------------


def test_same_named_exports_stay_separate_conversations(tmp_path, tiny_model_dir, capsys):
    for folder, text in (("a", BENIGN), ("b", GROOMING)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "_chat.txt").write_text(text, encoding="utf-8")
    a, b = str(tmp_path / "a" / "_chat.txt"), str(tmp_path / "b" / "_chat.txt")
    code, out, err = run(["score", a, b, "--model", str(tiny_model_dir), "--threshold", "0"], capsys)
    assert code == 0, err
    conversations = [r for r in records(out) if r.get("type") == "conversation"]
    by_source = {}
    for r in conversations:
        by_source.setdefault(r["source"], {})[r["sender"]] = r
    assert set(by_source) == {a, b}
    assert {s: r["messages"] for s, r in by_source[a].items()} == {"Sam": 2, "Alex": 1}
    assert {s: r["messages"] for s, r in by_source[b].items()} == {"Mark": 12, "Ellie": 10}
    mark = by_source[b]["Mark"]
    assert mark["alert"] and mark["first_alert_line"] == 2  # a line of b's file, not of a's
    messages = [r for r in records(out) if r.get("type") is None]
    assert {m["source"] for m in messages if m["sender"] == "Mark"} == {b}
    code, out, _ = run(
        ["score", a, b, "--model", str(tiny_model_dir), "--threshold", "0", "--output-format", "table"], capsys
    )
    alert_lines = [line for line in out.splitlines() if line.startswith("ALERT")]
    assert any("sender: Mark" in line and f"source {b}" in line for line in alert_lines)
    assert not any("sender: Mark" in line and f"source {a}" in line for line in alert_lines)


# --- P1.5: exit statuses --------------------------------------------------------------------------------------------


class _NeverAlerts(cli.ConversationMonitor):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.threshold = 2.0  # no conversation risk reaches it


def test_every_line_failing_to_parse_is_an_input_error(tmp_path, tiny_model_dir, capsys):
    chat = tmp_path / "v.txt"
    chat.write_text(GROOMING, encoding="utf-8")
    argv = ["score", str(chat), "--format", "jsonl", "--fail-on-flag", "--model", str(tiny_model_dir)]
    code, _, err = run(argv, capsys)
    assert code == 3
    assert f"nothing scored from {chat}" in err and "1 input unreadable or with nothing scored" in err


def test_one_unreadable_file_does_not_hide_a_flag(tmp_path, tiny_model_dir, capsys):
    folder = tmp_path / "chats"
    folder.mkdir()
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
    jsonl(folder / "good.jsonl", 6)
    base = ["score", str(folder), "--model", str(tiny_model_dir), "--threshold", "0"]
    assert run(base, capsys)[0] == 3
    assert run([*base, "--fail-on-flag"], capsys)[0] == 4  # flagged and an unreadable input: both visible
    (folder / "blob.txt").unlink()
    assert run([*base, "--fail-on-flag"], capsys)[0] == 1


def test_a_folder_or_zip_with_nothing_to_read_is_an_input_error(tmp_path, tiny_model_dir, capsys):
    # a wrong folder (empty, or media only) or a zip without a chat must not pass for a clean run
    empty = tmp_path / "empty"
    empty.mkdir()
    media = tmp_path / "media"
    media.mkdir()
    (media / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    (media / ".hidden.txt").write_text(BENIGN, encoding="utf-8")
    archive = tmp_path / "media.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(media / "photo.jpg", "photo.jpg")
    good = jsonl(tmp_path / "good.jsonl", 4)
    for path in (empty, media, archive):
        code, _, err = run(["score", str(path), "--model", str(tiny_model_dir)], capsys)
        assert code == 3, (path, err)
        assert f"nothing scored from {path}: it holds no file that was read" in err
        assert "1 input unreadable or with nothing scored" in err
    code, out, err = run(["score", str(empty), str(good), "--model", str(tiny_model_dir)], capsys)
    assert code == 3 and f"nothing scored from {empty}" in err and f"nothing scored from {good}" not in err
    assert len([r for r in records(out) if r.get("type") is None]) == 4  # the other input is still scored


def test_fail_on_flag_follows_conversation_alerts_and_message_flags_are_an_option(
    tmp_path, tiny_model_dir, capsys, monkeypatch
):
    chat = jsonl(tmp_path / "in.jsonl", 6)
    monkeypatch.setattr(cli, "ConversationMonitor", _NeverAlerts)
    base = ["score", str(chat), "--model", str(tiny_model_dir), "--threshold", "0"]
    code, _, err = run([*base, "--fail-on-flag"], capsys)
    assert code == 0 and "6 messages flagged" in err and "0 conversations with an alert" in err
    assert run([*base, "--fail-on-message-flag"], capsys)[0] == 1


# --- P1.6: no tracebacks in ordinary use ---------------------------------------------------------------------------


def test_a_closed_pipe_ends_quietly(tmp_path, tiny_model_dir):
    chat = jsonl(tmp_path / "in.jsonl", 20_000)
    argv = ["score", str(chat), "--model", str(tiny_model_dir)]
    code = f"import sys; from groomguard.runtime.cli import main; sys.exit(main({argv!r}))"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"{")
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == cli.EXIT_BROKEN_PIPE
    assert "Traceback" not in err and "BrokenPipeError" not in err


def interrupt_at_flush(monkeypatch, n: int) -> list:
    """Make the n-th batch's scoring raise KeyboardInterrupt (Ctrl-C); returns the list of calls (clear it to
    start counting again)."""
    calls: list = []
    real_flush = cli._flush

    def flush(*args):
        calls.append(1)
        if len(calls) == n:
            raise KeyboardInterrupt
        return real_flush(*args)

    monkeypatch.setattr(cli, "_flush", flush)
    return calls


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_ctrl_c_marks_the_partial_output(tmp_path, tiny_model_dir, capsys, monkeypatch, fmt):
    chat = jsonl(tmp_path / "in.jsonl", 1200)
    target = tmp_path / f"scored.{fmt}"
    interrupt_at_flush(monkeypatch, 2)
    argv = ["score", str(chat), "-o", str(target), "--output-format", fmt, "--model", str(tiny_model_dir)]
    code, _, err = run(argv, capsys)
    assert code == 130 and f"interrupted after {cli.BATCH:,} messages" in err and "incomplete" in err
    assert "Traceback" not in err
    text = target.read_text()
    if fmt == "jsonl":
        assert records(text)[-1]["type"] == "interrupted" and len(records(text)) == cli.BATCH + 1
    elif fmt == "csv":
        assert text.splitlines()[-1].startswith("interrupted,")
    else:
        assert f"INTERRUPTED after {cli.BATCH:,} messages" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_ctrl_c_before_anything_was_scored_leaves_the_previous_output(tmp_path, tiny_model_dir, capsys, monkeypatch):
    chat = jsonl(tmp_path / "in.jsonl", 600)
    target = tmp_path / "scored.jsonl"
    target.write_text("previous results\n")
    interrupt_at_flush(monkeypatch, 1)
    code, _, err = run(["score", str(chat), "-o", str(target), "--model", str(tiny_model_dir)], capsys)
    assert code == 130 and "nothing was scored; --output" in err
    assert "interrupted before any message was scored" in err and "'interrupted' record" not in err
    assert target.read_text() == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "scored.jsonl"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_a_lone_surrogate_from_a_json_escape_is_written_escaped(tmp_path, tiny_model_dir, capsys, fmt):
    # JSON allows "\ud800", which has no UTF-8: it is written as the escape, never a traceback that loses the run
    chat = tmp_path / "in.jsonl"
    chat.write_text('{"sender": "a\\ud800", "text": "hi \\udfff there"}\n{"sender": "b", "text": "ok"}\n')
    argv = ["score", str(chat), "--model", str(tiny_model_dir), "--include-text", "--output-format", fmt]
    code, out, err = run([*argv, "--threshold", "0"], capsys)
    assert code == 0 and "Traceback" not in err and "2 messages in 1 conversation " in err
    if fmt == "jsonl":
        got = records(out)
        assert (got[0]["sender"], got[0]["text"]) == ("a\ud800", "hi \udfff there")  # the JSON escapes, read back
    else:
        assert "a\\ud800" in out


@pytest.mark.parametrize(("value", "says"), [("abc", "not a number"), ("nan", "not between"), ("1.5", "not between")])
def test_a_threshold_that_is_not_a_probability_is_a_usage_error(tmp_path, tiny_model_dir, capsys, value, says):
    chat = jsonl(tmp_path / "in.jsonl", 3)
    with pytest.raises(SystemExit) as exc:
        main(["score", str(chat), "--threshold", value, "--model", str(tiny_model_dir)])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and says in err and "Traceback" not in err


def test_scorer_threshold_of_the_wrong_type_is_a_clear_error(tiny_model_dir):
    from groomguard.runtime.scorer import Scorer

    with pytest.raises(TypeError, match="threshold must be a number"):
        Scorer(tiny_model_dir, threshold="0.5")


# --- P2: honest reports --------------------------------------------------------------------------------------------


def test_lines_decoded_with_replacement_are_reported_as_scored_not_skipped(tmp_path, tiny_model_dir, capsys):
    chat = tmp_path / "in.jsonl"
    chat.write_bytes(b'{"text": "hi there"}\n{"text": "caf\xe9 later?"}\n')
    code, out, err = run(["score", str(chat), "--model", str(tiny_model_dir)], capsys)
    assert code == 0
    assert len([r for r in records(out) if r.get("type") is None]) == 2
    assert f"decoded {chat}:2: invalid UTF-8" in err and f"skipped {chat}:2" not in err
    assert "0 lines skipped" in err and "1 line scored after decoding with replacement characters" in err


def test_lines_read_past_a_stray_csv_quote_are_scored_and_counted_as_repaired(tmp_path, tiny_model_dir, capsys):
    chat = tmp_path / "naive.csv"
    chat.write_text('id,sender,text\n1,amy,"hi\n2,bob,are you there\n3,amy,he said "ok" then\n4,bob,bye\n')
    code, out, err = run(["score", str(chat), "--model", str(tiny_model_dir)], capsys)
    assert code == 0
    assert [r["id"] for r in records(out) if r.get("type") is None] == ["1", "2", "3", "4"]
    assert f"repaired {chat}:2: stray quote read as text" in err and f"skipped {chat}" not in err
    assert "0 lines skipped" in err
    assert "1 line scored after a repair (1 stray quote read as text: a CSV reader would join lines N-N" in err


def test_summary_lists_every_kind_of_problem_in_full(tmp_path, tiny_model_dir, capsys):
    chat = tmp_path / "in.jsonl"
    bad = ["{not json", "{also not", '{"text": 5}', '{"text": null}', '{"sender": "x"}', "[1, 2]", '"str"', "7"]
    chat.write_text("\n".join(['{"text": "hi"}', *bad]) + "\n", encoding="utf-8")
    code, _, err = run(["score", str(chat), "--model", str(tiny_model_dir), "--quiet"], capsys)
    summary = err.strip().splitlines()[-1]
    assert code == 0 and "8 lines skipped" in summary
    assert "2 invalid JSON: Expecting property name enclosed in double quotes at column N" in summary
    for kind in (
        "'text' is not a string (got number)",
        "'text' is not a string (got null)",
        "missing 'text' field",
        "not a JSON object (got array)",
        "not a JSON object (got string)",
        "not a JSON object (got number)",
    ):
        assert f"1 {kind}" in summary  # more than five kinds, each with what follows its ':'


def test_summary_never_claims_problems_were_listed_when_quiet(tmp_path, tiny_model_dir, capsys):
    # more kinds than the summary names: with --quiet no problem line is printed, so none is "listed above"
    chat = tmp_path / "in.jsonl"
    bad = ["{not json", "xx", '{"text": "a"} extra', '{"text": "cut', '{"text": 5}', '{"text": null}', '{"text": true}']
    bad += ['{"text": [1]}', '{"text": {}}', '{"sender": "x"}', "[1, 2]", '"str"', "7", "true", "null"]
    chat.write_text("\n".join(['{"text": "hi"}', *bad]) + "\n", encoding="utf-8")
    code, _, err = run(["score", str(chat), "--model", str(tiny_model_dir), "--quiet"], capsys)
    summary = err.strip().splitlines()[-1]
    assert code == 0 and f"{len(bad)} lines skipped" in summary
    assert "other kinds of problem" in summary and "listed above" not in summary
    assert "run without --quiet" in summary
    code, _, err = run(["score", str(chat), "--model", str(tiny_model_dir)], capsys)
    assert "other kinds of problem (the first 50 problems are listed above)" in err.strip().splitlines()[-1]


def test_version_names_the_model(capsys):
    from groomguard.runtime.model_file import load_model_file

    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("groomguard ") and f"model {load_model_file().model_version}" in out


def test_table_and_summary_grammar(tmp_path, tiny_model_dir, capsys):
    chat = jsonl(tmp_path / "in.jsonl", 1)
    code, out, err = run(["score", str(chat), "--model", str(tiny_model_dir), "--output-format", "table"], capsys)
    assert code == 0
    assert "in 1 conversation." in out and "No alert for 1 sender;" in out
    assert "1 message in 1 conversation scored" in err
    assert (
        "flagged (each on its risk in its conversation)" in err
        and "with an alert (the conversation-level signal)" in err
    )


# --- an input's conversations are written when it ends, and its state dropped ---------------------------------------


def _inputs(tmp_path: Path, n_files: int, lines: int) -> list[str]:
    return [str(jsonl(tmp_path / f"in{k}.jsonl", lines, conversation=f"c{k % 2}")) for k in range(n_files)]


def _without_order(out: str) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in records(out))


def test_each_inputs_conversations_are_written_when_it_ends(
    tmp_path, tiny_model_dir, capsys, monkeypatch, held_per_batch
):
    paths = _inputs(tmp_path, 6, 5)
    argv = ["score", *paths, "--model", str(tiny_model_dir), "--threshold", "0"]
    code, whole, err = run(argv, capsys)  # batches of 256: every message in one batch
    assert code == 0 and "30 messages in 6 conversations" in err
    assert [r.get("type") for r in records(whole)] == [None] * 30 + ["conversation"] * 12  # 2 senders each
    held = held_per_batch
    held.clear()  # the run above is not counted
    monkeypatch.setattr(cli, "BATCH", 4)
    code, out, err = run(argv, capsys)
    assert code == 0 and "30 messages in 6 conversations" in err
    assert _without_order(out) == _without_order(whole)  # the same records, in another order
    # in0's records follow its messages, before in5's messages: the writer does not wait for the end of the run
    kinds = [(r.get("type"), Path(r["source"]).name) for r in records(out)]
    assert kinds.index(("conversation", "in0.jsonl")) < kinds.index((None, "in5.jsonl"))
    # in0.jsonl and in2.jsonl both hold a conversation "c0": two conversations, never one
    assert len([k for k in kinds if k[0] == "conversation"]) == 12
    assert max(held) <= 2  # a batch of 4 spans at most two inputs of 5 messages: never six conversations held


def test_ctrl_c_keeps_the_conversations_of_inputs_read_to_their_end(tmp_path, tiny_model_dir, capsys, monkeypatch):
    paths = _inputs(tmp_path, 3, 4)
    monkeypatch.setattr(cli, "BATCH", 4)
    calls = interrupt_at_flush(monkeypatch, 3)
    code, out, err = run(["score", *paths, "--model", str(tiny_model_dir)], capsys)
    assert code == 130 and "interrupted after 8 messages" in err
    got = records(out)
    assert got[-1]["type"] == "interrupted" and "scored to their end" in got[-1]["reason"]
    assert {Path(r["source"]).name for r in got if r.get("type") == "conversation"} == {"in0.jsonl", "in1.jsonl"}
    calls.clear()
    table = tmp_path / "t.txt"
    run(["score", *paths, "--model", str(tiny_model_dir), "--output-format", "table", "-o", str(table)], capsys)
    text = table.read_text()
    assert "in 2 conversations" in text and "INTERRUPTED after 8 messages" in text


def test_an_input_given_twice_is_read_once(tmp_path, tiny_model_dir, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    chat = jsonl(folder / "a.jsonl", 300)
    for argv in ([str(chat), str(chat)], [str(folder), str(chat)]):
        code, out, err = run(["score", *argv, "--model", str(tiny_model_dir), "--threshold", "0"], capsys)
        assert code == 0 and "300 messages in 1 conversation " in err and "given more than once" in err
        got = records(out)
        assert len([r for r in got if r.get("type") is None]) == 300
        assert sorted(r["messages"] for r in got if r.get("type") == "conversation") == [150, 150]


def test_an_input_given_twice_under_two_spellings_is_read_once(tmp_path, tiny_model_dir, capsys, monkeypatch):
    folder = tmp_path / "d"
    folder.mkdir()
    chat = jsonl(folder / "a.jsonl", 30)
    (tmp_path / "link.jsonl").symlink_to(chat)
    archive = tmp_path / "chats.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(chat, "inner/a.jsonl")
    monkeypatch.chdir(tmp_path)
    for argv in (
        ["d/a.jsonl", "./d/a.jsonl"],  # ./ and none
        ["d/../d/a.jsonl", str(folder)],  # .. and an absolute folder
        ["link.jsonl", "d/a.jsonl"],  # a symbolic link and its target
        ["chats.zip", str(archive)],  # a zip, relative and absolute
    ):
        code, _out, err = run(["score", *argv, "--model", str(tiny_model_dir)], capsys)
        assert code == 0 and "30 messages in 1 conversation " in err and "given more than once" in err, argv
    code, _out, err = run(["score", "d/a.jsonl", "chats.zip", "--model", str(tiny_model_dir)], capsys)
    assert "60 messages in 2 conversations " in err and "more than once" not in err  # a copy in a zip is another


def test_names_from_an_input_reach_the_terminal_escaped(tmp_path, tiny_model_dir, capsys):
    # a zip member's name is the sender's choice: its escape sequences must not act on the reviewer's terminal
    archive = tmp_path / "in.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("chat\x1b]0;TITLE\x07.jsonl", '{"sender": "a", "text": "hi"}\nnot json\n')
    code, _, err = run(["score", str(archive), "--model", str(tiny_model_dir), "-o", str(tmp_path / "o.jsonl")], capsys)
    assert code == 0 and "1 message in 1 conversation " in err
    assert "\x1b" not in err and "\x07" not in err and "chat\\x1b]0;TITLE\\x07.jsonl:2" in err
