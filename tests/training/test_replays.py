"""Replays the conversation head is fitted on: labels, long replays' filler and chains, determinism."""

from __future__ import annotations

from collections import Counter

from groomguard.training.records import Record
from groomguard.training.replays import VERY_LONG, as_written, is_long, length_kind, long_replays, very_long_replays


def _conv(cid: str, kind: str, n: int, grooming: int, roles=("adult", "child"), alert_from: int = -1) -> list[Record]:
    return [
        Record(
            conversation_id=cid,
            message_index=i,
            sender=f"{cid}-{roles[i % len(roles)]}",
            sender_role=roles[i % len(roles)],
            text=f"line {i}",
            conversation_type=kind,
            conversation_grooming=grooming,
            alert_from=alert_from,
            split="validation",
        )
        for i in range(n)
    ]


def _records() -> list[Record]:
    records = _conv("g1", "grooming", 12, 1, alert_from=6) + _conv("g2", "grooming", 10, 1, alert_from=4)
    for k in range(7):
        records += _conv(f"p{k}", "parent_child", 8, 0)
    for k in range(5):
        records += _conv(f"c{k}", "real_chitchat", 4, 0, roles=("peer", "peer"))
    return records


def test_as_written_labels_the_groomer_from_alert_from_and_every_other_sender_negative():
    records = _records()
    replays = {rp.conversation: rp for rp in as_written(records, sides_alone=True)}
    g1 = replays["g1"]
    labels = [(records[row].sender_role, records[row].message_index, label) for _s, row, label in g1.steps]
    assert all(label == 0 for role, _i, label in labels if role == "child")
    assert [label for role, i, label in labels if role == "adult"] == [
        -1 if i < 6 else 1 for role, i, _ in labels if role == "adult"
    ]
    assert g1.grooming and not replays["p0"].grooming
    assert {"g1:g1-adult", "g1:g1-child"} <= set(replays)  # each side alone
    assert all(s == "g1-adult" for s, _r, _l in replays["g1:g1-adult"].steps)


def test_long_replays_spread_filler_from_real_small_talk_and_chain_each_benign_conversation_once():
    records = _records()
    replays = long_replays(records, seed=13, sides_alone=False)
    filler_rows = {i for i, r in enumerate(records) if r.conversation_type == "real_chitchat"}
    grooming = [rp for rp in replays if rp.grooming]
    benign = [rp for rp in replays if not rp.grooming]
    assert len(grooming) == 2
    # every benign (non-filler) conversation appears in exactly one chain, all of its messages in order
    used = Counter(records[row].conversation_id for rp in benign for _s, row, _l in rp.steps if row not in filler_rows)
    assert used == {f"p{k}": 8 for k in range(7)}
    for rp in replays:
        own = [row for _s, row, _l in rp.steps if row not in filler_rows]
        assert len(rp.steps) >= len(own) and all(records[r].conversation_type != "real_chitchat" for r in own)
        senders = {s for s, _r, _l in rp.steps}
        assert len(senders) == 2  # senders matched by role along a chain: one adult, one child
    # filler lines said by the groomer before the alert point are not training rows; after it they are positive
    for rp in grooming:
        seen_alert = False
        for s, row, label in rp.steps:
            if row in filler_rows:
                if s.endswith("adult"):
                    assert label == (1 if seen_alert else -1)
                else:
                    assert label == 0
            elif s.endswith("adult") and label == 1:
                seen_alert = True


def test_long_replays_are_deterministic_and_follow_the_seed():
    records = _records()
    assert long_replays(records, 13) == long_replays(records, 13)
    assert long_replays(records, 13) != long_replays(records, 14)


def test_no_filler_no_long_replays():
    records = [r for r in _records() if r.conversation_type != "real_chitchat"]
    assert long_replays(records, 13) == []


def test_very_long_replays_are_longer_long_replays_of_their_own_and_leave_long_replays_as_they_were():
    records = _records()
    long, very_long = long_replays(records, 13, sides_alone=False), very_long_replays(records, 13)
    assert long_replays(records, 13, sides_alone=False) == long  # the new parameters' defaults draw as before
    assert very_long and all(rp.conversation.startswith(VERY_LONG) and is_long(rp) for rp in very_long)
    assert {length_kind(rp) for rp in very_long} == {"very_long"} and {length_kind(rp) for rp in long} == {"long"}
    assert length_kind(as_written(records)[0]) == "written"
    assert len({rp.conversation for rp in long + very_long}) == len(long) + len(very_long)  # names never collide
    mean = lambda rps: sum(len(rp.steps) for rp in rps) / len(rps)  # noqa: E731
    benign = [rp for rp in very_long if not rp.grooming]
    assert mean(benign) > 2 * mean([rp for rp in long if not rp.grooming])  # longer chains, more dilution
    assert very_long_replays(records, 13) == very_long and very_long_replays(records, 14) != very_long
