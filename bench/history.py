"""Years of a busy site's history, written straight into a migrated database: for the benchmarks only.

The demo goes through the real offer engine and `complete_sale` (~10 s a month), far too slow
for ten years. This writer inserts the same shape of rows (tickets, their lines, an offer
event each, a few thousand customers) with `executemany`, then chains every sale with the
storage's own `chain_every_sale`, so the file has the counter's schema and a sales chain that
verifies: the start-up check, the migrations and the backup meet what a real site would have.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from posapp.counter import open_counter
from posapp.services.auth import add_cashier
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role
from posapp.storage.db import write_transaction
from posapp.storage.sale_chain import chain_every_sale

CARS_PER_DAY = 150
CUSTOMERS = 4000
#: The washes and add-ons of the shipped catalog, with their prices in cents.
WASHES = (("basic_wash", "Basic wash", 1000), ("standard_wash", "Standard wash", 1500))
ADDONS = (("car_waxing", "Car waxing", 800), ("tire_shine", "Tire shine", 500))
EXPLANATION = "shown: the customer has not been offered car waxing in the last 7 days; budget not tight"


def build_history(path: Path, *, days: int, seed: int = 7, end: datetime | None = None) -> float:
    """Write `days` of history ending yesterday into a new database at `path`; returns the seconds taken."""
    started = time.perf_counter()
    end = end or datetime(2026, 11, 28, tzinfo=UTC)
    counter = open_counter(path, settings_path=default_settings_path())
    db = counter.db
    morgan = add_cashier(db, name="Morgan", role=Role.MANAGER, pin="9999", now=end)
    sam = add_cashier(db, name="Sam", role=Role.CASHIER, pin="1111", now=end)
    rng = random.Random(seed)
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO customers (id, name, phone, plate, created_at) VALUES (?, ?, ?, ?, ?)",
            (
                (n, f"Customer {n}", f"+1555{n:07d}", f"PL{n:05d}", (end - timedelta(days=days)).isoformat())
                for n in range(1, CUSTOMERS + 1)
            ),
        )
        number = 0
        tickets: list[tuple[object, ...]] = []
        lines: list[tuple[object, ...]] = []
        events: list[tuple[object, ...]] = []
        for day in range(days, 0, -1):
            local_day = (end - timedelta(days=day)).date().isoformat()
            for car in range(CARS_PER_DAY):
                number += 1
                at = end - timedelta(days=day) + timedelta(hours=8, seconds=car * 200)
                wash = WASHES[rng.random() < 0.6]
                took = rng.random() < 0.3
                addon = ADDONS[rng.random() < 0.5]
                subtotal = wash[2] + (addon[2] if took else 0)
                tax = subtotal * 8 // 100
                customer = rng.randint(1, CUSTOMERS) if rng.random() < 0.6 else None
                stamp = at.isoformat()
                tickets.append(
                    (number, number, f"draft-{number:08d}", "Counter 1", sam if car % 3 else morgan, customer,
                     stamp, stamp, local_day, at.hour, rng.choice(("cash", "card")),
                     subtotal, tax, subtotal + tax)
                )  # fmt: skip
                lines.append((number, 0, wash[0], wash[1], wash[2], 0, None))
                if took:
                    lines.append((number, 1, addon[0], addon[1], addon[2], 1, "cross_sell"))
                events.append(
                    (number, customer, sam, "checkout", "cross_sell", addon[0],
                     "accepted" if took else "declined", f"Would you like {addon[1]}?", addon[2],
                     EXPLANATION, stamp, local_day)
                )  # fmt: skip
        db.conn.executemany(
            "INSERT INTO tickets (id, number, draft_id, terminal, cashier_id, customer_id, opened_at,"
            " completed_at, local_day, local_hour, payment, subtotal_cents, tax_cents, total_cents)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            tickets,
        )
        db.conn.executemany(
            "INSERT INTO ticket_lines (ticket_id, position, code, name, unit_price_cents, is_addon,"
            " offer_kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
            lines,
        )
        db.conn.executemany(
            "INSERT INTO offer_events (ticket_id, customer_id, cashier_id, moment, kind, service, outcome,"
            " script, price_delta_cents, explanation, at, local_day)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        chain_every_sale(db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return time.perf_counter() - started
