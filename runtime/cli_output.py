"""Output of ``groomguard score``: JSONL or CSV records, or a readable table for a terminal.

Records, one per message: ``id, conversation_id, sender, line, source, timestamp, risk, labels, flagged`` (plus the
input's own extra fields for JSONL/CSV input, and ``text`` only with --include-text); and, once a conversation has
been scored to its end (its input has, or in a grouped input the next conversation started), one per sender of it:
``type: "conversation", conversation_id, source, sender, messages, risk, alert, first_alert_index, first_alert_line,
tactics_seen, evidence_lines``. A conversation is identified by its input (``source``: the file, zip member or
multi-file export it was read from) and its ``conversation_id``: two exports that are both named ``_chat.txt`` stay
two conversations. A message record's ``source`` is the file that holds its line (inside a multi-file export, the day
or message file). An interrupted run ends with a ``type: "interrupted"`` record. The table lists conversations with
alerts and the evidence messages' line numbers and tactics.

What comes from the chat is written so that the program reading it cannot be turned against the reader: CSV cells
that a spreadsheet would run as a formula start with ``'`` (``_cell``), and the table escapes control characters and
bidirectional overrides (``printable``; the CLI's messages on standard error too). JSONL keeps every value
exactly.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections.abc import Mapping, Sequence
from typing import TextIO

import numpy as np

from groomguard.runtime.formats import ChatMessage
from groomguard.runtime.monitor import ConversationMonitor
from groomguard.runtime.scorer import RISK

OUTPUT_FORMATS = ("jsonl", "csv", "table")
CSV_FIELDS = (
    "type", "id", "conversation_id", "sender", "line", "source", "timestamp", "risk", "message_risk", "flagged",
    "labels", "text", "messages", "alert", "first_alert_index", "first_alert_line", "tactics_seen", "evidence_lines",
    "reason",
)  # fmt: skip
#: Joins an input's name and a conversation id into the key a conversation has in the monitor.
KEY_SEPARATOR = "\x1f"
#: Keys of a message record, in order (the CLI's and Spark's); an input's extra fields come after them and never
#: replace them.
MESSAGE_FIELDS = (
    "id", "conversation_id", "sender", "line", "source", "timestamp", "risk", "message_risk", "labels", "flagged"
)  # fmt: skip
MESSAGE_KEYS = frozenset(MESSAGE_FIELDS)
_string = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) does to a str, in C


def _json(value: object) -> str:
    return _string(value) if type(value) is str else json.dumps(value, ensure_ascii=False)


def fails(args: argparse.Namespace, flagged: int, alerted: int) -> bool:
    """Whether a run asked to fail on a flag found one: ``--fail-on-flag`` on a conversation alert,
    ``--fail-on-message-flag`` on an alert or any flagged message (``groomguard score`` and ``spark-score`` alike)."""
    return bool((args.fail_on_flag or args.fail_on_message_flag) and alerted) or bool(
        args.fail_on_message_flag and flagged
    )


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 conversation``, ``2 conversations`` (``n`` with thousands separators)."""
    return f"{n:,} {word if n == 1 else words or word + 's'}"


def conversation_key(origin: str, conversation_id: str) -> str:
    """The monitor's key of a conversation: its input's name and its id (``Writer`` maps it back)."""
    return origin + KEY_SEPARATOR + conversation_id


def round_probabilities(probs: np.ndarray) -> np.ndarray:
    """Probabilities as the message records give them: float64, rounded to 4 decimals.

    The same double as ``round(p, 4)`` on each float32 probability (what json.dumps then writes); ``flagged`` is
    decided on the unrounded probability.
    """
    return np.round(np.asarray(probs, dtype=np.float64), 4)


def conversation_records(
    cid: str, senders: dict[str, dict], lines: Mapping[int, object], source: str | None = None
) -> list[dict]:
    """The records of one conversation, one per sender in ``senders`` order (``ConversationMonitor.senders(cid)``).

    lines: message index -> the line to report for it (from the references kept by the monitor); evidence whose
    message has no entry is left out, and ``first_alert_line`` is None for it. source: the input the conversation
    came from, recorded after the conversation id when given (the CLI's records carry it).
    """
    records = []
    for sender, s in senders.items():
        first = s["first_alert_index"]
        record = {"type": "conversation", "conversation_id": cid}
        if source is not None:
            record["source"] = source
        records.append(
            {
                **record,
                "sender": sender,
                "messages": s["messages"],
                "risk": round(s["risk"], 4),
                "alert": s["alert"],
                "first_alert_index": first,
                "first_alert_line": lines.get(first),
                "tactics_seen": {t: [lines[i] for i in idx if i in lines] for t, idx in s["tactics_seen"].items()},
                "evidence_lines": [lines[i] for i in s["evidence"] if i in lines],
            }
        )
    return records


# What a spreadsheet reads as a formula at the start of a cell (CSV injection: a sender named "=HYPERLINK(...)").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters a terminal acts on instead of showing (controls, escape sequences, bidirectional overrides), shown
# escaped by the table: a name or a message could otherwise recolour, erase or reorder what a reviewer reads.
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _cell(value: object) -> object:
    """A CSV cell: a str that a spreadsheet would run as a formula gets a leading ``'`` (shown as text there); other
    values as they are. JSONL output keeps every value exactly."""
    if type(value) is str and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def printable(value: object) -> str:
    """``value`` for the table, with control characters (newlines, escape sequences) and bidirectional overrides
    escaped (``\\n``, ``\\x1b``, ``\\u202e``)."""
    text = str(value)
    return _UNSHOWN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Writer:
    """Writes the records of ``groomguard score``. Holds nothing per message: evidence is kept by the monitor."""

    def __init__(self, out: TextIO, fmt: str, include_text: bool, labels: tuple[str, ...]) -> None:
        if fmt not in OUTPUT_FORMATS:
            raise ValueError(f"output format must be one of {OUTPUT_FORMATS}")
        self.out = out
        self.fmt = fmt
        self.include_text = include_text
        self.labels = labels
        self._risk_col = labels.index(RISK)
        self._other_cols = [j for j, label in enumerate(labels) if label != RISK]
        others = [labels[j] for j in self._other_cols]
        # '{"label": {}, ...}' filled with str.format: a float's str() is its repr(), as in json.dumps
        pairs = ", ".join(_string(k).replace("{", "{{").replace("}", "}}") + ": {}" for k in others)
        self._labels_format = "{{" + pairs + "}}"
        self._other_labels = others
        self._csv = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore") if fmt == "csv" else None
        if self._csv:
            self._csv.writeheader()
        self._sources: dict[str, str] = {}  # conversation key -> the file it was first seen in
        # conversation key -> (conversation_id, input name), only for keys that split on their first KEY_SEPARATOR
        # into something else (an input name holding the separator): the rest are split when written (_name)
        self._names: dict[str, tuple[str, str]] = {}
        self._conversations = 0  # conversations written
        # the table format's rows: every alerted sender, and of the others how many and the riskiest
        self._alerts: list[tuple[float, str, str, dict]] = []
        self._quiet = 0
        self._top_quiet: tuple[float, str, str, dict] | None = None
        self._table_written = False

    def ref(self, m: ChatMessage, key: str) -> int | tuple[int, str, str | None]:
        """What the monitor keeps of a message it keeps as evidence: where it is (and its text with --include-text).

        Just the line number (one small int) when the message is in its conversation's first file, as nearly all are:
        the monitor keeps one per evidence message of every conversation until the end of the run.
        """
        if not self.include_text and self._sources.get(key, m.source) == m.source:
            return m.line
        return (m.line, m.source, m.text if self.include_text else None)

    def _where(self, cid: str, ref: int | tuple[int, str, str | None]) -> tuple[int, str, str | None]:
        return (ref, self._sources.get(cid, ""), None) if isinstance(ref, int) else ref

    def register(self, batch: list[ChatMessage], keys: list[str]) -> None:
        """Learn each new conversation's first file (which ``ref`` reads); ``keys``: each message's
        ``conversation_key``. Called on a batch before the monitor sees it."""
        sources = self._sources
        for m, key in zip(batch, keys, strict=True):
            if key not in sources:
                sources[key] = m.source
                cid = m.conversation_id
                origin = key[: len(key) - len(cid) - len(KEY_SEPARATOR)]
                if KEY_SEPARATOR in origin:
                    self._names[key] = (cid, origin)

    def messages(self, batch: list[ChatMessage], probs: np.ndarray, context: list[float], flagged: list[bool]) -> None:
        """One record per message of a scored batch (none for the table format): ``risk`` is the message's risk in
        its conversation (``context``, the monitor's), ``message_risk`` and ``labels`` the message's own scores."""
        if self.fmt == "table" or not batch:
            return
        rounded = round_probabilities(probs)
        risks = rounded[:, self._risk_col].tolist()
        others = rounded[:, self._other_cols].tolist()
        in_context = round_probabilities(context).tolist()
        if self._csv:
            for m, ctx, risk, row, flag in zip(batch, in_context, risks, others, flagged, strict=True):
                self._emit(self._record(m, ctx, risk, dict(zip(self._other_labels, row, strict=True)), flag))
            return
        fmt = self._labels_format.format
        lines = []
        source, source_json = None, ""
        for m, ctx, risk, row, flag in zip(batch, in_context, risks, others, flagged, strict=True):
            if m.source is not source:  # nearly every message of a batch comes from the same file
                source, source_json = m.source, _json(m.source)
            msg_id = m.id
            line = (
                f'{{"id": {_json(msg_id) if msg_id is not None else _string(f"{source}:{m.line}")}, '
                f'"conversation_id": {_string(m.conversation_id)}, "sender": {_string(m.sender)}, "line": {m.line}, '
                f'"source": {source_json}, "timestamp": {"null" if m.timestamp is None else _json(m.timestamp)}, '
                f'"risk": {ctx!r}, "message_risk": {risk!r}, "labels": {fmt(*row)}, '
                f'"flagged": {"true" if flag else "false"}'
            )
            if self.include_text:
                line += f', "text": {_json(m.text)}'
            for key, value in m.extra.items():
                if key not in MESSAGE_KEYS and (key != "text" or not self.include_text):
                    line += f", {_json(key)}: {_json(value)}"
            lines.append(line + "}\n")
        self.out.write("".join(lines))

    def _record(self, m: ChatMessage, context: float, risk: float, labels: dict[str, float], flagged: bool) -> dict:
        record = {
            "id": m.id if m.id is not None else f"{m.source}:{m.line}",
            "conversation_id": m.conversation_id,
            "sender": m.sender,
            "line": m.line,
            "source": m.source,
            "timestamp": m.timestamp,
            "risk": context,
            "message_risk": risk,
            "labels": labels,
            "flagged": flagged,
        }
        if self.include_text:
            record["text"] = m.text
        for key, value in m.extra.items():
            record.setdefault(key, value)
        return record

    def conversations(self, monitor: ConversationMonitor, keys: Sequence[str] | None = None) -> int:
        """Write the conversation records of ``keys`` (default: every conversation the monitor holds) and forget
        where they came from; return how many of them have an alert. The table format keeps its rows for
        ``finish``: the alerts, and of the senders without one only how many and the riskiest."""
        alerted = 0
        for key in monitor.conversation_ids() if keys is None else keys:
            senders = monitor.senders(key)
            if not senders:  # not (or no longer) in the monitor: nothing to write, nothing to count
                continue
            alerted += any(s["alert"] for s in senders.values())
            where = {i: self._where(key, ref) for i, ref in monitor.refs(key).items()}
            cid, origin = self._name(key)
            records = conversation_records(cid, senders, {i: w[0] for i, w in where.items()}, origin)
            for (sender, s), record in zip(senders.items(), records, strict=True):
                if self.fmt != "table":
                    self._emit(record)
                elif record["alert"]:
                    evidence = [where[i] for i in s["evidence"] if i in where]
                    self._alerts.append((s["risk"], key, sender, {**record, "_evidence": evidence}))
                else:
                    self._quiet += 1
                    if self._top_quiet is None or s["risk"] > self._top_quiet[0]:
                        self._top_quiet = (s["risk"], key, sender, record)
            self._conversations += 1
            self._sources.pop(key, None)
            self._names.pop(key, None)
        return alerted

    @property
    def conversations_written(self) -> int:
        return self._conversations

    def finish(self) -> None:
        """After the last ``conversations``: the table format writes its table (the others wrote as they went)."""
        if self.fmt == "table" and not self._table_written:
            self._table()

    def _name(self, key: str) -> tuple[str, str]:
        """(conversation_id, input name) of a conversation key; ``(key, "")`` for a key never registered."""
        if key not in self._sources:
            return key, ""
        named = self._names.get(key)
        if named is not None:
            return named
        origin, _, cid = key.partition(KEY_SEPARATOR)
        return cid, origin

    def _emit(self, record: dict) -> None:
        if self._csv:
            row = {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else _cell(v)
                for k, v in record.items()
            }
            row.setdefault("type", "message")
            self._csv.writerow(row)
        else:
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _table(self) -> None:
        self._table_written = True
        w = self.out.write
        alerts = sorted(self._alerts, key=lambda r: -r[0])
        w(f"{plural(len(alerts), 'alert')} in {plural(self._conversations, 'conversation')}. ")
        w("A flag is for a person to review; it is not evidence.\n")
        for risk, _key, sender, rec in alerts:
            cid, source, sender = printable(rec["conversation_id"]), printable(rec["source"]), printable(sender)
            w(
                f"\nALERT  {cid}  sender: {sender}  risk {risk:.2f}  "
                f"({plural(rec['messages'], 'message')}; source {source})\n"
            )
            if rec["first_alert_line"] is not None:
                w(f"  first alert at line {rec['first_alert_line']}\n")
            for tactic, lines in sorted(rec["tactics_seen"].items()):
                if lines:
                    w(f"  {tactic:<16} {'line' if len(lines) == 1 else 'lines'} {', '.join(map(str, lines[:10]))}\n")
            for line, _src, text in rec["_evidence"][:8]:
                w(f"  evidence line {line}" + (f": {printable(text)}" if text is not None else "") + "\n")
        if self._top_quiet is not None:
            risk, _key, sender, rec = self._top_quiet
            w(
                f"\nNo alert for {plural(self._quiet, 'sender')}; highest risk {risk:.2f} "
                f"({printable(rec['conversation_id'])}, source {printable(rec['source'])}, "
                f"sender {printable(sender)}).\n"
            )

    def interrupted(self, messages: int) -> None:
        """The last record of an interrupted run: the output is incomplete (conversation records only for the
        conversations scored to their end)."""
        reason = (
            "interrupted before the end: this output is incomplete, with conversation records only for the "
            "conversations scored to their end"
        )
        if self.fmt == "table":
            if self._conversations and not self._table_written:  # the table of the conversations scored to their end
                self._table()
            self.out.write(f"\nINTERRUPTED after {plural(messages, 'message')}: {reason}.\n")
        else:
            self._emit({"type": "interrupted", "messages": messages, "reason": reason})

    def close(self) -> None:
        self.out.flush()
