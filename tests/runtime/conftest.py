"""Fixtures shared by the runtime's tests."""

from __future__ import annotations

import numpy as np
import pytest

from groomguard.runtime import cli


def _random_batch(scorer, n: int, seed: int):
    """``n`` seeded (conversation, sender) keys over four conversations and three senders, and rows of random
    probabilities (squared uniforms) with a window logit (normal, sd 3) in the last column."""
    rng = np.random.default_rng(seed)
    keys = [(f"c{int(rng.integers(0, 4))}", "abc"[int(rng.integers(0, 3))]) for _ in range(n)]
    probs = (rng.random((n, len(scorer.labels) + 1)) ** 2).astype(np.float32)
    probs[:, -1] = rng.normal(0, 3, n)  # the window logit
    return keys, probs


@pytest.fixture
def random_batch():
    """``random_batch(scorer, n, seed)``: seeded keys and probability rows for a ConversationMonitor."""
    return _random_batch


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
