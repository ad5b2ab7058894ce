"""No style shortcut: shorthand and emoji are as common in benign messages as in grooming ones of the same role."""

from __future__ import annotations

from collections import Counter

import pytest

from groomguard.training.synth.build import CorpusConfig, generate
from groomguard.training.synth.style import SHORTHAND, has_emoji, has_shorthand, style_rates

#: Largest allowed absolute difference between grooming and benign rates of one role.
TOLERANCE = 0.03


@pytest.fixture(scope="module")
def rates():
    cfg = CorpusConfig(seed=13, n_grooming=300, n_benign_per_context=100, chitchat_limit=200, chatterbot_limit=10)
    return style_rates(generate(cfg))


def test_detectors():
    assert has_shorthand("r u ok") and has_shorthand("Im home") and has_shorthand("see you tmrw")
    assert not has_shorthand("are you ok?") and not has_shorthand("umbrella run")
    assert has_emoji("ok 😂") and has_emoji("nice :)") and has_emoji("<3 thanks")
    assert not has_emoji("a: b") and not has_emoji("plain words")
    assert {"u", "ur", "r", "yr", "rn", "pls", "dont"} <= SHORTHAND


@pytest.mark.parametrize("role", ["adult", "child"])
@pytest.mark.parametrize("measure", ["shorthand", "emoji"])
def test_grooming_and_benign_messages_of_a_role_share_one_style(rates, role, measure):
    grooming, benign = rates[role]["grooming"], rates[role]["benign"]
    assert grooming["messages"] > 1000 and benign["messages"] > 1000
    assert abs(grooming[measure] - benign[measure]) < TOLERANCE, (role, measure, grooming, benign)


@pytest.mark.parametrize("measure", ["shorthand", "emoji"])
def test_peers_in_benign_chats_write_like_children_in_grooming_chats(rates, measure):
    child, peer = rates["child"]["grooming"], rates["peer"]["benign"]
    assert abs(child[measure] - peer[measure]) < TOLERANCE, (measure, child, peer)


@pytest.mark.parametrize("measure", ["shorthand", "emoji"])
def test_real_benign_lines_are_not_clean(rates, measure):
    """Real chat lines get the same noise layer: they are no cleaner than the synthetic young speakers by much."""
    real, peer = rates["peer"]["real"], rates["peer"]["benign"]
    assert real[measure] > peer[measure] / 2, (measure, real, peer)


@pytest.fixture(scope="module")
def records():
    cfg = CorpusConfig(seed=13, n_grooming=300, n_benign_per_context=100, chitchat_limit=0, chatterbot_limit=0)
    return list(generate(cfg))


def _share(records, keep, hit) -> float:
    chosen = [r for r in records if keep(r)]
    assert len(chosen) > 1000
    return sum(map(hit, chosen)) / len(chosen)


def test_minor_signals_as_common_in_benign_chats_of_children_as_in_grooming(records):
    def minor(r):
        return "minor_signal" in r.labels

    grooming = _share(records, lambda r: r.conversation_grooming == 1 and r.sender_role == "child", minor)
    benign = _share(records, lambda r: r.conversation_grooming == 0 and r.sender_role == "child", minor)
    peers = _share(records, lambda r: r.conversation_type in ("teen_peers", "classmates_group"), minor)
    assert grooming > 0.1 and abs(grooming - benign) < TOLERANCE and abs(grooming - peers) < TOLERANCE


def test_adults_state_their_age_at_one_rate_in_every_class(records):
    def age(r):
        return r.template_family.startswith("adult_age/")

    grooming = _share(records, lambda r: r.conversation_grooming == 1 and r.sender_role == "adult", age)
    benign = _share(records, lambda r: r.conversation_grooming == 0 and r.sender_role == "adult", age)
    assert grooming > 0.01 and abs(grooming - benign) < 0.01
    assert not any(age(r) and r.labels for r in records)


def _quartiles(counts: list[int]) -> list[int]:
    counts = sorted(counts)
    return [counts[int(q * (len(counts) - 1))] for q in (0.25, 0.5, 0.75, 0.9)]


@pytest.fixture(scope="module")
def matched_records():
    cfg = CorpusConfig(
        seed=13, n_grooming=300, n_benign_per_context=100, chitchat_limit=0, chatterbot_limit=0, length_matched=True
    )
    return list(generate(cfg))


def test_benign_chats_run_as_long_as_grooming_ones(matched_records):
    """No length shortcut: grooming chats that ran longer than every benign one taught the conversation head that a
    sender's message count is grooming. Each quartile (and the 90th percentile) of the message counts agrees within
    15% between the classes, and within every benign context."""
    lengths = _lengths_by_type(matched_records)
    grooming = _quartiles(lengths.pop("grooming"))
    benign = _quartiles([n for kind in lengths.values() for n in kind])
    assert grooming[1] >= 30, grooming  # long enough for the test to mean something
    for g, b in zip(grooming, benign, strict=True):
        assert abs(g - b) <= 0.15 * g, (grooming, benign)
    for context, kind in lengths.items():
        assert abs(_quartiles(kind)[1] - grooming[1]) <= 0.25 * grooming[1], (context, grooming)


def test_length_matching_changes_only_the_benign_chats(records, matched_records):
    def grooming(rs):
        return [r for r in rs if r.conversation_grooming == 1]

    assert grooming(matched_records) == grooming(records)
    assert max(_lengths(records, benign=True)) < 35 < max(_lengths(matched_records, benign=True))  # 8 to 30 (+1)


def _lengths_by_type(records) -> dict[str, list[int]]:
    """conversation_type -> the message count of each of its synthetic conversations."""
    counts = Counter((r.conversation_type, r.conversation_id) for r in records if r.source == "synthetic")
    out: dict[str, list[int]] = {}
    for (kind, _), n in counts.items():
        out.setdefault(kind, []).append(n)
    return out


def _lengths(records, benign: bool) -> list[int]:
    return [n for kind, ns in _lengths_by_type(records).items() if (kind != "grooming") == benign for n in ns]
