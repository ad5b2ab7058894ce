"""Loaders for licensed corpora a user supplies (PAN 2012, Perverted-Justice style, ChatCoder CSV, JSONL/CSV, HF).

Every loader yields records of the schema in ``groomguard.training.records``. Licensed data is never copied into the
repository.

Modules: ``pan12`` (PAN 2012 XML + ground truth), ``pj`` (transcript folder + role table), ``chatcoder`` (coded CSV),
``tabular`` (generic JSONL/CSV), ``hf`` (Hugging Face ``datasets``, imported lazily), ``problems`` (the ``report``
callback every loader takes), ``sources`` (source specs such as ``pan12:/data/pan12:weight=2``; the grammar is in its
docstring). The names most callers need are re-exported here.
"""

from __future__ import annotations

from groomguard.training.loaders.chatcoder import load_chatcoder
from groomguard.training.loaders.hf import load_hf
from groomguard.training.loaders.pan12 import OFFICIAL_SIZES, load_pan12, summarize_pan12
from groomguard.training.loaders.pj import load_pj
from groomguard.training.loaders.problems import LoadProblem, ProblemCounter, Report, log_problem
from groomguard.training.loaders.sources import (
    KINDS,
    LICENSES,
    SourceSpec,
    SourceSpecError,
    SyntheticSourceError,
    fingerprint_source,
    load_source,
    parse_source,
)
from groomguard.training.loaders.tabular import load_tabular

__all__ = [
    "KINDS",
    "LICENSES",
    "OFFICIAL_SIZES",
    "LoadProblem",
    "ProblemCounter",
    "Report",
    "SourceSpec",
    "SourceSpecError",
    "SyntheticSourceError",
    "fingerprint_source",
    "load_chatcoder",
    "load_hf",
    "load_pan12",
    "load_pj",
    "load_source",
    "load_tabular",
    "log_problem",
    "parse_source",
    "summarize_pan12",
]
