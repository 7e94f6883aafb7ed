"""A scratch copy of the till's schema filled with the hub's rows, so the chain's report is the site's report.

The chain report is computed by the very queries of a site's report (posapp.storage.report_queries)
on a temporary SQLite file holding only the period and the week before: the same figures by
construction, never a second set of SQL to keep in step. Rows get new local ids here; customers
are not copied (the report does not name them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from posapp.storage.catalog import read_catalog_file, seed_catalog
from posapp.storage.clock import to_db
from posapp.storage.db import Database

Key = tuple[str, int]


def start_staging(db: Database) -> None:
    """The default catalog's names (the report names offers by them); before the fill's transaction."""
    seed_catalog(db, read_catalog_file())
    # A till runs one test per offer at a time; the chain runs one per offer per till.
    db.execute("DROP INDEX experiments_one_per_offer")


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
        self.tests: dict[Key, int] = {}
        self.customers: dict[Key, int] = {}
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
            subtotal, tax, total, customer = row[11:15]
            number = len(self.tickets) + 1
            cursor = self.db.execute(
                "INSERT INTO tickets (number, draft_id, terminal, cashier_id, customer_id, opened_at,"
                " completed_at, local_day, local_hour, status, payment, flags, subtotal_cents, tax_cents,"
                " total_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    number,
                    f"{source}:{draft_id}",
                    site,
                    self.cashier(site, source, cashier),
                    self.customer(source, customer),
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
            test,
            arm,
        ) in rows:
            cursor = self.db.execute(
                "INSERT INTO offer_events (ticket_id, cashier_id, moment, kind, service, outcome,"
                " price_delta_cents, reasons, at, local_day, experiment_id, arm)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    self.tests.get((source, test)) if test is not None else None,
                    arm or "",
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

    def customer(self, source: str, local_id: int | None) -> int | None:
        """A nameless stand-in for a till's customer: the script tests count customers, not names."""
        if local_id is None:
            return None
        if (source, local_id) not in self.customers:
            self._customer += 1
            cursor = self.db.execute(
                "INSERT INTO customers (name, created_at) VALUES (?, '')", (f"customer {self._customer}",)
            )
            self.customers[(source, local_id)] = int(cursor.lastrowid or 0)
        return self.customers[(source, local_id)]

    def add_experiments(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Script tests with their arms; a test keeps its till's number where no other took it first."""
        placeholder = self.cashier("", "", 0)
        for _, source, local_id, name, moment, kind, service, minimum, starts, ends, stopped, arms in rows:
            taken = self.db.execute("SELECT 1 FROM experiments WHERE id = ?", (local_id,)).fetchone()
            stopped_on = stopped.isoformat() if stopped else None
            cursor = self.db.execute(
                "INSERT INTO experiments (id, name, moment, kind, service, min_customers, starts_on,"
                " ends_on, started_at, started_by, stopped_on, stopped_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)",
                (
                    None if taken else local_id,
                    name,
                    moment,
                    kind,
                    service,
                    minimum,
                    starts.isoformat(),
                    ends.isoformat(),
                    placeholder,
                    stopped_on,
                    stopped_on,
                ),
            )
            test = int(cursor.lastrowid or 0)
            self.tests[(source, local_id)] = test
            self.db.conn.executemany(
                "INSERT INTO experiment_arms (experiment_id, position, arm, share, script)"
                " VALUES (?, ?, ?, ?, ?)",
                [(test, position, arm, share, script) for position, arm, share, script in arms],
            )

    def add_ticket_arms(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO ticket_arms (ticket_id, experiment_id, arm) VALUES (?, ?, ?)",
            [
                (self.tickets[(source, ticket)], self.tests[(source, test)], arm)
                for _, source, ticket, test, arm in rows
                if (source, ticket) in self.tickets and (source, test) in self.tests
            ],
        )

    def add_messages(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """The mail outbox's figures: each message's kind, state and days, with no address nor text."""
        newsletter: int | None = None
        for row in rows:
            _, source, local_id, kind, customer, ticket, state, reason, duplicate, due, sent = row[:11]
            planned_day, settled_day, redeemed_ticket, redeemed_day, redeemed_cents = row[11:]
            if kind == "newsletter" and newsletter is None:
                cursor = self.db.execute(
                    "INSERT INTO newsletters (subject, body, created_at) VALUES ('-', '-', '')"
                )
                newsletter = int(cursor.lastrowid or 0)
            code = f"{source}:{local_id}"
            self.db.execute(
                "INSERT INTO outbox (kind, customer_id, ticket_id, newsletter_id, code, message_id, due_at,"
                " state, reason, possible_duplicate, sent_at, planned_day, settled_day, redeemed_ticket_id,"
                " redeemed_day, redeemed_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    self.customer(source, customer),
                    self.tickets.get((source, ticket)) if kind == "follow_up" else None,
                    newsletter if kind == "newsletter" else None,
                    code,
                    code,
                    to_db(due),
                    state,
                    reason,
                    int(duplicate),
                    to_db(sent) if sent else None,
                    planned_day.isoformat(),
                    settled_day.isoformat() if settled_day else None,
                    self.tickets.get((source, redeemed_ticket)) if redeemed_ticket is not None else None,
                    redeemed_day.isoformat() if redeemed_day else None,
                    redeemed_cents,
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
