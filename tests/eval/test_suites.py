"""Each corpus suite on hand-made records, probabilities and monitor outcomes (fake scorer, known answers)."""

from __future__ import annotations

import numpy as np
import pytest

from groomguard.eval.data import group_conversations, sort_by_conversation
from groomguard.eval.scoring import ConversationOutcome, EvalContext
from groomguard.eval.suites import early_detection, hard_negatives, long_chats, obfuscation, synthetic

PRESETS = ("high_precision", "balanced", "high_recall")


def outcome(
    cid, grooming, first_alert=None, roles=None, alert_from=-1, ctype="teen_peers", n=10, trace=None, flagged=None
):
    flagged = np.zeros(n, dtype=bool) if flagged is None else np.asarray(flagged, dtype=bool)
    return ConversationOutcome(
        flagged=flagged,
        conversation_id=cid,
        grooming=grooming,
        conversation_type=ctype,
        alert_from=alert_from,
        n_messages=n,
        first_alert=first_alert or {},
        roles=roles or {"a": "adult", "b": "child"},
        risk_trace=np.asarray(trace if trace is not None else np.zeros(n)),
    )


def context(scorer, records, probs, outcomes=None) -> EvalContext:
    records = sort_by_conversation(records)
    ctx = EvalContext(scorer, records, np.asarray(probs, dtype=np.float32), group_conversations(records))
    for p in PRESETS:
        ctx._outcomes[p] = outcomes or []
    return ctx


def probs_for(scorer, risk: list[float]) -> np.ndarray:
    out = np.zeros((len(risk), len(scorer.labels)), dtype=np.float32)
    out[:, scorer.label_index["grooming_risk"]] = risk
    return out


def test_synthetic_message_level_and_unannotated_records(fake_scorer, make_record):
    records = [
        make_record("g1", 0, "x", labels=["grooming_risk"], family="secrecy/our_secret", grooming=1),
        make_record("g1", 1, "y", grooming=1),
        make_record("g1", 2, "z", labels=["grooming_risk"], family="secrecy/our_secret", grooming=1),
        make_record("b1", 0, "w", annotated=["secrecy"]),  # does not annotate grooming_risk: left out
    ]
    ctx = context(fake_scorer, records, probs_for(fake_scorer, [0.9, 0.6, 0.3, 0.99]))
    out = synthetic.message_level(ctx)["grooming_risk"]
    assert out["n"] == 3 and out["positives"] == 2
    assert out["pr_auc"] == pytest.approx((1.0 + 2 / 3) / 2)
    bal = out["presets"]["balanced"]  # threshold 0.5: predicted 0.9 (pos) and 0.6 (neg)
    assert (bal["tp"], bal["fp"], bal["fn"]) == (1, 1, 1)
    assert out["presets"]["high_recall"]["recall"] == 1.0
    fam = synthetic.family_recall(ctx)
    assert fam == {"secrecy/our_secret": {"n": 2, "recall": 0.5}}


def test_synthetic_conversation_level(fake_scorer, make_record):
    records = [make_record("c", 0, "x")]
    outcomes = [
        outcome("g1", 1, {"a": 3}, ctype="grooming"),
        outcome("g2", 1, {"b": 2}, ctype="grooming"),  # only the child alerted: counts in recall, not recall_groomer
        outcome("g3", 1, ctype="grooming"),
        outcome("b1", 0, {"a": 1}, ctype="parent_child"),
        outcome("b2", 0, ctype="parent_child"),
        outcome("b3", 0, ctype="relatives"),
        outcome("u", -1, {"a": 0}, ctype="unknown"),  # unknown truth: ignored
    ]
    ctx = context(fake_scorer, records, probs_for(fake_scorer, [0.1]), outcomes)
    bal = synthetic.conversation_level(ctx)["balanced"]
    assert bal["recall"] == {"n": 3, "count": 2, "share": pytest.approx(2 / 3)}
    assert bal["recall_groomer"]["count"] == 1
    assert bal["child_alerted"] == {"n": 3, "count": 1, "share": pytest.approx(1 / 3)}  # g2's "b" is the child
    assert bal["false_alert_rate"] == {"n": 3, "count": 1, "share": pytest.approx(1 / 3)}
    assert bal["by_conversation_type"]["parent_child"]["share"] == 0.5
    assert "unknown" not in bal["by_conversation_type"]


def test_synthetic_messages_in_context(fake_scorer, make_record):
    records = [
        make_record("g", 0, "x", grooming=1),  # adult
        make_record("g", 1, "y", grooming=1),  # child
        make_record("g", 2, "z", grooming=1),  # adult
        make_record("n", 0, "w"),
        make_record("n", 1, "v"),
    ]
    ctx = context(fake_scorer, records, probs_for(fake_scorer, [0.1] * 5))
    flags = {"g": [True, True, False], "n": [False, True]}
    outcomes = [
        outcome(c.conversation_id, c.grooming, n=len(c), flagged=flags[c.conversation_id]) for c in ctx.conversations
    ]
    for p in PRESETS:
        ctx._outcomes[p] = outcomes
    bal = synthetic.messages_in_context(ctx)["balanced"]
    assert bal["groomer_lines"] == {"n": 2, "count": 1, "share": 0.5}
    assert bal["child_lines_of_grooming"] == {"n": 1, "count": 1, "share": 1.0}
    assert bal["benign_conversation_lines"] == {"n": 2, "count": 1, "share": 0.5}


def test_hard_negatives(fake_scorer, make_record):
    records = [
        make_record("t1", 0, "x", family="twin_secrecy/surprise_party"),
        make_record("t1", 1, "y", family="twin_secrecy/surprise_party"),
        make_record("t2", 0, "z", family="twin_meeting/pick_up"),
        make_record("s1", 0, "w", family="smalltalk_relatives/hi"),  # not a twin
    ]
    ctx = context(fake_scorer, records, probs_for(fake_scorer, [0.9, 0.3, 0.6, 0.99]))
    in_context = {"t1": [False, True], "t2": [False], "s1": [True]}  # per conversation, in message order
    first_alert = {"t1": {"a": 0}}
    ctype = {"t1": "relatives", "t2": "parent_child", "s1": "relatives"}
    outcomes = [
        outcome(c.conversation_id, 0, first_alert.get(c.conversation_id), ctype=ctype[c.conversation_id],
                n=len(c), flagged=in_context[c.conversation_id])
        for c in ctx.conversations
    ]  # fmt: skip
    for p in PRESETS:
        ctx._outcomes[p] = outcomes
    out = hard_negatives.run(ctx)
    assert out["presets"]["balanced"]["flagged_in_context"] == {"n": 3, "count": 1, "share": pytest.approx(1 / 3)}
    assert out["twin_messages"] == 3
    assert out["presets"]["balanced"]["flagged"]["share"] == pytest.approx(2 / 3)
    assert out["presets"]["high_precision"]["flagged"]["count"] == 1
    assert out["presets"]["balanced"]["by_mirrored_label"]["meeting"]["share"] == 1.0
    assert [w["family"] for w in out["worst_families_balanced"]] == [
        "twin_meeting/pick_up",
        "twin_secrecy/surprise_party",
    ]
    assert out["benign_false_alert_rate_by_type"]["balanced"]["relatives"]["share"] == 0.5


def test_early_detection_preset_metrics():
    outcomes = [
        outcome("g1", 1, {"a": 0}, alert_from=3),  # k = 1, 3 messages before alert_from
        outcome("g2", 1, {"a": 89, "b": 5}, alert_from=80),  # groomer's k = 90; the child's earlier alert is ignored
        outcome("g3", 1, {"b": 4}, alert_from=2),  # groomer never alerted: FN
        outcome("b1", 0, {"a": 2}),
        outcome("b2", 0),
        outcome("b3", 0),
        outcome("b4", 0),
    ]
    m = early_detection.preset_metrics(outcomes)
    assert m["alerted"]["count"] == 2
    assert m["messages_until_first_alert"]["median"] == pytest.approx(45.5)
    assert m["offset_from_alert_from"]["min"] == -3 and m["offset_from_alert_from"]["max"] == 9
    assert m["share_before_alert_from"]["share"] == 0.5
    espd = m["espd"]
    assert (espd["tp"], espd["fp"], espd["fn"]) == (2, 1, 1)
    assert espd["f1"] == pytest.approx(2 / 3)
    assert espd["speed"] == pytest.approx(1 - 0.25)  # median of penalties 0 and 0.5
    assert espd["f_latency"] == pytest.approx(2 / 3 * 0.75)
    assert m["false_alerts_per_1000_benign"] == pytest.approx(250.0)
    c_fp = 3 / 7
    expected_erde5 = (1 / (1 + np.exp(4)) + 1 / (1 + np.exp(-85)) + 1 + c_fp) / 7
    assert m["erde_5"] == pytest.approx(expected_erde5)


def test_early_detection_s_sweep():
    trace_g = [0.0, 0.9, 0.0, 0.9, 0.9, 0.0]
    trace_b = [0.9, 0.0, 0.0, 0.0, 0.0, 0.0]
    outcomes = [outcome("g", 1, n=6, trace=trace_g), outcome("b", 0, n=6, trace=trace_b)]
    sweep = early_detection.s_sweep(outcomes, 0.5)
    assert sweep["1"]["precision"] == 0.5 and sweep["1"]["recall"] == 1.0
    assert sweep["2"]["precision"] == 1.0 and sweep["2"]["recall"] == 1.0  # the benign single spike drops out
    assert sweep["4"]["recall"] == 0.0
    assert early_detection.histogram([3, 1, 3]) == {"1": 1, "3": 2}


def test_obfuscation_with_keyword_fake(fake_scorer, make_record):
    records = [
        make_record("g", i, f"this is our secret number {i}", labels=["grooming_risk"], grooming=1) for i in range(6)
    ]
    records.append(make_record("g", 6, "hello there", grooming=1))
    ctx = context(fake_scorer, records, fake_scorer.probabilities([r["text"] for r in records]))
    out = obfuscation.run(ctx, limit=4)
    assert out["n"] == 4 and out["clean_recall"] == 1.0
    per = out["perturbations"]
    assert set(per) == {"leetspeak", "spaced_letters", "punct_in_words", "homoglyphs", "zero_width", "typos", "casing"}
    assert per["casing"]["drop"] == 0.0  # the fake model is case-blind
    assert per["spaced_letters"]["recall"] == 0.0 and per["spaced_letters"]["drop"] == 1.0
    assert out["worst_obfuscation_drop"] == 1.0
    assert out["worst_obfuscation"] in {k for k, v in per.items() if v["kind"] == "obfuscation" and v["drop"] == 1.0}
    assert obfuscation.run(ctx, limit=4) == out  # seeded: the same every time
    assert obfuscation.sample_positives(records, 13, 4) == obfuscation.sample_positives(records, 13, 4)


def _chat(make_record, cid, n, senders, **kw):
    return [make_record(cid, i, f"{cid} {i}", sender=senders[i % len(senders)], **kw) for i in range(n)]


def test_long_chats_string_benign_synthetic_conversations_of_one_type(fake_scorer, make_record):
    records = [
        *_chat(make_record, "t1", 250, ["alice", "bob"]),
        *_chat(make_record, "t2", 200, ["dan", "carol", "erin"]),
        *_chat(make_record, "t3", 100, ["x", "y"]),  # left short of 400 at the end of its type: dropped
        *_chat(make_record, "g1", 450, ["a", "b"], grooming=1),  # grooming: never in a long benign chat
        *_chat(make_record, "r1", 450, ["a", "b"], source="chitchat"),  # real lines: not synthetic
        *_chat(make_record, "s1", 400, ["s", "t"], conversation_type="customer_support"),
    ]
    ctx = context(fake_scorer, records, probs_for(fake_scorer, [i / len(records) for i in range(len(records))]))
    keys, probs, chats = long_chats.long_chats(ctx)
    assert [(c.conversation_id, c.conversation_type, len(c)) for c in chats] == [
        ("long-customer_support-0", "customer_support", 400),
        ("long-teen_peers-0", "teen_peers", 450),
    ]
    assert len(keys) == len(probs) == 850
    teen = chats[1]
    # senders renamed by order of appearance in each conversation strung in
    assert keys[teen.start] == ("long-teen_peers-0", "p1") and keys[teen.start + 1][1] == "p2"
    assert {k[1] for k in keys[teen.start + 250 : teen.stop]} == {"p1", "p2", "p3"}
    # each row keeps its own message's scores
    risk = fake_scorer.label_index["grooming_risk"]
    texts = [r["text"] for r in ctx.records]
    assert probs[teen.start + 250, risk] == ctx.probs[texts.index("t2 0"), risk]


def test_long_chats_of_real_small_talk_are_strung_apart(fake_scorer, make_record, monkeypatch):
    real = {"source": "chitchat", "conversation_type": "real_chitchat"}
    records = [
        *_chat(make_record, "r1", 250, ["ann", "ben"], **real),
        *_chat(make_record, "r2", 200, ["cat", "dev"], **real),
        *_chat(make_record, "b1", 450, ["bot", "user"], source="chatterbot", conversation_type="real_chatterbot"),
        *_chat(make_record, "t1", 400, ["a", "b"]),  # synthetic: in the synthetic chats only
    ]
    ctx = context(fake_scorer, records, probs_for(fake_scorer, [0.0] * len(records)))
    keys, _, chats = long_chats.long_chats(ctx, real=True)
    assert [(c.conversation_id, len(c)) for c in chats] == [("long-real_chitchat-0", 450)]
    assert {k[1] for k in keys} == {"p1", "p2"}  # two people throughout
    assert [c.conversation_type for c in long_chats.long_chats(ctx)[2]] == ["teen_peers"]
    flagged = np.zeros(450, dtype=bool)
    flagged[300:330] = True

    def fake_run_monitor(scorer, preset, keys, probs, chats):
        return [outcome(c.conversation_id, 0, n=len(c), flagged=flagged[: len(c)]) for c in chats]

    monkeypatch.setattr(long_chats, "run_monitor", fake_run_monitor)
    out = long_chats.run(ctx)
    assert out["chats"] == 1 and out["real_small_talk"]["chats"] == 1
    real_bal = out["real_small_talk"]["presets"]["balanced"]
    assert real_bal["flagged_late"]["count"] == 30 and real_bal["flagged_late"]["n"] == 150
    assert real_bal["flagged_early"]["count"] == 0
    from groomguard.eval.report import headline

    assert headline({"long_chats": out})["long real small talk: messages flagged from message 300 on (balanced)"][
        "value"
    ] == pytest.approx(0.2)


def test_long_chats_shares_early_and_late(fake_scorer, make_record, monkeypatch):
    records = _chat(make_record, "t1", 400, ["a", "b"])
    ctx = context(fake_scorer, records, probs_for(fake_scorer, [0.0] * 400))
    flagged = np.zeros(400, dtype=bool)
    flagged[:10] = True  # 10 of the first 100
    flagged[300:350] = True  # 50 of the last 100
    seen = []

    def fake_run_monitor(scorer, preset, keys, probs, chats):
        seen.append((preset, len(keys), len(chats)))
        alert = {"p1": 320} if preset == "high_recall" else {}
        return [outcome("long-teen_peers-0", 0, first_alert=alert, n=400, flagged=flagged)]

    monkeypatch.setattr(long_chats, "run_monitor", fake_run_monitor)
    out = long_chats.run(ctx)
    assert seen == [(p, 400, 1) for p in PRESETS]
    assert out["chats"] == 1 and out["by_conversation_type"] == {"teen_peers": 1}
    bal = out["presets"]["balanced"]
    assert bal["alerted"]["share"] == 0.0 and out["presets"]["high_recall"]["alerted"]["share"] == 1.0
    assert bal["flagged_early"]["share"] == pytest.approx(0.1)
    assert bal["flagged_late"]["share"] == pytest.approx(0.5)
    assert bal["flagged_late_by_conversation_type"]["teen_peers"]["count"] == 50


def test_long_chats_headline_only_when_a_chat_was_long_enough(fake_scorer, make_record):
    from groomguard.eval.report import headline

    short = context(fake_scorer, _chat(make_record, "t1", 50, ["a", "b"]), probs_for(fake_scorer, [0.0] * 50))
    out = long_chats.run(short)  # no chat reaches 400 messages: no figure to publish, not a 0
    assert out["chats"] == 0
    assert not [name for name in headline({"long_chats": out}) if name.startswith("long benign chats")]
    rows = [name for name in headline({"long_chats": {**out, "chats": 1}}) if name.startswith("long benign chats")]
    assert len(rows) == 2
