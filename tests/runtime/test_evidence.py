"""What a sender's evidence keeps, and that adding to it says truthfully whether the message was kept."""

from __future__ import annotations

from groomguard.runtime.evidence import MAX_EVIDENCE, SenderEvidence


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
