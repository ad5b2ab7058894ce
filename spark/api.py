"""``score_messages`` and ``score_conversations``: the runtime on Spark DataFrames, with the CLI's records.

Both run the scoring in Spark's Python workers with ``mapInPandas`` (Arrow batches of
``spark.sql.execution.arrow.maxRecordsPerBatch`` rows), one verified ``Scorer`` per worker process, loaded once.
The model reaches the executors with ``SparkContext.addFile`` and each executor checks its sha256 (see
``ship_model``). Nothing is logged; message text leaves a worker only in the job's own output, and only with
``include_text=True``.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pyspark import StorageLevel
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812 - the PySpark idiom
from pyspark.sql import types as T  # noqa: N812

from groomguard.runtime.cli_output import MESSAGE_FIELDS
from groomguard.runtime.model_file import ModelError, default_model_dir, load_model_file
from groomguard.runtime.scorer import PRESETS
from groomguard.runtime.scorer import RISK as RISK_LABEL
from groomguard.spark import _partition as P  # noqa: N812

#: Fields the CLI reads from a JSONL line itself; every other column is passed through like its extra fields.
KNOWN = ("text", "id", "conversation_id", "sender", "timestamp")
SCORE_COLUMNS = ("risk", "labels", "flagged", "problem")

_SHIPPED: dict[tuple[str, str], str] = {}  # (application id, sha256) -> the model directory's name in SparkFiles


def ship_model(spark: SparkSession, model_dir: str | Path | None = None, preset: str = "balanced",
               threshold: float | None = None) -> tuple[P.ModelSpec, tuple[str, ...], str]:  # fmt: skip
    """Verify the model on the driver, send it to every executor with ``SparkContext.addFile``, and return what a
    worker needs to load it (``ModelSpec``), the model's labels and its version.

    The default is the model embedded in the package. Either way the driver's verified copy is what the executors
    score with: each loads it from ``SparkFiles`` with the runtime's own loading, which refuses an ONNX file whose
    sha256 differs from its manifest, and also refuses a manifest that is not the one the driver verified.
    """
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {PRESETS}, got {preset!r}")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    model = load_model_file(model_dir if model_dir is not None else _embedded_model_dir())
    sha = model.manifest["sha256"]
    sc = spark.sparkContext
    key = (sc.applicationId, sha)
    name = _SHIPPED.get(key)
    if name is None:
        name = f"groomguard-model-{sha[:16]}"
        folder = Path(tempfile.mkdtemp(prefix="groomguard-spark-")) / name
        folder.mkdir()
        manifest = model.directory / "manifest.json"
        if not manifest.is_file():  # a model named by its .onnx file
            raise ModelError(f"{model.directory}: manifest.json not found")
        shutil.copyfile(manifest, folder / "manifest.json")
        (folder / model.onnx_path.name).write_bytes(model.onnx_bytes)  # the bytes whose sha256 was just checked
        if hashlib.sha256((folder / model.onnx_path.name).read_bytes()).hexdigest() != sha:
            raise ModelError(f"{folder}: the copy sent to the executors does not match sha256 {sha}")
        sc.addFile(str(folder), recursive=True)
        _SHIPPED[key] = name
    spec = P.ModelSpec(sha256=sha, files_name=name, preset=preset, threshold=threshold)
    return spec, model.labels, model.model_version


def _embedded_model_dir() -> Path:
    """The embedded model's folder; extracted to a temporary folder when the package is imported from a zip (as
    ``spark-submit --py-files groomguard-spark.zip`` does), where it is not a folder on disk."""
    folder = default_model_dir()
    if folder.is_dir():
        return folder
    import json
    from importlib import resources

    package = resources.files("groomguard.model")
    manifest = package.joinpath("manifest.json").read_bytes()
    out = Path(tempfile.mkdtemp(prefix="groomguard-model-"))
    (out / "manifest.json").write_bytes(manifest)
    onnx = json.loads(manifest)["onnx_file"]
    (out / onnx).write_bytes(package.joinpath(onnx).read_bytes())
    return out  # load_model_file then verifies it as usual


def _other_labels(labels: tuple[str, ...]) -> list[str]:
    return [label for label in labels if label != RISK_LABEL]


def _labels_struct(labels: tuple[str, ...]) -> Column:
    return F.struct(*[F.col(f"{P.PROB}{k}").alias(label) for k, label in enumerate(_other_labels(labels))])


def _prob_fields(labels: tuple[str, ...]) -> list[T.StructField]:
    return [T.StructField(f"{P.PROB}{k}", T.DoubleType()) for k in range(len(_other_labels(labels)))]


def _column(df: DataFrame, name: str, what: str) -> T.StructField:
    try:
        return df.schema[name]
    except KeyError:
        raise ValueError(f"{what} column {name!r} is not in the DataFrame (columns: {df.columns})") from None


def score_messages(
    df: DataFrame,
    text: str = "text",
    *,
    preset: str = "balanced",
    threshold: float | None = None,
    model_dir: str | Path | None = None,
) -> DataFrame:
    """``df`` with ``risk`` (grooming_risk), ``labels`` (a struct of the other labels' probabilities), ``flagged``
    and ``problem`` columns added; input columns of those names are replaced.

    Values are those of the CLI's message records: probabilities rounded to 4 decimals, ``flagged`` decided on the
    unrounded risk by the preset's (or ``threshold``'s) threshold. A text that is null, not a string, or only
    whitespace is not scored: its scores are null and ``problem`` says why (the CLI's reason); every row is kept.
    """
    _column(df, text, "text")
    spark = df.sparkSession
    spec, labels, _ = ship_model(spark, model_dir, preset, threshold)
    base = df.drop(*[c for c in SCORE_COLUMNS if c in df.columns and c != text])
    fields = [*base.schema.fields]
    names = [f.name for f in fields]
    if any(n.startswith("_gg_") for n in names):
        raise ValueError(f"column names starting with '_gg_' are reserved by groomguard.spark: {names}")
    schema = T.StructType(
        [
            *fields,
            T.StructField(P.RISK, T.DoubleType()),
            *_prob_fields(labels),
            T.StructField(P.FLAGGED, T.BooleanType()),
            T.StructField(P.PROBLEM, T.StringType()),
        ]
    )
    scored = base.mapInPandas(
        partial(P.score_messages_partition, spec=spec, text=text, columns=schema.fieldNames()), schema
    )
    return scored.select(
        *[F.col(f"`{n}`") for n in names],
        F.col(P.RISK).alias("risk"),
        _labels_struct(labels).alias("labels"),
        F.col(P.FLAGGED).alias("flagged"),
        F.col(P.PROBLEM).alias("problem"),
    )


@dataclass(frozen=True)
class ConversationScores:
    """What ``score_conversations`` returns: three views of one scoring pass (``records``).

    messages: the CLI's message records. conversations: its records per conversation and sender. problems: the rows
    not scored (null, non-string or empty texts) with their reason and severity, and no text.
    Each action on a view runs the scoring again unless ``persist()`` was called first.
    """

    records: DataFrame
    messages: DataFrame
    conversations: DataFrame
    problems: DataFrame
    model_version: str
    decision: str

    def persist(self, level: StorageLevel = StorageLevel.DISK_ONLY) -> ConversationScores:
        """Keep the scoring pass (on disk by default: memory stays bounded), so the views do not score again.

        Adaptive execution coalesces the shuffle's partitions inside a persisted plan only with
        ``spark.sql.optimizer.canChangeCachedPlanOutputPartitioning=true`` (``groomguard spark-score`` sets it);
        without it, or ``partitions=``, every one of ``spark.sql.shuffle.partitions`` runs as a Python task.
        """
        self.records.persist(level)
        return self

    def unpersist(self) -> None:
        self.records.unpersist()

    def summary(self) -> dict:
        """Counts, as the CLI's summary line gives them: messages, conversations, flagged, alerts, skipped rows by
        reason (errors) and empty texts not scored (info)."""
        rows = (
            self.records.groupBy(P.KIND, P.PROBLEM)
            .agg(
                F.count(F.lit(1)).alias("n"),
                F.sum(F.col(P.FLAGGED).cast("long")).alias("flagged"),
                F.countDistinct(P.CID).alias("conversations"),
                F.countDistinct(F.when(F.col("alert"), F.col(P.CID))).alias("alerts"),
            )
            .collect()
        )
        out = {"messages": 0, "conversations": 0, "flagged": 0, "alerts": 0, "skipped": {}, "not_scored": 0}
        for r in rows:
            kind = r[P.KIND]
            if kind == "message":
                out["messages"] += r["n"]
                out["flagged"] += r["flagged"] or 0
            elif kind == "conversation":
                out["conversations"] += r["conversations"]
                out["alerts"] += r["alerts"]
            elif P.severity(r[P.PROBLEM]) == "info":
                out["not_scored"] += r["n"]
            else:
                out["skipped"][r[P.PROBLEM]] = out["skipped"].get(r[P.PROBLEM], 0) + r["n"]
        return out


def _as_string(field: T.StructField) -> Column:
    """A column as the JSONL reader takes ids and names: strings as they are, numbers as text, booleans as missing."""
    col = F.col(f"`{field.name}`")
    if isinstance(field.dataType, T.BooleanType):
        return F.lit(None).cast("string")
    return col.cast("string")


def _timestamp_column(field: T.StructField) -> Column:
    """Strings pass (the worker strips them), numbers are epoch seconds or milliseconds, Spark timestamps become
    epoch seconds; the worker formats them as the CLI does (ISO 8601 UTC)."""
    col = F.col(f"`{field.name}`")
    kind = field.dataType
    if isinstance(kind, T.TimestampType):
        return F.unix_micros(col).cast("double") / 1e6
    if isinstance(kind, T.DateType):
        return F.unix_date(col).cast("double") * 86400.0
    if isinstance(kind, T.BooleanType):
        return F.lit(None).cast("string")
    if isinstance(kind, T.NumericType):
        return col.cast("double")
    return col.cast("string")


def _file_name(source: Column) -> Column:
    """The last component of a path, as the CLI names a conversation after its file."""
    name = F.regexp_extract(F.regexp_replace(source, r"\\", "/"), r"([^/]*)/*$", 1)
    return F.when(name == "", source).otherwise(name)


def score_conversations(
    df: DataFrame,
    conversation: str = "conversation_id",
    sender: str = "sender",
    order: str | Sequence[str] = "timestamp",
    *,
    text: str = "text",
    line: str | None = None,
    id: str | None = "id",
    source: str | None = None,
    timestamp: str | None = "timestamp",
    keep: Sequence[str] | None = None,
    include_text: bool = False,
    preset: str = "balanced",
    threshold: float | None = None,
    model_dir: str | Path | None = None,
    partitions: int | None = None,
) -> ConversationScores:
    """The message and conversation records ``groomguard score`` writes, for a DataFrame of messages.

    Streams: rows are repartitioned by conversation and sorted within partitions by conversation, then ``order``
    (then ``line`` and ``id`` when given, to break ties; nulls first); a ``ConversationMonitor`` follows each
    partition's ordered rows and emits a conversation's records when it ends. Memory is bounded per partition
    whatever a conversation's length. ``order`` plays the part of the CLI's file order: give the order in which the
    messages were written (a timestamp, plus a sequence number for ties).

    line: a column with each message's line (the evidence lines of the conversation records point at it); without
    it, a message's line is its 1-based position in its conversation. id: the message id (default ``source:line``);
    ``id`` and ``timestamp`` are used when present. source: a column naming each message's file (the CLI's
    ``source``; a missing conversation id then defaults to its file name, else to ``unknown``). keep: columns passed
    through into the message records (default: every column the CLI would pass through, i.e. all but the
    text, id, conversation, sender and timestamp columns and those named like record fields).
    include_text: the message text in the message records (off by default, as in the CLI).
    Message records, as the CLI's: ``risk`` is the message's risk in its conversation (the model's context head) and
    ``flagged`` compares it with the preset's context threshold; ``message_risk`` and ``labels`` score the message
    alone (``score_messages`` gives only those).
    partitions: the number of partitions of the repartition (default: Spark's, coalesced by adaptive execution).
    """
    spark = df.sparkSession
    orders = [order] if isinstance(order, str) else list(order)
    _column(df, text, "text")
    conv_field = _column(df, conversation, "conversation")
    for name in orders:
        _column(df, name, "order")
    line_field = _column(df, line, "line") if line is not None else None
    source_field = _column(df, source, "source") if source is not None else None
    sender_field = df.schema[sender] if sender in df.columns else None
    id_field = df.schema[id] if id is not None and id in df.columns else None
    ts_field = df.schema[timestamp] if timestamp is not None and timestamp in df.columns else None
    if sender != "sender" and sender_field is None:
        _column(df, sender, "sender")
    spec, labels, model_version = ship_model(spark, model_dir, preset, threshold)

    taken = {text, conversation, sender, *(c for c in (id, timestamp) if c is not None), *MESSAGE_FIELDS}
    if include_text:
        taken.add("text")
    extras = [c for c in df.columns if c not in taken] if keep is None else list(keep)
    extra_fields = [_column(df, c, "keep") for c in extras]

    source_col = _as_string(source_field) if source_field is not None else None
    default_cid = _file_name(source_col) if source_col is not None else F.lit("unknown")
    cols = [
        F.col(f"`{text}`").alias(P.TEXT),
        F.coalesce(F.nullif(_as_string(conv_field), F.lit("")), default_cid, F.lit("unknown")).alias(P.CID),
        (
            F.coalesce(F.nullif(_as_string(sender_field), F.lit("")), F.lit("unknown"))
            if sender_field is not None
            else F.lit("unknown")
        ).alias(P.SENDER),
    ]
    if line_field is not None:
        cols.append(F.col(f"`{line}`").cast("long").alias(P.LINE))
    if id_field is not None:
        cols.append(_as_string(id_field).alias(P.ID))
    if source_col is not None:
        cols.append(source_col.alias(P.SOURCE))
    if ts_field is not None:
        cols.append(_timestamp_column(ts_field).alias(P.TS))
    cols += [F.col(f"`{name}`").alias(f"_gg_o{k}") for k, name in enumerate(orders)]
    cols += [F.col(f"`{c}`").alias(f"{P.EXTRA}{k}") for k, c in enumerate(extras)]
    prepared = df.select(*cols)
    keys = [P.CID, *[f"_gg_o{k}" for k in range(len(orders))]]
    keys += [c for c in (P.LINE, P.ID) if c in prepared.columns]
    by_conversation = prepared.repartition(partitions, P.CID) if partitions else prepared.repartition(P.CID)
    ordered = by_conversation.sortWithinPartitions(*keys)

    schema = T.StructType(
        [
            T.StructField(P.KIND, T.StringType()),
            T.StructField(P.ID, T.StringType()),
            T.StructField(P.CID, T.StringType()),
            T.StructField(P.SENDER, T.StringType()),
            T.StructField(P.LINE, T.LongType()),
            T.StructField(P.SOURCE, T.StringType()),
            T.StructField(P.TS, T.StringType()),
            T.StructField(P.RISK, T.DoubleType()),
            T.StructField(P.MESSAGE_RISK, T.DoubleType()),
            T.StructField(P.FLAGGED, T.BooleanType()),
            *_prob_fields(labels),
            *([T.StructField(P.TEXT, T.StringType())] if include_text else []),
            *[T.StructField(f"{P.EXTRA}{k}", f.dataType) for k, f in enumerate(extra_fields)],
            T.StructField("messages", T.LongType()),
            T.StructField("alert", T.BooleanType()),
            T.StructField("first_alert_index", T.LongType()),
            T.StructField("first_alert_line", T.LongType()),
            T.StructField("tactics_seen", T.MapType(T.StringType(), T.ArrayType(T.LongType()))),
            T.StructField("evidence_lines", T.ArrayType(T.LongType())),
            T.StructField(P.PROBLEM, T.StringType()),
            T.StructField("severity", T.StringType()),
        ]
    )
    fn = partial(
        P.score_conversations_partition,
        spec=spec,
        n_extras=len(extras),
        include_text=include_text,
        columns=schema.fieldNames(),
    )
    records = ordered.mapInPandas(fn, schema)
    kind = F.col(P.KIND)
    messages = records.filter(kind == "message").select(
        F.col(P.ID).alias("id"),
        F.col(P.CID).alias("conversation_id"),
        F.col(P.SENDER).alias("sender"),
        F.col(P.LINE).alias("line"),
        F.col(P.SOURCE).alias("source"),
        F.col(P.TS).alias("timestamp"),
        F.col(P.RISK).alias("risk"),
        F.col(P.MESSAGE_RISK).alias("message_risk"),
        _labels_struct(labels).alias("labels"),
        F.col(P.FLAGGED).alias("flagged"),
        *([F.col(P.TEXT).alias("text")] if include_text else []),
        *[F.col(f"{P.EXTRA}{k}").alias(c) for k, c in enumerate(extras)],
    )
    conversations = records.filter(kind == "conversation").select(
        F.lit("conversation").alias("type"),
        F.col(P.CID).alias("conversation_id"),
        F.col(P.SOURCE).alias("source"),
        F.col(P.SENDER).alias("sender"),
        "messages",
        F.col(P.RISK).alias("risk"),
        "alert",
        "first_alert_index",
        "first_alert_line",
        "tactics_seen",
        "evidence_lines",
    )
    problems = records.filter(kind == "problem").select(
        F.col(P.CID).alias("conversation_id"),
        F.col(P.SENDER).alias("sender"),
        F.col(P.ID).alias("id"),
        F.col(P.LINE).alias("line"),
        F.col(P.SOURCE).alias("source"),
        "severity",
        F.col(P.PROBLEM).alias("reason"),
    )
    decision = preset if threshold is None else f"threshold {threshold}"
    return ConversationScores(records, messages, conversations, problems, model_version, decision)
