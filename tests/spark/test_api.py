"""score_messages, problems (nulls, non-string texts), custom models, privacy and the spark-score command."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from groomguard.runtime.cli import main as cli_main
from groomguard.runtime.model_file import ModelError
from groomguard.runtime.scorer import RISK, Scorer
from groomguard.spark import _partition as P  # noqa: N812
from groomguard.spark import score_conversations, score_messages

from .conftest import POOL

MARKER = "zqxj-private-marker-7f3a"


def test_score_messages_is_the_scorer_rounded_and_keeps_every_row(spark):
    rows = [(k, POOL[k % len(POOL)]) for k in range(40)] + [(100, None), (101, ""), (102, "  ")]
    df = spark.createDataFrame(rows, "k long, text string")
    out = {r.k: r for r in score_messages(df).collect()}
    assert set(out) == {r[0] for r in rows}
    scorer = Scorer()
    probs = scorer.probabilities([t for _, t in rows[:40]])
    others = [label for label in scorer.labels if label != RISK]
    for (k, _), p in zip(rows[:40], probs, strict=True):
        r = out[k]
        assert r.risk == pytest.approx(round(float(p[scorer.label_index[RISK]]), 4), abs=1e-9)
        assert r.flagged == (float(p[scorer.label_index[RISK]]) >= scorer.threshold)
        assert list(r.labels.asDict()) == others
        for label in others:
            assert r.labels[label] == pytest.approx(round(float(p[scorer.label_index[label]]), 4), abs=1e-9)
        assert r.problem is None
    assert out[100].problem == "'text' is not a string (got null)" and out[100].risk is None
    assert out[101].problem == out[102].problem == "empty text, not scored" and out[101].flagged is None


def test_non_string_text_column_is_reported_not_crashed_on(spark):
    df = spark.createDataFrame(
        [("c1", "a", 1, 5), ("c1", "b", 2, None), ("c2", "a", 1, 7)],
        "conversation_id string, sender string, ts long, text long",
    )
    assert {r.problem for r in score_messages(df).collect()} == {
        "'text' is not a string (got number)",
        "'text' is not a string (got null)",
    }
    result = score_conversations(df, order="ts")
    assert result.messages.count() == 0 and result.conversations.count() == 0
    assert result.summary()["skipped"] == {
        "'text' is not a string (got number)": 2,
        "'text' is not a string (got null)": 1,
    }


def test_bad_rows_never_drop_good_ones(spark):
    rows = [("c1", "a", k, None if k % 3 == 0 else POOL[k % len(POOL)]) for k in range(30)]
    df = spark.createDataFrame(rows, "conversation_id string, sender string, ts long, text string")
    result = score_conversations(df, order="ts")
    good = sum(1 for r in rows if r[3] is not None)
    assert result.messages.count() == good
    [conversation] = result.conversations.collect()
    assert conversation.messages == good
    assert result.problems.count() == len(rows) - good
    # without a line column a message's line is its position among its conversation's scored messages
    assert sorted(r.line for r in result.messages.collect()) == list(range(1, good + 1))


def test_custom_model_reaches_the_executors(spark, tiny_model_dir):
    texts = POOL[:12]
    df = spark.createDataFrame([(k, t) for k, t in enumerate(texts)], "k long, text string")
    got = {r.k: r.risk for r in score_messages(df, model_dir=tiny_model_dir).collect()}
    tiny = Scorer(tiny_model_dir)
    expected = np.round(tiny.probabilities(texts)[:, tiny.label_index[RISK]].astype(np.float64), 4)
    assert [got[k] for k in range(len(texts))] == pytest.approx(expected.tolist(), abs=1e-9)


def test_a_tampered_model_is_refused(spark, tiny_model_dir, tmp_path):
    bad = tmp_path / "model"
    shutil.copytree(tiny_model_dir, bad)
    onnx = next(bad.glob("*.onnx"))
    data = bytearray(onnx.read_bytes())
    data[-1] ^= 1
    onnx.write_bytes(bytes(data))
    df = spark.createDataFrame([(1, "hi")], "k long, text string")
    with pytest.raises(ModelError, match="sha256"):
        score_messages(df, model_dir=bad)


def test_an_executor_refuses_a_model_the_driver_did_not_verify(tiny_model_dir, shipped_model_dir):
    sha = json.loads((shipped_model_dir / "manifest.json").read_text())["sha256"]
    with pytest.raises(ModelError, match="the driver verified"):
        P.scorer_for(P.ModelSpec(sha256=sha, path=str(tiny_model_dir)))


def test_telemetry_is_switched_off_before_a_scorer_exists(monkeypatch):
    import onnxruntime

    calls = []
    monkeypatch.delenv("ORT_DISABLE_TELEMETRY", raising=False)
    monkeypatch.setattr(onnxruntime, "disable_telemetry_events", lambda: calls.append(1), raising=False)
    monkeypatch.setattr(P, "_SCORERS", {})
    P.disable_telemetry()
    import os

    assert os.environ["ORT_DISABLE_TELEMETRY"] == "1" and calls == [1]


def test_worker_errors_do_not_quote_text():
    try:
        raise ValueError(f"could not convert {MARKER!r}")
    except ValueError as exc:
        scrubbed = P._scrubbed(exc)
    assert MARKER not in str(scrubbed) and "ValueError" in str(scrubbed)


def test_no_text_in_logs_event_logs_or_output(spark, capfd):
    rows = [("c1", "a", k, f"{MARKER} are your parents home {k}") for k in range(20)]
    df = spark.createDataFrame(rows, "conversation_id string, sender string, ts long, text string")
    capfd.readouterr()
    result = score_conversations(df, order="ts")
    messages = result.messages.collect()
    conversations = result.conversations.collect()
    problems = result.problems.collect()
    assert len(messages) == 20 and "text" not in messages[0].asDict()
    assert MARKER not in repr(messages) + repr(conversations) + repr(problems)
    out, err = capfd.readouterr()
    assert MARKER not in out + err
    logs = [p for p in spark.event_log_dir.rglob("*") if p.is_file()]
    assert logs, "the session writes event logs; without them this test checks nothing"
    for log in logs:
        assert MARKER not in log.read_text(encoding="utf-8", errors="replace")
    with_text = score_conversations(df, order="ts", include_text=True).messages.collect()
    assert {r.text for r in with_text} == {r[3] for r in rows}


def test_spark_score_command(spark, tmp_path, capsys):
    rows = [
        {"conversation_id": f"c{k % 3}", "sender": "ab"[k % 2], "timestamp": k, "text": POOL[k % len(POOL)]}
        for k in range(60)
    ] + [{"conversation_id": "c9", "sender": "a", "timestamp": 99, "text": None}]
    source = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(rows), source)
    out = tmp_path / "out"
    code = cli_main(["spark-score", str(source), str(out), "--format", "jsonl", "--master", "local[2]", "--quiet"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "60 messages in 3 conversations scored" in err and "1 row skipped" in err
    messages = [json.loads(line) for f in (out / "messages").glob("*.json") for line in f.read_text().splitlines()]
    conversations = [
        json.loads(line) for f in (out / "conversations").glob("*.json") for line in f.read_text().splitlines()
    ]
    assert len(messages) == 60 and {m["conversation_id"] for m in messages} == {"c0", "c1", "c2"}
    assert messages[0].keys() >= {"id", "conversation_id", "sender", "line", "source", "timestamp", "risk", "labels"}
    assert "text" not in messages[0] and messages[0]["source"] is None  # nulls written as null, as the CLI does
    assert {(c["conversation_id"], c["sender"]) for c in conversations} == {
        (f"c{k}", s) for k in range(3) for s in "ab"
    }
    assert all(c["source"] is None for c in conversations)  # null as its messages' (no source column), not ""
    assert spark.sparkContext._jsc is not None  # the test session was reused, not stopped
    # an existing output is not overwritten without --overwrite
    assert cli_main(["spark-score", str(source), str(out), "--quiet"]) == 2
    # without Delta Lake in the session, delta-if-available says so and writes Parquet
    assert cli_main(["spark-score", str(source), str(out / "d"), "--format", "delta-if-available", "--quiet"]) == 0
    assert "Delta Lake is not available" in capsys.readouterr().err
    assert len(pq.read_table(out / "d" / "messages")) == 60


@pytest.mark.parametrize("name", ["in.csv", "in.tsv"])
def test_spark_score_reads_csv_as_the_cli_does(spark, tmp_path, capsys, name):
    """An empty text cell is an empty text, not scored and not an error (Spark reads it as null), and a .tsv file is
    split on tabs: the counts of the CLI on the same file."""
    sep = "\t" if name.endswith(".tsv") else ","
    rows = [("c1", "ab"[k % 2], str(k), POOL[k % len(POOL)].replace(sep, " ")) for k in range(10)]
    rows += [("c1", "a", "10", ""), ("c1", "b", "11", "")]
    source = tmp_path / name
    source.write_text("\n".join(sep.join(r) for r in [("conversation_id", "sender", "timestamp", "text"), *rows]))
    code = cli_main(["score", str(source), "--quiet", "-o", str(tmp_path / "cli.jsonl")])
    cli_err = capsys.readouterr().err
    assert code == 0 and "10 messages in 1 conversation " in cli_err and "0 lines skipped" in cli_err
    out = tmp_path / "out"
    code = cli_main(["spark-score", str(source), str(out), "--format", "jsonl", "--master", "local[1]", "--quiet"])
    err = capsys.readouterr().err
    assert code == 0 and "10 messages in 1 conversation scored" in err and "0 rows skipped" in err, err


def test_spark_score_help_and_bad_usage(capsys):
    with pytest.raises(SystemExit) as exc:
        cli_main(["spark-score", "--help"])
    assert exc.value.code == 0 and "usage: groomguard spark-score" in capsys.readouterr().out
    assert cli_main(["spark-score", "in", "out", "--threshold", "2"]) == 2


def test_evidence_points_at_message_lines_without_a_line_column(spark):
    """Without ``line=``, lines are positions in the conversation, and the evidence of the conversation records
    points at the lines of that sender's own message records (a threshold of 0 makes every message evidence)."""
    rows = [(f"c{k % 3}", "ab"[k % 2], k, POOL[k % len(POOL)]) for k in range(45)]
    df = spark.createDataFrame(rows, "conversation_id string, sender string, ts long, text string")
    result = score_conversations(df, order="ts", threshold=0.0).persist()
    try:
        lines: dict = {}
        for m in result.messages.collect():
            lines.setdefault((m.conversation_id, m.sender), set()).add(m.line)
        conversations = result.conversations.collect()
    finally:
        result.unpersist()
    assert {c: sorted(v for (cc, _), s in lines.items() if cc == c for v in s) for c in ("c0", "c1", "c2")} == {
        c: list(range(1, 16)) for c in ("c0", "c1", "c2")
    }
    for c in conversations:
        own = lines[(c.conversation_id, c.sender)]
        assert c.evidence_lines and set(c.evidence_lines) <= own
        assert c.alert == (c.first_alert_line is not None)
        assert not c.alert or c.first_alert_line in own
        assert all(set(v) <= own for v in c.tactics_seen.values())
    # a threshold of 0 alerts each conversation (its leading sender; the other once they lead)
    assert {c.conversation_id for c in conversations if c.alert} == {"c0", "c1", "c2"}
