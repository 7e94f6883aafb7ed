"""`posapp shift lost|close-lost`: the shifts no till holds, listed and closed by a manager.

A till takes its own Z at the counter (Counter › Shift). These are for a shift left open from
before m016 under a name no till had, which no till shows or can close (`posapp check` counts them).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from posapp.cli.approval import manager_named, read_pin
from posapp.cli.args import existing_database, row_id
from posapp.counter import utc_now
from posapp.domain.money import parse_price
from posapp.domain.shift import Shift
from posapp.offers.scripts import money_formatter
from posapp.services.lost_shifts import close_lost_shift, lost_open_shifts
from posapp.services.shifts import cash_figures
from posapp.settings import Settings, load_settings, settings_path_for
from posapp.storage.db import Database
from posapp.storage.migrations import open_migrated
from posapp.storage.shifts import shift_takings


def register(commands: Any) -> None:
    shift = commands.add_parser("shift", help="list or close the shifts no till holds (a manager's PIN)")
    actions = shift.add_subparsers(dest="shift_action", metavar="lost|close-lost", required=True)

    lost = actions.add_parser("lost", help="the open shifts no till holds, with the cash each should hold")
    lost.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="the counter's database")
    lost.set_defaults(run=run_lost)

    close = actions.add_parser("close-lost", help="take the Z of a shift no till holds (a manager's PIN)")
    close.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="the counter's database")
    close.add_argument("--shift", type=row_id("--shift"), required=True, metavar="ID")
    close.add_argument("--counted", required=True, metavar="AMOUNT", help="the cash counted for it: 120.50")
    close.add_argument("--manager", required=True, metavar="NAME", help="the manager taking the Z")
    close.set_defaults(run=run_close_lost)


def run_lost(args: argparse.Namespace) -> int:
    path, settings = _database(args)
    db = open_migrated(path)
    try:
        shifts = lost_open_shifts(db)
        lines = [_described(db, shift, settings) for shift in shifts]
    finally:
        db.conn.close()
    if not lines:
        print("Every open shift is held by a till: nothing to close here.")
        return 0
    print(f"{_counted(len(lines), 'open shift')} held by no till; close each with `posapp shift close-lost`:")
    for line in lines:
        print(line)
    return 0


def run_close_lost(args: argparse.Namespace) -> int:
    path, settings = _database(args)
    counted = parse_price(args.counted, "--counted", settings.locale)
    db = open_migrated(path)
    try:
        report = close_lost_shift(
            db,
            shift_id=args.shift,
            counted_cents=counted,
            manager_id=manager_named(db, args.manager),
            manager_pin=read_pin(args.manager),
            settings=settings,
            now=utc_now,
        )
    finally:
        db.conn.close()
    money = money_formatter(settings.currency, settings.locale)
    variance = report.variance_cents or 0
    over_or_short = "over" if variance > 0 else "short"
    difference = "no difference" if variance == 0 else f"{over_or_short} {money(abs(variance))}"
    print(
        f"Shift {report.shift.id} at {report.shift.terminal} is closed by {args.manager}:"
        f" expected {money(report.cash.expected_cents)}, counted {money(counted)}, {difference}"
        f" ({_counted(report.tickets, 'ticket')}, cards {money(report.card_sales_cents)})."
    )
    return 0


def _database(args: argparse.Namespace) -> tuple[Path, Settings]:
    path = existing_database(args)
    return path, load_settings(args.settings or settings_path_for(path))


def _described(db: Database, shift: Shift, settings: Settings) -> str:
    now = utc_now()
    takings = shift_takings(db, shift, now)
    opened = shift.opened_at.astimezone(settings.time_zone).strftime("%Y-%m-%d %H:%M")
    money = money_formatter(settings.currency, settings.locale)
    expected = money(cash_figures(takings).expected_cents)
    return (
        f"shift {shift.id} at {shift.terminal}, opened {opened} by {shift.opened_by_name}:"
        f" {_counted(takings.tickets, 'ticket')}, the drawer should hold {expected}"
    )


def _counted(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"
