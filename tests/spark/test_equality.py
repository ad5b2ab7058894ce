"""The key property: ``score_conversations`` gives exactly the records ``groomguard score`` writes.

The same generated chats go to the CLI as one JSONL file (via its ``main(argv)``) and to Spark as three Parquet files
with the rows shuffled, so that each conversation spans several files and partitions and arrives out of order; the
``line`` column (the JSONL line number) is the order. Records are compared field by field, floats within 1e-6. The
model's scores are never written down here: both sides are computed live.
"""

from __future__ import annotations

import json
import math
import random
import re
import statistics

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from groomguard.runtime.cli import main as cli_main
from groomguard.spark import score_conversations

from .conftest import make_chats

SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("conversation_id", pa.string()),
        ("sender", pa.string()),
        ("timestamp", pa.string()),
        ("note", pa.int64()),
        ("text", pa.string()),
        ("line", pa.int64()),
        ("source", pa.string()),
    ]
)
SUMMARY = re.compile(
    r"groomguard: ([\d,]+) messages? in ([\d,]+) conversations? scored \(.*?\); ([\d,]+) messages? flagged .*?, "
    r"([\d,]+) conversations? with an alert .*?; ([\d,]+) lines? skipped.*; ([\d,]+) system or media lines? not scored"
)


def write_inputs(tmp_path, records):
    jsonl = tmp_path / "chat.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    rows = [{**r, "line": k + 1, "source": str(jsonl)} for k, r in enumerate(records)]
    random.Random(7).shuffle(rows)
    folder = tmp_path / "parquet"
    folder.mkdir()
    for part in range(3):
        pq.write_table(pa.Table.from_pylist(rows[part::3], schema=SCHEMA), folder / f"part-{part}.parquet")
    return jsonl, folder


def run_cli(jsonl, decision, capsys):
    capsys.readouterr()
    code = cli_main(["score", str(jsonl), "--format", "jsonl", *decision])
    out, err = capsys.readouterr()
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    skipped = set()
    for m in re.finditer(r"groomguard: skipped (.+):(\d+): (.+)", err):
        skipped.add((int(m.group(2)), m.group(3)))
    summary = [int(g.replace(",", "")) for g in SUMMARY.search(err).groups()]
    return records, skipped, summary


def assert_same(a, b, where):
    if isinstance(a, float) or isinstance(b, float):
        assert a is not None and b is not None and math.isclose(a, b, rel_tol=0, abs_tol=1e-6), (where, a, b)
    elif isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), (where, sorted(a), sorted(b))
        for key in a:
            assert_same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (where, a, b)
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}[{k}]")
    else:
        assert a == b and type(a) is type(b), (where, a, b)


def spark_records(spark, folder, decision):
    kwargs = {"threshold": float(decision[1])} if decision[0] == "--threshold" else {"preset": decision[1]}
    df = spark.read.parquet(str(folder))
    assert df.rdd.getNumPartitions() >= 2 or len(list(folder.iterdir())) == 3
    result = score_conversations(df, order="line", line="line", source="source", **kwargs).persist()
    try:
        messages = [r.asDict(recursive=True) for r in result.messages.collect()]
        conversations = [r.asDict(recursive=True) for r in result.conversations.collect()]
        problems = [r.asDict() for r in result.problems.collect()]
        summary = result.summary()
    finally:
        result.unpersist()
    return messages, conversations, problems, summary


def compare(spark, tmp_path, capsys, decision, records):
    jsonl, folder = write_inputs(tmp_path, records)
    cli, cli_skipped, cli_summary = run_cli(jsonl, decision, capsys)
    messages, conversations, problems, summary = spark_records(spark, folder, decision)

    cli_messages = {r["id"]: r for r in cli if r.get("type") != "conversation"}
    cli_conversations = {(r["conversation_id"], r["sender"]): r for r in cli if r.get("type") == "conversation"}
    assert len(cli_messages) + len(cli_conversations) == len(cli)
    got = {r["id"]: r for r in messages}
    assert len(got) == len(messages) and set(got) == set(cli_messages)
    for key, expected in cli_messages.items():
        assert_same(expected, got[key], f"message {key}")
    got_conv = {(r["conversation_id"], r["sender"]): r for r in conversations}
    assert len(got_conv) == len(conversations) and set(got_conv) == set(cli_conversations)
    for key, expected in cli_conversations.items():
        assert_same(expected, got_conv[key], f"conversation {key}")

    errors = {(p["line"], p["reason"]) for p in problems if p["severity"] == "error"}
    assert errors == cli_skipped
    infos = [p for p in problems if p["severity"] == "info"]
    n_messages, n_conversations, n_flagged, n_alerts, n_skipped, n_not_scored = cli_summary
    assert (summary["messages"], summary["conversations"], summary["flagged"], summary["alerts"]) == (
        n_messages,
        n_conversations,
        n_flagged,
        n_alerts,
    )
    assert sum(summary["skipped"].values()) == n_skipped == len(errors)
    assert summary["not_scored"] == n_not_scored == len(infos)
    return cli_messages, cli_conversations


@pytest.fixture(scope="module")
def chats():
    records = make_chats(seed=11)
    # the generator must produce what this test is about, or the test proves nothing
    texts = [r["text"] for r in records]
    assert None in texts and "" in texts and " \t " in texts
    assert any(r.get("conversation_id") is None for r in records) and any(r.get("sender") is None for r in records)
    assert any("id" not in r for r in records)
    return records


def test_same_records_as_the_cli_balanced(spark, tmp_path, capsys, chats):
    messages, conversations = compare(spark, tmp_path, capsys, ["--preset", "balanced"], chats)
    assert len({m["conversation_id"] for m in messages.values()}) >= 6
    assert any(len(c["tactics_seen"]) for c in conversations.values())
    assert "chat.jsonl" in {m["conversation_id"] for m in messages.values()}  # the default conversation


def test_same_records_as_the_cli_with_alerts(spark, tmp_path, capsys, chats):
    """A threshold at most the median conversation risk and the 80th percentile of message risks (read from the
    CLI's own balanced run) makes half the senders alert and a fifth of the messages flagged whatever the model is,
    so first alerts and evidence are compared too."""
    first = tmp_path / "first"
    first.mkdir()
    jsonl, _ = write_inputs(first, chats)
    cli, _, _ = run_cli(jsonl, ["--preset", "balanced"], capsys)
    conversation_risks = [r["risk"] for r in cli if r.get("type") == "conversation"]
    message_risks = [r["message_risk"] for r in cli if r.get("type") != "conversation"]
    threshold = min(statistics.median(conversation_risks), statistics.quantiles(message_risks, n=5)[-1])
    _, conversations = compare(spark, tmp_path, capsys, ["--threshold", repr(threshold)], chats)
    alerted = [c for c in conversations.values() if c["alert"]]
    assert alerted and all(c["first_alert_line"] is not None for c in alerted)
    assert any(c["evidence_lines"] for c in conversations.values())
