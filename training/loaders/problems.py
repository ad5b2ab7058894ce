"""Problems met while loading a corpus: what was wrong, in which file and where, never what the message said.

Every loader takes a ``report`` callback and calls it once per malformed or skipped record, then carries on with the
next one, so a single bad line never costs the rest of a licensed corpus. ``ProblemCounter`` is the callback most
callers want: it counts problems by reason and keeps the first few for display.

A problem's ``reason`` is a short, stable phrase ("bad JSON", "empty text", "unknown role") so problems can be counted
by reason; ``detail`` adds specifics that are not message text (a role value, a field count, a parser message).
Neither may contain message text: problem reports end up in logs and model cards.
"""

from __future__ import annotations

import difflib
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

__all__ = ["LoadProblem", "ProblemCounter", "Report", "log_problem", "resolve_report", "shown_value"]

LOGGER = logging.getLogger("groomguard.training.loaders")


@dataclass(frozen=True)
class LoadProblem:
    """One malformed or skipped record.

    source: the file (path as given to the loader) or, for a Hugging Face dataset, its name and split.
    position: where in it, e.g. ``"line 12"``, ``"line 3, column 40"`` (XML parser position),
        ``"conversation 'abc', message 4"`` or ``"row 7"``.
    reason: a short stable phrase to count by; never message text.
    detail: optional specifics (a role value, a field count, a parser message); never message text.
    """

    source: str
    position: str
    reason: str
    detail: str = ""

    def __str__(self) -> str:
        tail = f" ({self.detail})" if self.detail else ""
        return f"{self.source}: {self.position}: {self.reason}{tail}"


#: The callback every loader takes.
Report = Callable[[LoadProblem], None]


def shown_value(value: str, known: Sequence[str]) -> str:
    """A field's value for a problem's ``detail`` (an unknown role, say) only when it is a near miss of one of the
    ``known`` names (a typo to fix: ``predatr``), else ``(not shown)``: a column given by mistake holds messages, and
    even a one-word message is message text, which reports never show."""
    if difflib.get_close_matches(value.strip().lower(), [k.lower() for k in known], n=1, cutoff=0.75):
        return repr(value)
    return "(not shown: not close to a known value)"


def log_problem(problem: LoadProblem) -> None:
    """The default ``report``: log the problem as a warning on the ``groomguard.training.loaders`` logger."""
    LOGGER.warning("%s", problem)


def resolve_report(report: Report | None) -> Report:
    """``report`` itself, or ``log_problem`` when it is None."""
    return log_problem if report is None else report


@dataclass
class ProblemCounter:
    """A ``report`` callback that counts problems by reason and keeps the first ``keep`` of them.

    ``forward``, if given, is called with every problem as well (e.g. ``log_problem``).

    >>> problems = ProblemCounter()
    >>> problems(LoadProblem("a.jsonl", "line 3", "bad JSON"))
    >>> problems.total, problems.by_reason["bad JSON"]
    (1, 1)
    """

    keep: int = 100
    forward: Report | None = None
    total: int = 0
    by_reason: Counter[str] = field(default_factory=Counter)
    examples: list[LoadProblem] = field(default_factory=list)

    def __call__(self, problem: LoadProblem) -> None:
        self.total += 1
        self.by_reason[problem.reason] += 1
        if len(self.examples) < self.keep:
            self.examples.append(problem)
        if self.forward is not None:
            self.forward(problem)

    def summary(self) -> str:
        """One line, e.g. ``"3 problems: bad JSON 2, empty text 1"`` (``"no problems"`` when there were none)."""
        if not self.total:
            return "no problems"
        parts = ", ".join(f"{reason} {n}" for reason, n in self.by_reason.most_common())
        return f"{self.total} problem{'s' if self.total != 1 else ''}: {parts}"
