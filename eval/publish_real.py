"""Publish the real-chat figures: the README's limitations line on real chats, from a real-chat check's JSON.

    python -m groomguard.eval.publish_real --json eval/results/<version>/realcheck.json --readme README.md

The JSON is what the team's real-chat check writes (``../shared/realcheck/score --json FILE``, run by
``make realcheck``): figures only, never text. The text between ``<!-- realchat:start -->`` and
``<!-- realchat:end -->`` in the README is regenerated from it; ``check_published`` lists disagreements so a test fails
when they drift apart. Nothing here reads chat text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from groomguard.eval.publish import block_text, publish_block

START = "<!-- realchat:start -->"
END = "<!-- realchat:end -->"


def render_block(figures: dict, version: str, source: str) -> str:
    a, c, b = figures["pj_sides_alone"], figures["pj_conversations"], figures["benign"]
    return (
        f"- **Real chats** (model `{version}`, `{figures.get('preset', 'balanced')}` preset, from `{source}`, "
        "`make realcheck`): on real Perverted-Justice transcripts, adult offenders against the adult decoys who posed "
        f"as 12–14-year-olds, the offender's own lines rank above the decoy's with ROC-AUC {a['author_roc_auc']:.3f}; "
        f"with both sides in one conversation {c['offenders_alerted']:.0%} of offenders and "
        f"{c['decoys_alerted']:.0%} of decoys are alerted; offender lines, each scored in its conversation as the "
        "CLI's `risk` is, rank above real harmless lines with ROC-AUC "
        f"{figures['offender_lines_vs_benign_roc_auc']:.3f} (a line read alone, without its conversation, is a weak "
        f"signal); {b['sms']['flagged']:.1%} of real SMS and "
        f"{b['movie']['flagged']:.1%} of movie-dialogue lines are flagged, and "
        f"{b['movie_conversations_alerted']:.1%} of movie conversations alert. These transcripts are a development "
        "check (a separate real set judges each release); real chats are messier, so treat every figure as a "
        "rough guide and every flag as a prompt for a person to look."
    )


def check_published(readme_text: str, figures: dict, version: str, source: str) -> list[str]:
    try:
        published = block_text(readme_text, START, END)
    except ValueError as exc:
        return [str(exc)]
    expected = render_block(figures, version, source)
    return [] if published == expected else [f"README real-chat line differs from {source}: regenerate it"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.eval.publish_real", description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, required=True, help="eval/results/<version>/realcheck.json")
    parser.add_argument("--readme", type=Path, default=Path("README.md"))
    parser.add_argument("--model-version", required=True)
    args = parser.parse_args(argv)
    render = lambda figures, source: render_block(figures, args.model_version, source)  # noqa: E731
    return publish_block(args.json, args.readme, render, START, END)


if __name__ == "__main__":
    sys.exit(main())
