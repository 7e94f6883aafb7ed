"""`posapp trials settle`: record every membership trial whose last day has passed as converted or expired.

The counter does this itself at start-up and when a customer is chosen; this is for a till
left running for days, or a scheduled job. Running it twice records nothing twice.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from posapp.cli.args import existing_database
from posapp.services.memberships import CONVERTED, settle_trials
from posapp.settings import load_settings, settings_path_for
from posapp.storage.migrations import open_migrated


def register(subparsers: Any) -> None:
    """Add `trials settle` to the `posapp` command."""
    trials = subparsers.add_parser("trials", help="membership trials")
    actions = trials.add_subparsers(dest="trials_action", metavar="ACTION", required=True)
    settle = actions.add_parser("settle", help="record trials that ended as converted or expired (once)")
    settle.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="the counter's database")
    settle.set_defaults(run=run_settle)


def run_settle(args: argparse.Namespace) -> int:
    path = existing_database(args)
    settings = load_settings(args.settings or settings_path_for(path))

    def now() -> datetime:
        return datetime.now(UTC)

    db = open_migrated(path)
    try:
        settled = settle_trials(db, now().astimezone(settings.time_zone).date(), now)
    finally:
        db.conn.close()
    converted = sum(1 for _, outcome in settled if outcome == CONVERTED)
    print(
        f"{len(settled)} trials recorded as ended: {converted} converted, {len(settled) - converted} expired."
    )
    return 0
