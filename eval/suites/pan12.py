"""Suite ``pan12``: PAN 2012 Sexual Predator Identification on the official **test** set, through the runtime API.

    make eval PAN12=/path/to/pan12        # every suite, pan12 included, into eval/results/<model_version>/
    python -m groomguard.eval --model model --pan12 /path/to/pan12 --suite pan12   # alone, into build/eval/...

The corpus is licensed and supplied by the user; it is read with ``groomguard.training.loaders.pan12`` (files found
by pattern, test XML streamed). Every conversation is scored with ``Scorer.probabilities`` and fed in order through a
``ConversationMonitor`` at the balanced preset, in batches of about ``CHUNK`` messages.

- Problem 1 (which authors are predators): an author is predicted a predator when the monitor raised an alert for
  them in any conversation. Precision, recall and F0.5 against the problem-1 ground truth (official formula
  F_beta = (1+b^2)PR/(b^2 P+R), b = 0.5).
- Problem 2 (which lines are predatory): the lines of predicted predators whose message ``grooming_risk`` reaches the
  balanced threshold; precision, recall and F3 against the problem-2 ground truth.

The copy's counts (conversations, messages, authors, predators, problem-2 lines; a second streaming pass with
``summarize_pan12``) are checked against the official sizes: when any differs, ``matches_official`` is False,
``official_check`` lists the differences, ``warnings`` says so (printed on standard error), and neither the headline
nor REPORT.md calls the figures official.

Published best for problem 1 on the same protocol: F0.5 = 0.9346 (Villatoro-Tello et al. 2012, in the PAN 2012
overview by Inches & Crestani).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from groomguard.eval.data import RISK, Conversation
from groomguard.eval.metrics import set_prf
from groomguard.eval.scoring import CHUNK, run_monitor, score_texts
from groomguard.runtime.scorer import Scorer
from groomguard.training.loaders import pan12 as loader
from groomguard.training.loaders.problems import ProblemCounter

NAME = "pan12"
PRESET = "balanced"
PUBLISHED_BEST = {
    "problem1_f0.5": 0.9346,
    "source": "Villatoro-Tello et al. 2012; PAN 2012 overview, Inches & Crestani, CLEF 2012 Evaluation Labs",
    "protocol": "official PAN 2012 test set",
}


def _conversations(records: Iterable) -> Iterator[list]:
    """Consecutive records of one conversation (the loader yields them grouped, in file order)."""
    current: list = []
    for r in records:
        if current and r.conversation_id != current[0].conversation_id:
            yield current
            current = []
        current.append(r)
    if current:
        yield current


def evaluate(
    scorer: Scorer,
    records: Iterable,
    predators: set[str],
    problem2: set[tuple[str, int]],
    conversation_threshold: float | None = None,
    message_threshold: float | None = None,
) -> dict:
    """Problem 1 and 2 scores of the monitor on PAN-style records (``Record`` objects of one split).

    The thresholds default to the balanced preset's (conversation: the monitor's alert; message: problem-2 lines).
    """
    if message_threshold is None:
        message_threshold = scorer.message_threshold(RISK, PRESET)
    col = scorer.label_index[RISK]
    alerted: set[str] = set()
    authors: set[str] = set()
    risky_lines: list[tuple[str, str, int]] = []  # (author, conversation_id, line) with risk >= threshold
    counts = {"conversations": 0, "messages": 0}
    batch: list[list] = []
    size = 0

    def flush() -> None:
        flat = [r for conv in batch for r in conv]
        probs = score_texts(scorer, [r.text for r in flat])
        keys = [(r.conversation_id, r.sender) for r in flat]
        convs, start = [], 0
        for conv in batch:
            convs.append(Conversation(conv[0].conversation_id, start, start + len(conv), -1, "", -1))
            start += len(conv)
        for outcome in run_monitor(scorer, PRESET, keys, probs, convs, threshold=conversation_threshold):
            alerted.update(outcome.first_alert)
        for r, p in zip(flat, probs[:, col], strict=True):
            authors.add(r.sender)
            if p >= message_threshold:
                risky_lines.append((r.sender, r.conversation_id, r.message_index + 1))

    for conv in _conversations(records):
        batch.append(conv)
        size += len(conv)
        counts["conversations"] += 1
        counts["messages"] += len(conv)
        if size >= CHUNK:
            flush()
            batch, size = [], 0
    if batch:
        flush()
    predicted_lines = {(c, line) for author, c, line in risky_lines if author in alerted}
    return {
        "preset": PRESET,
        "counts": {**counts, "authors": len(authors), "predators_in_corpus": len(predators & authors)},
        "problem1": set_prf(alerted, predators, 0.5),
        "problem2": set_prf(predicted_lines, problem2, 3.0),
    }


def run(scorer: Scorer, directory: Path) -> dict:
    """The suite on the official test split under ``directory`` (``FileNotFoundError`` names missing files)."""
    files = loader.find_pan12_files(directory)
    missing = files.missing("test")
    if missing:
        raise FileNotFoundError(f"PAN 2012 test split under {directory}: missing {', '.join(missing)}")
    predators = loader.load_predators(files.test_problem1)
    problems = ProblemCounter()
    problem2 = loader.load_problem2(files.test_problem2, report=problems)
    records = loader.load_pan12(directory, split="test", report=problems)
    out = evaluate(scorer, records, predators, problem2)
    out["load_problems"] = dict(sorted(problems.by_reason.items()))
    out["official_sizes"] = dict(loader.OFFICIAL_SIZES["test"])
    found = loader.summarize_pan12(directory, "test", report=ProblemCounter())  # problems already counted above
    differences = loader.check_against_official(found, "test")
    out["matches_official"] = not differences
    out["official_check"] = {k: {"found": f, "official": o} for k, (f, o) in sorted(differences.items())}
    if differences:
        out["protocol"] = "a PAN 2012 test set whose counts differ from the official release (not the official test)"
        out["warnings"] = [
            "the PAN 2012 test copy differs from the official sizes ("
            + ", ".join(f"{k} {f:,} vs {o:,}" for k, (f, o) in sorted(differences.items()))
            + "): its figures are not comparable with published official-test results"
        ]
    else:
        out["protocol"] = "official PAN 2012 test set (problem-1 and problem-2 ground truth)"
    out["counts"]["predators_ground_truth"] = len(predators)
    out["counts"]["problem2_lines_ground_truth"] = len(problem2)
    out["published_best"] = dict(PUBLISHED_BEST)
    return out
