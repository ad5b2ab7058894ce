"""Suite ``long_chats``: long harmless chats must not drift toward an alert as they go on.

    python -m groomguard.eval --model model --data build/data --out eval/results --suite long_chats

Real chats between friends run to hundreds of messages; the synthetic test conversations run to tens. So the
benign synthetic test conversations of each conversation_type are strung, in corpus order, into chats of at least
``LENGTH`` messages, with their senders renamed by order of appearance (the first sender of every conversation is
``p1``, the second ``p2``, ...): one long chat among the same few people, of varied lines. Each chat goes through a
``ConversationMonitor`` as the CLI runs it (the messages' scores are the test split's own, from the shared context).

Per preset: the share of long chats with an alert, and the share of messages flagged on their risk in their
conversation (the CLI's ``flagged``) among the first ``EARLY`` messages and from message ``LATE`` on. A model that
reads a sender's message count as evidence flags more late than early.

The synthetic chats are hard: each strings some twenty conversations dense with the benign twins of tactics (a
parent's safety talks, dating adults). ``real_small_talk`` does the same with the test split's real harmless chats
(two people's small talk, ``real_chitchat``; never realcheck's data): what most long chats are. Its figures are
reported apart, so the synthetic ones stay comparable across models.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from groomguard.eval.data import Conversation
from groomguard.eval.metrics import share
from groomguard.eval.scoring import EvalContext, run_monitor

NAME = "long_chats"
#: A long chat holds at least this many messages (whole conversations are strung until it does).
LENGTH = 400
#: Messages counted as the start of a chat, and the position from which its messages count as late.
EARLY = 100
LATE = 300


#: The real harmless chats strung for ``real_small_talk``.
REAL_TYPES = ("real_chitchat",)


def long_chats(ctx: EvalContext, real: bool = False) -> tuple[list[tuple[str, str]], np.ndarray, list[Conversation]]:
    """(keys, probabilities, conversations) of the long chats strung from the benign synthetic test conversations
    (``real``: from those of ``REAL_TYPES``)."""
    by_type: dict[str, list[Conversation]] = defaultdict(list)
    for conv in ctx.conversations:
        first = ctx.records[conv.start]
        if conv.grooming != 0:
            continue
        if (conv.conversation_type in REAL_TYPES) if real else first.get("source") == "synthetic":
            by_type[conv.conversation_type].append(conv)
    keys: list[tuple[str, str]] = []
    rows: list[int] = []
    chats: list[Conversation] = []
    for kind, convs in sorted(by_type.items()):
        start, k = len(rows), 0
        for conv in convs:
            chat_id = f"long-{kind}-{k}"
            names: dict[str, str] = {}
            for i in range(conv.start, conv.stop):
                sender = str(ctx.records[i]["sender"])
                keys.append((chat_id, names.setdefault(sender, f"p{len(names) + 1}")))
                rows.append(i)
            if len(rows) - start >= LENGTH:
                chats.append(Conversation(chat_id, start, len(rows), 0, kind, -1))
                start, k = len(rows), k + 1
        del keys[start:], rows[start:]  # a chat left short of LENGTH at the end of a type is dropped
    return keys, ctx.probs[np.asarray(rows, dtype=np.int64)], chats


def run(ctx: EvalContext) -> dict:
    keys, probs, chats = long_chats(ctx)
    out: dict = {"length": LENGTH, "early": EARLY, "late": LATE, "chats": len(chats), "presets": {}}
    out["by_conversation_type"] = dict(sorted(Counter(c.conversation_type for c in chats).items()))
    for preset in ctx.presets:
        outcomes = run_monitor(ctx.scorer, preset, keys, probs, chats) if chats else []
        late_by_type: dict[str, list[bool]] = defaultdict(list)
        for o in outcomes:
            late_by_type[o.conversation_type].extend(o.flagged[LATE:].tolist())
        out["presets"][preset] = {
            **_figures(outcomes),
            "flagged_late_by_conversation_type": {kind: share(v) for kind, v in sorted(late_by_type.items())},
        }
    keys, probs, chats = long_chats(ctx, real=True)
    out["real_small_talk"] = {"chats": len(chats), "presets": {}}
    for preset in ctx.presets:
        outcomes = run_monitor(ctx.scorer, preset, keys, probs, chats) if chats else []
        out["real_small_talk"]["presets"][preset] = _figures(outcomes)
    return out


def _figures(outcomes: list) -> dict:
    return {
        "alerted": share([o.alerted for o in outcomes]),
        "flagged_early": share(np.concatenate([o.flagged[:EARLY] for o in outcomes]) if outcomes else []),
        "flagged_late": share(np.concatenate([o.flagged[LATE:] for o in outcomes]) if outcomes else []),
    }
