"""What runs in Spark's Python workers: one Scorer per process, and the functions ``mapInPandas`` calls.

Nothing here imports pyspark at module level (``SparkFiles`` only inside ``scorer_for``), so the partition functions
are tested on plain pandas frames too. The input frames carry the internal columns that ``groomguard.spark.api``
prepares on the driver (``COLUMNS``); nothing here logs, prints or puts message text in an exception.

Rules, the CLI's (``groomguard score`` on JSONL):
- a text that is null or not a string is an error, ``'text' is not a string (got null)``; a whitespace-only text is
  ``empty text, not scored`` (info). Neither is scored nor counted as a message of its conversation, and neither
  stops the other rows: each becomes a problem record (no text in it);
- a message's ``line`` is the line column's value, else its 1-based position in its conversation; its ``id`` is the
  id column's value, else ``source:line`` (``conversation_id:line`` without a source column);
- the conversation records are those of ``groomguard.runtime.cli_output.conversation_records``, with the lines of
  the evidence messages.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from groomguard.runtime.scorer import Scorer

# Internal column names of the frames the workers see (prepared on the driver).
TEXT, CID, SENDER, LINE, ID, SOURCE, TS = "_gg_text", "_gg_cid", "_gg_sender", "_gg_line", "_gg_id", "_gg_src", "_gg_ts"
EXTRA = "_gg_x"  # + k: the input's other columns, passed through
PROB = "_gg_p"  # + j: the probability of the j-th label other than grooming_risk
KIND = "_gg_kind"  # "message", "conversation" or "problem" (score_conversations)
RISK, FLAGGED, PROBLEM = "_gg_risk", "_gg_flagged", "_gg_problem"
MESSAGE_RISK = "_gg_mrisk"  # score_conversations: a message's own risk (RISK is its risk in its conversation)
EMPTY = "empty text, not scored"


def text_problem(value: object) -> str | None:
    """Why a value of the text column is not scored (the CLI's reasons), or None for a text to score."""
    if type(value) is str:
        return None if value.strip() else EMPTY
    from groomguard.runtime.formats._io import type_name

    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        # pandas gives NaN, NA or NaT for the nulls of some column types
        return "'text' is not a string (got null)"
    return f"'text' is not a string (got {type_name(value)})"


def severity(reason: str) -> str:
    return "info" if reason == EMPTY else "error"


@dataclass(frozen=True)
class ModelSpec:
    """Which model a worker loads: a directory shipped with ``SparkContext.addFile`` (``files_name``) or a local
    directory (``path``), whose manifest must name the ``sha256`` the driver verified; and its decision thresholds."""

    sha256: str
    files_name: str | None = None
    path: str | None = None
    preset: str = "balanced"
    threshold: float | None = None


def disable_telemetry() -> None:
    """onnxruntime telemetry off in this process, before any session is created (the variable for builds that read
    it, the call for those that have it)."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime

    off = getattr(onnxruntime, "disable_telemetry_events", None)
    if off is not None:
        off()


_SCORERS: dict[ModelSpec, Scorer] = {}


def scorer_for(spec: ModelSpec) -> Scorer:
    """The Scorer of this worker process for ``spec``, loaded (and verified) once, then reused by every batch."""
    scorer = _SCORERS.get(spec)
    if scorer is not None:
        return scorer
    disable_telemetry()
    from groomguard.runtime.model_file import ModelError, load_model_file
    from groomguard.runtime.scorer import Scorer

    if spec.files_name is not None:
        from pyspark import SparkFiles

        directory = SparkFiles.get(spec.files_name)
    else:
        directory = spec.path
    model = load_model_file(directory)  # checks the ONNX file's sha256 against its manifest
    if model.manifest["sha256"] != spec.sha256:
        raise ModelError(
            f"{model.onnx_path}: sha256 {model.manifest['sha256']} on this executor, the driver verified {spec.sha256}"
        )
    scorer = Scorer(model, preset=spec.preset, threshold=spec.threshold)
    _SCORERS[spec] = scorer
    return scorer


class WorkerError(RuntimeError):
    """A failure in a worker, reported without the original message (which could quote a value of a row)."""


def _scrubbed(exc: BaseException) -> WorkerError:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f" at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}" if tb is not None else ""
    return WorkerError(
        f"groomguard.spark: {type(exc).__name__}{where} while scoring a batch; its message is withheld because it "
        "could quote message text"
    )


def _model_error(exc: BaseException) -> bool:
    from groomguard.runtime.model_file import ModelError

    return isinstance(exc, ModelError)  # names files and checksums only: safe, and what the user needs


def _values(series: pd.Series) -> list:
    """Python values, None for missing (pandas gives NaN or NaT for some nulls)."""
    values = series.tolist()
    if series.dtype != object or series.isna().any():
        missing = series.isna().tolist()
        values = [None if m else v for v, m in zip(values, missing, strict=True)]
    return values


def _ints(series: pd.Series) -> list[int | None]:
    return [None if v is None else int(v) for v in _values(series)]


def _timestamps(series: pd.Series) -> list[str | None]:
    """As the JSONL reader does: numbers are seconds since 1970 (milliseconds above 10^11), strings pass stripped."""
    from groomguard.runtime.formats.jsonl import _timestamp

    return [None if v is None else _timestamp(v) for v in _values(series)]


# ---- score_messages ----------------------------------------------------------------------------------------------


def score_messages_partition(
    batches: Iterator[pd.DataFrame], spec: ModelSpec, text: str, columns: list[str]
) -> Iterator[pd.DataFrame]:
    """Each batch with RISK, PROB+j, FLAGGED and PROBLEM columns added (null scores on rows not scored)."""
    try:
        scorer = scorer_for(spec)
        from groomguard.runtime.cli_output import round_probabilities
        from groomguard.runtime.scorer import RISK as RISK_LABEL

        risk_col = scorer.labels.index(RISK_LABEL)
        others = [j for j, label in enumerate(scorer.labels) if label != RISK_LABEL]
        for batch in batches:
            texts = batch[text].tolist()
            problems = [text_problem(t) for t in texts]
            scored = [i for i, p in enumerate(problems) if p is None]
            probs = scorer.probabilities([texts[i] for i in scored])
            rounded = round_probabilities(probs)
            n = len(batch)
            risk = np.full(n, np.nan)
            risk[scored] = rounded[:, risk_col]
            batch[RISK] = risk
            for k, j in enumerate(others):
                column = np.full(n, np.nan)
                column[scored] = rounded[:, j]
                batch[f"{PROB}{k}"] = column
            flagged = np.zeros(n, dtype=object)
            flagged[:] = None
            flagged[scored] = (probs[:, risk_col].astype(np.float64) >= scorer.threshold).tolist()
            batch[FLAGGED] = flagged
            batch[PROBLEM] = problems
            yield batch[columns]
        _report_peak()
    except Exception as exc:
        if _model_error(exc):
            raise
        raise _scrubbed(exc) from None


# ---- score_conversations -----------------------------------------------------------------------------------------


class _Stream:
    """Follows the conversations of one partition, sorted by conversation then order, batch after batch."""

    def __init__(self, spec: ModelSpec, n_extras: int, include_text: bool, columns: list[str]) -> None:
        from groomguard.runtime.monitor import ConversationMonitor
        from groomguard.runtime.scorer import RISK as RISK_LABEL

        self.scorer = scorer_for(spec)
        self.monitor = ConversationMonitor(self.scorer, preset=spec.preset, threshold=spec.threshold)
        self.first_source: dict[str, object] = {}  # a conversation's source: that of its first message, as the CLI
        self.risk_col = self.scorer.labels.index(RISK_LABEL)
        self.others = [j for j, label in enumerate(self.scorer.labels) if label != RISK_LABEL]
        self.n_extras = n_extras
        self.include_text = include_text
        self.columns = columns

    def frame(self, parts: list[tuple[dict, int]]) -> pd.DataFrame:
        """One frame of records with every output column, None (null) in those a kind of record does not have."""
        data = {}
        for c in self.columns:
            values: list = []
            for part, n in parts:
                v = part.get(c)
                values.extend([None] * n if v is None else v.tolist() if isinstance(v, np.ndarray) else v)
            data[c] = values
        # object columns when empty: pandas would make them float64, which Arrow cannot turn into a map
        return pd.DataFrame(data) if sum(n for _, n in parts) else pd.DataFrame(data, dtype=object)

    def batch(self, frame: pd.DataFrame) -> pd.DataFrame:
        from groomguard.runtime.cli_output import round_probabilities

        texts = frame[TEXT].tolist()
        cids = _values(frame[CID])
        senders = _values(frame[SENDER])
        lines = _ints(frame[LINE]) if LINE in frame else [None] * len(frame)
        problems = [text_problem(t) for t in texts]
        scored = [i for i, p in enumerate(problems) if p is None]
        keys = [(cids[i], senders[i]) for i in scored]
        probs = self.scorer.probabilities([texts[i] for i in scored], window=True)  # the monitor needs the window
        # A message's line: the line column, else (or where it is null) its 1-based position in its conversation.
        # Computed before the monitor sees the batch, as the reference it keeps for evidence: the conversation
        # records then point at the same lines as the message records.
        counts: dict[str, int] = {}
        msg_lines = []
        for i in scored:
            cid = cids[i]
            if cid not in counts:
                counts[cid] = sum(s["messages"] for s in self.monitor.senders(cid).values())
            counts[cid] += 1
            msg_lines.append(lines[i] if lines[i] is not None else counts[cid])
        updates = self.monitor.update_scored(keys, probs, msg_lines)
        rounded = round_probabilities(probs[:, : len(self.scorer.labels)])
        in_context = round_probabilities(updates.context)

        ids = _values(frame[ID]) if ID in frame else [None] * len(frame)
        sources = _values(frame[SOURCE]) if SOURCE in frame else [None] * len(frame)
        for i in scored:
            self.first_source.setdefault(cids[i], sources[i])
        stamps = _timestamps(frame[TS]) if TS in frame else [None] * len(frame)
        parts = []
        if scored:
            msg_ids = []
            for i, line in zip(scored, msg_lines, strict=True):
                msg_ids.append(
                    ids[i] if ids[i] is not None else f"{sources[i] if sources[i] is not None else cids[i]}:{line}"
                )
            messages = {
                KIND: ["message"] * len(scored),
                ID: msg_ids,
                CID: [cids[i] for i in scored],
                SENDER: [senders[i] for i in scored],
                LINE: msg_lines,
                SOURCE: [sources[i] for i in scored],
                TS: [stamps[i] for i in scored],
                RISK: in_context,
                MESSAGE_RISK: rounded[:, self.risk_col],
                FLAGGED: updates.flagged,
            }
            for k, j in enumerate(self.others):
                messages[f"{PROB}{k}"] = rounded[:, j]
            if self.include_text:
                messages[TEXT] = [texts[i] for i in scored]
            for k in range(self.n_extras):
                messages[f"{EXTRA}{k}"] = frame[f"{EXTRA}{k}"].iloc[scored].tolist()
            parts.append((messages, len(scored)))
        bad = [i for i, p in enumerate(problems) if p is not None]
        if bad:
            parts.append(
                (
                    {
                        KIND: ["problem"] * len(bad),
                        ID: [ids[i] for i in bad],
                        CID: [cids[i] for i in bad],
                        SENDER: [senders[i] for i in bad],
                        LINE: [lines[i] for i in bad],
                        SOURCE: [sources[i] for i in bad],
                        PROBLEM: [problems[i] for i in bad],
                        "severity": [severity(problems[i]) for i in bad],
                    },
                    len(bad),
                )
            )
        # Rows are sorted by conversation: every conversation of this batch but the last one has ended.
        last = cids[-1] if cids else None
        ended = [cid for cid in self.monitor.conversation_ids() if cid != last]
        if ended:
            parts.append(self.finish(ended))
        return self.frame(parts)

    def finish(self, cids: list[str] | None = None) -> tuple[dict, int]:
        """The records of conversations ``cids`` (all those still open when None), which the monitor then forgets."""
        from groomguard.runtime.cli_output import conversation_records

        records = []
        for cid in self.monitor.conversation_ids() if cids is None else cids:
            senders = self.monitor.senders(cid)
            source = self.first_source.pop(cid, None)
            records.extend(conversation_records(cid, senders, self.monitor.refs(cid), source))
            self.monitor.reset(cid)
        return (
            {
                KIND: ["conversation"] * len(records),
                CID: [r["conversation_id"] for r in records],
                SOURCE: [r.get("source") for r in records],  # null without a source column, as its messages'
                SENDER: [r["sender"] for r in records],
                "messages": [r["messages"] for r in records],
                RISK: [r["risk"] for r in records],
                "alert": [r["alert"] for r in records],
                "first_alert_index": [r["first_alert_index"] for r in records],
                "first_alert_line": [r["first_alert_line"] for r in records],
                "tactics_seen": [r["tactics_seen"] for r in records],
                "evidence_lines": [r["evidence_lines"] for r in records],
            },
            len(records),
        )


def score_conversations_partition(
    batches: Iterator[pd.DataFrame], spec: ModelSpec, n_extras: int, include_text: bool, columns: list[str]
) -> Iterator[pd.DataFrame]:
    """Message, problem and (at each conversation's end) conversation records of one sorted partition, as frames
    with ``columns`` (those of ``api.conversation_schema``; a record leaves the others null)."""
    try:
        stream = _Stream(spec, n_extras, include_text, columns)
        for frame in batches:
            if len(frame):
                yield stream.batch(frame)
        yield stream.frame([stream.finish()])
        _report_peak()
    except Exception as exc:
        if _model_error(exc):
            raise
        raise _scrubbed(exc) from None


#: When set (by ``make bench-spark``), each worker writes its peak resident memory to ``<dir>/<pid>.json`` at the
#: end of every partition. Counts only; nothing of the data.
PEAK_DIR_ENV = "GROOMGUARD_SPARK_PEAK_DIR"


def _report_peak() -> None:
    folder = os.environ.get(PEAK_DIR_ENV)
    if folder:
        import json

        with open(os.path.join(folder, f"{os.getpid()}.json"), "w", encoding="utf-8") as f:
            json.dump({"pid": os.getpid(), "peak_rss_bytes": peak_rss_bytes()}, f)


def peak_rss_bytes() -> int:
    """This process's own peak resident memory (VmHWM), for the benchmark."""
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource

        r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return r if sys.platform == "darwin" else r * 1024
