"""Shared fixtures: a tiny corpus, a tiny trained model and its export, built once per test session in tmp dirs.

Tests that need a real model use ``tiny_model_dir`` (seconds to build) so they test the mechanism, not the shipped
weights; tests about the shipped artifact use ``model/`` directly.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_MODEL = ROOT / "model"


@pytest.fixture(scope="session")
def shipped_model_dir() -> Path:
    """The committed model in model/ (the product apps embed)."""
    return SHIPPED_MODEL


@pytest.fixture(scope="session")
def small_corpus_dir(tmp_path_factory) -> Path:
    from groomguard.training.synth.build import CorpusConfig, build

    out = tmp_path_factory.mktemp("corpus")
    build(CorpusConfig.small(seed=13), out, hf=False)
    return out


@pytest.fixture(scope="session")
def tiny_trained(small_corpus_dir, tmp_path_factory):
    from groomguard.training.fit import TrainConfig, fit
    from groomguard.training.synth.build import read_corpus

    records = list(read_corpus(small_corpus_dir))
    model = fit(records, TrainConfig(seed=13, max_features=3000), log=lambda *_: None)
    out = tmp_path_factory.mktemp("train")
    model.save(out)
    return model, out


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_trained, small_corpus_dir, tmp_path_factory) -> Path:
    from groomguard.training.export import export

    model, _ = tiny_trained
    out = tmp_path_factory.mktemp("model")
    texts = [json.loads(line)["text"] for line in (small_corpus_dir / "corpus.jsonl").read_text().splitlines()[:300]]
    export(model, out, "0.0.1-test", texts)
    return out


@pytest.fixture(scope="session")
def tiny_scorer(tiny_model_dir):
    from groomguard.runtime.scorer import Scorer

    return Scorer(tiny_model_dir)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test."""

    def guard(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", guard)
    monkeypatch.setattr(socket, "create_connection", guard)
    monkeypatch.setattr(socket, "getaddrinfo", guard)
