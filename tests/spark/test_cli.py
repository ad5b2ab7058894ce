"""``groomguard spark-score``'s exit statuses (spark/cli.py): the same flags and meanings as ``groomguard score``."""

from __future__ import annotations

import pytest

from groomguard.spark.cli import build_parser, exit_status


@pytest.mark.parametrize(
    ("flags", "flagged", "alerts", "status"),
    [
        ([], 5, 1, 0),
        (["--fail-on-flag"], 5, 0, 0),  # flagged messages alone are not an alert
        (["--fail-on-flag"], 5, 1, 1),
        (["--fail-on-message-flag"], 5, 0, 1),
        (["--fail-on-message-flag"], 0, 1, 1),
        (["--fail-on-message-flag"], 0, 0, 0),
    ],
)
def test_fail_on_flag_follows_alerts_and_message_flags_are_an_option(flags, flagged, alerts, status):
    args = build_parser().parse_args(["in.parquet", "out/", *flags])
    assert exit_status(args, {"flagged": flagged, "alerts": alerts}) == status
