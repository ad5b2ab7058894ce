"""The CLI on grouped formats (PAN12 XML, Telegram account exports): a conversation's records are written, and its
state dropped, as soon as the next conversation starts, so memory holds one conversation, not the file's thousands."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from groomguard.runtime import cli, formats
from groomguard.runtime.cli import main

TEXTS = ["hi how was school", "are your parents home?", "dont tell anyone we talk", "ok", "send me a pic"]


def pan12(path: Path, ids: list[str], per: int = 5, start: int = 0) -> Path:
    """A PAN12 XML file: one <conversation> per id (an id may repeat), ``per`` messages of its two authors each;
    the texts depend on the conversation's position (counted from ``start``)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<conversations>"]
    for c, cid in enumerate(ids, start):
        out.append(f'<conversation id="{cid}">')
        for m in range(per):
            text = escape(TEXTS[(c + m) % len(TEXTS)])
            out.append(f'<message line="{m + 1}"><author>{cid}-{m % 2}</author><text>{text}</text></message>')
        out.append("</conversation>")
    out.append("</conversations>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def telegram(path: Path, names: list[str], per: int = 4) -> Path:
    """A Telegram account export: one chat per name, ``per`` messages of two senders each."""
    chats = [
        {
            "name": name,
            "type": "personal_chat",
            "id": 100 + c,
            "messages": [
                {
                    "id": 10 * c + m,
                    "type": "message",
                    "date": f"2024-01-0{1 + c % 9}T10:0{m}:00",
                    "from": ["Leo", name][m % 2],
                    "from_id": f"user{m % 2}",
                    "text": TEXTS[(c + m) % len(TEXTS)],
                }
                for m in range(per)
            ],
        }
        for c, name in enumerate(names)
    ]
    doc = {"personal_information": {"first_name": "Leo"}, "chats": {"list": chats}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def canonical(records: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in records)


@pytest.mark.parametrize("make", [pan12, telegram])
def test_each_conversation_is_written_when_the_next_starts(
    make, tmp_path, tiny_model_dir, capsys, monkeypatch, held_per_batch
):
    names = [f"c{k}" for k in range(6)]
    path = make(tmp_path / ("in.xml" if make is pan12 else "result.json"), names)
    argv = ["score", str(path), "--model", str(tiny_model_dir), "--threshold", "0"]
    monkeypatch.setattr(cli, "BATCH", 4)
    held = held_per_batch
    code, grouped, err = run(argv, capsys)
    assert code == 0 and "in 6 conversations" in err
    assert max(held) <= 2  # a batch of 4 spans at most two conversations of 4 or 5 messages: never all six
    # each conversation's records come at most one batch after its last message: before the next one but one starts
    kinds = [(r.get("type"), r["conversation_id"]) for r in grouped]
    for k in range(4):
        assert kinds.index(("conversation", f"c{k}")) < kinds.index((None, f"c{k + 2}"))

    monkeypatch.setattr(formats, "GROUPED_FORMATS", ())  # as before: every conversation held to the end of the input
    held.clear()
    code, whole, err = run(argv, capsys)
    assert code == 0 and max(held) == 6
    assert [r.get("type") for r in whole][-12:] == ["conversation"] * 12
    assert canonical(grouped) == canonical(whole)  # the same records, in another order


@pytest.mark.parametrize("batch", [256, 3, 1])
def test_an_id_used_twice_is_scored_and_recorded_as_two_conversations(
    batch, tmp_path, tiny_model_dir, capsys, monkeypatch
):
    path = pan12(tmp_path / "in.xml", ["a", "b", "a"], per=4)
    parts = [pan12(tmp_path / f"part{k}.xml", [cid], per=4, start=k) for k, cid in enumerate("aba")]  # each alone
    monkeypatch.setattr(cli, "BATCH", batch)
    code, got, err = run(["score", str(path), "--model", str(tiny_model_dir), "--threshold", "0"], capsys)
    assert code == 0 and "in 3 conversations" in err
    # noticed while the first run still waits to be written: in one batch of 256, not in batches of 3 or 1
    assert ("in.xml:1: a conversation came back after another one started" in err) == (batch == 256)
    records = [r for r in got if r.get("type") == "conversation" and r["conversation_id"] == "a"]
    assert [r["messages"] for r in records] == [2, 2, 2, 2]  # the same two senders in each part, never merged
    # each part scores as it does in a file of its own: the second never continues the first's state
    alone = []
    for one in parts:
        _, out, _ = run(["score", str(one), "--model", str(tiny_model_dir), "--threshold", "0"], capsys)
        alone += [(r["sender"], r["risk"], r["alert"]) for r in out if r.get("type") == "conversation"]
    mixed = [(r["sender"], r["risk"], r["alert"]) for r in got if r.get("type") == "conversation"]
    assert sorted(mixed) == sorted(alone)


def test_one_id_in_two_conversation_elements_one_after_the_other_is_one_run(tmp_path, tiny_model_dir, capsys):
    path = pan12(tmp_path / "in.xml", ["a", "a", "b"], per=2)
    code, got, err = run(["score", str(path), "--model", str(tiny_model_dir)], capsys)
    assert code == 0 and "in 2 conversations" in err and "came back" not in err
    assert [r["messages"] for r in got if r.get("type") == "conversation" and r["conversation_id"] == "a"] == [2, 2]


def test_formats_that_interleave_conversations_keep_them_to_the_end(
    tmp_path, tiny_model_dir, capsys, monkeypatch, held_per_batch
):
    lines = [
        json.dumps({"text": TEXTS[i % 5], "conversation_id": f"c{i % 3}", "sender": "ab"[i % 2]}) for i in range(12)
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(cli, "BATCH", 2)
    held = held_per_batch
    code, got, err = run(["score", str(path), "--model", str(tiny_model_dir)], capsys)
    assert code == 0 and "came back" not in err
    assert max(held) == 3  # JSON Lines may come back to any conversation: all three are held to the end
    assert [r.get("type") for r in got] == [None] * 12 + ["conversation"] * 6


def test_grouped_reads_json_lines_ordered_by_conversation_one_conversation_at_a_time(
    tmp_path, tiny_model_dir, capsys, monkeypatch, held_per_batch
):
    ordered = [(f"c{i // 4}", TEXTS[i % 5], "ab"[i % 2]) for i in range(16)]  # four conversations, one after another
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"conversation_id": c, "text": t, "sender": s}) + "\n" for c, t, s in ordered))
    argv = ["score", str(path), "--model", str(tiny_model_dir), "--threshold", "0"]
    monkeypatch.setattr(cli, "BATCH", 2)
    held = held_per_batch
    code, whole, _ = run(argv, capsys)
    assert code == 0 and max(held) == 4
    held.clear()
    code, grouped, err = run([*argv, "--grouped"], capsys)
    assert code == 0 and max(held) == 1 and "came back" not in err
    assert canonical(grouped) == canonical(whole)
    # an input that is not ordered by conversation: each run of a conversation is a conversation, and stderr says so
    path.write_text(
        "".join(
            json.dumps({"conversation_id": c, "text": t, "sender": s}) + "\n"
            for c, t, s in ordered[::2] + ordered[1::2]
        )
    )
    monkeypatch.setattr(cli, "BATCH", 256)
    code, got, err = run([*argv, "--grouped"], capsys)
    assert code == 0 and "in.jsonl:9: a conversation came back" in err and "must be ordered by conversation" in err
    code, _, err = run([*argv, "--grouped", "--quiet"], capsys)  # no per-line report, the count still
    assert code == 0 and "in.jsonl:9:" not in err and "came back after another one started 1 time;" in err
    conversations = [r for r in got if r.get("type") == "conversation"]
    assert len(conversations) == 8  # each conversation in two runs, of one sender each
