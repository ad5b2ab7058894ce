"""Publish a run's headline figures: the README table between the metrics markers, and the model card.

    python -m groomguard.eval.publish --metrics eval/results/<version>/metrics.json --readme README.md [--model model]

Rewrites the text between ``<!-- metrics:start -->`` and ``<!-- metrics:end -->`` in the README with a table generated
from ``metrics["headline"]`` (exit 2 with an error when the markers are missing), then regenerates
``<model>/MODEL_CARD.md`` with ``groomguard.training.card.write_model_card``. ``check_published(readme_text, metrics)``
lists every disagreement between a README and a metrics.json, so a test can fail when they drift apart.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

START = "<!-- metrics:start -->"
END = "<!-- metrics:end -->"
_ROW = re.compile(r"^\|\s*(?P<name>[^|]+?)\s*\|\s*(?P<value>[^|]+?)\s*\|\s*(?P<target>[^|]*?)\s*\|\s*$")
_VERSION = re.compile(r"model `([^`]+)`")


def format_value(value: float) -> str:
    return f"{value:.3f}"


def render_block(metrics: dict, metrics_path: str = "metrics.json") -> str:
    """The README text between the markers (markers excluded), from ``metrics["headline"]``."""
    lines = [
        f"Headline figures of model `{metrics.get('model_version', 'unknown')}` from `{metrics_path}` (`make eval`). "
        "They come from held-out synthetic test families: generalisation to new phrasings, not real-world accuracy.",
        "",
        "| metric | value | target |",
        "|---|---|---|",
    ]
    for name, row in metrics.get("headline", {}).items():
        lines.append(f"| {name} | {format_value(row['value'])} | {row.get('target', '')} |")
    return "\n".join(lines)


def _span(text: str, start_marker: str = START, end_marker: str = END) -> tuple[int, int] | None:
    start = text.find(start_marker)
    end = text.find(end_marker, start + len(start_marker)) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return start + len(start_marker), end


def block_text(readme_text: str, start_marker: str = START, end_marker: str = END) -> str:
    """The text between the markers (stripped); ValueError without markers."""
    span = _span(readme_text, start_marker, end_marker)
    if span is None:
        raise ValueError(f"README has no {start_marker} ... {end_marker} markers")
    return readme_text[span[0] : span[1]].strip("\n")


def replace_block(readme_text: str, block: str, start_marker: str = START, end_marker: str = END) -> str:
    """``readme_text`` with the text between the markers replaced by ``block``; ValueError without markers."""
    span = _span(readme_text, start_marker, end_marker)
    if span is None:
        raise ValueError(f"README has no {start_marker} ... {end_marker} markers")
    return readme_text[: span[0]] + "\n" + block + "\n" + readme_text[span[1] :]


def publish_block(json_path: Path, readme: Path, render, start_marker: str, end_marker: str) -> int:
    """Rewrite ``readme``'s block between the markers with ``render(figures, json_path)``; the exit status of a
    ``main`` (2 with an error on standard error when a file cannot be read or the markers are missing)."""
    try:
        figures = json.loads(json_path.read_text(encoding="utf-8"))
        updated = replace_block(
            readme.read_text(encoding="utf-8"), render(figures, json_path.as_posix()), start_marker, end_marker
        )
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    readme.write_text(updated, encoding="utf-8")
    print(f"updated {readme}")
    return 0


def parse_published(readme_text: str) -> tuple[str | None, dict[str, tuple[str, str]]]:
    """(model version, {metric: (value text, target)}) of the table between the markers."""
    span = _span(readme_text)
    if span is None:
        raise ValueError(f"README has no {START} ... {END} markers")
    block = readme_text[span[0] : span[1]]
    version = _VERSION.search(block)
    rows = {}
    for line in block.splitlines():
        m = _ROW.match(line.strip())
        if m and m["name"] != "metric" and not set(m["name"]) <= set("-: "):
            rows[m["name"]] = (m["value"], m["target"])
    return (version.group(1) if version else None), rows


def check_published(readme_text: str, metrics: dict) -> list[str]:
    """Every disagreement between the README's metrics table and ``metrics`` (empty when they agree)."""
    try:
        version, rows = parse_published(readme_text)
    except ValueError as exc:
        return [str(exc)]
    problems = []
    expected_version = metrics.get("model_version")
    if expected_version and version != expected_version:
        problems.append(f"model version: README says {version!r}, metrics.json says {expected_version!r}")
    headline = metrics.get("headline", {})
    for name, row in headline.items():
        if name not in rows:
            problems.append(f"{name}: missing from README")
            continue
        value, target = rows[name]
        if value != format_value(row["value"]):
            problems.append(f"{name}: README says {value}, metrics.json says {format_value(row['value'])}")
        if target != row.get("target", ""):
            problems.append(f"{name}: README target {target!r}, metrics.json target {row.get('target', '')!r}")
    problems += [f"{name}: in README, not in metrics.json" for name in rows if name not in headline]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.eval.publish", description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=Path, required=True, help="eval/results/<version>/metrics.json")
    parser.add_argument("--readme", type=Path, default=Path("README.md"))
    parser.add_argument("--model", type=Path, default=Path("model"), help="model directory whose card to regenerate")
    parser.add_argument("--no-card", action="store_true", help="only rewrite the README")
    args = parser.parse_args(argv)
    try:
        metrics = json.loads(args.metrics.read_text(encoding="utf-8"))
        readme = args.readme.read_text(encoding="utf-8")
        updated = replace_block(readme, render_block(metrics, args.metrics.as_posix()))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.readme.write_text(updated, encoding="utf-8")
    print(f"updated {args.readme}")
    if not args.no_card:
        from groomguard.training.card import write_model_card

        try:
            print(f"wrote {write_model_card(args.model, args.metrics)}")
        except (OSError, KeyError) as exc:
            print(f"error: cannot write the model card in {args.model}: {exc}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
