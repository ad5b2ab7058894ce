"""Read evaluation data with ``json``/``csv`` directly (no training code): the built corpus and researcher files.

    from groomguard.eval.data import read_corpus_split, group_conversations
    records = read_corpus_split(Path("build/data"), "test")     # dicts, conversations in file order
    conversations = group_conversations(records)                 # contiguous row ranges, messages in order

``read_labelled_file`` reads the ``custom`` suite's JSONL or CSV (``--data-file FILE --label-field NAME``).
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

RISK = "grooming_risk"
POSITIVE = frozenset({"1", "true", "yes", "y", "t"})
NEGATIVE = frozenset({"0", "false", "no", "n", "f"})


def corpus_path(data: Path) -> Path:
    """``data/corpus.jsonl`` when ``data`` is a directory, else ``data`` itself."""
    data = Path(data)
    return data / "corpus.jsonl" if data.is_dir() else data


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_corpus_split(data: Path, split: str = "test") -> list[dict]:
    """The records of one split, sorted by conversation (first appearance in the file) and then message_index."""
    path = corpus_path(data)
    if not path.is_file():
        raise FileNotFoundError(f"corpus not found: {path} (run `make data`)")
    records = []
    needle = json.dumps(split)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if needle not in line:  # cheap pre-filter: most lines belong to other splits
                continue
            r = json.loads(line)
            if r.get("split") == split:
                records.append(r)
    return sort_by_conversation(records)


def sort_by_conversation(records: list[dict]) -> list[dict]:
    """Stable sort: conversations in order of first appearance, messages by ``message_index`` (file order on ties)."""
    first: dict[str, int] = {}
    for i, r in enumerate(records):
        first.setdefault(str(r.get("conversation_id", "")), i)
    keyed = sorted(
        enumerate(records),
        key=lambda ir: (first[str(ir[1].get("conversation_id", ""))], _index(ir[1].get("message_index")), ir[0]),
    )
    return [r for _, r in keyed]


def _index(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@dataclass(frozen=True)
class Conversation:
    """One conversation: rows ``start:stop`` of the record list, and its conversation-level facts."""

    conversation_id: str
    start: int
    stop: int
    grooming: int
    conversation_type: str
    alert_from: int

    def __len__(self) -> int:
        return self.stop - self.start


def group_conversations(records: list[dict]) -> list[Conversation]:
    """Contiguous runs of the same conversation_id (records must be sorted by ``sort_by_conversation``)."""
    out: list[Conversation] = []
    start = 0
    for i in range(1, len(records) + 1):
        if i == len(records) or records[i]["conversation_id"] != records[start]["conversation_id"]:
            r = records[start]
            out.append(
                Conversation(
                    conversation_id=str(r["conversation_id"]),
                    start=start,
                    stop=i,
                    grooming=int(r.get("conversation_grooming", -1)),
                    conversation_type=str(r.get("conversation_type", "")),
                    alert_from=int(r.get("alert_from", -1)),
                )
            )
            start = i
    return out


def family_group(record: dict) -> str:
    """``"<group>"`` of ``template_family`` ``"<group>/<name>"``."""
    return str(record.get("template_family", "")).split("/", 1)[0]


def annotates(record: dict, label: str) -> bool:
    return label in record.get("annotated", ())


def has_label(record: dict, label: str) -> bool:
    return label in record.get("labels", ())


def parse_label(value) -> int | None:
    """1 for 1/true/yes, 0 for 0/false/no (any case), None for anything else (missing, empty, unknown)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return 1 if value == 1 else 0 if value == 0 else None
    if value is None:
        return None
    text = str(value).strip().lower()
    return 1 if text in POSITIVE else 0 if text in NEGATIVE else None


def read_labelled_file(path: Path, label_field: str, text_field: str = "text") -> tuple[list[dict], dict[str, int]]:
    """Rows ``{"text", "label", "conversation_id"?, "sender"?, "message_index"?}`` and counts of skipped rows.

    CSV when the name ends in .csv or .tsv, else JSONL. A row is skipped when its text is not a string or its label
    is not one of 1/true/yes/0/false/no.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"data file not found: {path}")
    skipped = {"no_text": 0, "bad_label": 0, "bad_json": 0}
    rows: list[dict] = []
    for raw in _raw_rows(path, skipped):
        text = raw.get(text_field)
        if not isinstance(text, str):
            skipped["no_text"] += 1
            continue
        label = parse_label(raw.get(label_field))
        if label is None:
            skipped["bad_label"] += 1
            continue
        row = {"text": text, "label": label}
        if raw.get("conversation_id") not in (None, ""):
            row["conversation_id"] = str(raw["conversation_id"])
            row["sender"] = str(raw.get("sender") or "unknown")
            row["message_index"] = _index(raw.get("message_index"))
        rows.append(row)
    return rows, skipped


def _raw_rows(path: Path, skipped: dict[str, int]):
    if path.suffix.lower() in (".csv", ".tsv"):
        with open(path, encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                skipped["bad_json"] += 1
                continue
            if isinstance(obj, dict):
                yield obj
            else:
                skipped["bad_json"] += 1
