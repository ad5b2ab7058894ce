"""Write the JavaScript tests' expected outputs from the Python runtime (the reference) into runtime/js/test/fixtures/.

- unicode_blocks.json: a hash of Python's normalize() of every block of 1,024 code points (as is, and each code point
  after an "a"), so the JS port is checked on all of Unicode, not only on the test vectors;
- conversation_features.json: ConversationStats features after each message of a synthetic conversation (exact
  float32 values), past the saturation of the message count;
- monitor.json: ConversationMonitor states on short, mundane conversations, for one model (keyed by its sha256; re-run
  after exporting a new model).

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

from groomguard.runtime.conversation import SATURATION, TACTICS, ConversationStats
from groomguard.runtime.featurizer import normalize
from groomguard.runtime.monitor import ConversationMonitor
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
# A second monitor with room for only two conversations (the least recently active one is dropped).
SMALL = {"max_conversations": 2}


def block_hashes() -> list[str]:
    out = []
    for start in range(0, 0x110000, BLOCK):
        chars = [chr(cp) for cp in range(start, start + BLOCK)]
        plain = normalize("".join(chars))
        after_a = normalize("".join("a" + c for c in chars))
        out.append(" ".join(hashlib.sha256(s.encode("utf-8")).hexdigest()[:12] for s in (plain, after_a)))
    return out


def synthetic_features(labels: list[str], n: int = 240, seed: int = 5) -> dict:
    """Probability rows of wide dynamic range from three senders, and the sender's features after each message."""
    rng = random.Random(seed)
    stats = ConversationStats({label: j for j, label in enumerate(labels)})
    rows, senders, steps = [], [], []
    for _ in range(n):
        row = np.float32([rng.random() if rng.random() < 0.3 else 10.0 ** rng.uniform(-9, 0) for _ in labels])
        rows.append([float(x) for x in row])
        senders.append(rng.choice(["a", "a", "b", "c"]))
        steps.append([float(x) for x in stats.add(senders[-1], row)])
    saturation = [float(np.float32(min(math.log1p(k) / math.log1p(SATURATION), 1.0))) for k in range(1, n + 1)]
    return {"labels": labels, "rows": rows, "senders": senders, "features": steps, "own_messages": saturation}


def state_json(state) -> dict:
    return {
        "conversation_id": state.conversation_id,
        "sender": state.sender,
        "message_index": state.message_index,
        "risk": state.risk,
        "alert": state.alert,
        "first_alert_index": state.first_alert_index,
        "tactics_seen": {k: list(v) for k, v in state.tactics_seen.items()},
        "evidence": list(state.evidence),
        "message": {"risk": state.message.risk, "labels": state.message.labels, "flagged": state.message.flagged},
    }


def monitor_fixture(model: Path) -> dict:
    scorer = Scorer(model)
    scenarios = []
    for options in ({}, SMALL):
        monitor = ConversationMonitor(scorer, **options)
        states = [state_json(monitor.add(cid, sender, text)) for cid, sender, text in CONVERSATIONS]
        summary = {cid: monitor.senders(cid) for cid in monitor.conversation_ids()}
        scenarios.append({"options": options, "states": states, "senders": summary})
    return {
        "model_sha256": scorer.model.manifest["sha256"],
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
    labels = [*TACTICS, "minor_signal", "grooming_risk"]
    write("conversation_features.json", synthetic_features(labels[::-1]))  # any label order: looked up by name
    write("monitor.json", monitor_fixture(args.model), indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
