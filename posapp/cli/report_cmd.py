"""`posapp report`: the manager's add-on report for a day or a range, saved as PDF, CSV or JSON."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from posapp.domain.errors import UserError
from posapp.reports.build import site_report
from posapp.reports.export import write_atomically
from posapp.reports.files import FORMATS, report_bytes
from posapp.settings import load_settings, settings_path_for
from posapp.storage.db import open_db


def register(commands: Any) -> None:
    report = commands.add_parser("report", help="the add-on report for a day or a range")
    report.add_argument("--db", type=Path, help="the counter's database (a site's own report)")
    report.add_argument("--hub", metavar="URL", help="the chain's hub instead: every site's figures")
    report.add_argument("--date", required=True, metavar="DAY", help="the (first) day, like 2026-11-27")
    report.add_argument("--to", metavar="DAY", help="the last day of a range (default: --date)")
    report.add_argument("--format", required=True, metavar="pdf|csv|json", help="what kind of file")
    report.add_argument("--output", type=Path, required=True, metavar="FILE", help="where to save it")
    report.set_defaults(run=run_report)


#: The earliest first day: the report sets the period beside the 7 days before it.
EARLIEST = date.min + timedelta(days=7)


def parse_day(text: str, option: str) -> date:
    shown = text if len(text) <= 40 else text[:40] + "…"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} must be a day written like 2026-11-27, not {shown!r}.") from None
    if day < EARLIEST:
        raise UserError(
            f"{option} {day} is too early: the report compares with the week before, "
            f"so it starts on {EARLIEST} at the earliest."
        )
    return day


def run_report(args: argparse.Namespace) -> int:
    first = parse_day(args.date, "--date")
    last = parse_day(args.to, "--to") if args.to else first
    if last < first:
        raise UserError(f"--to ({last}) is before --date ({first}); give the earlier day first.")
    if args.format not in FORMATS:
        raise UserError(f"The format must be pdf, csv or json, not {args.format!r}.")
    if not args.output.parent.is_dir():
        raise UserError(f"The folder {args.output.parent} for the report does not exist.")
    if (args.db is None) == (args.hub is None):
        raise UserError("Give either --db (this site's report) or --hub (the chain's report).")
    if args.hub is not None:
        return _run_chain_report(args, first, last)
    if not args.db.is_file():
        raise UserError(f"There is no database at {args.db}.")
    # The counter's own settings sit beside its database; the defaults serve a copied-out file.
    settings = load_settings(args.settings or settings_path_for(args.db))
    db = open_db(args.db, read_only=True)
    try:
        report = site_report(db, first, last, settings)
    finally:
        db.conn.close()
    write_atomically(args.output, report_bytes(report, args.format, paper=settings.report_paper))
    print(f"Saved the add-on report for {first}{'' if last == first else f' to {last}'} to {args.output}.")
    return 0


def _run_chain_report(args: argparse.Namespace, first: date, last: date) -> int:
    from posapp.hub.chain_report import chain_bytes, chain_report

    settings = load_settings(args.settings)
    report = chain_report(args.hub, first, last, settings)
    write_atomically(args.output, chain_bytes(report, args.format, settings.report_paper))
    sites = len(report.sites)
    print(
        f"Saved the chain's report ({sites} site(s)) for {first}"
        f"{'' if last == first else f' to {last}'} to {args.output}."
    )
    return 0
