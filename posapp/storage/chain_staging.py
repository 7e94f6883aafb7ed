"""A scratch copy of the till's schema filled with the hub's rows, so the chain's report is the site's report.

The chain report is computed by the very queries of a site's report (posapp.storage.report_queries)
on a temporary SQLite file holding only the period and the week before: the same figures by
construction, never a second set of SQL to keep in step. Rows get new local ids here; customers
are not copied (the report does not name them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from posapp.storage.catalog import read_catalog_file, seed_catalog
from posapp.storage.clock import to_db

Key = tuple[str, int]


def start_staging(db: Database) -> None:
    """The default catalog's names (the report names offers by them); before the fill's transaction."""
    seed_catalog(db, read_catalog_file())


class Staging:
    """Fills one scratch database, inside one write transaction; hub (source, local id) keys map here."""

    def __init__(self, db: Database, label_cashiers: bool) -> None:
        self.db = db
        self.label_cashiers = label_cashiers
        self.cashiers: dict[tuple[str, str], int] = {}
        self.cashier_of: dict[Key, int] = {}
        self.tickets: dict[Key, int] = {}
        self.events: dict[Key, int] = {}
        self.lines: dict[Key, int] = {}
        self._customer = 0

    def add_cashiers(self, rows: Iterable[tuple[str, str, int, str, str]]) -> None:
        """(site, source, local id, name, role): one person per site and name, whichever till they used."""
        for site, source, local_id, name, role in rows:
            key = (site, name)
            if key not in self.cashiers:
                shown = f"{name} · {site}" if self.label_cashiers else name
                cursor = self.db.execute(
                    "INSERT INTO cashiers (name, role, pin_hash, created_at) VALUES (?, ?, '', '')",
                    (shown[:60], role),
                )
                self.cashiers[key] = int(cursor.lastrowid or 0)
            self.cashier_of[(source, local_id)] = self.cashiers[key]

    def cashier(self, site: str, source: str, local_id: int) -> int:
        found = self.cashier_of.get((source, local_id))
        if found is None:  # a cashier the hub has not heard of yet: still counted, by number
            self.add_cashiers([(site, source, local_id, f"#{local_id} {source[:8]}", "cashier")])
            found = self.cashier_of[(source, local_id)]
        return found

    def add_tickets(self, rows: Iterable[tuple[Any, ...]], voids: dict[Key, str]) -> None:
        for row in rows:
            (site, source, local_id, draft_id, cashier, opened, completed, day, hour, payment, flags) = row[
                :11
            ]
            subtotal, tax, total = row[11:14]
            number = len(self.tickets) + 1
            cursor = self.db.execute(
                "INSERT INTO tickets (number, draft_id, terminal, cashier_id, opened_at, completed_at,"
                " local_day, local_hour, status, payment, flags, subtotal_cents, tax_cents, total_cents)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    number,
                    f"{source}:{draft_id}",
                    site,
                    self.cashier(site, source, cashier),
                    to_db(opened),
                    to_db(completed),
                    day.isoformat(),
                    hour,
                    {"void": "voided", "refund": "refunded"}.get(
                        voids.get((source, local_id), ""), "completed"
                    ),
                    payment,
                    flags,
                    subtotal,
                    tax,
                    total,
                ),
            )
            self.tickets[(source, local_id)] = int(cursor.lastrowid or 0)

    def add_offer_events(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for (
            site,
            source,
            local_id,
            ticket,
            cashier,
            moment,
            kind,
            service,
            outcome,
            delta,
            reasons,
            at,
            day,
        ) in rows:
            cursor = self.db.execute(
                "INSERT INTO offer_events (ticket_id, cashier_id, moment, kind, service, outcome,"
                " price_delta_cents, reasons, at, local_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.tickets.get((source, ticket)) if ticket is not None else None,
                    self.cashier(site, source, cashier),
                    moment,
                    kind,
                    service,
                    outcome,
                    delta,
                    reasons,
                    to_db(at),
                    day.isoformat(),
                ),
            )
            self.events[(source, local_id)] = int(cursor.lastrowid or 0)

    def add_lines(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for (
            _,
            source,
            ticket,
            position,
            code,
            name,
            price,
            quantity,
            addon,
            offer_kind,
            event,
            change,
            local_id,
        ) in rows:
            if (source, ticket) not in self.tickets:
                continue
            cursor = self.db.execute(
                "INSERT INTO ticket_lines (ticket_id, position, code, name, unit_price_cents, quantity,"
                " is_addon, offer_kind, offer_event_id, plan_change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.tickets[(source, ticket)],
                    position,
                    code,
                    name,
                    price,
                    quantity,
                    int(addon),
                    offer_kind,
                    self.events.get((source, event)) if event is not None else None,
                    change,
                ),
            )
            self.lines[(source, local_id)] = int(cursor.lastrowid or 0)

    def add_voids(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for site, source, ticket, kind, reason, manager, amount, at, day in rows:
            if (source, ticket) not in self.tickets:
                continue
            self.db.execute(
                "INSERT INTO voids (ticket_id, kind, reason, manager_id, amount_cents, at, local_day)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    self.tickets[(source, ticket)],
                    kind,
                    reason,
                    self.cashier(site, source, manager),
                    amount,
                    to_db(at),
                    day.isoformat(),
                ),
            )

    def add_line_refunds(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """One line of a ticket given back: found by the till's own line id, as the till keys it."""
        for site, source, ticket, line, reason, manager, subtotal, amount, at, day in rows:
            if (source, ticket) not in self.tickets or (source, line) not in self.lines:
                continue
            self.db.execute(
                "INSERT INTO line_refunds (ticket_id, line_id, reason, manager_id, subtotal_cents,"
                " amount_cents, at, local_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.tickets[(source, ticket)],
                    self.lines[(source, line)],
                    reason,
                    self.cashier(site, source, manager),
                    subtotal,
                    amount,
                    to_db(at),
                    day.isoformat(),
                ),
            )

    def add_complaints(self, rows: Iterable[tuple[Any, ...]]) -> None:
        placeholder = self.cashier("", "", 0)
        for _, opened, resolved in rows:
            self.db.execute(
                "INSERT INTO complaints (cashier_id, opened_at, resolved_at) VALUES (?, ?, ?)",
                (placeholder, to_db(opened), to_db(resolved) if resolved else None),
            )

    def add_trials(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for _, from_plan, plan, started, until, kept, outcome in rows:
            # Each trial its own stand-in customer: the schema allows one running trial per customer.
            self._customer += 1
            cursor = self.db.execute(
                "INSERT INTO customers (name, created_at) VALUES (?, '')", (f"trial {self._customer}",)
            )
            self.db.execute(
                "INSERT INTO trials (customer_id, from_plan, plan, started_on, until, kept, outcome,"
                " settled_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    int(cursor.lastrowid or 0),
                    from_plan,
                    plan,
                    started.isoformat(),
                    until.isoformat(),
                    int(kept),
                    outcome,
                    until.isoformat() if outcome else None,
                ),
            )
