"""Customers and memberships in the database: find by plate, phone or name; add; remember."""

from __future__ import annotations

from datetime import date, datetime

from sqlite_utils import Database

from posapp.domain.customer import Customer, Membership
from posapp.storage.clock import to_db

_SELECT = """
SELECT c.id, c.name, c.phone, c.plate, c.email, c.marketing_consent, c.budget_sensitive,
       m.plan, m.started_on, m.renews_on, m.trial_plan, m.trial_until,
       (SELECT t.kept FROM trials t WHERE t.customer_id = c.id AND t.outcome IS NULL) AS trial_kept
FROM customers c
LEFT JOIN memberships m ON m.id = (
    SELECT id FROM memberships WHERE customer_id = c.id AND ended_on IS NULL ORDER BY started_on DESC LIMIT 1)
"""


def _customer(row: tuple[object, ...]) -> Customer:
    (
        id_,
        name,
        phone,
        plate,
        email,
        consent,
        budget,
        plan,
        started,
        renews,
        trial_plan,
        trial_until,
        trial_kept,
    ) = row
    membership = None
    if plan:
        membership = Membership(
            plan=str(plan),
            started_on=date.fromisoformat(str(started)),
            renews_on=date.fromisoformat(str(renews)),
            trial_plan=str(trial_plan) if trial_plan else None,
            trial_until=date.fromisoformat(str(trial_until)) if trial_until else None,
            trial_kept=bool(trial_kept),
        )
    return Customer(
        id=int(str(id_)),
        name=str(name),
        phone=str(phone),
        plate=str(plate),
        email=str(email),
        marketing_consent=bool(consent),
        budget_sensitive=bool(budget),
        membership=membership,
    )


def get_customer(db: Database, customer_id: int) -> Customer | None:
    row = db.execute(f"{_SELECT} WHERE c.id = ? AND c.erased_at IS NULL", (customer_id,)).fetchone()
    return _customer(row) if row else None


def find_customers(db: Database, typed: str, limit: int = 8) -> list[Customer]:
    """Customers matching what the cashier typed or scanned: an exact plate or phone first, then names."""
    text = typed.strip()
    if not text:
        return []
    plate = "".join(ch for ch in text if ch.isalnum()).upper()
    digits = "".join(ch for ch in text if ch.isdigit())
    rows = db.execute(
        f"""{_SELECT}
        WHERE c.erased_at IS NULL AND (
            (? != '' AND c.plate = ?) OR (length(?) >= 4 AND c.phone LIKE '%' || ? || '%')
            OR c.name LIKE ? ESCAPE '\\' COLLATE NOCASE OR c.name LIKE ? ESCAPE '\\' COLLATE NOCASE)
        ORDER BY (c.plate = ?) DESC, c.name COLLATE NOCASE
        LIMIT ?""",
        (plate, plate, digits, digits, _like_prefix(text), "% " + _like_prefix(text), plate, limit),
    ).fetchall()
    return [_customer(row) for row in rows]


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def insert_customer(db: Database, customer: Customer, now: datetime) -> int:
    """Insert inside the caller's write transaction; returns the new id."""
    cursor = db.execute(
        "INSERT INTO customers (name, phone, plate, email, marketing_consent, budget_sensitive, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            customer.name,
            customer.phone,
            customer.plate,
            customer.email,
            int(customer.marketing_consent),
            int(customer.budget_sensitive),
            to_db(now),
        ),
    )
    customer_id = int(cursor.lastrowid or 0)
    if customer.membership:
        insert_membership(db, customer_id, customer.membership)
    return customer_id


def insert_membership(db: Database, customer_id: int, membership: Membership) -> None:
    db.execute(
        "INSERT INTO memberships (customer_id, plan, started_on, renews_on, trial_plan, trial_until)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            customer_id,
            membership.plan,
            membership.started_on.isoformat(),
            membership.renews_on.isoformat(),
            membership.trial_plan,
            membership.trial_until.isoformat() if membership.trial_until else None,
        ),
    )


def plate_owner(db: Database, plate: str) -> int | None:
    row = db.execute("SELECT id FROM customers WHERE plate = ? AND erased_at IS NULL", (plate,)).fetchone()
    return int(row[0]) if row else None
