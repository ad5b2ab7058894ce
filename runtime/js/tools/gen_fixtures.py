"""Write the JavaScript tests' expected outputs from the Python runtime (the reference) into runtime/js/test/fixtures/.

- unicode_blocks.json: a hash of Python's normalize() of every block of 1,024 code points (as is, and each code point
  after an "a"), so the JS port is checked on all of Unicode, not only on the test vectors;
- featurizer.json: Python's normalize(), normalized_length() and Featurizer.features() of texts that exercise versions
  2 to 4 (shorthand, words spelled out with punctuation, lexicon placeholders, a harmless stand-in lexicon of fruit
  words, age cues, zero-width padding beyond the 10,000-code-point cap) and of seeded random texts, for two featurizer
  settings; no model needed;
- conversation_features.json: ConversationStats features after each message of a synthetic conversation with window
  logits (exact float32 values), past the saturation of the message count and the window's length, and the features
  of a sender who never wrote;
- monitor.json: ConversationMonitor states on short, mundane conversations (the default preset, a cap on
  conversations, another preset, a fixed threshold), and each scenario's saved state (``export_state``) halfway, for
  one model of the runtime's format (keyed by its sha256; re-run after exporting a new model; not written for a
  model of another format);
- context.json: Scorer.conversation_risk and conversation_and_context (the conversation and context heads) on rows of
  conversation features with message risks across [0, 1], the clipped ends included, for the same model.

The licensed lexicon never appears here: fixtures use fruit words, as tests/runtime/test_featurizer.py does.

Run from the repository root:  .venv/bin/python runtime/js/tools/gen_fixtures.py --model model
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from pathlib import Path

import numpy as np

from groomguard.runtime.conversation import SATURATION, TACTICS, WINDOW, WINDOW_COLUMN, ConversationStats
from groomguard.runtime.featurizer import FEATURIZER_VERSION, Featurizer, FeaturizerConfig, normalize
from groomguard.runtime.lexicon import encode_keys, keys_of
from groomguard.runtime.model_file import FORMAT_VERSION
from groomguard.runtime.monitor import ConversationMonitor
from groomguard.runtime.normalize import normalized_length
from groomguard.runtime.scorer import Scorer

FIXTURES = Path(__file__).resolve().parents[1] / "test" / "fixtures"
BLOCK = 1024

# Mundane chats: friends making plans, and a stranger using the kind of lines the model is trained to notice.
CONVERSATIONS = [
    ("chat-1", "sam", "hey how was school today"),
    ("chat-1", "kid", "it was ok, we had a maths test"),
    ("chat-2", "ana", "are we still on for football on saturday?"),
    ("chat-1", "sam", "you seem really mature for your age"),
    ("chat-2", "ben", "yes, 10am at the park, bring water"),
    ("chat-1", "kid", "thanks lol im 13"),
    ("chat-1", "sam", "are your parents home right now?"),
    ("chat-1", "kid", "my mom is at work"),
    ("chat-2", "ana", "cool, see you there"),
    ("chat-1", "sam", "don't tell anyone we talk, ok? it's our secret"),
    ("chat-1", "kid", "ok"),
    ("chat-1", "sam", "let's chat on another app, it's more private"),
    ("chat-1", "sam", "i can send you a gift card if you want"),
    ("chat-2", "ben", "did you finish the history homework?"),
    ("chat-1", "sam", "we should meet up at the mall sometime, just us"),
    ("chat-1", "kid", "maybe"),
    ("chat-1", "sam", "you're so special to me"),
    ("chat-1", "sam", "what's your address?"),
    ("chat-1", "sam", "delete our messages after you read them"),
    ("chat-2", "ana", "almost, i'll send you my notes later"),
    ("chat-1", "sam", "i'll pick you up after school tomorrow"),
    ("chat-1", "sam", "don't tell your mom"),
    ("chat-3", "leo", "pizza tonight? 🍕"),
    ("chat-3", "mia", "yesss, pepperoni pls"),
]
# Harmless stand-in lexicons (never the licensed one): fruit words and word pairs. In the second, "kiwi" is listed by
# two categories (Python counts it for the first only).
FRUIT = [{"category": "fruit", "keys": encode_keys(keys_of(["banana", "green apple", "kiwi"]))}]
TWO_CATEGORIES = [
    {"category": "fruit", "keys": encode_keys(keys_of(["banana", "green apple", "kiwi", "passion fruit"]))},
    {"category": "green", "keys": encode_keys(keys_of(["kiwi", "leek", "lime"]))},
]
SETTINGS = [
    {
        "version": FEATURIZER_VERSION,
        "n_buckets": 1 << 18,
        "word_ngrams": [1, 2],
        "char_ngrams": [3, 5],
        "lexicon": FRUIT,
    },
    {
        "version": FEATURIZER_VERSION,
        "n_buckets": 1 << 10,
        "word_ngrams": [1, 3],
        "char_ngrams": [2, 4],
        "lexicon": TWO_CATEGORIES,
    },
]
ZW = "\u200b"
FEATURIZER_TEXTS = [
    "",
    "are u home alone?",
    "r u ok? pls txt me l8r, ur gr8 ppl",
    "im 13 n u?",
    "idk wyd rn, gonna b4 2nite",
    "u2 U u",
    "I'm 13, u?",
    "i am 13 years old",
    "13yo",
    "13 f",
    "13F",
    "14 yrs old",
    "she is 15 male",
    "aged 17",
    "turning 18 tomorrow",
    "turned 21",
    "i am 15 minutes away",
    "im 6 foot and 16 stone, i am 12 pound lighter",
    "i am 5 k away",
    "i am 10 k away",
    "13",
    "9",
    "70",
    "13 13",
    "8th grade",
    "grade 8",
    "eighth grade",
    "twelfth graders",
    "year 9",
    "year 14",
    "yr 9",
    "13 yr old",
    "grade 13",
    "i am 13 and in 8th grade year 9",
    "i am ١٣",
    "i am ١٣ and 7th grade",
    "grade ٨",
    "١٣",
    "age 99 age 100 age 5",
    "a banana and a green apple",
    "kiwi kiwi kiwis",
    "green   apple",
    "GREEN APPLE",
    "lexfruit",
    "send a lexfruit pic lexfruit",
    "lexfruitx alexfruit lexgreen",
    "i am lexfruit 13",
    "kiwi leek lime lexgreen passion fruit",
    "s3nd me a p1c",
    "s e n d me u r",
    "S.E.N.D m.e a p-i-c",
    "k*e*e*p i*t s/e/c/r/e/t",
    "u.s.a. a/s/l? i.e. w/o",
    "a.b.cd ab.c.d a.b-c 13/f/ohio",
    "S\u00b7E\u00b7N\u00b7D c\u2022a\u2022m café s.e.n.d",
    "soooo cuuute",
    "don't tell ur mom",
    "café naïve İstanbul straße",
    "👨‍👩‍👧 🍕🍕",
    ZW * 12_000 + "are u home alone? im 13",
    ZW.join("are you alone") * 900,
    "ab " * 4_000,
    "u " * 6_000,
    "😀 " * 6_000,
    "a" * 100_000,
]
RANDOM_TOKENS = [
    "u", "r", "ur", "im", "k", "yr", "n", "13", "7", "99", "١٣", "yo", "f", "m", "old", "years", "am", "age",
    "grade", "8th", "year", "min", "lexfruit", "lexgreen", "kiwi", "banana", "green", "apple", "leek", "hi", "😀",
    "don't", "s3nd", "a", "b", "c", "İ", "\u200b", "...", "  ", "\n", "É",
]  # fmt: skip
# Monitor options besides the defaults: room for only two conversations (the least recently active one is dropped);
# another preset (other tactic and context thresholds); a fixed threshold, used for the alert and the context flag.
SMALL = {"max_conversations": 2}
MONITOR_OPTIONS = [{}, SMALL, {"preset": "high_recall"}, {"threshold": 0.3}]
#: monitor.json's saved states are those after this many of CONVERSATIONS (the rest is scored after the restore).
SAVED_AT = len(CONVERSATIONS) // 2
# Message risks for context.json: both ends and beyond the head's clip (1e-6), then float32 values of wide range.
CONTEXT_ENDS = [0.0, 1.0, 1e-9, 1e-6, 1.0 - 1e-9, 0.5]


def block_hashes() -> list[str]:
    out = []
    for start in range(0, 0x110000, BLOCK):
        chars = [chr(cp) for cp in range(start, start + BLOCK)]
        plain = normalize("".join(chars))
        after_a = normalize("".join("a" + c for c in chars))
        out.append(" ".join(hashlib.sha256(s.encode("utf-8")).hexdigest()[:12] for s in (plain, after_a)))
    return out


def random_texts(n: int = 400, seed: int = 11) -> list[str]:
    """Seeded random texts of shorthand, cue, lexicon and placeholder tokens, joined by spaces or nothing."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        tokens = [rng.choice(RANDOM_TOKENS) for _ in range(rng.randint(1, 12))]
        out.append("".join(t + rng.choice([" ", " ", " ", "", ", "]) for t in tokens))
    return out


def spelled_texts(n: int = 300, seed: int = 13) -> list[str]:
    """Seeded random texts dense in step 3b's cases: single letters, separators, digits and runs next to each other."""
    rng = random.Random(seed)
    pieces = [
        *"abzAZ09 .-/*_!?[]\\^",
        "\u00b7",
        "\u2022",
        "é",
        "s.e.n.d",
        "M-E",
        "a/s/l",
        "@",
        "$",
        "\u200b",
        "\u0435",
        "\u0436",
        "'",
        "\u2019",
        "d.o.n't",
    ]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 20))) for _ in range(n)]


def featurizer_fixture() -> dict:
    """For each featurizer setting, the normalized text, its length before the cap, ids and counts of each text."""
    texts = FEATURIZER_TEXTS + random_texts() + spelled_texts()
    settings = []
    for d in SETTINGS:
        cfg = FeaturizerConfig.from_dict(d)
        featurizer = Featurizer(cfg)
        vectors = []
        for text in texts:
            ids, counts = featurizer.features(text)
            vectors.append({"ids": ids.tolist(), "counts": counts.astype(int).tolist()})
        settings.append({"featurizer": cfg.to_dict(), "vectors": vectors})
    return {
        "texts": texts,
        "normalized": [normalize(t) for t in texts],
        "normalized_length": [normalized_length(t) for t in texts],
        "settings": settings,
    }


def synthetic_features(labels: list[str], n: int = 240, seed: int = 5) -> dict:
    """Probability rows of wide dynamic range (the last column a window logit) from three senders, and the sender's
    features after each message (and those of a sender who never writes)."""
    rng = random.Random(seed)
    stats = ConversationStats({label: j for j, label in enumerate(labels)})
    rows, senders, steps, idle = [], [], [], []
    for _ in range(n):
        probs = [rng.random() if rng.random() < 0.3 else 10.0 ** rng.uniform(-9, 0) for _ in labels[:-1]]
        row = np.float32([*probs, rng.uniform(-12.0, 12.0) if rng.random() < 0.8 else rng.uniform(-1.0, 1.0)])
        rows.append([float(x) for x in row])
        senders.append(rng.choice(["a", "a", "b", "c"]))
        steps.append([float(x) for x in stats.add(senders[-1], row)])
        idle.append([float(x) for x in stats.features("nobody")])
    saturation = [float(np.float32(min(math.log1p(k) / math.log1p(SATURATION), 1.0))) for k in range(1, n + 1)]
    assert n > 2 * WINDOW
    return {
        "labels": labels,
        "rows": rows,
        "senders": senders,
        "features": steps,
        "idle": idle,
        "own_messages": saturation,
    }


def state_json(state) -> dict:
    return {
        "conversation_id": state.conversation_id,
        "sender": state.sender,
        "message_index": state.message_index,
        "risk": state.risk,
        "context_risk": state.context_risk,
        "flagged": state.flagged,
        "alert": state.alert,
        "first_alert_index": state.first_alert_index,
        "tactics_seen": {k: list(v) for k, v in state.tactics_seen.items()},
        "evidence": list(state.evidence),
        "message": {"risk": state.message.risk, "labels": state.message.labels, "flagged": state.message.flagged},
    }


def of_runtime_format(model: Path) -> bool:
    return json.loads((model / "manifest.json").read_text(encoding="utf-8")).get("format_version") == FORMAT_VERSION


def context_fixture(model: Path, every: int = 4, seed: int = 17) -> dict:
    """Rows of conversation features (those of synthetic_features), a message risk for each, and what the
    conversation and context heads of the model make of them (float32 values, exactly)."""
    scorer = Scorer(model)
    features = np.float32(synthetic_features([*TACTICS, "minor_signal", "grooming_risk", WINDOW_COLUMN])["features"])
    features = features[::every]
    rng = random.Random(seed)
    wide = [rng.random() if rng.random() < 0.5 else 10.0 ** rng.uniform(-9, 0) for _ in features]
    message_risk = np.float32((CONTEXT_ENDS + [1.0 - w if rng.random() < 0.3 else w for w in wide])[: len(features)])
    conv, context = scorer.conversation_and_context(features, message_risk)
    return {
        "model_sha256": scorer.model.manifest["sha256"],
        "features": features.tolist(),
        "message_risk": message_risk.tolist(),
        "conversation_risk": scorer.conversation_risk(features).tolist(),
        "conversation_and_context": [conv.tolist(), context.tolist()],
    }


def monitor_fixture(model: Path) -> dict:
    scorer = Scorer(model)
    scenarios = []
    for options in MONITOR_OPTIONS:
        monitor = ConversationMonitor(scorer, **options)
        states = [state_json(monitor.add(cid, sender, text)) for cid, sender, text in CONVERSATIONS]
        summary = {cid: monitor.senders(cid) for cid in monitor.conversation_ids()}
        # the saved state of every conversation held after the first SAVED_AT messages (export_state), from which
        # the JS monitor must go on to the same states as this one, which never stopped
        first = ConversationMonitor(scorer, **options)
        for cid, sender, text in CONVERSATIONS[:SAVED_AT]:  # one at a time, as the states above
            first.add(cid, sender, text)
        saved = [first.export_state(cid) for cid in first.conversation_ids()]
        scenarios.append({"options": options, "states": states, "senders": summary, "saved": saved})
    return {
        "model_sha256": scorer.model.manifest["sha256"],
        "saved_at": SAVED_AT,
        "messages": [list(m) for m in CONVERSATIONS],
        "scenarios": scenarios,
    }


def write(name: str, data: dict, indent: int | None = None) -> None:
    path = FIXTURES / name
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))
    path.write_text(text + "\n", encoding="utf-8", newline="\n")
    print(f"wrote {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("model"), help="model directory (for monitor.json)")
    args = parser.parse_args(argv)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    write("unicode_blocks.json", {"block": BLOCK, "hash": "sha256[:12] of UTF-8", "hashes": block_hashes()})
    write("featurizer.json", featurizer_fixture())
    labels = [*TACTICS, "minor_signal", "grooming_risk"]
    # any label order (looked up by name); the window logit is the column after the labels, as Scorer returns it
    write("conversation_features.json", synthetic_features([*labels[::-1], WINDOW_COLUMN]))
    if not of_runtime_format(args.model):
        print(
            f"not writing monitor.json and context.json: {args.model} is not a model of format {FORMAT_VERSION}",
            file=sys.stderr,
        )
    else:
        write("monitor.json", monitor_fixture(args.model), indent=1)
        write("context.json", context_fixture(args.model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
