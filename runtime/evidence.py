"""Evidence a monitor keeps per sender: the first messages that showed each tactic, the riskiest messages, the alert.

Bounded whatever the conversation's length: MAX_EVIDENCE message indices per tactic and MAX_EVIDENCE riskiest, in
arrays of machine numbers (a few hundred bytes per sender), and the caller's references (line numbers, say) only for
the messages still kept as evidence, pruned as evidence is replaced.
"""

from __future__ import annotations

from array import array

from groomguard.runtime.conversation import TACTICS, ConversationStats, SenderStats

#: Message indices kept per sender: the first ones that showed each tactic, and the highest-risk messages.
MAX_EVIDENCE = 5
_MIN_REF_LIMIT = 16
# Message indices and line numbers are kept as 32-bit ints ("i" arrays: half the memory of Python's 64-bit ones);
# evidence is not recorded past message 2**31 - 1 of one conversation, and larger refs go to a dict.
_INT32_MAX = (1 << 31) - 1
_NONE_SEEN = array("i", [-1] * (MAX_EVIDENCE * len(TACTICS)))


class SenderEvidence(SenderStats):
    """A sender of a monitored conversation: their aggregates (``SenderStats``: one object per sender, in one dict per
    conversation) and their evidence, in arrays of machine integers and doubles created when first needed."""

    __slots__ = ("alert", "evidence_index", "evidence_risk", "first_alert_index", "risk", "seen")

    def __init__(self) -> None:
        super().__init__()
        self.risk = 0.0
        self.alert = False
        self.first_alert_index: int | None = None
        # seen[j * MAX_EVIDENCE + k]: index of the k-th message that showed TACTICS[j] (-1: none yet)
        self.seen: array | None = None
        self.evidence_risk: array | None = None  # the MAX_EVIDENCE highest message risks and their indices
        self.evidence_index: array | None = None

    @property
    def messages(self) -> int:
        """The sender's messages so far (those folded into the aggregates)."""
        return self.n

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
        """Keep message ``index`` among the MAX_EVIDENCE riskiest; True when it is kept, False when it is not: its
        index cannot be recorded, or the MAX_EVIDENCE messages already kept are all riskier (of equal risks, the
        earliest is the one dropped, so a new message as risky as the lowest kept replaces it)."""
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
            return j != len(i)  # the new message was the last one appended: kept unless it was dropped
        return True


class Conversation(ConversationStats):
    """A monitored conversation: its aggregates (a ``ConversationStats`` whose senders are ``SenderEvidence``), its
    message count and the references of the messages kept as evidence. One object and one dict of senders per
    conversation: a monitor holds thousands."""

    __slots__ = ("count", "ref_limit", "ref_objects", "ref_pairs")
    sender_type = SenderEvidence
    senders: dict[str, SenderEvidence]

    def __init__(self, label_index: dict[str, int]) -> None:
        super().__init__(label_index)
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
            used = referenced(self)
            if self.ref_pairs is not None:
                pairs = self.ref_pairs
                self.ref_pairs = array("i")
                for k in range(0, len(pairs), 2):
                    if pairs[k] in used:
                        self.ref_pairs.extend((pairs[k], pairs[k + 1]))
            if self.ref_objects is not None:
                self.ref_objects = {i: r for i, r in self.ref_objects.items() if i in used}
            self.ref_limit = len(used) + _MIN_REF_LIMIT

    @property
    def stats(self) -> ConversationStats:
        """The conversation's aggregates (the conversation itself)."""
        return self


def referenced(conv: Conversation) -> set[int]:
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
