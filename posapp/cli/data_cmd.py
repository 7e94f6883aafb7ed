"""`posapp demo-data` and `posapp import-customers`: filling a counter's database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from posapp.counter import open_counter
from posapp.domain.errors import UserError
from posapp.services.customer_import import import_customers
from posapp.services.demo import build_demo_site, refuse_unless_empty
from posapp.settings import settings_path_for
from posapp.storage.db import open_db


def register(commands: Any) -> None:
    demo = commands.add_parser("demo-data", help="fill a new database with a realistic demo site")
    demo.add_argument("--db", type=Path, required=True, help="the database file to create or fill")
    demo.add_argument("--days", type=_positive_days, default=30, help="days of history (default 30)")
    demo.add_argument("--seed", type=int, default=7, help="the same seed gives the same site")
    demo.add_argument("--cars-per-day", type=int, default=150, help=argparse.SUPPRESS)
    demo.set_defaults(run=run_demo_data)

    customers = commands.add_parser("import-customers", help="import customers from a CSV file")
    customers.add_argument("--db", type=Path, required=True)
    customers.add_argument("file", type=Path, metavar="FILE.csv")
    customers.set_defaults(run=run_import_customers)


def _positive_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--days must be a whole number, not {text!r}") from None
    if not 1 <= days <= 3700:
        raise argparse.ArgumentTypeError("--days must be from 1 to 3700")
    return days


def _parent_exists(path: Path) -> None:
    if not path.resolve().parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist.")


def run_demo_data(args: argparse.Namespace) -> int:
    _parent_exists(args.db)
    where = f"The database {args.db}"
    if args.db.is_file():
        # Looked at read-only first: a shop's database is refused before anything (the schema's
        # next steps, the demo catalog) is written to it.
        existing = open_db(args.db, read_only=True)
        try:
            refuse_unless_empty(existing, where)
        finally:
            existing.conn.close()
    counter = open_counter(args.db, settings_path=args.settings, demo=True)
    written = build_demo_site(
        counter.db,
        counter.catalog,
        counter.settings,
        now=counter.now,
        days=args.days,
        seed=args.seed,
        cars_per_day=args.cars_per_day,
        where=where,
    )
    print(f"Demo site written to {args.db}: {written} tickets over {args.days} days.")
    return 0


def run_import_customers(args: argparse.Namespace) -> int:
    if not args.db.exists():
        raise UserError(f"There is no database at {args.db}.")
    counter = open_counter(args.db, settings_path=args.settings or settings_path_for(args.db))
    added = import_customers(counter.db, args.file, counter.catalog, counter.now)
    print(f"Imported {added} customers into {args.db}.")
    return 0
