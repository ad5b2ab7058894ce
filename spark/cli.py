"""``groomguard spark-score INPUT OUTPUT``: score a message table on Spark, writing the CLI's records.

    groomguard spark-score messages.parquet scored/ --master 'local[*]'
    spark-submit --master yarn --py-files groomguard-spark.zip spark_score.py s3://b/messages/ s3://b/scored/

Writes ``OUTPUT/messages`` and ``OUTPUT/conversations`` (the fields of ``groomguard score``'s message and conversation
records) and ``OUTPUT/problems`` (rows not scored, with their reason; no text), then a summary line on standard
error. Exit status: 0 success; 1 success and a conversation alerted, with --fail-on-flag (or any message flagged,
with --fail-on-message-flag), as ``groomguard score``; 2 bad usage, an unusable
model, unreadable input, or the ``spark`` extra missing. This module imports pyspark only when a job runs, so
``--help`` works without it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

PRESETS = ("high_precision", "balanced", "high_recall")  # groomguard.runtime.scorer.PRESETS, without onnxruntime
OUTPUT_FORMATS = ("parquet", "jsonl", "delta-if-available")
INPUT_FORMATS = ("auto", "parquet", "jsonl", "delta", "csv")
#: Rows per Arrow batch sent to a Python worker (spark.sql.execution.arrow.maxRecordsPerBatch); see the README.
DEFAULT_BATCH = 10_000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="groomguard spark-score",
        description="Score a table of chat messages on Apache Spark with the records `groomguard score` writes: "
        "OUTPUT/messages (one per message), OUTPUT/conversations (one per conversation and sender) and "
        "OUTPUT/problems (rows not scored, with the reason, no text). A flag is for a person to review; it is "
        "not evidence.",
    )
    parser.add_argument("input", metavar="INPUT", help="a Parquet, Delta, JSON Lines or CSV file or folder")
    parser.add_argument("output", metavar="OUTPUT", help="folder to write messages/, conversations/ and problems/ in")
    parser.add_argument("--format", default="parquet", choices=OUTPUT_FORMATS, help="output format (default: parquet)")
    parser.add_argument("--input-format", default="auto", choices=INPUT_FORMATS, help="default: from INPUT's name")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--preset", default="balanced", choices=PRESETS, help="thresholds to use (default: balanced)")
    group.add_argument("--threshold", type=float, help="flag and alert at this risk or above (0-1)")
    parser.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    parser.add_argument("--text", default="text", help="text column (default: text)")
    parser.add_argument("--conversation", default="conversation_id", help="conversation column")
    parser.add_argument("--sender", default="sender", help="sender column (default: sender; 'unknown' if absent)")
    parser.add_argument(
        "--order",
        default=["timestamp"],
        nargs="+",
        help="column(s) giving the order of a conversation's messages, as the CLI's file order (default: timestamp)",
    )
    parser.add_argument("--line", help="column with each message's line (default: its position in its conversation)")
    parser.add_argument("--id", default="id", help="message id column, used when present (default: id)")
    parser.add_argument("--source", help="column naming each message's source file (the CLI's 'source')")
    parser.add_argument("--include-text", action="store_true", help="copy message text into OUTPUT/messages")
    parser.add_argument("--master", help="Spark master when not run by spark-submit (default: local[*])")
    parser.add_argument("--partitions", type=int, help="partitions to repartition by conversation into")
    parser.add_argument(
        "--batch-rows",
        type=int,
        default=DEFAULT_BATCH,
        help=f"rows per Arrow batch to a Python worker (default: {DEFAULT_BATCH:,})",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace OUTPUT's datasets if they exist")
    parser.add_argument("--fail-on-flag", action="store_true", help="exit 1 when a conversation alerts")
    parser.add_argument(
        "--fail-on-message-flag",
        action="store_true",
        help="exit 1 when a conversation alerts or any single message is flagged",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no Spark progress bar, only errors")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        print("groomguard: --threshold must be between 0 and 1", file=sys.stderr)
        return 2
    if args.batch_rows < 1:
        print("groomguard: --batch-rows must be at least 1", file=sys.stderr)
        return 2
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print(
            "groomguard: spark-score needs the spark extra (pyspark, pyarrow, pandas): pip install 'groomguard[spark]'",
            file=sys.stderr,
        )
        return 2
    return _run(args)


#: log4j2 settings of ``--quiet``: errors only, to standard error.
QUIET_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
"""


@contextlib.contextmanager
def _errors_only_jvm() -> Iterator[None]:
    """While a session is created: its JVM reads a log4j2 configuration of errors only from the start, so Spark's
    start-up warnings are not printed either (``setLogLevel`` comes after them). The option goes through
    ``SPARK_SUBMIT_OPTS``, which the launcher adds to the driver's JVM options (``spark.driver.extraJavaOptions`` set
    here would replace the one of spark-defaults.conf); both the variable and the file are undone afterwards."""
    with tempfile.NamedTemporaryFile("w", suffix=".properties", delete=False) as f:
        f.write(QUIET_LOG4J2)
    before = os.environ.get("SPARK_SUBMIT_OPTS")
    option = f"-Dlog4j2.configurationFile={Path(f.name).as_uri()}"
    os.environ["SPARK_SUBMIT_OPTS"] = f"{before} {option}" if before else option
    try:
        yield
    finally:
        Path(f.name).unlink(missing_ok=True)
        if before is None:
            os.environ.pop("SPARK_SUBMIT_OPTS", None)
        else:
            os.environ["SPARK_SUBMIT_OPTS"] = before


def _session(args: argparse.Namespace):
    """The active session (spark-submit's, a notebook's), else a new one on --master or local[*]."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    builder = SparkSession.builder.appName("groomguard spark-score")
    if args.master or "PYSPARK_GATEWAY_PORT" not in os.environ:  # not started by spark-submit
        builder = builder.master(args.master or "local[*]")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers run this interpreter's packages
    builder = builder.config("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1")
    if args.quiet:
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    with _errors_only_jvm() if args.quiet else contextlib.nullcontext():
        spark = builder.getOrCreate()
    if args.quiet:
        spark.sparkContext.setLogLevel("ERROR")
    return spark, True


def _read(spark, path: str, fmt: str, text: str = "text"):
    """The input as a DataFrame. CSV: the delimiter of a ``.tsv`` file is a tab, and an empty text cell (which Spark
    reads as null) is an empty text, "not scored" as the CLI counts it, not an error."""
    if fmt == "auto":
        p = path.rstrip("/")
        if Path(p, "_delta_log").is_dir():
            fmt = "delta"
        elif p.endswith((".jsonl", ".ndjson", ".json")):
            fmt = "jsonl"
        elif p.endswith((".csv", ".tsv")):
            fmt = "csv"
        else:
            fmt = "parquet"
    if fmt == "jsonl":
        return spark.read.json(path)
    if fmt == "csv":
        sep = "\t" if path.rstrip("/").lower().endswith(".tsv") else ","
        df = spark.read.option("header", True).option("multiLine", True).option("sep", sep).csv(path)
        return df.na.fill("", subset=[text]) if text in df.columns else df
    return spark.read.format(fmt).load(path)


def _write(df, path: str, fmt: str, overwrite: bool) -> str:
    mode = "overwrite" if overwrite else "errorifexists"
    if fmt == "jsonl":
        # nulls written as null, as the CLI writes them
        df.write.mode(mode).option("ignoreNullFields", False).json(path)
        return "jsonl"
    if fmt == "delta-if-available":
        try:
            df.write.mode(mode).format("delta").save(path)
            return "delta"
        except Exception as exc:  # pyspark raises its own types; a missing source is found before anything is written
            if "delta" not in str(exc).lower() or "DATA_SOURCE_NOT_FOUND" not in str(exc):
                raise
            print("groomguard: Delta Lake is not available in this session; writing Parquet", file=sys.stderr)
    df.write.mode(mode).parquet(path)
    return "parquet"


def _run(args: argparse.Namespace) -> int:
    from pyspark.errors import AnalysisException

    from groomguard.runtime.cli_output import plural
    from groomguard.runtime.model_file import ModelError
    from groomguard.spark.api import score_conversations

    spark, created = _session(args)
    try:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_rows))
        # The scoring pass is persisted and written three times; without this, adaptive execution may not coalesce
        # the shuffle's partitions inside a cached plan, and a small input runs spark.sql.shuffle.partitions (200)
        # Python tasks.
        spark.conf.set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true")
        try:
            df = _read(spark, args.input, args.input_format, args.text)
            result = score_conversations(
                df,
                conversation=args.conversation,
                sender=args.sender,
                order=args.order,
                text=args.text,
                line=args.line,
                id=args.id,
                source=args.source,
                include_text=args.include_text,
                preset=args.preset,
                threshold=args.threshold,
                model_dir=args.model,
                partitions=args.partitions,
            )
        except (ValueError, AnalysisException) as exc:
            print(f"groomguard: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 2
        except ModelError as exc:
            print(f"groomguard: cannot use the model: {exc}", file=sys.stderr)
            return 2
        result.persist()  # scored once, written three times
        try:
            out = args.output.rstrip("/")
            written = _write(result.messages, f"{out}/messages", args.format, args.overwrite)
            _write(result.conversations, f"{out}/conversations", written, args.overwrite)
            _write(result.problems, f"{out}/problems", written, args.overwrite)
            s = result.summary()
        except AnalysisException as exc:
            print(f"groomguard: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 2
        finally:
            result.unpersist()
    finally:
        if created:
            spark.stop()
    skipped = sum(s["skipped"].values())
    reasons = ", ".join(f"{n} {r}" for r, n in sorted(s["skipped"].items(), key=lambda kv: -kv[1]))
    summary = (
        f"groomguard: {plural(s['messages'], 'message')} in {plural(s['conversations'], 'conversation')} scored; "
        f"{plural(s['flagged'], 'message')} flagged, {plural(s['alerts'], 'conversation alert')} "
        f"(model {result.model_version}, {result.decision}); {plural(skipped, 'row')} skipped"
    )
    summary += f" ({reasons})" if reasons else ""
    not_scored = plural(s["not_scored"], "empty text")
    print(f"{summary}; {not_scored} not scored; {written} in {args.output}", file=sys.stderr)
    return exit_status(args, s)


def exit_status(args: argparse.Namespace, summary: dict) -> int:
    """1 when what ``--fail-on-flag`` or ``--fail-on-message-flag`` asks for was found, else 0: the statuses of
    ``groomguard score`` (``runtime.cli_output.fails``)."""
    from groomguard.runtime.cli_output import fails

    return 1 if fails(args, summary["flagged"], summary["alerts"]) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
