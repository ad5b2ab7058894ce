"""onnxruntime's telemetry is switched off before onnxruntime is imported and before any session exists.

The long check that a scoring process really opens no socket and writes nothing under ~/.cache/Microsoft is
tests/privacy/test_no_network.py (``make test-privacy``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types

from groomguard.runtime import telemetry

NAMES = ("ORT_DISABLE_TELEMETRY", "ORT_TELEMETRY_DISABLED")

# Records the environment at the moment `import onnxruntime` starts, then imports groomguard's scorer.
CHILD = r"""
import importlib.abc, json, os, sys
seen = {}
class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "onnxruntime" and not seen:
            seen.update({n: os.environ.get(n) for n in %r})
        return None
sys.meta_path.insert(0, Watch())
import groomguard.runtime.scorer as scorer
import onnxruntime
print(json.dumps({"at_import": seen, "status": scorer.telemetry.status()}))
"""


def test_the_switches_are_the_ones_onnxruntime_reads():
    # ORT_DISABLE_TELEMETRY: what onnxruntime 1.29-1.32 (Python and node) read; ORT_TELEMETRY_DISABLED: later sources.
    expected = dict.fromkeys(NAMES, "1")
    assert expected == telemetry.SWITCHES


def test_environment_is_set_before_onnxruntime_is_imported():
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORT_")}
    child = subprocess.run(
        [sys.executable, "-c", CHILD % (NAMES,)], env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(child.stdout)
    assert result["at_import"] == dict.fromkeys(NAMES, "1")
    assert result["status"]["api_called"] is True
    assert result["status"]["imported_before"] is False


def test_a_zero_left_in_the_environment_does_not_turn_it_back_on(monkeypatch):
    for name in NAMES:
        monkeypatch.setenv(name, "0")
    telemetry.switch_off_environment()
    assert all(os.environ[name] == "1" for name in NAMES)


def test_disable_events_is_called_where_it_exists():
    calls = []
    assert telemetry.disable_events(types.SimpleNamespace(disable_telemetry_events=lambda: calls.append(1)))
    assert calls == [1]
    assert telemetry.disable_events(types.SimpleNamespace()) is False  # an onnxruntime without the call


def test_every_session_is_created_with_telemetry_off(tiny_model_dir, monkeypatch):
    from groomguard.runtime import scorer as scorer_module

    for name in NAMES:
        monkeypatch.setenv(name, "0")  # e.g. changed by the host application after the import
    seen = []
    real = scorer_module.ort.InferenceSession

    def session(*args, **kwargs):
        seen.append({name: os.environ.get(name) for name in NAMES})
        return real(*args, **kwargs)

    monkeypatch.setattr(scorer_module.ort, "InferenceSession", session)
    scorer_module.Scorer(tiny_model_dir)
    assert seen == [dict.fromkeys(NAMES, "1")]
