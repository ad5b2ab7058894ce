"""All template families, gathered from the modules of this package (one module per theme).

``ALL_FAMILIES`` is the tuple the generator and the tests use; names are unique across modules.
"""

from __future__ import annotations

import importlib
import pkgutil

from groomguard.training.synth.schema import Family


def _collect() -> tuple[Family, ...]:
    families: list[Family] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        families.extend(getattr(module, "FAMILIES", ()))
    names = [f.name for f in families]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"duplicate family names: {duplicates}")
    return tuple(families)


ALL_FAMILIES: tuple[Family, ...] = _collect()
