"""Evidence a monitor keeps per sender: the first messages that showed each tactic, the riskiest messages, the alert.

Bounded whatever the conversation's length: MAX_EVIDENCE message indices per tactic and MAX_EVIDENCE riskiest, in
one array of doubles per sender (created when first needed: a sender who never showed anything has none), and the
caller's references (line numbers, say) only for the messages still kept as evidence, pruned as evidence is replaced.
"""

from __future__ import annotations

from array import array

from groomguard.runtime.conversation import TACTICS, ConversationStats, SenderStats

#: Message indices kept per sender: the first ones that showed each tactic, and the highest-risk messages.
MAX_EVIDENCE = 5
_MIN_REF_LIMIT = 16
# Message indices and line numbers are kept below 2**31 (refs as 32-bit ints: half the memory of Python's 64-bit
# ones); evidence is not recorded past message 2**31 - 1 of one conversation, and larger refs go to a dict.
_INT32_MAX = (1 << 31) - 1
# A sender's notes, one array of doubles (one object, not three: a monitor holds thousands of senders; 1.7 MB less on
# the bench's 10,000 senders than three arrays, a fixed one of 45 tactic slots among them): how many messages each
# tactic has recorded (3 bits per tactic, in one slot), the riskiest messages as MAX_EVIDENCE (risk, index) pairs
# (index -1: a free slot), then one code per message that showed a tactic, in the order they came: index * _CODES +
# the tactic's number (exact in a double: index < 2**31).
_COUNTS = 0
_PAIRS = 1
_FIRST_CODE = _PAIRS + 2 * MAX_EVIDENCE
_CODES = 16
_COUNT_BITS = 3  # MAX_EVIDENCE fits
_COUNT_MASK = (1 << _COUNT_BITS) - 1
_EMPTY_NOTES = array("d", [0.0] + [0.0, -1.0] * MAX_EVIDENCE)


class SenderEvidence(SenderStats):
    """A sender of a monitored conversation: their aggregates (``SenderStats``: one object per sender, in one dict per
    conversation) and their evidence, in one array of doubles created when first needed (``notes``)."""

    __slots__ = ("alert", "first_alert_index", "notes", "risk")

    def __init__(self) -> None:
        super().__init__()
        self.risk = 0.0
        self.alert = False
        self.first_alert_index: int | None = None
        self.notes: array | None = None  # see _EMPTY_NOTES

    @property
    def messages(self) -> int:
        """The sender's messages so far (those folded into the aggregates)."""
        return self.n

    def _notes(self) -> array:
        if self.notes is None:
            self.notes = array("d", _EMPTY_NOTES)
        return self.notes

    def add_tactic(self, j: int, index: int) -> bool:
        """Record that message ``index`` showed tactic ``j``; False when MAX_EVIDENCE are already recorded."""
        if index > _INT32_MAX:
            return False
        notes = self._notes()
        counts = int(notes[_COUNTS])
        if (counts >> (_COUNT_BITS * j)) & _COUNT_MASK >= MAX_EVIDENCE:
            return False
        notes[_COUNTS] = counts + (1 << (_COUNT_BITS * j))
        notes.append(index * _CODES + j)
        return True

    def tactic_indices(self) -> list[int]:
        """Indices of the messages recorded for any tactic (a message once per tactic it showed)."""
        return [] if self.notes is None else [int(code) // _CODES for code in self.notes[_FIRST_CODE:]]

    def tactics_seen(self) -> dict[str, list[int]]:
        if self.notes is None:
            return {}
        seen: dict[int, list[int]] = {}
        for code in self.notes[_FIRST_CODE:]:
            index, j = divmod(int(code), _CODES)
            seen.setdefault(j, []).append(index)
        return {tactic: seen[j] for j, tactic in enumerate(TACTICS) if j in seen}

    def evidence(self) -> list[int]:
        if self.notes is None:
            return []
        return sorted(int(i) for i in self.notes[_PAIRS + 1 : _FIRST_CODE : 2] if i >= 0)

    def add_evidence(self, risk: float, index: int) -> bool:
        """Keep message ``index`` among the MAX_EVIDENCE riskiest; True when it is kept, False when it is not: its
        index cannot be recorded, or the MAX_EVIDENCE messages already kept are all riskier (of equal risks, the
        earliest is the one dropped, so a new message as risky as the lowest kept replaces it)."""
        if index > _INT32_MAX:
            return False
        notes = self._notes()
        lowest = None  # the slot of the lowest (risk, index) kept: the one a new message replaces
        for k in range(_PAIRS, _FIRST_CODE, 2):
            if notes[k + 1] < 0:  # a free slot
                notes[k], notes[k + 1] = risk, index
                return True
            if lowest is None or (notes[k], notes[k + 1]) < (notes[lowest], notes[lowest + 1]):
                lowest = k
        if (risk, index) < (notes[lowest], notes[lowest + 1]):
            return False
        notes[lowest], notes[lowest + 1] = risk, index
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
        used.update(s.tactic_indices())
        used.update(s.evidence())
        if s.first_alert_index is not None:
            used.add(s.first_alert_index)
    return used
