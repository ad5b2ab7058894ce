"""ConversationMonitor: running state per conversation and sender, bounded memory, reset, batch = sequential."""

from __future__ import annotations

import numpy as np
import pytest

from groomguard.runtime.conversation import FEATURE_NAMES, N_FEATURES, conversation_features
from groomguard.runtime.monitor import MAX_EVIDENCE, ConversationMonitor

CHAT = [
    ("c1", "adult", "hey you seem really mature for your age"),
    ("c1", "kid", "im 13 lol"),
    ("c1", "adult", "are your parents home right now?"),
    ("c1", "kid", "no they're at work"),
    ("c1", "adult", "dont tell anyone we talk ok, our secret"),
    ("c1", "adult", "add me on snapchat its more private"),
    ("c2", "mum", "are you home? dinner at 7"),
]


def test_add_returns_state(tiny_scorer):
    mon = ConversationMonitor(tiny_scorer)
    states = [mon.add(*m) for m in CHAT]
    assert [s.message_index for s in states] == [0, 1, 2, 3, 4, 5, 0]
    last = states[5]
    assert last.conversation_id == "c1" and last.sender == "adult"
    assert 0.0 <= last.risk <= 1.0
    assert last.alert == (last.first_alert_index is not None)
    for tactic, indices in last.tactics_seen.items():
        assert all(CHAT[i][1] == "adult" for i in indices), tactic
    assert set(mon.senders("c1")) == {"adult", "kid"}
    assert len(mon) == 2


def test_add_many_equals_sequential(tiny_scorer):
    a = ConversationMonitor(tiny_scorer)
    b = ConversationMonitor(tiny_scorer)
    seq = [a.add(*m) for m in CHAT]
    many = b.add_many(CHAT)
    for x, y in zip(seq, many, strict=True):
        assert x.risk == pytest.approx(y.risk, abs=1e-6)
        assert x.context_risk == pytest.approx(y.context_risk, abs=1e-6) and x.flagged == y.flagged
        assert (x.alert, x.first_alert_index, x.tactics_seen) == (y.alert, y.first_alert_index, y.tactics_seen)


def test_alert_is_sticky_and_threshold_respected(tiny_scorer):
    mon = ConversationMonitor(tiny_scorer, threshold=0.0)
    first = mon.add("c", "a", "hello")
    assert first.alert and first.first_alert_index == 0
    later = mon.add("c", "a", "nice weather")
    assert later.alert and later.first_alert_index == 0


def test_a_message_is_flagged_on_its_risk_in_its_conversation(tiny_scorer):
    mon = ConversationMonitor(tiny_scorer)
    states = mon.add_many(CHAT)
    assert mon.context_threshold == tiny_scorer.context_threshold("balanced")
    probs = tiny_scorer.probabilities([m[2] for m in CHAT], window=True)
    own = probs[:, tiny_scorer.label_index["grooming_risk"]]
    # the context head, by the scorer, on the sender's features after the message (a replay) and the message's risk
    for k, (state, p) in enumerate(zip(states, own, strict=True)):
        rows = [i for i in range(k + 1) if CHAT[i][0] == CHAT[k][0]]
        features = conversation_features(probs[rows], [CHAT[i][1] for i in rows], tiny_scorer.window_index)
        conv, context = tiny_scorer.conversation_and_context(features[None, :], [p])
        assert state.risk == pytest.approx(float(conv[0]), abs=1e-6)
        assert state.context_risk == pytest.approx(float(context[0]), abs=1e-6)
        assert state.flagged == (state.context_risk >= mon.context_threshold)
    # a given threshold decides both the alert and the message flag
    everything = ConversationMonitor(tiny_scorer, threshold=0.0)
    assert everything.context_threshold == 0.0 and all(s.flagged for s in everything.add_many(CHAT))
    nothing = ConversationMonitor(tiny_scorer, threshold=1.0)
    assert not any(s.flagged for s in nothing.add_many(CHAT))


def test_reset_and_bounded_conversations(tiny_scorer):
    mon = ConversationMonitor(tiny_scorer, max_conversations=3)
    for i in range(10):
        mon.add(f"c{i}", "s", "hi")
    assert mon.conversation_ids() == ["c7", "c8", "c9"]
    mon.reset("c8")
    assert mon.conversation_ids() == ["c7", "c9"]
    assert mon.add("c8", "s", "hi again").message_index == 0


def test_memory_per_conversation_is_bounded(tiny_scorer):
    mon = ConversationMonitor(tiny_scorer, threshold=1.0)
    for _ in range(300):
        state = mon.add("long", "a", "are your parents home? dont tell anyone, add me on snapchat")
    conv = mon._conversations["long"]
    assert set(conv.stats.senders) == {"a"} and conv.stats.senders["a"].n == 300  # aggregates, no message list
    assert all(len(v) <= MAX_EVIDENCE for v in state.tactics_seen.values())
    assert len(state.evidence) <= MAX_EVIDENCE


def test_types_checked(tiny_scorer):
    mon = ConversationMonitor(tiny_scorer)
    with pytest.raises(TypeError):
        mon.add("c", "s", None)
    with pytest.raises(TypeError):
        mon.add(1, "s", "hi")
    with pytest.raises(ValueError):
        ConversationMonitor(tiny_scorer, preset="nope")


def test_conversation_features_read_both_sides():
    index = {name: j for j, name in enumerate(
        ["trust_building", "risk_assessment", "personal_info", "secrecy", "platform_move", "gifts", "meeting",
         "sexual_content", "coercion", "minor_signal", "grooming_risk"]
    )}  # fmt: skip
    probs = np.zeros((3, 11))
    probs[0, index["secrecy"]] = 0.9
    probs[1, index["minor_signal"]] = 0.8
    f = conversation_features(probs, ["adult", "kid", "adult"], index)
    assert f.shape == (N_FEATURES,)
    name = {n: i for i, n in enumerate(FEATURE_NAMES)}
    assert f[name["max_secrecy"]] == pytest.approx(0.9)
    assert f[name["escalation"]] == 0.0
    probs[2, index["meeting"]] = 0.7
    assert conversation_features(probs, ["adult", "kid", "adult"], index)[name["escalation"]] == 1.0
    alone = conversation_features(probs, ["adult", "adult", "adult"], index)
    assert f[name["minor_other"]] == pytest.approx(0.8)
    assert alone[name["minor_other"]] == 0.0  # minor signals count only from the other side
    assert alone[name["minor_self"]] == pytest.approx(0.8)


def test_update_scored_agrees_with_add_scored(tiny_scorer, random_batch):
    keys, probs = random_batch(tiny_scorer, 900, 3)
    a, b = ConversationMonitor(tiny_scorer), ConversationMonitor(tiny_scorer)
    states, updates = [], []
    for lo in range(0, 900, 128):
        states += a.add_scored(keys[lo : lo + 128], probs[lo : lo + 128])
        u = b.update_scored(keys[lo : lo + 128], probs[lo : lo + 128], refs=list(range(lo, lo + 128)))
        updates += list(zip(u.index, u.risk, u.context, u.flagged, u.alert, u.noted, strict=True))
    for state, (index, risk, context, flagged, alert, noted) in zip(states, updates, strict=True):
        assert (state.message_index, state.risk, state.alert) == (index, risk, alert)
        assert (state.context_risk, state.flagged) == (context, flagged)
        shows = index in state.evidence or state.first_alert_index == index
        shows = shows or any(index in v for v in state.tactics_seen.values())
        assert noted == shows  # noted: exactly the messages the state points at right after them
    for cid in a.conversation_ids():
        assert a.senders(cid) == b.senders(cid)


def test_a_flagged_message_dropped_from_full_evidence_is_not_noted(tiny_scorer):
    # one sender, more flagged messages than MAX_EVIDENCE, no tactic shown and no alert possible: only evidence notes
    n = MAX_EVIDENCE + 3
    probs = np.zeros((n, len(tiny_scorer.labels) + 1), dtype=np.float64)
    risk_col = tiny_scorer.window_index["grooming_risk"]
    probs[:, risk_col] = [0.99, 0.98, 0.97, 0.96, 0.95, 0.90, 0.999, 0.91]  # all above any message threshold
    mon = ConversationMonitor(tiny_scorer)
    mon.threshold = 1.1  # above any probability: no alert (the constructor takes thresholds in [0, 1] only)
    mon.context_threshold = 0.0  # every message flagged in context; evidence keeps the highest risks of their own
    updates = mon.update_scored([("c", "s")] * n, probs, refs=list(range(100, 100 + n)))
    # the sixth (0.90) is less risky than the five kept; the seventh replaces 0.95; the eighth (0.91) is dropped
    assert updates.noted == [True] * MAX_EVIDENCE + [False, True, False]
    assert mon.senders("c")["s"]["evidence"] == [0, 1, 2, 3, 6]
    assert mon.refs("c") == {i: 100 + i for i in (0, 1, 2, 3, 6)}


def test_evidence_is_the_flagged_messages_with_the_highest_risk_of_their_own(tiny_scorer):
    probs = np.zeros((3, len(tiny_scorer.labels) + 1), dtype=np.float64)
    probs[:, tiny_scorer.window_index["grooming_risk"]] = [0.99, 0.2, 0.5]
    mon = ConversationMonitor(tiny_scorer)
    mon.threshold = mon.context_threshold = 1.1  # nothing flagged in context: no evidence, however risky alone
    mon.update_scored([("c", "s")] * 3, probs)
    assert mon.senders("c")["s"]["evidence"] == []
    mon.context_threshold = 0.0
    updates = mon.update_scored([("d", "s")] * 3, probs)
    assert all(updates.flagged) and mon.senders("d")["s"]["evidence"] == [0, 1, 2]


def test_refs_point_at_evidence_and_stay_bounded(tiny_scorer, random_batch):
    keys, probs = random_batch(tiny_scorer, 4000, 4)
    mon = ConversationMonitor(tiny_scorer)
    for lo in range(0, 4000, 500):
        mon.update_scored(keys[lo : lo + 500], probs[lo : lo + 500], refs=[1000 + i for i in range(lo, lo + 500)])
    for cid in mon.conversation_ids():
        positions = [i for i, (c, _) in enumerate(keys) if c == cid]  # message index -> position in the input
        used = set()
        for s in mon.senders(cid).values():
            assert all(len(v) <= MAX_EVIDENCE for v in s["tactics_seen"].values())
            assert len(s["evidence"]) <= MAX_EVIDENCE
            used |= {i for v in s["tactics_seen"].values() for i in v} | set(s["evidence"])
            used |= {s["first_alert_index"]} - {None}
        refs = mon.refs(cid)
        assert set(refs) == used and all(refs[i] == 1000 + positions[i] for i in refs)
        conv = mon._conversations[cid]
        assert len(conv.ref_pairs) // 2 <= len(used) + 16  # pruned: no ref per message is kept
    other = ConversationMonitor(tiny_scorer)
    other.update_scored([("c", "a")], probs[:1], refs=[("line 3", "file.txt")])  # any object works as a ref
    assert list(other.refs("c").values()) in ([], [("line 3", "file.txt")])


def test_any_ref_is_kept_and_float64_scores_are_not_rounded(tiny_scorer):
    mon = ConversationMonitor(tiny_scorer, threshold=0.0)  # the first message of each sender alerts: a kept ref
    probs = np.full((2, len(tiny_scorer.labels) + 1), 0.1234567890123)
    mon.update_scored([("c", "s"), ("c", "t")], probs, refs=[2**64, -5])  # too big / negative for the int array
    assert mon.refs("c") == {0: 2**64, 1: -5}
    state = mon.add_scored([("c", "s")], probs[:1])[0]
    assert state.message.risk == 0.1234567890123


def test_messages_past_int32_are_scored_but_not_recorded_as_evidence(tiny_scorer):
    mon = ConversationMonitor(tiny_scorer, threshold=1.0)
    mon.context_threshold = 0.0
    probs = np.ones((1, len(tiny_scorer.labels) + 1))  # shows every tactic and is flagged
    mon.update_scored([("c", "s")], probs, refs=[1])
    mon._conversations["c"].count = 2**31  # a conversation this long does not happen; it must not crash
    u = mon.update_scored([("c", "s")], probs, refs=[2])
    assert u.index == [2**31] and u.noted == [False]
    s = mon.senders("c")["s"]
    assert s["evidence"] == [0] and all(v == [0] for v in s["tactics_seen"].values()) and s["messages"] == 2
    assert mon.refs("c") == {0: 1}


def test_rows_without_the_window_logit_are_refused_with_a_clear_message(tiny_scorer):
    mon = ConversationMonitor(tiny_scorer)
    with pytest.raises(ValueError, match="window=True"):
        mon.add_scored([("c", "s")], tiny_scorer.probabilities(["hello"]))
    state = mon.add_scored([("c", "s")], tiny_scorer.probabilities(["hello"], window=True))[0]
    assert state.message == tiny_scorer.score("hello")


class _SetRisks:
    """A scorer whose conversation head returns the given risks in order (the rest is the tiny model's)."""

    def __init__(self, scorer, risks):
        self._scorer, self._risks = scorer, list(risks)

    def __getattr__(self, name):
        return getattr(self._scorer, name)

    def conversation_and_context(self, features, message_risk):
        n = len(features)
        risks, self._risks = self._risks[:n], self._risks[n:]
        return np.array(risks, np.float32), np.zeros(n, np.float32)


def test_the_alert_goes_to_the_sender_with_the_highest_risk(tiny_scorer):
    # adult 0.6 leads and is alerted; the kid's 0.55 is over the threshold but below the adult's: not alerted;
    # at 0.8 the kid leads and is alerted too (the rule picks who, never whether a conversation alerts).
    risks = [0.6, 0.55, 0.7, 0.65, 0.8]
    mon = ConversationMonitor(_SetRisks(tiny_scorer, risks), threshold=0.5)
    senders = ["adult", "kid", "adult", "kid", "kid"]
    states = [mon.add("c", who, "hello") for who in senders]
    assert [s.alert for s in states] == [True, False, True, False, True]
    assert [s.first_alert_index for s in states] == [0, None, 0, None, 4]
    assert {k: v["alert"] for k, v in mon.senders("c").items()} == {"adult": True, "kid": True}


def test_whether_a_conversation_alerts_does_not_depend_on_who_leads(tiny_scorer):
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 12))
        risks = rng.random(n).round(2).tolist()
        senders = [str(s) for s in rng.integers(0, 3, n)]
        mon = ConversationMonitor(_SetRisks(tiny_scorer, risks), threshold=0.5)
        alerted = [mon.add("c", who, "hi").alert for who in senders]
        assert any(alerted) == any(r >= 0.5 for r in risks)
        first = next((i for i, r in enumerate(risks) if r >= 0.5), None)
        assert first is None or alerted[first]  # the first sender over the threshold always leads


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"threshold": 5}, ValueError),
        ({"threshold": -1}, ValueError),
        ({"threshold": float("nan")}, ValueError),
        ({"threshold": "0.5"}, TypeError),
        ({"threshold": True}, TypeError),
        ({"preset": "paranoid"}, ValueError),
        ({"max_conversations": 0}, ValueError),
        ({"max_conversations": 1.5}, TypeError),
        ({"max_conversations": True}, TypeError),
        ({"max_conversations": "3"}, TypeError),
    ],
)
def test_arguments_are_checked_as_the_scorers(tiny_scorer, kwargs, error):
    with pytest.raises(error):
        ConversationMonitor(tiny_scorer, **kwargs)


def test_preset_is_the_scorers_unless_given(tiny_model_dir):
    from groomguard.runtime.scorer import Scorer

    recall = Scorer(tiny_model_dir, preset="high_recall")
    assert ConversationMonitor(recall).preset == "high_recall"
    assert ConversationMonitor(recall).threshold == recall.conversation_threshold("high_recall")
    assert ConversationMonitor(recall, preset="balanced").preset == "balanced"
    assert ConversationMonitor(Scorer(tiny_model_dir)).preset == "balanced"
    fixed = ConversationMonitor(recall, threshold=np.float32(0.25))
    assert fixed.threshold == fixed.context_threshold == 0.25


@pytest.mark.parametrize("messages", ["abc", [("c", "s")], [("c", "s", "hi", "extra")]])
def test_add_many_takes_triples(tiny_scorer, messages):
    with pytest.raises(TypeError, match=r"\(conversation_id, sender, text\) tuples"):
        ConversationMonitor(tiny_scorer).add_many(messages)
