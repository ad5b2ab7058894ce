"""runtime/monitor_state.py: what the monitor returns, importable from the monitor as before."""

from __future__ import annotations

import dataclasses

import pytest

from groomguard.runtime import monitor, monitor_state


def test_the_monitor_returns_and_re_exports_these_classes(tiny_scorer):
    assert monitor.ConversationState is monitor_state.ConversationState
    assert monitor.Updates is monitor_state.Updates
    state = monitor.ConversationMonitor(tiny_scorer).add("c1", "sam", "are your parents home?")
    assert type(state) is monitor_state.ConversationState
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.risk = 0.0  # a state is a record of one moment, never changed after
