"""Completing a sale (ticket, lines, offer events, synchronous=FULL) against a bare sqlite3 insert."""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.timing import Row, describe, measure_pair, row
from posapp.counter import open_counter
from posapp.domain.money import Totals
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.auth import add_cashier
from posapp.services.checkout import complete_sale
from posapp.settings import Settings, default_settings_path
from posapp.storage.cashiers import Role
from posapp.storage.clock import local_day_and_hour, to_db

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
    built = [
        TicketDraft(cashier_id=cashier, opened_at=at)
        .choose_wash(wash)
        .add_addon(waxing, OfferKind.CROSS_SELL)
        .record_offer(event)
        for _ in range(REPEAT + 20)
    ]
    drafts = iter(built)
    totals = built[0].totals(counter.settings.tax)

    def sale() -> None:
        complete_sale(
            counter.db, next(drafts), payment=Payment.CASH, settings=counter.settings, now=counter.now
        )

    (median, spread), (floor_median, _) = measure_pair(
        sale, _bare_insert(folder / "sales.db", at, counter.settings, totals), repeat=REPEAT
    )
    return row(
        "completing a sale (ticket, 2 lines, 1 offer event), synchronous=FULL",
        median,
        spread,
        "bare sqlite3 transaction inserting the same rows and values",
        floor_median,
        "≤ 1.2×",
        samples=REPEAT,
        max_ratio=1.2,
    )


def _bare_insert(path: Path, at: datetime, settings: Settings, totals: Totals) -> Callable[[], None]:
    """The least code that stores the same sale: one transaction, the same rows, columns and values."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    # Counting down from far above: the sales in between take max(number) + 1, which never meets these.
    numbers = iter(range(1_000_000_000, 0, -1))
    stamp = to_db(at)
    day, hour = local_day_and_hour(at, settings.time_zone)
    money = (totals.subtotal_cents, totals.tax_cents, totals.total_cents)

    def insert() -> None:
        number = next(numbers)
        conn.execute("BEGIN IMMEDIATE")
        ticket = conn.execute(
            "INSERT INTO tickets (number, draft_id, terminal, cashier_id, customer_id, opened_at,"
            " completed_at, local_day, local_hour, payment, flags, subtotal_cents, tax_cents, total_cents)"
            " VALUES (?, ?, ?, 1, NULL, ?, ?, ?, ?, 'cash', '', ?, ?, ?)",
            (number, uuid.uuid4().hex, settings.terminal, stamp, stamp, day, hour, *money),
        ).lastrowid
        event = conn.execute(
            "INSERT INTO offer_events (ticket_id, customer_id, cashier_id, moment, kind, service, outcome,"
            " script, price_delta_cents, reasons, explanation, at, local_day)"
            " VALUES (?, NULL, 1, 'checkout', 'cross_sell', 'car_waxing', 'accepted', ?, 800, '', '', ?, ?)",
            (ticket, "Hi", stamp, day),
        ).lastrowid
        conn.executemany(
            "INSERT INTO ticket_lines (ticket_id, position, code, name, unit_price_cents, quantity,"
            " is_addon, offer_kind, offer_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (ticket, 0, "standard_wash", "Standard Wash", 1500, 1, 0, None, None),
                (ticket, 1, "car_waxing", "Car Waxing", 800, 1, 1, "cross_sell", event),
            ],
        )
        conn.execute("COMMIT")

    return insert


if __name__ == "__main__":
    print(describe(run()[0]))
