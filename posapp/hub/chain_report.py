"""The chain's report: the site report's figures over every site, and each site's own, read from the hub.

The hub's rows for the period and the week before are copied into scratch SQLite files with the
till's schema (posapp.storage.chain_staging), one for the chain and one per site, and the site
report is built on each: the same figures by the same queries. Runs as the hub's owner or a
reader role (`posapp hub add-reader`); reads in one snapshot, so a sync meanwhile cannot tear it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from posapp.hub.connect import connect
from posapp.reports.build import build_report
from posapp.reports.experiments import SHOWN_AFTER_END_DAYS
from posapp.reports.export import report_csv_bytes, report_json
from posapp.reports.figures import Report, previous_week
from posapp.settings import Settings
from posapp.storage.chain_staging import Staging, start_staging
from posapp.storage.db import open_db, write_transaction
from posapp.storage.migrations import apply_migrations


@dataclass(frozen=True)
class ChainReport:
    chain: Report
    sites: tuple[tuple[str, Report], ...]


@dataclass
class _HubRows:
    cashiers: list[tuple[Any, ...]]
    tickets: list[tuple[Any, ...]]
    voids: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    lines: list[tuple[Any, ...]]
    complaints: list[tuple[Any, ...]]
    trials: list[tuple[Any, ...]]
    line_refunds: list[tuple[Any, ...]]
    tests: list[tuple[Any, ...]]
    ticket_arms: list[tuple[Any, ...]]
    messages: list[tuple[Any, ...]]


def _latest(table: str, columns: str, where: str = "true") -> str:
    """The newest version of each row of a versioned hub table."""
    return (
        f"SELECT {columns} FROM (SELECT DISTINCT ON (source_id, local_id) * FROM hub.{table}"
        f" ORDER BY source_id, local_id, xid DESC, seq DESC) v WHERE {where}"
    )


def _mine(alias: str = "") -> str:
    """Rows of the site asked for, or of every site."""
    column = f"{alias}.site" if alias else "site"
    return f"(%(site)s::text IS NULL OR {column} = %(site)s)"


def _read_hub(conn: Any, first: date, last: date, site: str | None) -> _HubRows:
    span = {
        "first": first,
        "last": last,
        "end": last + timedelta(days=1),
        "site": site,
        "tests_from": first - timedelta(days=SHOWN_AFTER_END_DAYS),
    }
    mine = _mine()
    # Every script test the report may show, each counted from its first day: the tickets that
    # entered them come too, however long before the period.
    tests_sql = _latest(
        "experiments",
        "site, source_id::text, local_id, name, moment, kind, service, min_customers, starts_on, ends_on,"
        " stopped_on, arms",
        f"{mine} AND starts_on <= %(last)s AND ends_on >= %(tests_from)s",
    )
    arms_sql = (
        "SELECT a.site, a.source_id::text, a.ticket_id, a.experiment_id, a.arm FROM hub.ticket_arms a"
        f" JOIN ({tests_sql}) x ON x.source_id = a.source_id::text AND x.local_id = a.experiment_id"
    )
    # Tickets besides the period's: those voided or refunded in it, and those in a test shown.
    # Joined (hashed), never `IN` a big subquery: over a year of 50 sites that was a scan per row.
    extra_keys = (
        f"SELECT source_id, ticket_id FROM hub.voids WHERE {mine}"
        " AND local_day BETWEEN %(first)s AND %(last)s"
        " UNION SELECT a.source_id, a.ticket_id FROM hub.ticket_arms a"
        f" JOIN ({tests_sql}) x ON x.source_id = a.source_id::text AND x.local_id = a.experiment_id"
    )
    columns = (
        "t.site, t.source_id::text, t.local_id, t.draft_id, t.cashier_id, t.opened_at, t.completed_at,"
        " t.local_day, t.local_hour, t.payment, t.flags, t.subtotal_cents, t.tax_cents, t.total_cents,"
        " t.customer_id"
    )
    tickets_sql = (
        f"SELECT {columns} FROM hub.tickets t WHERE {mine} AND t.local_day BETWEEN %(first)s AND %(last)s"
        f" UNION SELECT {columns} FROM hub.tickets t JOIN ({extra_keys}) k"
        " ON k.source_id = t.source_id AND k.ticket_id = t.local_id"
        f" WHERE {_mine('t')} AND t.local_day <= %(last)s"
    )
    # In the tills' own order: a site's scratch copy numbers its tickets as its till did.
    tickets = conn.execute(f"{tickets_sql} ORDER BY 2, 3", span).fetchall()
    voids = (
        "v.site, v.source_id::text, v.ticket_id, v.kind, v.reason, v.manager_id, v.amount_cents, v.at,"
        " v.local_day"
    )
    events = (
        "e.site, e.source_id::text, e.local_id, e.ticket_id, e.cashier_id, e.moment, e.kind, e.service,"
        " e.outcome, e.price_delta_cents, e.reasons, e.at, e.local_day, e.experiment_id, e.arm"
    )
    return _HubRows(
        cashiers=conn.execute(
            _latest("cashiers", "site, source_id::text, local_id, name, role", mine), span
        ).fetchall(),
        tickets=tickets,
        # Every void of a ticket read (its status), and the period's voids (the money given back).
        voids=conn.execute(
            f"SELECT {voids} FROM hub.voids v WHERE {mine} AND v.local_day BETWEEN %(first)s AND %(last)s"
            f" UNION SELECT {voids} FROM hub.voids v JOIN ({tickets_sql}) t"
            " ON t.source_id = v.source_id::text AND t.local_id = v.ticket_id",
            span,
        ).fetchall(),
        events=conn.execute(
            f"SELECT {events} FROM hub.offer_events e WHERE {mine}"
            " AND e.local_day BETWEEN %(first)s AND %(last)s"
            f" UNION SELECT {events} FROM hub.offer_events e JOIN ({extra_keys}) k"
            " ON k.source_id = e.source_id AND k.ticket_id = e.ticket_id"
            f" WHERE {_mine('e')}"
            " ORDER BY 2, 3",
            span,
        ).fetchall(),
        lines=conn.execute(
            "SELECT l.site, l.source_id::text, l.ticket_id, l.position, l.code, l.name, l.unit_price_cents,"
            " l.quantity,"
            " l.is_addon, l.offer_kind, l.offer_event_id, l.plan_change, l.local_id FROM hub.ticket_lines l"
            f" JOIN ({tickets_sql}) t ON t.source_id = l.source_id::text AND t.local_id = l.ticket_id",
            span,
        ).fetchall(),
        # By their ticket: a refunded line's money leaves the day (and hour) of its sale.
        line_refunds=conn.execute(
            "SELECT r.site, r.source_id::text, r.ticket_id, r.line_id, r.reason, r.manager_id,"
            " r.subtotal_cents, r.amount_cents, r.at, r.local_day FROM hub.line_refunds r"
            f" JOIN ({tickets_sql}) t ON t.source_id = r.source_id::text AND t.local_id = r.ticket_id",
            span,
        ).fetchall(),
        complaints=conn.execute(
            _latest("complaints", "site, opened_at, resolved_at", f"{mine} AND opened_at < %(end)s"), span
        ).fetchall(),
        trials=conn.execute(
            _latest(
                "trials",
                "site, from_plan, plan, started_on, until, kept, outcome",
                f"{mine} AND (started_on BETWEEN %(first)s AND %(last)s"
                " OR until BETWEEN %(first)s AND %(last)s)",
            ),
            span,
        ).fetchall(),
        tests=conn.execute(f"{tests_sql} ORDER BY source_id, local_id", span).fetchall(),
        ticket_arms=conn.execute(arms_sql, span).fetchall(),
        # Messages planned, settled or redeemed in the period: what the follow-up figures count.
        messages=conn.execute(
            _latest(
                "mail_outbox",
                "site, source_id::text, local_id, kind, customer_id, ticket_id, state, reason,"
                " possible_duplicate, due_at, sent_at, planned_day, settled_day, redeemed_ticket_id,"
                " redeemed_day, redeemed_cents",
                f"{mine} AND (planned_day BETWEEN %(first)s AND %(last)s"
                " OR settled_day BETWEEN %(first)s AND %(last)s"
                " OR redeemed_day BETWEEN %(first)s AND %(last)s)",
            )
            + " ORDER BY source_id, local_id",
            span,
        ).fetchall(),
    )


def _one_site(rows: _HubRows, site: str) -> _HubRows:
    """The rows of one site (every row's first column names its site)."""
    return _HubRows(
        **{name: [row for row in getattr(rows, name) if row[0] == site] for name in rows.__dataclass_fields__}
    )


def _template(folder: Path) -> Path:
    """An empty database with the till's schema and the default catalog, copied for each report."""
    path = folder / "template.db"
    db = open_db(path)
    try:
        db.execute("PRAGMA journal_mode = DELETE")  # one file, so a plain copy is the whole database
        apply_migrations(db)
        start_staging(db)
    finally:
        db.conn.close()
    return path


def _staged_report(
    template: Path, name: str, rows: _HubRows, first: date, last: date, settings: Settings, business: str
) -> Report:
    path = template.with_name(f"{name}.db")
    shutil.copyfile(template, path)
    db = open_db(path)
    try:
        db.execute("PRAGMA synchronous = OFF")  # a scratch file, thrown away after the report
        with write_transaction(db):
            staging = Staging(db, label_cashiers=name == "chain")
            staging.add_cashiers(rows.cashiers)
            staging.add_experiments(rows.tests)
            voids = {(source, ticket): kind for _, source, ticket, kind, *_ in rows.voids}
            staging.add_tickets(rows.tickets, voids)
            staging.add_offer_events(rows.events)
            staging.add_lines(rows.lines)
            staging.add_voids(rows.voids)
            staging.add_line_refunds(rows.line_refunds)
            staging.add_ticket_arms(rows.ticket_arms)
            staging.add_messages(rows.messages)
            staging.add_complaints(rows.complaints)
            staging.add_trials(rows.trials)
        built = build_report(
            db,
            first,
            last,
            business=business,
            currency=settings.currency,
            locale=settings.locale,
            time_zone=settings.time_zone,
        )
        # A till's audit and sales chains prove that till's file; the scratch copy has none to show.
        return replace(built, audit_chain=None, sales_chain=None)
    finally:
        db.conn.close()


def chain_report(url: str, first: date, last: date, settings: Settings) -> ChainReport:
    """The chain's figures for `first`..`last` (site days) and each site's, in one snapshot of the hub."""
    span_first = previous_week(first)[0]
    with connect(url, autocommit=True) as conn, conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        sites = [str(row[0]) for row in conn.execute("SELECT site FROM hub.sites ORDER BY site").fetchall()]
        everything = _read_hub(conn, span_first, last, None)
    with tempfile.TemporaryDirectory(prefix="posapp-chain-") as scratch:
        template = _template(Path(scratch))
        chain = _staged_report(
            template, "chain", everything, first, last, settings, f"{settings.business.name} (all sites)"
        )
        reports = tuple(
            (
                site,
                _staged_report(
                    template, f"site-{site}", _one_site(everything, site), first, last, settings, site
                ),
            )
            for site in sites
        )
    return ChainReport(chain, reports)


def chain_json(report: ChainReport) -> dict[str, Any]:
    """The report JSON contract, plus `sites`: each site's figures in the same shape, with its name."""
    data = _without_local_chains(report_json(report.chain))
    data["sites"] = [
        {"site": site, **_without_local_chains(report_json(figures))} for site, figures in report.sites
    ]
    return data


#: What only a till's own file holds: its chain heads (they prove that file). Left out rather than
#: reported as empty.
TILL_ONLY_KEYS = frozenset({"audit_chain_head", "sales_chain_head"})


def _without_local_chains(figures: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in figures.items() if key not in TILL_ONLY_KEYS}


def chain_bytes(report: ChainReport, format_name: str, paper: str) -> bytes:
    if format_name == "json":
        return json.dumps(chain_json(report), indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    if format_name == "csv":
        # The chain's rows, then each site's under a line naming it (without repeating the header).
        parts = [report_csv_bytes(report.chain)]
        for site, figures in report.sites:
            rows = report_csv_bytes(figures).decode("utf-8-sig").split("\r\n", 1)[1]
            parts.append(f"site,{site},,,\r\n{rows}".encode())
        return b"".join(parts)
    from posapp.reports.pdf import render_pdf

    return render_pdf(report.chain, paper=paper, sites=report.sites)
