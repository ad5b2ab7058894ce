"""Evaluation suites researchers re-run, all through the shipped model and the runtime API (``make eval``)."""
