"""Follow conversations over time: the running risk of each sender, tactics seen, and a sticky alert.

    from groomguard import Scorer, ConversationMonitor
    monitor = ConversationMonitor(Scorer(), preset="balanced")
    state = monitor.add("chat-1", "jake", "are your parents home?")
    state.risk, state.alert, state.tactics_seen

A conversation is risky when tactics accumulate and escalate toward a participant who shows they are a minor, not
when one word appears: the conversation head of the model reads running aggregates of each sender's message scores
(``runtime/conversation.py``). Memory is bounded: a few numbers per sender whatever the conversation's length, a cap on
the message indices kept as evidence (the first MAX_EVIDENCE messages that showed each tactic, the MAX_EVIDENCE riskiest
messages), kept in arrays of machine numbers, and (optionally) a cap on conversations, dropping the least recently
active. ``update_scored`` is the batch path without a state object per message (the CLI's).
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from groomguard.runtime.conversation import TACTICS, ConversationStats, features_of
from groomguard.runtime.scorer import PRESETS, Score, Scorer

#: Message indices kept per sender: the first ones that showed each tactic, and the highest-risk messages.
MAX_EVIDENCE = 5
_MIN_REF_LIMIT = 16
# Message indices and line numbers are kept as 32-bit ints ("i" arrays: half the memory of Python's 64-bit ones);
# evidence is not recorded past message 2**31 - 1 of one conversation, and larger refs go to a dict.
_INT32_MAX = (1 << 31) - 1
_NONE_SEEN = array("i", [-1] * (MAX_EVIDENCE * len(TACTICS)))


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


class _Sender:
    # Evidence in arrays of machine integers and doubles, created when first needed: a few hundred bytes per sender.
    __slots__ = ("alert", "evidence_index", "evidence_risk", "first_alert_index", "messages", "risk", "seen")

    def __init__(self) -> None:
        self.risk = 0.0
        self.alert = False
        self.first_alert_index: int | None = None
        # seen[j * MAX_EVIDENCE + k]: index of the k-th message that showed TACTICS[j] (-1: none yet)
        self.seen: array | None = None
        self.evidence_risk: array | None = None  # the MAX_EVIDENCE highest message risks and their indices
        self.evidence_index: array | None = None
        self.messages = 0

    def add_tactic(self, j: int, index: int) -> bool:
        """Record that message ``index`` showed tactic ``j``; False when MAX_EVIDENCE are already recorded."""
        if index > _INT32_MAX:
            return False
        if self.seen is None:
            self.seen = array("i", _NONE_SEEN)
        start = j * MAX_EVIDENCE
        for k in range(start, start + MAX_EVIDENCE):
            if self.seen[k] < 0:
                self.seen[k] = index
                return True
        return False

    def tactics_seen(self) -> dict[str, list[int]]:
        if self.seen is None:
            return {}
        out = {}
        for j, tactic in enumerate(TACTICS):
            indices = [i for i in self.seen[j * MAX_EVIDENCE : (j + 1) * MAX_EVIDENCE] if i >= 0]
            if indices:
                out[tactic] = indices
        return out

    def evidence(self) -> list[int]:
        return sorted(self.evidence_index) if self.evidence_index else []

    def add_evidence(self, risk: float, index: int) -> bool:
        """Keep message ``index`` among the MAX_EVIDENCE riskiest; False when it cannot be recorded."""
        if index > _INT32_MAX:
            return False
        if self.evidence_index is None:
            self.evidence_risk, self.evidence_index = array("d"), array("i")
        self.evidence_risk.append(risk)
        self.evidence_index.append(index)
        if len(self.evidence_index) > MAX_EVIDENCE:  # drop the lowest risk (the earliest of equal ones)
            r, i = self.evidence_risk, self.evidence_index
            j = min(range(len(i)), key=lambda j: (r[j], i[j]))
            del r[j], i[j]
        return True


class _Conversation:
    __slots__ = ("count", "ref_limit", "ref_objects", "ref_pairs", "senders", "stats")

    def __init__(self, stats: ConversationStats) -> None:
        self.stats = stats
        self.senders: dict[str, _Sender] = {}
        self.count = 0
        # References given to update_scored for messages kept as evidence: non-negative ints as (index, ref) pairs
        # in one array, anything else in a dict. When they hold more than ref_limit, those no longer in use are
        # dropped and the limit becomes what is left plus _MIN_REF_LIMIT: memory stays close to the evidence's.
        self.ref_pairs: array | None = None
        self.ref_objects: dict[int, object] | None = None
        self.ref_limit = _MIN_REF_LIMIT

    def keep_ref(self, index: int, ref: object) -> None:
        if type(ref) is int and 0 <= ref <= _INT32_MAX and index <= _INT32_MAX:
            if self.ref_pairs is None:
                self.ref_pairs = array("i")
            self.ref_pairs.extend((index, ref))
        else:
            if self.ref_objects is None:
                self.ref_objects = {}
            self.ref_objects[index] = ref
        if len(self.ref_pairs or ()) // 2 + len(self.ref_objects or ()) > self.ref_limit:
            used = _referenced(self)
            if self.ref_pairs is not None:
                pairs = self.ref_pairs
                self.ref_pairs = array("i")
                for k in range(0, len(pairs), 2):
                    if pairs[k] in used:
                        self.ref_pairs.extend((pairs[k], pairs[k + 1]))
            if self.ref_objects is not None:
                self.ref_objects = {i: r for i, r in self.ref_objects.items() if i in used}
            self.ref_limit = len(used) + _MIN_REF_LIMIT


@dataclass(frozen=True)
class Updates:
    """What ``update_scored`` did with each message of a batch (lists parallel to the batch).

    index: the message's index within its conversation. risk: its sender's conversation risk after it. alert: the
    sender's alert after it. noted: the message was kept as evidence (a tactic, a high-risk message, the first alert).
    """

    index: list[int]
    risk: list[float]
    alert: list[bool]
    noted: list[bool]


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
        self._risk_col = self._index["grooming_risk"]
        self._tactic_cols = [self._index[t] for t in TACTICS]
        # float64: probabilities are compared with the thresholds as doubles, exactly as Score.flagged does
        self._tactic_thresholds = np.array([scorer.message_threshold(t, preset) for t in TACTICS], dtype=np.float64)
        self._conversations: OrderedDict[str, _Conversation] = OrderedDict()

    def add(self, conversation_id: str, sender: str, text: str, timestamp: str | None = None) -> ConversationState:
        """Score one message and update its conversation. ``timestamp`` is accepted for the record, not used."""
        return self.add_many([(conversation_id, sender, text)])[0]

    def add_many(self, messages: Iterable[tuple[str, str, str]]) -> list[ConversationState]:
        """Like calling ``add`` on each message in order, with the model called once for all of them."""
        messages = list(messages)
        for _, _, text in messages:
            if not isinstance(text, str):
                raise TypeError(f"text must be str, not {type(text).__name__}")
        probs = self.scorer.probabilities([m[2] for m in messages])
        return self.add_scored([(cid, sender) for cid, sender, _ in messages], probs)

    def add_scored(self, keys: list[tuple[str, str]], probs: np.ndarray) -> list[ConversationState]:
        """Update conversations with messages already scored by ``Scorer.probabilities``."""
        states: list[ConversationState] = []
        self._apply(keys, probs, None, states)
        return states

    def update_scored(
        self, keys: list[tuple[str, str]], probs: np.ndarray, refs: Sequence[object] | None = None
    ) -> Updates:
        """``add_scored`` without building a ``ConversationState`` per message (the fast path of the CLI).

        refs: one reference per message (a line number, say), kept for the messages kept as evidence and returned by
        ``refs(conversation_id)``, so a caller can point at them without remembering every message itself.
        """
        return self._apply(keys, probs, refs, None)

    def _apply(
        self,
        keys: list[tuple[str, str]],
        probs: np.ndarray,
        refs: Sequence[object] | None,
        states: list[ConversationState] | None,
    ) -> Updates:
        if len(keys) != len(probs):
            raise ValueError(f"{len(keys)} keys for {len(probs)} rows of probabilities")
        for cid, sender in keys:
            if not isinstance(cid, str) or not isinstance(sender, str):
                raise TypeError("conversation_id and sender must be str")
        probs = np.asarray(probs, dtype=np.float64)  # float32 rows convert exactly; float64 ones stay as they are
        rows = probs.tolist()
        placed = []
        snapshots = []
        conversations = self._conversations
        for (cid, sender), row in zip(keys, rows, strict=True):
            conv = conversations.get(cid)
            if conv is None:
                conv = self._conversation(cid)
            else:
                conversations.move_to_end(cid)  # least recently active first: the one a cap drops
            placed.append((conv, conv.count))
            conv.count += 1
            snapshots.append(conv.stats.fold(sender, row))
        risks = self.scorer.conversation_risk(features_of(snapshots)).tolist() if snapshots else []
        out = Updates([i for _, i in placed], risks, [], [])
        # Which messages show which tactics, and which are flagged, for the whole batch at once.
        shows = probs[:, self._tactic_cols] >= self._tactic_thresholds if len(rows) else np.zeros((0, len(TACTICS)))
        showing = shows.any(axis=1).tolist()
        message_risk = probs[:, self._risk_col].tolist() if len(rows) else []
        flagged = [r >= self.scorer.threshold for r in message_risk]
        threshold = self.threshold
        alerts, noted_list = out.alert, out.noted
        for k, ((cid, sender), (conv, index), risk) in enumerate(zip(keys, placed, risks, strict=True)):
            s = conv.senders.get(sender)
            if s is None:
                s = conv.senders[sender] = _Sender()
            s.messages += 1
            s.risk = risk
            noted = False
            if not s.alert and risk >= threshold:
                s.alert = True
                s.first_alert_index = index
                noted = True
            if showing[k]:
                for j in shows[k].nonzero()[0].tolist():
                    if s.add_tactic(j, index):
                        noted = True
            if flagged[k] and s.add_evidence(message_risk[k], index):
                noted = True
            if noted and refs is not None:
                conv.keep_ref(index, refs[k])
            alerts.append(s.alert)
            noted_list.append(noted)
            if states is not None:
                states.append(
                    ConversationState(
                        conversation_id=cid,
                        sender=sender,
                        message_index=index,
                        risk=risk,
                        alert=s.alert,
                        first_alert_index=s.first_alert_index,
                        tactics_seen={t: tuple(v) for t, v in s.tactics_seen().items()},
                        evidence=tuple(s.evidence()),
                        message=self.scorer.to_score(np.asarray(probs[k])),
                    )
                )
        return out

    def _conversation(self, cid: str) -> _Conversation:
        conv = self._conversations.get(cid)
        if conv is None:
            conv = _Conversation(ConversationStats(self._index))
            self._conversations[cid] = conv
            if self.max_conversations is not None and len(self._conversations) > self.max_conversations:
                self._conversations.popitem(last=False)
        else:
            self._conversations.move_to_end(cid)  # least recently active first: the one a cap drops
        return conv

    def refs(self, conversation_id: str) -> dict[int, object]:
        """message index -> the reference given to ``update_scored``, for every index ``senders()`` mentions."""
        conv = self._conversations.get(conversation_id)
        if conv is None:
            return {}
        found: dict[int, object] = {}
        if conv.ref_pairs is not None:
            pairs = conv.ref_pairs
            found.update(zip(pairs[0::2], pairs[1::2], strict=True))
        if conv.ref_objects is not None:
            found.update(conv.ref_objects)
        return {i: found[i] for i in sorted(_referenced(conv)) if i in found}

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
                "tactics_seen": {k: list(v) for k, v in s.tactics_seen().items()},
                "evidence": s.evidence(),
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


def _referenced(conv: _Conversation) -> set[int]:
    """Message indices a conversation's state still points at: tactics, evidence, first alerts."""
    used: set[int] = set()
    for s in conv.senders.values():
        if s.seen is not None:
            used.update(i for i in s.seen if i >= 0)
        if s.evidence_index is not None:
            used.update(s.evidence_index)
        if s.first_alert_index is not None:
            used.add(s.first_alert_index)
    return used
