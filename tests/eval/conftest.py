"""Hand-made inputs for the suite tests: a fake scorer with fixed thresholds and a record factory."""

from __future__ import annotations

import numpy as np
import pytest

LABELS = ("trust_building", "secrecy", "minor_signal", "grooming_risk")


class FakeScorer:
    """Just enough of ``Scorer`` for suite math: labels, thresholds, and a keyword "model" for probabilities."""

    def __init__(self) -> None:
        self.labels = LABELS
        self.label_index = {label: j for j, label in enumerate(LABELS)}
        self.model_version = "fake"

    def message_threshold(self, label: str, preset: str = "balanced") -> float:
        return {"high_precision": 0.8, "balanced": 0.5, "high_recall": 0.2}[preset]

    def conversation_threshold(self, preset: str = "balanced") -> float:
        return 0.5

    def context_threshold(self, preset: str = "balanced") -> float:
        return 0.5

    def probabilities(self, texts: list[str], window: bool = False) -> np.ndarray:
        out = np.full((len(texts), len(LABELS) + (1 if window else 0)), 0.1, dtype=np.float32)
        for i, t in enumerate(texts):
            if "secret" in t.lower():
                out[i, self.label_index["grooming_risk"]] = 0.9
                out[i, self.label_index["secrecy"]] = 0.9
        return out


@pytest.fixture
def fake_scorer() -> FakeScorer:
    return FakeScorer()


def record(cid: str, i: int, text: str, labels=(), family="smalltalk_teen_peers/hello", **kw) -> dict:
    out = {
        "conversation_id": cid,
        "message_index": i,
        "sender": kw.pop("sender", "a" if i % 2 == 0 else "b"),
        "sender_role": kw.pop("sender_role", "adult" if i % 2 == 0 else "child"),
        "text": text,
        "labels": list(labels),
        "annotated": list(kw.pop("annotated", LABELS)),
        "template_family": family,
        "source": "synthetic",
        "conversation_type": kw.pop("conversation_type", "teen_peers"),
        "conversation_grooming": kw.pop("grooming", 0),
        "alert_from": kw.pop("alert_from", -1),
        "split": "test",
    }
    out.update(kw)
    return out


@pytest.fixture
def make_record():
    return record
