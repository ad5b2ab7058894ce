"""The ``groomguard`` command line: score exported chat logs with the shipped model.

Run ``groomguard --help`` or ``groomguard score --help``. Entry point: ``main(argv=None)``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="groomguard",
        description="Flag grooming and sexual-solicitation messages in exported chat logs, on this machine. "
        "A flag is for a person to review; it is not evidence.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    score = sub.add_parser(
        "score", help="score chat exports and print one record per message and conversation"
    )
    score.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, folders or zips; '-' reads standard input"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    print("groomguard score: the runtime is not built yet", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
