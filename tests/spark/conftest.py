"""A session-scoped ``local[2]`` SparkSession for the groomguard.spark tests, and the chats they score.

Java 17+ must be on PATH (or JAVA_HOME set). In CI (``CI`` set) a missing Java fails these tests instead of
skipping them, and ``.ci/run`` checks for it before anything else.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path

import pytest

#: Rows per Arrow batch in these tests: small, so conversations straddle batches as they do on real data.
SMALL_BATCH = 16


def _java_missing() -> str | None:
    if shutil.which("java") or os.environ.get("JAVA_HOME"):
        return None
    return "Java 17+ is needed for the Spark tests (java on PATH or JAVA_HOME): apt-get install openjdk-17-jre-headless"


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    missing = _java_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers must see this venv's packages
    from pyspark.sql import SparkSession

    events = tmp_path_factory.mktemp("spark-events")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("groomguard-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(SMALL_BATCH))
        .config("spark.eventLog.enabled", "true")
        .config("spark.eventLog.dir", events.as_uri())
        .config("spark.driver.memory", "1g")
        .config("spark.local.dir", str(tmp_path_factory.mktemp("spark-local")))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.event_log_dir = Path(events)
    yield session
    session.stop()


POOL = [
    "hi how was school",
    "are your parents home?",
    "dont tell anyone we talk",
    "ok",
    "add me on snap",
    "😀",
    "you are so mature for your age",
    "i can pick you up after school, just dont tell your mom",
    "send me a pic of you",
    "im 13 and in 8th grade",
    "my mom checks my phone",
    "delete our chats ok?",
    "lol that raid was insane, hop on discord",
    "ты где? приходи",
    "学校はどう？",
    "مرحبا كيف حالك",
    "cafe\u0301 with zero\u200bwidth",
    "I'LL BUY YOU A GIFT CARD 💳💳",
    "see you at practice tomorrow, coach says 6pm",
    "what's your address? i'll send you something",
    "long " * 400,
]


def make_chats(seed: int, n_messages: int = 160, n_conversations: int = 6) -> list[dict]:
    """JSONL records in file order: interleaved conversations (one a group chat), empty, blank and null texts,
    unicode, rows without conversation_id, sender or id; each with an extra ``note`` field."""
    rng = random.Random(seed)
    records = []
    for k in range(n_messages):
        c = rng.randrange(n_conversations)
        senders = ["a", "b", "c", "d"] if c == 0 else ["a", "b"]
        record = {
            "id": f"m{k}" if rng.random() > 0.2 else None,
            "conversation_id": f"conv-{c}" if rng.random() > 0.03 else None,
            "sender": f"{rng.choice(senders)}{c}" if rng.random() > 0.03 else None,
            "timestamp": f" 2024-03-{1 + k // 10:02d}T12:{k % 60:02d}:00 " if rng.random() > 0.3 else None,
            "note": k if rng.random() > 0.2 else None,
        }
        roll = rng.random()
        if roll < 0.04:
            record["text"] = None
        elif roll < 0.07:
            record["text"] = ""
        elif roll < 0.09:
            record["text"] = " \t "
        else:
            record["text"] = rng.choice(POOL)
        records.append({key: value for key, value in record.items() if key != "id" or value is not None})
    return records
