"""Completing a sale (ticket, lines, offer events, synchronous=FULL) against a bare sqlite3 insert."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.timing import Row, measure, row
from posapp.app import open_counter
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.auth import add_cashier
from posapp.services.checkout import complete_sale
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role

REPEAT = 300


def run() -> list[Row]:
    # On the real disk, not a RAM-backed /tmp, so the fsync of synchronous=FULL is in the figure.
    with tempfile.TemporaryDirectory(dir=Path(__file__).resolve().parent) as folder:
        return [_complete_sale(Path(folder))]


def _complete_sale(folder: Path) -> Row:
    counter = open_counter(folder / "sales.db", settings_path=default_settings_path())
    cashier = add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
    wash, waxing = counter.catalog.get("standard_wash"), counter.catalog.get("car_waxing")

    # The tickets are built beforehand: the figure is the write, as the floor's is.
    at = datetime.now(UTC)
    event = OfferEvent(Moment.CHECKOUT, OfferKind.CROSS_SELL, "car_waxing", Outcome.ACCEPTED, at, "Hi", 800)
    drafts = iter(
        TicketDraft(cashier_id=cashier, opened_at=at)
        .choose_wash(wash)
        .add_addon(waxing, OfferKind.CROSS_SELL)
        .record_offer(event)
        for _ in range(REPEAT + 10)
    )

    def sale() -> None:
        complete_sale(counter.db, next(drafts), payment=Payment.CASH, site=counter.site, now=counter.now)

    median, spread = measure(sale, repeat=REPEAT)
    floor_median, _ = measure(_bare_insert(folder / "sales.db"), repeat=REPEAT)
    return row(
        "completing a sale (ticket, 2 lines, 1 offer event), synchronous=FULL",
        median,
        spread,
        "bare sqlite3 insert of the same rows in one transaction",
        floor_median,
        "≤ 1.2×",
    )


def _bare_insert(path: Path) -> Callable[[], None]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    counter = iter(range(10_000_000, 20_000_000))

    def insert() -> None:
        number = next(counter)
        conn.execute("BEGIN IMMEDIATE")
        ticket = conn.execute(
            "INSERT INTO tickets (number, draft_id, terminal, cashier_id, opened_at, completed_at, local_day,"
            " local_hour, payment, subtotal_cents, tax_cents, total_cents)"
            " VALUES (?, ?, 'c', 1, 'x', 'x', '2026-11-27', 10, 'cash', 2300, 190, 2490)",
            (number, str(number)),
        ).lastrowid
        event = conn.execute(
            "INSERT INTO offer_events (ticket_id, cashier_id, moment, kind, service, outcome, at, local_day)"
            " VALUES (?, 1, 'checkout', 'cross_sell', 'car_waxing', 'accepted', 'x', '2026-11-27')",
            (ticket,),
        ).lastrowid
        conn.executemany(
            "INSERT INTO ticket_lines (ticket_id, position, code, name, unit_price_cents, is_addon,"
            " offer_event_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (ticket, 0, "standard_wash", "Standard Wash", 1500, 0, None),
                (ticket, 1, "car_waxing", "Car Waxing", 800, 1, event),
            ],
        )
        conn.execute("COMMIT")

    return insert
