"""The real-chat suite: reading and malformed lines, interleaving, hand-checked figures, the command and make target.

Figures are checked with a fake scorer and a fake monitor step (known risks, so every AUC and share can be worked out
by hand); the real monitor path is checked against ``ConversationMonitor`` itself on the tiny test model. No test
depends on the shipped model's scores.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from groomguard.eval import bootstrap
from groomguard.eval import real as cli
from groomguard.eval.report import render_real
from groomguard.eval.suites import real
from groomguard.runtime.monitor import ConversationMonitor

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "real_small.jsonl"
FIXTURE_TEXTS = [m.text for m in real.read_files([FIXTURE])[0]]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def row(cid, sender, label, text, source="sms", **kw) -> dict:
    return {"text": text, "label": label, "conversation_id": cid, "sender": sender, "source": source, **kw}


# --- reading -------------------------------------------------------------------------------------------------------


def test_fixture_malformed_lines_are_reported_skipped_and_counted():
    seen: list[str] = []
    messages, skipped, files = real.read_files([FIXTURE], report=seen.append)
    assert len(messages) == 19
    assert skipped.total == 7 and len(seen) == 7
    assert skipped.as_dict()["by_reason"] == {
        "bad_json": 1,
        "bad_label": 1,
        "bad_order": 1,
        "no_conversation_id": 1,
        "no_sender": 1,
        "no_text": 1,
        "not_an_object": 1,
    }
    assert [(x["file"], x["line"]) for x in skipped.listed] == [
        ("real_small.jsonl", n) for n in (9, 10, 11, 12, 19, 20, 21)
    ]
    assert seen[0] == f"{FIXTURE}:9: bad_json"
    assert files[0]["lines"] == 27 and files[0]["blank"] == 1 and files[0]["skipped"] == 7
    assert files[0]["messages"] == 19 and len(files[0]["sha256"]) == 64
    # every line is accounted for: messages + skipped + blank
    assert files[0]["messages"] + files[0]["skipped"] + files[0]["blank"] == files[0]["lines"]


def test_bad_utf8_ints_and_optional_fields(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"text": "see you", "label": "yes", "conversation_id": 7, "sender": 3, "order": "2"})
    nosrc = json.dumps({"text": "", "label": False, "conversation_id": "7", "sender": "x"})
    path.write_bytes(good.encode() + b"\n" + b'{"text": "\xff"}\n' + nosrc.encode() + b"\n")
    messages, skipped, _ = real.read_files([path])
    assert skipped.as_dict()["by_reason"] == {"bad_utf8": 1}
    assert [(m.conversation_id, m.sender, m.label, m.order, m.source) for m in messages] == [
        ("7", "3", 1, 2.0, "unknown"),
        ("7", "x", 0, None, "unknown"),
    ]


def test_a_byte_order_mark_is_not_part_of_the_first_line(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(row("1", "x", 0, "hi")).encode() + b"\n")
    messages, skipped, _ = real.read_files([path])
    assert skipped.total == 0 and [m.text for m in messages] == ["hi"]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"label": 2}, "bad_label"),
        ({"sender": True}, "no_sender"),
        ({"sender": "  "}, "no_sender"),
        ({"conversation_id": None}, "no_conversation_id"),
        ({"order": float("nan")}, "bad_order"),
        ({"order": True}, "bad_order"),
        ({"text": 5}, "no_text"),
    ],
)
def test_parse_line_reasons(fields, reason):
    obj = {**row("c", "a", 0, "hello"), **fields}
    assert real.parse_line(json.dumps(obj)) == (None, reason)


def test_missing_label_is_a_missing_field_not_a_bad_label():
    obj = row("c", "a", 0, "hello")
    del obj["label"]
    assert real.parse_line(json.dumps(obj)) == (None, "no_label")
    assert real.parse_line(json.dumps({**obj, "label": None})) == (None, "bad_label")


def test_a_file_given_twice_is_read_once(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "a.jsonl", [row("1", "x", 0, "hi")])
    monkeypatch.chdir(tmp_path)
    messages, _, files = real.read_files([path, Path("a.jsonl"), Path("./a.jsonl")])
    assert len(messages) == 1 and len(files) == 1


def test_conversations_are_per_file(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [row("1", "x", 0, "hi")])
    b = write_jsonl(tmp_path / "b.jsonl", [row("1", "y", 0, "hey")])
    messages, _, _ = real.read_files([a, b])
    assert len(real.conversations(messages)) == 2


# --- ordering ------------------------------------------------------------------------------------------------------


def test_interleave_by_order_and_by_relative_position():
    messages, _, _ = real.read_files([FIXTURE])
    convs = {c.key[1]: c for c in real.conversations(messages)}
    g1, g2 = convs["g1"], convs["g2"]
    assert g1.ordered and not g2.ordered
    # g1 has orders 2,1,3,4,5,6 in file order
    assert [messages[i].order for i in real.interleave(messages, g1)] == [1, 2, 3, 4, 5, 6]
    assert [messages[i].order for i in real.sender_sequence(messages, g1, "kid1")] == [1, 3, 5]
    # g2: adult2 at 1/6, 3/6, 5/6 and kid2 at 1/4, 3/4
    assert [messages[i].sender for i in real.interleave(messages, g2)] == [
        "adult2",
        "kid2",
        "adult2",
        "kid2",
        "adult2",
    ]


def test_interleave_ties_broken_by_sender(tmp_path):
    path = write_jsonl(
        tmp_path / "t.jsonl",
        [row("c", "zed", 0, "z1"), row("c", "zed", 0, "z2"), row("c", "amy", 1, "a1"), row("c", "amy", 1, "a2")],
    )
    messages, _, _ = real.read_files([path])
    (conv,) = real.conversations(messages)
    assert [messages[i].text for i in real.interleave(messages, conv)] == ["a1", "z1", "a2", "z2"]


def test_partly_ordered_conversation_falls_back_to_position(tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", [row("c", "a", 0, "x", order=5), row("c", "b", 0, "y")])
    messages, _, _ = real.read_files([path])
    (conv,) = real.conversations(messages)
    assert not conv.ordered


# --- the figures, by hand ------------------------------------------------------------------------------------------


def mean_outcomes(calls: list):
    """A monitor step with known results: a sender's risk is the mean of their line risks; alert at >= 0.5; a line
    is flagged in context when its sender alerted."""

    def outcomes(scorer, preset, units, senders, probs, flagged=None):
        calls.append([[senders[i] for i in u] for u in units])
        risk = probs[:, scorer.label_index["grooming_risk"]]
        out = []
        for u in units:
            by: dict[str, list[float]] = {}
            for i in u:
                by.setdefault(senders[i], []).append(float(risk[i]))
            means = {s: round(float(np.mean(v)), 6) for s, v in by.items()}  # float32 0.9 and 0.1: mean 0.5
            out.append({s: (m, m >= 0.5) for s, m in means.items()})
            if flagged is not None:
                for i in u:
                    flagged[i] = means[senders[i]] >= 0.5
        return out

    return outcomes


def test_figures_by_hand(fake_scorer, tmp_path):
    # The fake scorer gives grooming_risk 0.9 to text with "secret", else 0.1; the balanced threshold is 0.5.
    path = write_jsonl(
        tmp_path / "hand.jsonl",
        [
            row("A", "o1", 1, "keep it secret", "pj"),  # 0.9
            row("A", "c1", 0, "hi", "pj"),  # 0.1
            row("A", "o1", 1, "hello", "pj"),  # 0.1 -> o1 mean 0.5: alerted
            row("B", "o2", 1, "hello there", "pj"),  # 0.1
            row("B", "c2", 0, "a secret party", "pj"),  # 0.9 -> c2 alerted
            row("B", "o2", 0, "bye", "pj"),  # an offender's line labelled 0
            row("C", "x", 0, "our secret recipe", "sms"),  # 0.9
            row("C", "y", 0, "ok", "sms"),
            row("D", "p", 0, "to the ship", "movie"),
            row("D", "q", 0, "aye", "movie"),
        ],
    )
    messages, _, _ = real.read_files([path])
    calls: list = []
    r = real.evaluate(fake_scorer, messages, "balanced", outcomes=mean_outcomes(calls))
    # sides alone: one unit per (conversation, sender); both sides: one per conversation, interleaved
    assert calls[0] == [["o1", "o1"], ["c1"], ["o2", "o2"], ["c2"], ["x"], ["y"], ["p"], ["q"]]
    assert calls[1][0] == ["o1", "c1", "o1"] and calls[1][1] == ["o2", "c2", "o2"]
    c = r["counts"]
    assert (c["messages"], c["conversations"], c["offender_conversations"], c["benign_conversations"]) == (10, 4, 2, 2)
    assert (c["offender_senders"], c["counterpart_senders"], c["offender_senders_with_lines_labelled_0"]) == (2, 2, 1)
    assert (c["offender_lines"], c["counterpart_lines"], c["benign_lines"]) == (3, 2, 4)
    alone = r["sides_alone"]
    # offenders 0.5, 0.1 (o2: 0.1, 0.1) vs counterparts 0.1, 0.9: pairs 1 + 0 + 0.5 + 0 = 1.5 of 4
    assert alone["author_roc_auc"] == pytest.approx(0.375)
    assert alone["offenders"]["alerted"] == {"n": 2, "count": 1, "share": 0.5}
    assert alone["counterparts"]["alerted"] == {"n": 2, "count": 1, "share": 0.5}
    assert alone["offenders"]["lines_flagged"] == {"n": 3, "count": 1, "share": pytest.approx(1 / 3)}
    assert alone["counterparts"]["lines_flagged"] == {"n": 2, "count": 1, "share": 0.5}
    # in context (the fake flags a line when its sender's mean reached 0.5): o1's two lines, not o2's; c2's, not c1's
    assert alone["offenders"]["lines_flagged_in_context"] == {"n": 3, "count": 2, "share": pytest.approx(2 / 3)}
    assert alone["counterparts"]["lines_flagged_in_context"] == {"n": 2, "count": 1, "share": 0.5}
    both = r["both_sides"]
    assert both["offenders"]["lines_flagged_in_context"]["count"] == 2
    assert both["counterparts"]["lines_flagged_in_context"]["count"] == 1
    assert both["author_roc_auc"] == pytest.approx(0.375)
    assert both["offenders"]["alerted"]["count"] == 1 and both["counterparts"]["alerted"]["count"] == 1
    assert both["offender_conversations"]["offender_alerted"]["share"] == 0.5
    assert both["offender_conversations"]["only_counterpart_alerted"]["share"] == 0.5  # B
    benign = r["benign"]
    assert benign["by_source"]["sms"] == {
        "messages_flagged": {"n": 2, "count": 1, "share": 0.5},
        "messages_flagged_in_context": {"n": 2, "count": 1, "share": 0.5},
        "conversations_alerted": {"n": 1, "count": 1, "share": 1.0},
    }
    assert benign["all"]["messages_flagged_in_context"] == {"n": 4, "count": 1, "share": 0.25}
    assert benign["by_source"]["movie"]["messages_flagged"]["count"] == 0
    assert benign["by_source"]["movie"]["conversations_alerted"] == {"n": 1, "count": 0, "share": 0.0}
    assert benign["all"]["conversations_alerted"]["share"] == 0.5
    # offender lines 0.9, 0.1, 0.1 vs benign 0.9, 0.1, 0.1, 0.1: (3.5 + 1.5 + 1.5) / 12
    assert r["lines"]["offender_vs_benign_roc_auc"] == pytest.approx(6.5 / 12)
    # vs counterpart lines 0.1, 0.9: 0.9 -> 1.5; each 0.1 -> 0.5: 2.5 / 6
    assert r["lines"]["offender_vs_counterpart_roc_auc"] == pytest.approx(2.5 / 6)
    md = render_real({**r, "files": [{"file": "hand.jsonl"}], "skipped": {"total": 0}})
    assert "| each side alone: author ROC-AUC, offenders vs counterparts | 0.375 |" in md
    # one sms conversation: every resample draws it, so its intervals are the figure itself
    assert "| sms | 50.0% (1/2) [50.0–50.0%] | 50.0% (1/2) [50.0–50.0%] | 100.0% (1/1) [100.0–100.0%] |" in md
    # two offender conversations (o1 alerted in A, o2 not in B): resamples AA, AB, BB give 1, 0.5, 0
    figures = r["intervals"]["figures"]
    assert figures["sides_alone.offenders.alerted"] == [0.0, 1.0]
    assert "| each side alone: offenders alerted | 50.0% (1/2) | 0.0–100.0% |" in md


def _lookup(result: dict, key: str):
    value = result
    for part in key.split("."):
        value = value[part]
    return value["share"] if isinstance(value, dict) else value


def test_intervals_are_the_figures_when_each_stratum_holds_one_conversation(fake_scorer, tmp_path):
    # One offender conversation, one sms and one movie conversation: every resample draws each once, so every
    # interval is [figure, figure]; this checks the weighted formulas against the suite's own figures, key by key.
    path = write_jsonl(
        tmp_path / "one.jsonl",
        [
            row("A", "o1", 1, "keep it secret", "pj"),
            row("A", "c1", 0, "hi", "pj"),
            row("A", "o1", 1, "hello", "pj"),
            row("A", "c1", 0, "a secret party", "pj"),
            row("A", "o1", 0, "bye", "pj"),
            row("C", "x", 0, "our secret recipe", "sms"),
            row("C", "y", 0, "ok", "sms"),
            row("D", "p", 0, "to the ship", "movie"),
            row("D", "q", 0, "aye secret", "movie"),
        ],
    )
    messages, _, _ = real.read_files([path])
    r = real.evaluate(fake_scorer, messages, "balanced", outcomes=mean_outcomes([]), resamples=50)
    figures = r["intervals"]["figures"]
    assert r["intervals"]["resamples"] == 50 and r["intervals"]["level"] == 0.95
    assert len(figures) == 18 + 2 * 3  # the main figures (benign: all sources), and three per benign source
    for key, bounds in figures.items():
        value = _lookup(r, key)
        assert value is not None, key
        assert bounds == [pytest.approx(value), pytest.approx(value)], key


def test_intervals_equal_the_figures_of_conversations_resampled_as_data(fake_scorer, tmp_path):
    # Each resample's weights (how often each conversation is drawn) must give the figures that evaluate() gives on
    # a file where each conversation is repeated that many times: every key, every resample, uneven strata.
    rows = []
    offender_chats = [  # (adult, kid, adult): alerted adults in o0 and o2, an alerted kid in o0 (no symmetry)
        ("keep it secret", "a secret", "ok"),
        ("hello", "hi", "ok"),
        ("secret", "hi", "secret"),
        ("x", "y", "z"),
    ]
    for c, (first, kid, second) in enumerate(offender_chats):
        rows += [row(f"o{c}", "adult", 1, first, "pj"), row(f"o{c}", "kid", 0, kid, "pj")]
        rows += [row(f"o{c}", "adult", 1, second, "pj")]
    for c in range(5):
        rows += [row(f"s{c}", "a", 0, "a secret" if c < 2 else "ok", "sms"), row(f"s{c}", "b", 0, "fine", "sms")]
    for c in range(3):
        movie = "secret map" if c == 0 else "ahoy"
        rows += [row(f"m{c}", "p", 0, movie, "movie"), row(f"m{c}", "q", 0, "aye", "movie")]
    messages, _, _ = real.read_files([write_jsonl(tmp_path / "r.jsonl", rows)])
    resamples = 12
    r = real.evaluate(fake_scorer, messages, outcomes=mean_outcomes([]), resamples=resamples)
    convs = real.conversations(messages)
    strata = ["offender" if c.has_offender else f"benign:{c.source}" for c in convs]
    recomputed: dict[str, list] = {key: [] for key in r["intervals"]["figures"]}
    for draws in bootstrap.unit_draws(strata, resamples, bootstrap.SEED):
        copies = [
            replace(messages[i], conversation_id=f"{c.key[1]}#{k}")
            for u, c in enumerate(convs)
            for k in range(int(draws[u]))
            for i in c.rows
        ]
        point = real.evaluate(fake_scorer, copies, outcomes=mean_outcomes([]), resamples=0)
        for key, values in recomputed.items():
            values.append(_lookup(point, key))
    for key, values in recomputed.items():
        assert None not in values, key
        assert r["intervals"]["figures"][key] == pytest.approx(list(np.quantile(values, [0.025, 0.975]))), key
    assert len({tuple(v) for v in r["intervals"]["figures"].values()}) > 5  # not all collapsed to a point


def test_intervals_off_and_reproducible(fake_scorer, tmp_path):
    rows = [row(c, f"o{c}", 1, "keep it secret" if c % 2 else "hi", "pj") for c in range(6)]
    rows += [row(c, f"c{c}", 0, "hello", "pj") for c in range(6)]
    rows += [row(10 + c, "x", 0, "a secret" if c % 3 == 0 else "ok", "sms") for c in range(9)]
    messages, _, _ = real.read_files([write_jsonl(tmp_path / "r.jsonl", rows)])
    off = real.evaluate(fake_scorer, messages, outcomes=mean_outcomes([]), resamples=0)
    assert off["intervals"] is None
    assert "| each side alone: offenders alerted | 50.0% (3/6) | - |" in render_real({**off, "skipped": {}})
    a = real.evaluate(fake_scorer, messages, outcomes=mean_outcomes([]), resamples=200)
    b = real.evaluate(fake_scorer, messages, outcomes=mean_outcomes([]), resamples=200)
    assert a["intervals"] == b["intervals"]  # a fixed seed
    lo, hi = a["intervals"]["figures"]["sides_alone.offenders.alerted"]
    assert 0.0 <= lo < 0.5 < hi <= 1.0  # 3 of 6 offenders alerted: the interval spans the figure, not a point
    lo, hi = a["intervals"]["figures"]["benign.by_source.sms.messages_flagged"]
    assert lo < 1 / 3 < hi


def test_no_offenders_gives_none_not_an_error(fake_scorer, tmp_path):
    path = write_jsonl(tmp_path / "benign.jsonl", [row("C", "x", 0, "hi"), row("C", "y", 0, "hello")])
    messages, _, _ = real.read_files([path])
    r = real.evaluate(fake_scorer, messages, outcomes=mean_outcomes([]))
    assert r["sides_alone"]["author_roc_auc"] is None and r["lines"]["offender_vs_benign_roc_auc"] is None
    assert r["sides_alone"]["offenders"]["alerted"]["n"] == 0
    assert "n/a" in render_real({**r, "skipped": {}})


# --- the real monitor path -----------------------------------------------------------------------------------------


def test_monitor_outcomes_match_the_monitor(tiny_scorer):
    messages, _, _ = real.read_files([FIXTURE])
    probs = tiny_scorer.probabilities([m.text for m in messages], window=True)
    senders = [m.sender for m in messages]
    convs = real.conversations(messages)
    units = [real.interleave(messages, c) for c in convs]
    flagged = np.zeros(len(messages), dtype=bool)
    got = real.monitor_outcomes(tiny_scorer, "high_recall", units, senders, probs, flagged)
    for c, unit, res in zip(convs, units, got, strict=True):
        monitor = ConversationMonitor(tiny_scorer, preset="high_recall")
        last = {}
        for i in unit:
            st = monitor.add(c.key[1], messages[i].sender, messages[i].text)
            last[st.sender] = (st.risk, st.alert)
            assert flagged[i] == st.flagged
        assert set(res) == set(last)
        for s, (risk, alert) in last.items():
            assert res[s][0] == pytest.approx(risk, abs=1e-6) and res[s][1] == alert


def test_run_on_fixture_with_a_model(tiny_scorer):
    r = real.run(tiny_scorer, [FIXTURE], "high_recall")
    assert r["suite"] == "real" and r["preset"] == "high_recall" and r["model_version"] == tiny_scorer.model_version
    assert r["skipped"]["total"] == 7
    assert r["counts"]["offender_senders"] == 2 and r["counts"]["counterpart_senders"] == 2
    assert r["counts"]["conversations_ordered_by_order_field"] == 1
    assert r["sides_alone"]["offenders"]["lines_flagged"]["n"] == 6
    assert r["sides_alone"]["counterparts"]["lines_flagged"]["n"] == 5
    assert set(r["benign"]["by_source"]) == {"sms", "movie"}
    for auc in (r["sides_alone"]["author_roc_auc"], r["both_sides"]["author_roc_auc"]):
        assert 0.0 <= auc <= 1.0
    assert 0.0 <= r["lines"]["offender_vs_benign_roc_auc"] <= 1.0


# --- the command and the make target --------------------------------------------------------------------------------


def test_cli_help():
    out = subprocess.run(
        [sys.executable, "-m", "groomguard.eval.real", "--help"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0
    for word in ("FILE", "--model", "--preset", "--json", "conversation_id"):
        assert word in out.stdout


def test_cli_writes_json_and_markdown_without_text(tiny_model_dir, tmp_path, capsys):
    out = tmp_path / "r.json"
    assert cli.main([str(FIXTURE), "--model", str(tiny_model_dir), "--json", str(out)]) == 0
    captured = capsys.readouterr()
    assert "### Real chat: `real_small.jsonl`" in captured.out and f"wrote {out}" in captured.out
    assert f"{FIXTURE}:9: bad_json" in captured.err
    result = json.loads(out.read_text())
    assert result["skipped"]["total"] == 7 and result["counts"]["messages"] == 19
    for text in FIXTURE_TEXTS:  # neither the result nor the printout quotes a message
        assert json.dumps(text) not in out.read_text() and text not in captured.out + captured.err


def test_cli_default_path_and_name(tiny_model_dir, tmp_path, capsys):
    second = write_jsonl(tmp_path / "more data.jsonl", [row("z", "a", 0, "hello")])
    assert cli.main([str(FIXTURE), str(second), "--model", str(tiny_model_dir), "--out", str(tmp_path / "res")]) == 0
    version = json.loads((tiny_model_dir / "manifest.json").read_text())["model_version"]
    path = tmp_path / "res" / version / "real-real_small+more_data.json"
    assert json.loads(path.read_text())["counts"]["messages"] == 20
    assert cli.main([str(second), "--model", str(tiny_model_dir), "--out", str(tmp_path), "--name", "a/b"]) == 0
    assert (tmp_path / version / "real-a_b.json").is_file()


def test_cli_errors(tiny_model_dir, tmp_path, capsys):
    assert cli.main([str(tmp_path / "missing.jsonl"), "--model", str(tiny_model_dir)]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n[1]\n")
    assert cli.main([str(bad), "--model", str(tiny_model_dir), "--json", str(tmp_path / "b.json")]) == 2
    err = capsys.readouterr().err
    assert "no good line in bad.jsonl" in err
    with pytest.raises(SystemExit) as exc:
        cli.main([str(bad), "--resamples", "-1"])
    assert exc.value.code == 2 and "--resamples must be 0" in capsys.readouterr().err


def test_cli_writes_nothing_when_it_fails(tiny_model_dir, tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    out = tmp_path / "res"
    assert cli.main([str(empty), "--model", str(tiny_model_dir), "--out", str(out)]) == 2
    assert "no good line in empty.jsonl; nothing written" in capsys.readouterr().err
    assert not out.exists()
    assert cli.main([str(empty), "--model", str(tiny_model_dir), "--json", str(tmp_path / "e.json")]) == 2
    assert not (tmp_path / "e.json").exists()


def test_cli_says_a_directory_is_a_directory(tiny_model_dir, tmp_path, capsys):
    assert cli.main([str(tmp_path), "--model", str(tiny_model_dir), "--json", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert "is a directory" in err and "not found" not in err


def test_cli_reads_a_file_given_twice_once(tiny_model_dir, tmp_path, capsys):
    out = tmp_path / "r.json"
    assert cli.main([str(FIXTURE), str(FIXTURE), "--model", str(tiny_model_dir), "--json", str(out)]) == 0
    assert "was given more than once; it is read once" in capsys.readouterr().err
    result = json.loads(out.read_text())
    assert result["counts"]["messages"] == 19 and len(result["files"]) == 1


def _make_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    return env


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_eval_real_passes_every_file():
    out = subprocess.run(
        ["make", "-n", "eval", "REAL=a.jsonl b.jsonl", "REAL_PRESET=high_recall"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_make_env(),
        check=True,
    )
    assert "-m groomguard.eval.real a.jsonl b.jsonl --model model --preset high_recall" in out.stdout
    assert "synth build" not in out.stdout and "eval.publish" not in out.stdout  # no corpus, README untouched


@pytest.mark.skipif(
    shutil.which("make") is None or not (ROOT / ".venv" / ".installed-stamp").is_file(),
    reason="needs make and the .venv that `make setup` builds",
)
def test_make_eval_real_runs(tmp_path):
    out = subprocess.run(
        ["make", "--no-print-directory", "eval", f"REAL={FIXTURE}", f"EVAL_OUT={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_make_env(),
        check=False,
    )
    assert out.returncode == 0, out.stderr
    (path,) = tmp_path.glob("*/real-real_small.json")
    result = json.loads(path.read_text())
    assert result["counts"]["messages"] == 19 and result["skipped"]["total"] == 7
