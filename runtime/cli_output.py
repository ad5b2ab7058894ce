"""Output of ``groomguard score``: JSONL or CSV records, or a readable table for a terminal.

Records, one per message: ``id, conversation_id, sender, line, source, timestamp, risk, labels, flagged`` (plus the
input's own extra fields for JSONL/CSV input, and ``text`` only with --include-text); then one per conversation and
sender: ``type: "conversation", conversation_id, sender, messages, risk, alert, first_alert_index,
first_alert_line, tactics_seen, evidence_lines``. The table lists conversations with alerts and the evidence
messages' line numbers and tactics.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from typing import TextIO

from groomguard.runtime.formats import ChatMessage
from groomguard.runtime.monitor import ConversationMonitor, ConversationState

OUTPUT_FORMATS = ("jsonl", "csv", "table")
MAX_LINES_KEPT = 200  # per conversation: line numbers kept to report evidence
CSV_FIELDS = (
    "type", "id", "conversation_id", "sender", "line", "source", "timestamp", "risk", "flagged", "labels", "text",
    "messages", "alert", "first_alert_index", "first_alert_line", "tactics_seen", "evidence_lines",
)  # fmt: skip


class Writer:
    def __init__(self, out: TextIO, fmt: str, include_text: bool, labels: tuple[str, ...]) -> None:
        if fmt not in OUTPUT_FORMATS:
            raise ValueError(f"output format must be one of {OUTPUT_FORMATS}")
        self.out = out
        self.fmt = fmt
        self.include_text = include_text
        self.labels = labels
        self._csv = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore") if fmt == "csv" else None
        if self._csv:
            self._csv.writeheader()
        # (conversation, message index) -> (line, source, text or None) for messages that showed something
        self._lines: dict[str, dict[int, tuple[int, str, str | None]]] = defaultdict(dict)
        self._sources: dict[str, str] = {}

    def message(self, m: ChatMessage, state: ConversationState) -> None:
        self._sources.setdefault(m.conversation_id, m.source)
        shows = (
            state.message.flagged
            or state.message_index in (state.first_alert_index,)
            or any(state.message_index in seen[-1:] for seen in state.tactics_seen.values())
        )
        kept = self._lines[m.conversation_id]
        if shows and len(kept) < MAX_LINES_KEPT:
            kept[state.message_index] = (m.line, m.source, m.text if self.include_text else None)
        if self.fmt == "table":
            return
        record = {
            "id": m.id if m.id is not None else f"{m.source}:{m.line}",
            "conversation_id": m.conversation_id,
            "sender": m.sender,
            "line": m.line,
            "source": m.source,
            "timestamp": m.timestamp,
            "risk": round(state.message.risk, 4),
            "labels": {k: round(v, 4) for k, v in state.message.labels.items()},
            "flagged": state.message.flagged,
        }
        if self.include_text:
            record["text"] = m.text
        for key, value in m.extra.items():
            record.setdefault(key, value)
        self._emit(record)

    def conversations(self, monitor: ConversationMonitor) -> int:
        """Write the conversation records; return how many conversations have an alert."""
        alerted = 0
        table: list[tuple[float, str, str, dict]] = []
        for cid in monitor.conversation_ids():
            senders = monitor.senders(cid)
            alerted += any(s["alert"] for s in senders.values())
            for sender, s in senders.items():
                lines = self._lines.get(cid, {})
                first = s["first_alert_index"]
                record = {
                    "type": "conversation",
                    "conversation_id": cid,
                    "sender": sender,
                    "messages": s["messages"],
                    "risk": round(s["risk"], 4),
                    "alert": s["alert"],
                    "first_alert_index": first,
                    "first_alert_line": lines[first][0] if first in lines else None,
                    "tactics_seen": {
                        t: [lines[i][0] for i in idx if i in lines] for t, idx in s["tactics_seen"].items()
                    },
                    "evidence_lines": [lines[i][0] for i in s["evidence"] if i in lines],
                }
                if self.fmt == "table":
                    table.append(
                        (
                            s["risk"],
                            cid,
                            sender,
                            {**record, "_evidence": [lines[i] for i in s["evidence"] if i in lines]},
                        )
                    )
                else:
                    self._emit(record)
        if self.fmt == "table":
            self._table(table, len(monitor.conversation_ids()))
        return alerted

    def _emit(self, record: dict) -> None:
        if self._csv:
            row = {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v for k, v in record.items()
            }
            row.setdefault("type", "message")
            self._csv.writerow(row)
        else:
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _table(self, rows: list[tuple[float, str, str, dict]], n_conversations: int) -> None:
        w = self.out.write
        alerts = sorted((r for r in rows if r[3]["alert"]), key=lambda r: -r[0])
        w(f"{len(alerts)} alert(s) in {n_conversations} conversation(s). ")
        w("A flag is for a person to review; it is not evidence.\n")
        for risk, cid, sender, rec in alerts:
            source = self._sources.get(cid, "")
            w(f"\nALERT  {cid}  sender: {sender}  risk {risk:.2f}  ({rec['messages']} messages; source {source})\n")
            if rec["first_alert_line"] is not None:
                w(f"  first alert at line {rec['first_alert_line']}\n")
            for tactic, lines in sorted(rec["tactics_seen"].items()):
                if lines:
                    w(f"  {tactic:<16} lines {', '.join(map(str, lines[:10]))}\n")
            for line, _src, text in rec["_evidence"][:8]:
                w(f"  evidence line {line}" + (f": {text}" if text is not None else "") + "\n")
        quiet = [r for r in rows if not r[3]["alert"]]
        if quiet:
            top = max(quiet, key=lambda r: r[0])
            w(f"\nNo alert for {len(quiet)} sender(s); highest risk {top[0]:.2f} ({top[1]}, sender {top[2]}).\n")

    def close(self) -> None:
        self.out.flush()
