"""What a sender's evidence keeps, and that adding to it says truthfully whether the message was kept."""

from __future__ import annotations

import numpy as np

from groomguard.runtime.conversation import ConversationStats
from groomguard.runtime.evidence import MAX_EVIDENCE, Conversation, SenderEvidence


def _full(risks):
    s = SenderEvidence()
    assert all(s.add_evidence(r, i) for i, r in enumerate(risks))
    return s


def test_add_evidence_keeps_the_riskiest_and_says_so():
    s = _full([0.6, 0.9, 0.7, 0.8, 0.95])
    assert len(s.evidence()) == MAX_EVIDENCE
    assert s.add_evidence(0.85, 5) is True  # riskier than the lowest kept (0.6 at index 0): it replaces it
    assert s.evidence() == [1, 2, 3, 4, 5]


def test_add_evidence_reports_a_message_dropped_because_the_evidence_is_full():
    s = _full([0.6, 0.9, 0.7, 0.8, 0.95])
    before = s.evidence()
    assert s.add_evidence(0.55, 5) is False  # less risky than every message kept: it is the one dropped
    assert s.evidence() == before and 5 not in s.evidence()


def test_add_evidence_of_equal_risk_replaces_the_earliest():
    s = _full([0.7] * MAX_EVIDENCE)
    assert s.add_evidence(0.7, 5) is True
    assert s.evidence() == [1, 2, 3, 4, 5]


def test_add_evidence_past_the_index_limit_is_not_kept():
    s = SenderEvidence()
    assert s.add_evidence(0.9, 2**31) is False
    assert s.evidence() == []


def test_a_conversation_keeps_one_object_per_sender_for_aggregates_and_evidence():
    # Conversation is its own ConversationStats (one object, one dict of senders: a monitor holds thousands), and its
    # senders' aggregates are exactly those of a plain ConversationStats fed the same messages.
    index = {name: j for j, name in enumerate(
        ["trust_building", "risk_assessment", "personal_info", "secrecy", "platform_move", "gifts", "meeting",
         "sexual_content", "coercion", "minor_signal", "grooming_risk", "window_logit"]
    )}  # fmt: skip
    rng = np.random.default_rng(5)
    rows = rng.random((60, len(index))) ** 2
    rows[:, -1] = rng.normal(0, 3, len(rows))
    senders = ["abc"[int(k)] for k in rng.integers(0, 3, len(rows))]
    conv, plain = Conversation(index), ConversationStats(index)
    for sender, row in zip(senders, rows.tolist(), strict=True):
        assert conv.fold(sender, row) == plain.fold(sender, row)
    assert conv.stats is conv and list(conv.senders) == list(plain.senders) == list(dict.fromkeys(senders))
    for name, s in conv.senders.items():
        assert isinstance(s, SenderEvidence) and s.messages == s.n == senders.count(name)
        assert np.array_equal(conv.features(name), plain.features(name))


def test_notes_keep_tactics_and_riskiest_messages_in_one_array():
    # One array per sender, created with the first note: tactic codes must hold every tactic's number.
    from groomguard.runtime.conversation import TACTICS
    from groomguard.runtime.evidence import _CODES, _COUNT_BITS

    assert len(TACTICS) <= _CODES and MAX_EVIDENCE < 1 << _COUNT_BITS and len(TACTICS) * _COUNT_BITS <= 53
    s = SenderEvidence()
    assert s.notes is None and s.tactics_seen() == {} and s.evidence() == []
    last = len(TACTICS) - 1
    for index in range(MAX_EVIDENCE + 2):
        assert s.add_tactic(last, index) is (index < MAX_EVIDENCE)  # the first MAX_EVIDENCE only
    assert s.add_tactic(0, 2**31 - 1) is True and s.add_tactic(0, 2**31) is False
    assert s.add_evidence(0.5, 3) is True
    assert s.tactics_seen() == {TACTICS[0]: [2**31 - 1], TACTICS[last]: list(range(MAX_EVIDENCE))}
    assert s.evidence() == [3] and sorted(s.tactic_indices()) == [*range(MAX_EVIDENCE), 2**31 - 1]
