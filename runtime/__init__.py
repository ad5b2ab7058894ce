"""The runtime apps embed: featurizer, model loading and verification, Scorer, ConversationMonitor, CLI.

Depends on numpy and onnxruntime (and tqdm for the CLI's progress bar, ijson to stream JSON exports) only. It
never imports scikit-learn, the training or eval packages, makes no network call (onnxruntime's telemetry is switched
off: ``telemetry.py``), logs no message text and never unpickles anything.
"""

from __future__ import annotations

__all__ = ["ConversationMonitor", "ConversationState", "ModelError", "Score", "Scorer", "StateError"]

_LAZY = {
    "Scorer": "groomguard.runtime.scorer",
    "Score": "groomguard.runtime.scorer",
    "ConversationMonitor": "groomguard.runtime.monitor",
    "ConversationState": "groomguard.runtime.monitor",
    "ModelError": "groomguard.runtime.model_file",
    "StateError": "groomguard.runtime.monitor_saved",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'groomguard.runtime' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The lazy names too, so that ``dir()`` and tab completion list them."""
    return sorted({*globals(), *__all__})
