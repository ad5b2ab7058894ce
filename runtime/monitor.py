"""Follow conversations over time: the running risk of each sender, tactics seen, and a sticky alert.

    from groomguard import Scorer, ConversationMonitor
    monitor = ConversationMonitor(Scorer(), preset="balanced")
    state = monitor.add("chat-1", "jake", "are your parents home?")
    state.risk, state.alert, state.tactics_seen

A conversation is risky when tactics accumulate and escalate toward a participant who shows they are a minor, not
when one word appears: the conversation head of the model reads running aggregates of each sender's message scores
(``runtime/conversation.py``). Memory is bounded: a few numbers per sender whatever the conversation's length, a cap on
the message indices kept as evidence, and (optionally) a cap on conversations, dropping the least recently active.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from groomguard.runtime.conversation import TACTICS, ConversationStats
from groomguard.runtime.scorer import PRESETS, Score, Scorer

MAX_EVIDENCE = 20


@dataclass(frozen=True)
class ConversationState:
    """The state of one sender in one conversation after a message.

    risk: the conversation head's probability that this sender is grooming, given the messages so far.
    alert: True from the first message at which risk reached the preset's threshold (it stays raised).
    tactics_seen: tactic -> indices (within the conversation) of this sender's messages that showed it.
    evidence: indices of this sender's messages with the highest grooming risk, in order.
    """

    conversation_id: str
    sender: str
    message_index: int
    risk: float
    alert: bool
    first_alert_index: int | None
    tactics_seen: dict[str, tuple[int, ...]]
    evidence: tuple[int, ...]
    message: Score


@dataclass
class _Sender:
    risk: float = 0.0
    alert: bool = False
    first_alert_index: int | None = None
    tactics: dict[str, list[int]] = field(default_factory=dict)
    evidence: list[tuple[float, int]] = field(default_factory=list)
    messages: int = 0


@dataclass
class _Conversation:
    stats: ConversationStats
    senders: dict[str, _Sender] = field(default_factory=dict)
    count: int = 0


class ConversationMonitor:
    def __init__(
        self,
        scorer: Scorer,
        preset: str = "balanced",
        threshold: float | None = None,
        max_conversations: int | None = None,
    ) -> None:
        if preset not in PRESETS:
            raise ValueError(f"preset must be one of {PRESETS}, got {preset!r}")
        if max_conversations is not None and max_conversations < 1:
            raise ValueError("max_conversations must be None or >= 1")
        self.scorer = scorer
        self.preset = preset
        self.threshold = float(threshold) if threshold is not None else scorer.conversation_threshold(preset)
        self.max_conversations = max_conversations
        self._index = scorer.label_index
        self._tactic_threshold = {t: scorer.message_threshold(t, preset) for t in TACTICS}
        self._conversations: OrderedDict[str, _Conversation] = OrderedDict()

    def add(self, conversation_id: str, sender: str, text: str, timestamp: str | None = None) -> ConversationState:
        """Score one message and update its conversation. ``timestamp`` is accepted for the record, not used."""
        return self.add_many([(conversation_id, sender, text)])[0]

    def add_many(self, messages: Iterable[tuple[str, str, str]]) -> list[ConversationState]:
        """Like calling ``add`` on each message in order, with the model called once for all of them."""
        messages = list(messages)
        for cid, sender, text in messages:
            if not isinstance(text, str):
                raise TypeError(f"text must be str, not {type(text).__name__}")
            if not isinstance(cid, str) or not isinstance(sender, str):
                raise TypeError("conversation_id and sender must be str")
        probs = self.scorer.probabilities([m[2] for m in messages])
        return self.add_scored([(cid, sender) for cid, sender, _ in messages], probs)

    def add_scored(self, keys: list[tuple[str, str]], probs: np.ndarray) -> list[ConversationState]:
        """Update conversations with messages already scored by ``Scorer.probabilities``."""
        rows = []
        placed = []
        for (cid, sender), row in zip(keys, probs, strict=True):
            conv = self._conversation(cid)
            index = conv.count
            conv.count += 1
            rows.append(conv.stats.add(sender, row))
            placed.append((cid, sender, index, row))
        features = np.array(rows, dtype=np.float32)
        risks = self.scorer.conversation_risk(features) if len(rows) else np.zeros(0)
        return [
            self._update(cid, sender, index, row, float(risk))
            for (cid, sender, index, row), risk in zip(placed, risks, strict=True)
        ]

    def _conversation(self, cid: str) -> _Conversation:
        conv = self._conversations.get(cid)
        if conv is None:
            conv = _Conversation(stats=ConversationStats(self._index))
            self._conversations[cid] = conv
            if self.max_conversations is not None and len(self._conversations) > self.max_conversations:
                self._conversations.popitem(last=False)
        else:
            self._conversations.move_to_end(cid)
        return conv

    def _update(self, cid: str, sender: str, index: int, row: np.ndarray, risk: float) -> ConversationState:
        conv = self._conversations.get(cid) or self._conversation(cid)
        s = conv.senders.setdefault(sender, _Sender())
        s.messages += 1
        s.risk = risk
        if not s.alert and risk >= self.threshold:
            s.alert = True
            s.first_alert_index = index
        for tactic, t in self._tactic_threshold.items():
            if row[self._index[tactic]] >= t:
                seen = s.tactics.setdefault(tactic, [])
                if len(seen) < MAX_EVIDENCE:
                    seen.append(index)
        message_risk = float(row[self._index["grooming_risk"]])
        if message_risk >= self.scorer.threshold:
            s.evidence.append((message_risk, index))
            if len(s.evidence) > MAX_EVIDENCE:
                s.evidence.remove(min(s.evidence))
        score = self.scorer.to_score(row)
        return ConversationState(
            conversation_id=cid,
            sender=sender,
            message_index=index,
            risk=risk,
            alert=s.alert,
            first_alert_index=s.first_alert_index,
            tactics_seen={k: tuple(v) for k, v in s.tactics.items()},
            evidence=tuple(sorted(i for _, i in s.evidence)),
            message=score,
        )

    def senders(self, conversation_id: str) -> dict[str, dict]:
        """Summary per sender of a conversation: risk, alert, first_alert_index, tactics_seen, evidence, messages."""
        conv = self._conversations.get(conversation_id)
        if conv is None:
            return {}
        return {
            name: {
                "risk": s.risk,
                "alert": s.alert,
                "first_alert_index": s.first_alert_index,
                "tactics_seen": {k: list(v) for k, v in s.tactics.items()},
                "evidence": sorted(i for _, i in s.evidence),
                "messages": s.messages,
            }
            for name, s in conv.senders.items()
        }

    def conversation_ids(self) -> list[str]:
        return list(self._conversations)

    def reset(self, conversation_id: str) -> None:
        """Forget a conversation (e.g. when the user clears it)."""
        self._conversations.pop(conversation_id, None)

    def __len__(self) -> int:
        return len(self._conversations)
