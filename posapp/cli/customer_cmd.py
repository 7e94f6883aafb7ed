"""`posapp customer export|erase`: a customer's own data on request, for the manager."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from posapp.cli.args import row_id
from posapp.counter import utc_now
from posapp.domain.errors import UserError
from posapp.files import write_whole
from posapp.services.customer_data import erase_customer, export_customer_json
from posapp.storage.cashiers import list_cashiers
from posapp.storage.db import open_db
from posapp.storage.migrations import open_migrated


def register(commands: Any) -> None:
    customer = commands.add_parser("customer", help="export or erase a customer's data on request")
    actions = customer.add_subparsers(dest="action", metavar="export|erase", required=True)

    export = actions.add_parser("export", help="everything held about one customer, as JSON")
    export.add_argument("--db", type=Path, required=True)
    export.add_argument("--customer", type=row_id("--customer"), required=True, metavar="ID")
    export.add_argument("--output", type=Path, required=True, metavar="FILE.json")
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
    db = open_db(_existing(args.db), read_only=True)
    try:
        content = export_customer_json(db, args.customer)
    finally:
        db.conn.close()
    write_whole(args.output, content, "customer's data")
    print(f"Customer {args.customer}'s data saved to {args.output}.")
    return 0


def run_erase(args: argparse.Namespace) -> int:
    db = open_migrated(_existing(args.db))
    try:
        managers = {person.name: person.id for person in list_cashiers(db) if person.is_manager}
        if args.manager not in managers:
            raise UserError(f"{args.manager} is not a manager at this counter.")
        # The PIN is read, never passed on the command line where shell history would keep it.
        pin = (
            getpass.getpass(f"{args.manager}'s PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
        )
        erase_customer(
            db, customer_id=args.customer, manager_id=managers[args.manager], manager_pin=pin, now=utc_now
        )
    finally:
        db.conn.close()
    print(f"Customer {args.customer}'s name and contacts are erased; their sales keep their totals.")
    return 0
