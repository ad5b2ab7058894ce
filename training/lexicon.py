"""Build the model's lexicon from a licensed lexicon CSV: exact 64-bit hashes of normalized entries, never words.

    python -m groomguard.training.lexicon --csv ../shared/lexicons/profanity_en.csv

The CSV is Surge AI's "The Obscenity List" (MIT; columns text, canonical_form_1..3, category_1..3, severity_*). Each
entry of a chosen category is normalized by the runtime's own ``normalize`` (so it matches what is scored) and kept
when it is one word or a word pair; its key is ``runtime.hashing.lexicon_key``. The output JSON holds, per model
category, the base64 keys the featurizer reads (``runtime/lexicon.py``), the source, the licence and the counts; it is
committed, and export copies it into the model. The words themselves are never written anywhere.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

from groomguard.runtime.lexicon import encode_keys, keys_of
from groomguard.runtime.normalize import normalize

#: model category -> the CSV categories it takes entries from
CATEGORIES = {"sexual": ("sexual anatomy / sexual acts",)}
SOURCE = "The Obscenity List, Surge AI (github.com/surge-ai/profanity)"
LICENSE = "MIT"
DEFAULT_PATH = Path(__file__).resolve().parent / "lexicons" / "profanity_en.json"


def build(csv_path: Path, categories: dict[str, tuple[str, ...]] = CATEGORIES) -> dict:
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or "text" not in rows[0]:
        raise ValueError(f"{csv_path}: expected a CSV with a 'text' column and category_1..3 columns")
    out: dict = {"source": SOURCE, "license": LICENSE, "csv_sha256": _sha256(csv_path), "categories": []}
    for name, wanted in categories.items():
        entries, too_long = set(), 0
        for r in rows:
            if not any(r.get(f"category_{k}", "") in wanted for k in (1, 2, 3)):
                continue
            for form in (
                r["text"],
                r.get("canonical_form_1", ""),
                r.get("canonical_form_2", ""),
                r.get("canonical_form_3", ""),
            ):
                normalized = normalize(form or "")
                if not normalized:
                    continue
                if normalized.count(" ") > 1:
                    too_long += 1
                else:
                    entries.add(normalized)
        keys = keys_of(sorted(entries))
        out["categories"].append(
            {
                "category": name,
                "from": list(wanted),
                "entries": len(set(keys)),
                "skipped_longer_than_two_words": too_long,
                "keys": encode_keys(keys),
            }
        )
    return out


def load(path: Path = DEFAULT_PATH) -> tuple[tuple[str, str], ...]:
    """The (category, keys) pairs of a built lexicon file, as ``FeaturizerConfig.lexicon`` takes them."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple((c["category"], c["keys"]) for c in data["categories"])


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.training.lexicon", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--csv", type=Path, required=True, help="the lexicon CSV (e.g. ../shared/lexicons/profanity_en.csv)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH, help="where to write the hashed lexicon (JSON)")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        parser.error(f"no such file: {args.csv}")
    data = build(args.csv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    counts = ", ".join(f"{c['category']}: {c['entries']} keys" for c in data["categories"])
    print(f"wrote {args.out} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
