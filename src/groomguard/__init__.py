"""groomguard: flags grooming and sexual-solicitation messages in chats, on the device, for a person to review.

The public face re-exports the runtime (``groomguard.runtime``), which needs only numpy and onnxruntime::

    from groomguard import Scorer, ConversationMonitor
    scorer = Scorer()                 # the embedded default model
    scorer.score("are your parents home?")
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("groomguard")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["ConversationMonitor", "ConversationState", "Score", "Scorer", "__version__"]


def __getattr__(name: str):
    # Lazy so that `import groomguard` stays cheap and `python -m groomguard.training...` does not load onnxruntime.
    if name in {"Scorer", "Score", "ConversationMonitor", "ConversationState"}:
        from groomguard import runtime

        return getattr(runtime, name)
    raise AttributeError(f"module 'groomguard' has no attribute {name!r}")
