"""Evaluation suites researchers re-run, all through the shipped model and the runtime API (``make eval``)."""

from groomguard._extras import require

require("groomguard.eval", "eval", {"sklearn": "scikit-learn", "scipy": "scipy", "matplotlib": "matplotlib"})
