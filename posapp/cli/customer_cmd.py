"""`posapp customer export|erase`: a customer's own data on request, for the manager."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any

from posapp.cli.approval import manager_named, read_pin
from posapp.cli.args import row_id
from posapp.counter import utc_now
from posapp.domain.errors import UserError
from posapp.services.auth import require_manager
from posapp.services.customer_data import OUT_OF_REACH, erase_customer, export_customer_to, scrub_receipt_pdfs
from posapp.settings import load_settings, settings_path_for
from posapp.storage.db import Database
from posapp.storage.migrations import open_migrated


def register(commands: Any) -> None:
    customer = commands.add_parser("customer", help="export or erase a customer's data on request")
    actions = customer.add_subparsers(dest="action", metavar="export|erase", required=True)

    export = actions.add_parser("export", help="everything held about one customer, as JSON")
    export.add_argument("--db", type=Path, required=True)
    export.add_argument("--customer", type=row_id("--customer"), required=True, metavar="ID")
    export.add_argument("--output", type=Path, required=True, metavar="FILE.json")
    export.add_argument("--manager", metavar="NAME", help="the manager exporting it (their PIN is asked)")
    export.set_defaults(run=run_export)

    erase = actions.add_parser("erase", help="remove a customer's name and contacts (a manager's PIN)")
    erase.add_argument("--db", type=Path, required=True)
    erase.add_argument("--customer", type=row_id("--customer"), required=True, metavar="ID")
    erase.add_argument("--manager", required=True, metavar="NAME", help="the manager approving it")
    erase.set_defaults(run=run_erase)


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise UserError(f"There is no database at {path}.")
    return path


def run_export(args: argparse.Namespace) -> int:
    db = open_migrated(_existing(args.db))
    try:
        manager_id = _approving_manager(db, args.manager) if args.manager else None
        # Who asked is written to the audit log: the manager, or the computer account that ran it.
        by = f"command line, manager {args.manager}" if args.manager else f"command line, user {_os_user()}"
        export_customer_to(db, args.customer, args.output, cashier_id=manager_id, by=by, now=utc_now)
    finally:
        db.conn.close()
    print(f"Customer {args.customer}'s data saved to {args.output}.")
    return 0


def run_erase(args: argparse.Namespace) -> int:
    settings = load_settings(args.settings or settings_path_for(args.db))
    db = open_migrated(_existing(args.db))
    try:
        manager_id = manager_named(db, args.manager)
        erasure = erase_customer(
            db,
            customer_id=args.customer,
            manager_id=manager_id,
            manager_pin=read_pin(args.manager),
            now=utc_now,
        )
    finally:
        db.conn.close()
    receipts = scrub_receipt_pdfs(args.db, erasure.tickets, settings)
    print(
        f"Customer {args.customer} is erased: name and contacts, {erasure.scripts} offer scripts,"
        f" {erasure.drafts} tickets in progress and {len(receipts.rewritten)} saved receipt PDFs"
        " (rendered again without the name); their sales keep their totals."
    )
    for path in receipts.left:
        print(f"Could not rewrite or delete the receipt {path}: remove it by hand.")
    print(OUT_OF_REACH)
    return 0


def _approving_manager(db: Database, name: str) -> int:
    """The named manager's id once their PIN is right (the same check as erasing)."""
    return require_manager(db, manager_named(db, name), read_pin(name), utc_now).id


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
