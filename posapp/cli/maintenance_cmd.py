"""`posapp check` and `posapp backup`: is the database healthy, and a copy of it now."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from posapp.counter import utc_now
from posapp.domain.errors import UserError
from posapp.services.backup import Health, backup_to, check_health
from posapp.services.backup_rotation import restore_backup, verify_backup
from posapp.storage.db import open_db


def register(commands: Any) -> None:
    check = commands.add_parser("check", help="integrity and migration status; exit 1 when unhealthy")
    check.add_argument("--db", type=Path, required=True)
    check.set_defaults(run=run_check)

    backup = commands.add_parser("backup", help="copy the live database safely")
    backup.add_argument("--db", type=Path, required=True)
    backup.add_argument("--output", type=Path, required=True)
    backup.set_defaults(run=run_backup)

    restore = commands.add_parser("restore", help="replace the database with a verified backup")
    restore.add_argument("--db", type=Path, required=True)
    restore.add_argument("--from", dest="backup", type=Path, required=True, metavar="FILE")
    restore.set_defaults(run=run_restore)


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise UserError(f"There is no database at {path}.")
    return path


def run_check(args: argparse.Namespace) -> int:
    path = _existing(args.db)
    try:
        db = open_db(path, read_only=True)
    except UserError as error:
        # The file is there but SQLite cannot read it (truncated, overwritten): that is a damaged
        # database, which `check` answers with UNHEALTHY and exit 1, not a mistake of the caller.
        print(f"integrity: {error.message}")
        print("UNHEALTHY")
        return 1
    health = check_health(db)
    print(f"integrity: {health.integrity}")
    print(f"migrations: {health.applied} of {health.known} applied")
    print(f"tickets: {health.tickets}")
    print(f"schema: {health.schema}")
    print(f"audit chain: {health.audit_chain}")
    print(f"sales chain: {health.sales_chain}")
    if health.lost_shifts:
        print(
            f"shifts: {health.lost_shifts} open {'shift is' if health.lost_shifts == 1 else 'shifts are'}"
            " held by no till:"
            " see `posapp shift lost` and close them with `posapp shift close-lost`"
        )
    if not health.healthy:
        print(f"first problem: {_first_problem(health)}")
    # The verdict stays the last line, alone: scripts read it there.
    print("healthy" if health.healthy else "UNHEALTHY")
    return 0 if health.healthy else 1


def _first_problem(health: Health) -> str:
    """The one line that says what to look at first."""
    if health.integrity != "ok":
        return f"integrity {health.integrity}"
    if health.schema != "ok":
        return health.schema
    if health.broken_chain:
        return health.broken_chain
    return f"{health.known - health.applied} migrations not applied"


def run_backup(args: argparse.Namespace) -> int:
    db = open_db(_existing(args.db), read_only=True)
    path = backup_to(db, args.output)
    print(f"Backup written to {path}.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    tickets = verify_backup(args.backup)
    kept = restore_backup(args.db, args.backup, at=utc_now())
    print(f"Restored {args.db} from {args.backup} ({tickets} tickets).")
    if kept:
        print(f"The replaced database is kept as {kept}.")
    return 0
