"""The public face of the package (``src/groomguard/__init__.py``): every name it and ``groomguard.runtime`` promise
can be imported and is listed by ``dir()``, lazily."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("module", ["groomguard", "groomguard.runtime"])
def test_every_public_name_imports_and_is_listed(module):
    mod = importlib.import_module(module)
    for name in mod.__all__:
        assert getattr(mod, name) is not None, name
        assert name in dir(mod), name


def test_the_top_level_names_are_the_runtimes():
    import groomguard
    from groomguard import runtime

    runtime_names = set(runtime.__all__)
    assert runtime_names <= set(groomguard.__all__), "groomguard re-exports the runtime: every name of it"
    for name in runtime_names:
        assert getattr(groomguard, name) is getattr(runtime, name)


def test_model_error_is_what_a_bad_model_raises(tmp_path):
    from groomguard import ModelError, Scorer

    with pytest.raises(ModelError):
        Scorer(tmp_path)  # an empty folder: no model in it


def test_unknown_names_still_raise_attribute_error():
    import groomguard

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        groomguard.nope  # noqa: B018
