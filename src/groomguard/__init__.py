"""groomguard: flags grooming and sexual-solicitation messages in chats, on the device, for a person to review.

The public face re-exports the runtime (``groomguard.runtime``), which needs only numpy and onnxruntime::

    from groomguard import Scorer, ConversationMonitor
    scorer = Scorer()                 # the embedded default model
    scorer.score("are your parents home?")
"""

from __future__ import annotations

# The runtime's package module imports nothing itself (its names are lazy too), so this costs no import time.
from groomguard.runtime import __all__ as _runtime_names

__all__ = [*_runtime_names, "__version__"]


def __getattr__(name: str):
    # Lazy so that `import groomguard` stays cheap and `python -m groomguard.training...` does not load onnxruntime;
    # the version too, since importlib.metadata costs ~3 MB of resident memory in an app embedding the runtime.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("groomguard")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
            return "0.0.0"
    if name in _runtime_names:
        from groomguard import runtime

        return getattr(runtime, name)
    raise AttributeError(f"module 'groomguard' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The lazy names too, so that ``dir(groomguard)`` and tab completion list them."""
    return sorted({*globals(), *__all__})
