"""A clear error when an optional part of the wheel (``groomguard.training``, ``groomguard.eval``) is imported
without its extra: ``pip install groomguard`` installs the runtime only, but the wheel ships every subpackage."""

from __future__ import annotations

import importlib.util


def require(package: str, extra: str, modules: dict[str, str]) -> None:
    """Raise ImportError naming ``pip install 'groomguard[extra]'`` unless every module in ``modules`` (import name ->
    distribution name) can be imported."""
    missing = []
    for module, distribution in modules.items():
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(distribution)
    if missing:
        raise ImportError(
            f"{package} needs the [{extra}] extra ({', '.join(missing)} not installed): "
            f"pip install 'groomguard[{extra}]' (from a clone: pip install '.[{extra}]', or make setup). "
            "The runtime (groomguard.runtime, the groomguard command) needs none of it."
        )
