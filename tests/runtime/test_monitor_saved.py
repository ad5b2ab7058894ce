"""Saved monitor state: export_state / import_state go on exactly as if the monitor had never stopped, refuse what
they cannot take with a reason, and hold no message text."""

from __future__ import annotations

import copy
import json

import pytest

from groomguard import StateError
from groomguard.runtime.monitor import ConversationMonitor


def _saved(monitor):
    """Every conversation's state through JSON text, as an app would store it."""
    return [json.loads(json.dumps(monitor.export_state(cid))) for cid in monitor.conversation_ids()]


@pytest.mark.parametrize("preset", ["balanced", "high_recall"])
def test_a_restored_monitor_goes_on_exactly_as_one_that_never_stopped(tiny_scorer, random_batch, preset):
    keys, probs = random_batch(tiny_scorer, 1200, 5)
    refs = list(range(1000, 2200))
    never = ConversationMonitor(tiny_scorer, preset=preset)
    first = never.update_scored(keys[:600], probs[:600], refs[:600])
    later = never.add_scored(keys[600:], probs[600:])

    before = ConversationMonitor(tiny_scorer, preset=preset)
    assert before.update_scored(keys[:600], probs[:600], refs[:600]) == first
    saved = _saved(before)
    restored = ConversationMonitor(tiny_scorer, preset=preset)  # a new process: nothing but the saved documents
    for document in saved:
        restored.import_state(document)
    assert restored.conversation_ids() == before.conversation_ids()
    assert restored.add_scored(keys[600:], probs[600:]) == later  # every state, every float, exactly
    for cid in never.conversation_ids():
        assert restored.senders(cid) == never.senders(cid)
        assert restored.refs(cid) == never.refs(cid)
    assert any(s["alert"] for cid in never.conversation_ids() for s in never.senders(cid).values())
    assert any(s["evidence"] for cid in never.conversation_ids() for s in never.senders(cid).values())


def test_a_saved_state_reads_back_as_itself(tiny_scorer, random_batch):
    keys, probs = random_batch(tiny_scorer, 300, 6)
    monitor = ConversationMonitor(tiny_scorer)
    monitor.update_scored(keys, probs, [f"line {k}" for k in range(300)])
    for document in _saved(monitor):
        again = ConversationMonitor(tiny_scorer)
        cid = again.import_state(copy.deepcopy(document))
        assert cid == document["conversation_id"]
        assert again.export_state(cid) == document


def test_the_state_holds_no_message_text(tiny_scorer):
    monitor = ConversationMonitor(tiny_scorer)
    texts = ["are your parents home right now?", "dont tell anyone we talk ok, our secret", "im 13 lol"]
    for k, text in enumerate(texts * 3):
        monitor.add("chat-1", "adult" if k % 3 != 2 else "kid", text)
    saved = json.dumps(monitor.export_state("chat-1"))
    for word in {w for text in texts for w in text.split() if len(w) > 3}:
        assert word not in saved
    assert "chat-1" in saved and "adult" in saved  # the ids the app gave: it needs them to put the state back


def test_a_state_of_another_model_or_other_thresholds_is_refused(tiny_scorer):
    monitor = ConversationMonitor(tiny_scorer)
    monitor.add("c", "a", "are your parents home?")
    document = monitor.export_state("c")
    other = dict(document, model_sha256="0" * 64)
    with pytest.raises(StateError, match=r"saved with model 000000000000.*one model's aggregates mean nothing"):
        ConversationMonitor(tiny_scorer).import_state(other)
    with pytest.raises(StateError, match="other thresholds"):
        ConversationMonitor(tiny_scorer, preset="high_recall").import_state(document)
    with pytest.raises(StateError, match="other thresholds"):
        ConversationMonitor(tiny_scorer, threshold=0.5).import_state(document)
    ConversationMonitor(tiny_scorer, preset="balanced").import_state(document)  # the same thresholds: taken


def _damaged(document, change):
    d = copy.deepcopy(document)
    change(d)
    return d


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(groomguard_monitor_state=2), "not a groomguard monitor state of version 1"),
        (lambda d: d.pop("groomguard_monitor_state"), "not a groomguard monitor state"),
        (lambda d: d.update(messages=d["messages"] + 1), "add up to 3, not to the conversation's 4"),
        (lambda d: d.update(messages="3"), "messages must be an int, not str"),
        (lambda d: d.update(window_ring=[0.0] * 19), "window_ring must hold 20 numbers, not 19"),
        (lambda d: d["window_ring"].__setitem__(0, float("nan")), "must be a finite number"),
        (lambda d: d["senders"][0].update(risk=None), "sender 'a': risk must be a finite number"),
        (lambda d: d["senders"][0].update(alert=1), "sender 'a': alert must be a bool, not int"),
        (lambda d: d["senders"][0]["max"].pop("gifts"), "max must have one number per tactic"),
        (lambda d: d["senders"].append(copy.deepcopy(d["senders"][0])), "'a' is listed twice"),
        (lambda d: d["senders"][0].update(alert=False), "exactly when alert is true"),
        (lambda d: d["senders"][0]["tactics_seen"].update(secrecy=[2, 1]), "indices in ascending order"),
        (lambda d: d["senders"][0]["tactics_seen"].update(secrecy=[9]), "indices in ascending order"),
        (lambda d: d["senders"][0]["tactics_seen"].update(chat=[0]), "'chat' is not a tactic"),
        (lambda d: d["senders"][0].update(evidence=[[0.5, 0]] * 6), "at most 5"),
        (lambda d: d["senders"][0].update(evidence=[[0.5, 3]]), "message index"),
        (lambda d: d.update(refs=[[7, 1]]), "refs"),
    ],
)
def test_a_damaged_state_is_refused_with_the_reason(tiny_scorer, change, reason):
    monitor = ConversationMonitor(tiny_scorer, threshold=0.0)  # every message alerts, shows and is flagged
    monitor.add_many([("c", "a", "hi"), ("c", "a", "are you home alone?"), ("c", "b", "yes")])
    document = monitor.export_state("c")
    assert document["senders"][0]["alert"] and document["senders"][0]["tactics_seen"]
    restored = ConversationMonitor(tiny_scorer, threshold=0.0)
    with pytest.raises(StateError, match=reason):
        restored.import_state(_damaged(document, change))
    assert restored.conversation_ids() == []  # nothing half-taken
    restored.import_state(document)


def test_not_a_dict_and_unknown_conversations(tiny_scorer):
    monitor = ConversationMonitor(tiny_scorer)
    with pytest.raises(StateError, match="JSON object, not list"):
        monitor.import_state([])
    with pytest.raises(KeyError, match="no conversation 'nope'"):
        monitor.export_state("nope")


def test_refs_that_are_not_json_values_cannot_be_saved(tiny_scorer):
    monitor = ConversationMonitor(tiny_scorer, threshold=0.0)
    probs = tiny_scorer.probabilities(["are you home alone?"], window=True)
    monitor.update_scored([("c", "a")], probs, [object()])
    with pytest.raises(TypeError, match="only JSON values"):
        monitor.export_state("c")


def test_an_imported_conversation_is_the_most_recent_and_the_cap_holds(tiny_scorer):
    monitor = ConversationMonitor(tiny_scorer, max_conversations=2)
    monitor.add_many([("a", "x", "hi"), ("b", "x", "hi")])
    saved = monitor.export_state("a")
    monitor.add("c", "x", "hi")  # drops a
    assert monitor.conversation_ids() == ["b", "c"]
    monitor.import_state(saved)  # a comes back as the most recent; b, the least recently active, goes
    assert monitor.conversation_ids() == ["c", "a"]
    assert monitor.add("a", "x", "hi").message_index == 1


def test_on_drop_gets_each_dropped_conversation_whole_and_it_comes_back_as_it_was(tiny_scorer, random_batch):
    keys, probs = random_batch(tiny_scorer, 300, 8)  # four conversations, a cap of two: a drop every few messages
    kept: dict[str, dict] = {}
    capped = ConversationMonitor(tiny_scorer, max_conversations=2, on_drop=lambda cid, state: kept.update({cid: state}))
    whole = ConversationMonitor(tiny_scorer)  # no cap: the reference
    for key, row in zip(keys, probs, strict=True):  # as an app adds messages as they come
        if key[0] in kept:  # it put back what it kept when the conversation comes back
            capped.import_state(json.loads(json.dumps(kept.pop(key[0]))))
        assert capped.add_scored([key], row[None]) == whole.add_scored([key], row[None])
    assert len(capped) == 2 and len(kept) == 2
    for cid in whole.conversation_ids():
        state = kept[cid] if cid in kept else capped.export_state(cid)
        assert state == whole.export_state(cid)


def test_on_drop_is_called_after_the_batch_has_updated_the_dropped_conversation(tiny_scorer):
    dropped = []
    monitor = ConversationMonitor(tiny_scorer, threshold=0.0, max_conversations=1, on_drop=lambda *a: dropped.append(a))
    monitor.add_many([("a", "x", "are you home alone?"), ("b", "y", "hi")])  # b drops a within the batch
    assert [cid for cid, _ in dropped] == ["a"]
    state = dropped[0][1]
    assert state["messages"] == 1 and state["senders"][0]["alert"] and state["senders"][0]["first_alert_index"] == 0
    failing = ConversationMonitor(tiny_scorer, max_conversations=1, on_drop=lambda cid, state: 1 / 0)
    failing.add("a", "x", "hi")
    with pytest.raises(ZeroDivisionError):
        failing.add("b", "x", "hi")  # a is dropped; on_drop fails: b's message is in, a's state waits
    assert failing.conversation_ids() == ["b"]
    failing.on_drop = lambda cid, state: dropped.append((cid, state))
    failing.add("b", "x", "hi again")
    assert dropped[-1][0] == "a" and dropped[-1][1]["messages"] == 1  # handed over at the next call, not lost
    with pytest.raises(TypeError, match="on_drop must be None or a function"):
        ConversationMonitor(tiny_scorer, on_drop="save")
    ConversationMonitor(tiny_scorer, max_conversations=1).add_many([("a", "x", "hi"), ("b", "x", "hi")])  # no hook
