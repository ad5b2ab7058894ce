"""Build the corpus: synthetic conversations + real benign chat, split by family, written as JSONL and a DatasetDict.

    python -m groomguard.training.synth build --out build/data --seed 13 --card training/DATA_CARD.md

Writes ``corpus.jsonl`` (every record, with its split), ``hf/`` (a ``datasets.DatasetDict`` saved to disk),
``stats.json`` (the figures of the data card), ``config.json`` (the CorpusConfig that produced it) and the data card.
The same config gives byte-identical ``corpus.jsonl``.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from groomguard.runtime.featurizer import normalize
from groomguard.training.records import LABELS, SPLITS, TACTICS, Record
from groomguard.training.synth import real
from groomguard.training.synth.conversations import BENIGN_CAST, Pools, benign_conversation, grooming_conversation
from groomguard.training.synth.families import ALL_FAMILIES
from groomguard.training.synth.schema import Family
from groomguard.training.synth.splits import split_families
from groomguard.training.synth.style import style_rates


@dataclass(frozen=True)
class CorpusConfig:
    seed: int = 13
    n_grooming: int = 6000
    n_benign_per_context: int = 1000
    chitchat_limit: int | None = None  # None: all of it
    chatterbot_limit: int | None = None
    validation_share: float = 0.15
    test_share: float = 0.15
    #: Real lines with no cue of a child's life are ``minor_signal`` negatives (``real.real_annotated``); off in the
    #: shipped corpus (measured, not shipped: see ``real.py``).
    real_minor_negatives: bool = False
    #: Benign synthetic chats draw their length from the grooming chats' message counts (else 8 to 30 messages,
    #: while grooming chats run to a median of 40): see ``conversations.benign_conversation``. Off in the shipped
    #: corpus (measured, not shipped: a fit on it loses most real-chat alerts while the conversation features count
    #: messages; the README's "Long chats drift toward an alert" and the ``long_chats`` eval suite).
    length_matched: bool = False

    def __post_init__(self) -> None:
        if self.n_grooming < 0 or self.n_benign_per_context < 0:
            raise ValueError("conversation counts must be >= 0")
        for name in ("chitchat_limit", "chatterbot_limit"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must be None or >= 0")
        if not (0 < self.validation_share < 0.5 and 0 < self.test_share < 0.5):
            raise ValueError("validation_share and test_share must be in (0, 0.5)")

    @classmethod
    def small(cls, seed: int = 13) -> CorpusConfig:
        """A corpus of a few thousand messages for tests."""
        return cls(seed=seed, n_grooming=60, n_benign_per_context=12, chitchat_limit=40, chatterbot_limit=20)


def _conversation_split(seed: int, kind: str, i: int, cfg: CorpusConfig) -> str:
    digest = hashlib.sha256(f"{seed}:{kind}:{i}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    return "test" if u < cfg.test_share else "validation" if u < cfg.test_share + cfg.validation_share else "train"


def generate(cfg: CorpusConfig, families: tuple[Family, ...] = ALL_FAMILIES) -> Iterator[Record]:
    """Every record of the corpus, in a fixed order."""
    split = split_families(families, cfg.seed)
    lines = real.small_talk_lines(cfg.seed)
    pools = {s: Pools(split.families(families, s), s, lines[s], cfg.seed, cfg.real_minor_negatives) for s in SPLITS}
    lengths: list[int] = []  # of the grooming conversations: benign ones draw theirs from the same counts
    for i in range(cfg.n_grooming):
        s = _conversation_split(cfg.seed, "grooming", i, cfg)
        rng = random.Random(f"{cfg.seed}:grooming:{i}")
        records = grooming_conversation(pools[s], rng, f"syn-grooming-{i:06d}")
        lengths.append(len(records))
        yield from records
    for context in BENIGN_CAST:
        for i in range(cfg.n_benign_per_context):
            s = _conversation_split(cfg.seed, context, i, cfg)
            rng = random.Random(f"{cfg.seed}:{context}:{i}")
            yield from benign_conversation(
                pools[s], rng, f"syn-{context}-{i:06d}", context, lengths if cfg.length_matched else ()
            )
    yield from real.chitchat(cfg.seed, cfg.chitchat_limit, cfg.real_minor_negatives)
    yield from real.chatterbot(cfg.seed, cfg.chatterbot_limit, cfg.real_minor_negatives)


_WORD = re.compile(r"[^\W\d_]+")


def compute_stats(records: list[Record], families: tuple[Family, ...], seed: int) -> dict:
    split = split_families(families, seed)
    conversations: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    messages: dict[str, Counter] = defaultdict(Counter)
    label_counts: dict[str, Counter] = defaultdict(Counter)
    roles: Counter = Counter()
    synthetic_texts: list[str] = []
    vocab_synthetic: set[str] = set()
    vocab_all: set[str] = set()
    for r in records:
        conversations[r.split][r.conversation_type].add(r.conversation_id)
        messages[r.split][r.conversation_type] += 1
        roles[r.sender_role] += 1
        for label in r.labels:
            label_counts[r.split][label] += 1
        words = _WORD.findall(normalize(r.text))
        vocab_all.update(words)
        if r.source == "synthetic":
            synthetic_texts.append(r.text)
            vocab_synthetic.update(words)
    fam_per_label: dict[str, dict[str, int]] = {}
    for label in (*TACTICS, "minor_signal"):
        fam_per_label[label] = {
            "tactic_families": sum(1 for f in families if f.kind in ("tactic", "minor") and label in f.labels),
            "twin_families": sum(1 for f in families if f.kind == "twin" and f.twin_of == label),
            "by_split": dict(
                Counter(split.split_of(f) for f in families if f.kind in ("tactic", "minor") and label in f.labels)
            ),
        }
    return {
        "seed": seed,
        "conversations": {s: {k: len(v) for k, v in sorted(conversations[s].items())} for s in SPLITS},
        "messages": {s: dict(sorted(messages[s].items())) for s in SPLITS},
        "totals": {
            "conversations": sum(len(v) for s in SPLITS for v in conversations[s].values()),
            "messages": len(records),
            "synthetic_messages": len(synthetic_texts),
        },
        "label_messages": {s: {label: label_counts[s][label] for label in LABELS} for s in SPLITS},
        "roles": dict(sorted(roles.items())),
        "families": {
            "total": len(families),
            "by_kind": dict(sorted(Counter(f.kind for f in families).items())),
            "by_split": dict(sorted(Counter(split.split_of(f) for f in families).items())),
            "per_label": fam_per_label,
        },
        "style": style_rates(records),
        "vocabulary": {
            "word_types_synthetic": len(vocab_synthetic),
            "word_types_all": len(vocab_all),
            "distinct_message_share_synthetic": round(len(set(synthetic_texts)) / max(1, len(synthetic_texts)), 4),
        },
    }


def build(cfg: CorpusConfig, out: Path, card: Path | None = None, hf: bool = True) -> dict:
    """Write the corpus to ``out`` and return its stats."""
    from groomguard.training.synth.card import write_card

    out.mkdir(parents=True, exist_ok=True)
    records = list(generate(cfg))
    with (out / "corpus.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    (out / "config.json").write_text(json.dumps(asdict(cfg), indent=2, sort_keys=True) + "\n")
    stats = compute_stats(records, ALL_FAMILIES, cfg.seed)
    stats["corpus_sha256"] = hashlib.sha256((out / "corpus.jsonl").read_bytes()).hexdigest()
    (out / "stats.json").write_text(json.dumps(stats, indent=2, sort_keys=True) + "\n")
    if hf:
        _save_hf(records, out / "hf")
    write_card(stats, cfg, card or out / "DATA_CARD.md")
    return stats


def _save_hf(records: list[Record], path: Path) -> None:
    import datasets

    columns = list(Record.__dataclass_fields__)
    by_split: dict[str, dict[str, list]] = {s: {c: [] for c in columns} for s in SPLITS}
    for r in records:
        d = r.to_dict()
        for c in columns:
            by_split[r.split][c].append(d[c])
    # An empty split cannot be reloaded by `datasets` (it saves zero shards): leave it out; tiny test corpora only.
    splits = {s: datasets.Dataset.from_dict(cols) for s, cols in by_split.items() if cols["text"]}
    datasets.DatasetDict(splits).save_to_disk(str(path))


def read_corpus(path: Path) -> Iterator[Record]:
    """Records of a built corpus (``corpus.jsonl`` or the folder holding it)."""
    path = Path(path)
    if path.is_dir():
        path = path / "corpus.jsonl"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield Record.from_dict(json.loads(line))
