"""A realistic demo site: cashiers, customers and months of sales, seeded so every run is the same.

Built for a newcomer to see something real at once, and for reports and benchmarks to have
a believable day to chew on: ~150 cars a day, busier weekends, a tier mix, cashiers who
convert differently, members, and a few complaints.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from posapp.domain.catalog import Catalog
from posapp.domain.money import totals_for
from posapp.settings import Settings
from posapp.storage.cashiers import Role
from posapp.storage.clock import to_db
from posapp.storage.db import write_transaction

#: The demo's people and PINs (also in the README). They exist only in a demo database.
DEMO_STAFF = (
    ("Morgan", Role.MANAGER, "9999", 0.22),
    ("Sam", Role.CASHIER, "1111", 0.30),
    ("Alex", Role.CASHIER, "2222", 0.14),
)

_FIRST = (
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Emma",
    "Fatima",
    "George",
    "Hana",
    "Ivan",
    "Jamal",
    "Kai",
    "Lena",
    "Łukasz",
    "Maria",
    "Nguyễn Văn An",
    "Olivia",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Victor",
    "Wei",
    "Yusuf",
    "Zoë",
    "Priya",
    "Tomás",
    "Ingrid",
    "Kofi",
)
_LAST = (
    "Smith",
    "García",
    "Kowalski",
    "Okafor",
    "Nakamura",
    "Müller",
    "Haddad",
    "O'Brien",
    "Rossi",
    "Johansson",
    "Patel",
    "Dubois",
    "Novak",
    "Silva",
    "Chen",
    "Brown",
)


@dataclass(frozen=True)
class DemoCustomer:
    id: int
    member_plan: str | None


def ensure_demo_site(
    db: Database,
    catalog: Catalog,
    settings: Settings,
    *,
    now: Callable[[], datetime],
    days: int = 30,
) -> bool:
    """Fill an empty demo database once; returns False when it already holds staff."""
    if db.execute("SELECT 1 FROM cashiers LIMIT 1").fetchone():
        return False
    build_demo_site(db, catalog, settings, now=now, days=days, seed=7)
    return True


def refuse_unless_empty(db: Database, where: str) -> None:
    """Raise a UserError naming `where` if it holds any staff, customer or sale (a demo one or a shop's)."""
    from posapp.domain.errors import UserError

    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'cashiers'").fetchone() is None:
        return  # a new file: nothing of anybody's yet
    staff = {str(row[0]) for row in db.execute("SELECT name FROM cashiers").fetchall()}
    customers = int(db.execute("SELECT count(*) FROM customers").fetchone()[0])
    sales = db.execute("SELECT 1 FROM tickets LIMIT 1").fetchone() is not None
    if staff and staff <= {name for name, *_ in DEMO_STAFF}:
        raise UserError(f"{where} already holds demo data; demo data goes into a new file.")
    if staff or customers or sales:
        raise UserError(
            f"{where} is in use ({len(staff)} staff, {customers} customers"
            f"{', and sales' if sales else ''}); demo data goes only into a new file."
        )


def build_demo_site(
    db: Database,
    catalog: Catalog,
    settings: Settings,
    *,
    now: Callable[[], datetime],
    days: int,
    seed: int,
    cars_per_day: int = 150,
    where: str = "This database",
) -> int:
    """Staff, customers and `days` of history up to yesterday; returns the number of tickets written.

    Only into an empty database: `where` names it in the refusal (the demo's manager PIN is 9999).
    """
    from posapp.services.auth import add_cashier

    refuse_unless_empty(db, where)
    rng = random.Random(seed)
    at = now()
    staff = [
        (add_cashier(db, name=name, role=role, pin=pin, now=at), rate) for name, role, pin, rate in DEMO_STAFF
    ]
    today = at.astimezone(settings.time_zone).date()
    customers = _add_customers(db, rng, today, count=max(60, cars_per_day * 3), at=at)
    written = 0
    number = 0
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        with write_transaction(db):
            written_today, number = _write_day(
                db, rng, catalog, settings, day, staff, customers, number, cars_per_day
            )
            written += written_today
    _open_some_complaints(db, rng, customers, staff[0][0], at)
    return written


def _add_customers(
    db: Database, rng: random.Random, today: date, count: int, at: datetime
) -> list[DemoCustomer]:
    people: list[DemoCustomer] = []
    with write_transaction(db):
        for n in range(count):
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            plate = (
                f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"
                f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{n:04d}"
            )
            cursor = db.execute(
                "INSERT INTO customers (name, phone, plate, email, marketing_consent, budget_sensitive,"
                " created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    f"+1555{rng.randrange(1000000, 9999999)}",
                    plate,
                    f"customer{n}@example.com",
                    int(rng.random() < 0.6),
                    int(rng.random() < 0.05),
                    to_db(at),
                ),
            )
            customer_id = int(cursor.lastrowid or 0)
            plan = None
            if rng.random() < 0.25:
                plan = "premium_club" if rng.random() < 0.3 else "standard_club"
                started = today - timedelta(days=rng.randrange(20, 700))
                renews = date(today.year, today.month, min(started.day, 28))
                if renews < today:
                    renews = (renews.replace(day=1) + timedelta(days=32)).replace(day=renews.day)
                db.execute(
                    "INSERT INTO memberships (customer_id, plan, started_on, renews_on) VALUES (?, ?, ?, ?)",
                    (customer_id, plan, started.isoformat(), renews.isoformat()),
                )
            people.append(DemoCustomer(customer_id, plan))
    return people


def _write_day(
    db: Database,
    rng: random.Random,
    catalog: Catalog,
    settings: Settings,
    day: date,
    staff: list[tuple[int, float]],
    customers: list[DemoCustomer],
    number: int,
    cars_per_day: int,
) -> tuple[int, int]:
    busy = 1.3 if day.weekday() >= 5 else 1.0
    cars = max(1, int(rng.gauss(cars_per_day * busy, cars_per_day * 0.1)))
    moments = sorted(
        datetime.combine(day, time(8)) + timedelta(seconds=rng.randrange(11 * 3600)) for _ in range(cars)
    )
    washes = {w.code: w for w in catalog.washes()}
    waxing, premium = catalog.get("car_waxing"), catalog.get("premium_package")
    for local in moments:
        number += 1
        stamp = local.replace(tzinfo=settings.time_zone)
        cashier_id, take_rate = rng.choice(staff)
        customer = rng.choice(customers) if rng.random() < 0.45 else None
        wash = washes[rng.choices(("express_wash", "standard_wash", "premium_package"), (35, 45, 20))[0]]
        # code, name, price, is add-on, the offer that produced it
        lines: list[tuple[str, str, int, int, str | None]] = [
            (wash.code, wash.name, wash.price_cents, 0, None)
        ]
        flag = rng.choices(("", "complaint", "budget", "undecided"), (90, 2, 5, 3))[0]
        events: list[tuple[str, str, str, int, str]] = []  # kind, service, outcome, delta, reasons
        if flag:
            events.append(("cross_sell", waxing.code, "held_back", 0, flag))
        else:
            upsell = wash.code != premium.code and rng.random() < 0.4
            offer = premium if upsell else waxing
            delta = premium.price_cents - wash.price_cents if upsell else waxing.price_cents
            taken = rng.random() < take_rate
            events.append(
                (
                    "upsell" if upsell else "cross_sell",
                    offer.code,
                    "accepted" if taken else "declined",
                    delta,
                    "",
                )
            )
            if taken and upsell:
                lines[0] = (premium.code, premium.name, premium.price_cents, 0, "upsell")
            elif taken:
                lines.append((waxing.code, waxing.name, waxing.price_cents, 1, "cross_sell"))
        payment = "card" if rng.random() < 0.7 else "cash"
        if customer and customer.member_plan and rng.random() < 0.5 and events[0][2] != "accepted":
            lines = [(lines[0][0], f"{lines[0][1]} (club)", 0, 0, None)]
            payment = "membership"
        totals = totals_for((line[2] for line in lines), settings.tax)
        ticket_id = db.execute(
            "INSERT INTO tickets (number, draft_id, terminal, cashier_id, customer_id, opened_at,"
            " completed_at,"
            " local_day, local_hour, payment, flags, subtotal_cents, tax_cents, total_cents)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                number,
                uuid.UUID(int=rng.getrandbits(128)).hex,
                settings.terminal,
                cashier_id,
                customer.id if customer else None,
                to_db(stamp - timedelta(minutes=2)),
                to_db(stamp),
                day.isoformat(),
                local.hour,
                payment,
                flag,
                totals.subtotal_cents,
                totals.tax_cents,
                totals.total_cents,
            ),
        ).lastrowid
        event_ids: dict[str, int] = {}
        for kind, service, outcome, delta, reasons in events:
            event_ids[service] = int(
                db.execute(
                    "INSERT INTO offer_events (ticket_id, customer_id, cashier_id, moment, kind, service,"
                    " outcome,"
                    " script, price_delta_cents, reasons, explanation, at, local_day)"
                    " VALUES (?, ?, ?, 'checkout', ?, ?, ?, '', ?, ?, '', ?, ?)",
                    (
                        ticket_id,
                        customer.id if customer else None,
                        cashier_id,
                        kind,
                        service,
                        outcome,
                        delta,
                        reasons,
                        to_db(stamp - timedelta(minutes=1)),
                        day.isoformat(),
                    ),
                ).lastrowid
                or 0
            )
        db.conn.executemany(
            "INSERT INTO ticket_lines (ticket_id, position, code, name, unit_price_cents, is_addon,"
            " offer_kind,"
            " offer_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    ticket_id,
                    position,
                    code,
                    name,
                    price,
                    addon,
                    kind,
                    event_ids.get(code) if kind else None,
                )
                for position, (code, name, price, addon, kind) in enumerate(lines)
            ],
        )
    return cars, number


def _open_some_complaints(
    db: Database, rng: random.Random, customers: list[DemoCustomer], cashier_id: int, at: datetime
) -> None:
    with write_transaction(db):
        for customer in rng.sample(customers, k=min(3, len(customers))):
            db.execute(
                "INSERT INTO complaints (customer_id, cashier_id, opened_at, note) VALUES (?, ?, ?, ?)",
                (
                    customer.id,
                    cashier_id,
                    to_db(at - timedelta(days=1)),
                    "Streaks left on the rear window.",
                ),
            )


def sample_plates(db: Database) -> tuple[str, ...]:
    """Two plates a newcomer can type on the demo site: a club member's and a regular's without a plan."""
    plates = []
    for member in (True, False):
        row = db.execute(
            "SELECT c.plate FROM customers c LEFT JOIN memberships m ON m.customer_id = c.id"
            " AND m.ended_on IS NULL WHERE c.plate != '' AND c.erased_at IS NULL"
            f" AND m.id IS {'NOT ' if member else ''}NULL ORDER BY c.id LIMIT 1"
        ).fetchone()
        if row is not None:
            plates.append(str(row[0]))
    return tuple(plates)
