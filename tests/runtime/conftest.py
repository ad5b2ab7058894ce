"""Fixtures shared by the runtime's tests."""

from __future__ import annotations

import pytest

from groomguard.runtime import cli


@pytest.fixture
def held_per_batch(monkeypatch) -> list[int]:
    """The number of conversations the CLI's monitor holds once each batch is scored (appended as it runs)."""
    held: list[int] = []
    update = cli.ConversationMonitor.update_scored

    def spy(self, *args, **kwargs):
        updates = update(self, *args, **kwargs)
        held.append(len(self))
        return updates

    monkeypatch.setattr(cli.ConversationMonitor, "update_scored", spy)
    return held
