"""Customers and memberships in the database: find by plate, phone, card or name; add; remember."""

from __future__ import annotations

import re
from datetime import date, datetime

from posapp.domain.customer import Customer, Membership
from posapp.domain.matching import card_key
from posapp.storage.clock import from_db, to_db
from posapp.storage.db import Database

_SELECT = """
SELECT c.id, c.name, c.phone, c.plate, c.email, c.marketing_consent, c.budget_sensitive,
       m.plan, m.started_on, m.renews_on, m.trial_plan, m.trial_until,
       (SELECT t.kept FROM trials t WHERE t.customer_id = c.id AND t.outcome IS NULL) AS trial_kept,
       c.card
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
        card,
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
        card=str(card),
    )


def get_customer(db: Database, customer_id: int) -> Customer | None:
    row = db.execute(f"{_SELECT} WHERE c.id = ? AND c.erased_at IS NULL", (customer_id,)).fetchone()
    return _customer(row) if row else None


def find_customers(db: Database, typed: str, limit: int = 8) -> list[Customer]:
    """Customers matching what the cashier typed or scanned: an exact plate or card first, then phones, names.

    A scanned card is the customer's card number exactly (as card_key keeps it), never a part.
    """
    text = typed.strip()
    if not text:
        return []
    plate = "".join(ch for ch in text if ch.isalnum()).upper()
    digits = "".join(ch for ch in text if ch.isdigit())
    card = card_key(text) or "-"  # never '' (every customer without a card has that)
    rows = db.execute(
        f"""{_SELECT}
        WHERE c.erased_at IS NULL AND (
            (? != '' AND (c.plate = ? OR c.card = ?)) OR (length(?) >= 4 AND c.phone LIKE '%' || ? || '%')
            OR c.name LIKE ? ESCAPE '\\' COLLATE NOCASE OR c.name LIKE ? ESCAPE '\\' COLLATE NOCASE)
        ORDER BY (c.plate = ? OR c.card = ?) DESC, c.name COLLATE NOCASE
        LIMIT ?""",
        (
            plate,
            plate,
            card,
            digits,
            digits,
            _like_prefix(text),
            "% " + _like_prefix(text),
            plate,
            card,
            limit,
        ),
    ).fetchall()
    return [_customer(row) for row in rows]


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def insert_customer(db: Database, customer: Customer, now: datetime) -> int:
    """Insert inside the caller's write transaction; returns the new id."""
    cursor = db.execute(
        "INSERT INTO customers (name, phone, plate, email, marketing_consent, budget_sensitive, created_at,"
        " card) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            customer.name,
            customer.phone,
            customer.plate,
            customer.email,
            int(customer.marketing_consent),
            int(customer.budget_sensitive),
            to_db(now),
            customer.card,
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


def card_owner(db: Database, card: str) -> int | None:
    """The customer holding this card number (as normalise_card keeps it), erased ones aside."""
    if not card:
        return None
    row = db.execute("SELECT id FROM customers WHERE card = ? AND erased_at IS NULL", (card,)).fetchone()
    return int(row[0]) if row else None


def set_card(db: Database, customer_id: int, card: str) -> None:
    """Give a customer a card number ("" takes it away); call inside a write transaction."""
    db.execute("UPDATE customers SET card = ? WHERE id = ?", (card, customer_id))


def start_trial(db: Database, customer_id: int, *, plan: str, until: date) -> None:
    """Record a trial of `plan` on the member's current plan; call inside a write transaction."""
    db.execute(
        "UPDATE memberships SET trial_plan = ?, trial_until = ? WHERE customer_id = ? AND ended_on IS NULL",
        (plan, until.isoformat(), customer_id),
    )


#: What an erased customer's offer scripts say instead of the words that greeted them by name.
ERASED_SCRIPT = "(script removed: the customer was erased)"
#: What replaces the customer's name, phone, plate or email inside a free-text note.
ERASED_WORDS = "(erased)"


def scrub_customer(db: Database, customer_id: int, *, name: str, at: datetime) -> int:
    """Remove one person from every table that holds their words; call inside a write transaction.

    The customer row keeps its id (the sales point at it) under `name`; the offers shown to them
    keep their offer, outcome and time for the figures, not the script that named them. Returns
    how many scripts were scrubbed.
    """
    row = db.execute(
        "SELECT name, phone, plate, email, card FROM customers WHERE id = ?", (customer_id,)
    ).fetchone()
    personal = _personal_words(*row) if row else []
    db.execute(
        "UPDATE customers SET name = ?, phone = '', plate = '', email = '', card = '', marketing_consent = 0,"
        " budget_sensitive = 0, erased_at = coalesce(erased_at, ?) WHERE id = ?",
        (name, to_db(at), customer_id),
    )
    scripts = db.execute(
        "UPDATE offer_events SET script = ? WHERE script NOT IN ('', ?) AND (customer_id = ?"
        " OR ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?))",
        (ERASED_SCRIPT, ERASED_SCRIPT, customer_id, customer_id),
    ).rowcount
    db.execute("UPDATE complaints SET note = '' WHERE customer_id = ?", (customer_id,))
    # No more mail to them, and no address of theirs left in the outbox or its refusals list.
    # The outbox is imported here, with an erasure: every start reads customers, few erase one.
    from posapp.storage.outbox import scrub_outbox

    scrub_outbox(db, customer_id, address=str(row[3] or "") if row else "", day=at.date().isoformat())
    # A void's reason is a manager's sentence and may name the customer ("Ana drove off").
    for void_id, reason in db.execute(
        "SELECT v.id, v.reason FROM voids v JOIN tickets t ON t.id = v.ticket_id WHERE t.customer_id = ?",
        (customer_id,),
    ).fetchall():
        cleaned = _without(str(reason), personal)
        if cleaned != reason:
            db.execute("UPDATE voids SET reason = ? WHERE id = ?", (cleaned[:500], void_id))
    return int(scripts)


def _personal_words(name: object, phone: object, plate: object, email: object, card: object) -> list[str]:
    words = [
        str(name or ""),
        *str(name or "").split(),
        str(phone or ""),
        str(plate or ""),
        str(email or ""),
        str(card or ""),
    ]
    # Longest first, so the full name goes before its parts; one letter is nobody's name.
    return sorted({word for word in words if len(word) >= 2}, key=len, reverse=True)


def _without(text: str, words: list[str]) -> str:
    for word in words:
        text = re.sub(re.escape(word), ERASED_WORDS, text, flags=re.IGNORECASE)
    return text


def keep_erased_id(db: Database, customer_id: int, *, name: str, at: datetime) -> None:
    """An erased customer's id, unknown to an older database, stays taken: no new person gets it.

    The erasures ledger names customers by id; a new customer given that id would be erased too.
    """
    db.execute(
        "INSERT INTO customers (id, name, created_at, erased_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(id) DO NOTHING",
        (customer_id, name, to_db(at), to_db(at)),
    )


def is_erased(db: Database, customer_id: int) -> bool:
    found = db.execute("SELECT 1 FROM customers WHERE id = ? AND erased_at IS NOT NULL", (customer_id,))
    return found.fetchone() is not None


def customer_exists(db: Database, customer_id: int) -> bool:
    return db.execute("SELECT 1 FROM customers WHERE id = ?", (customer_id,)).fetchone() is not None


def record_erasure(
    db: Database, customer_id: int, erased_at: datetime, reapplied_at: datetime | None
) -> None:
    """Note the erasure in the database's own record; call inside the erasing write transaction."""
    db.execute(
        "INSERT INTO erasures (customer_id, erased_at, reapplied_at) VALUES (?, ?, ?)"
        " ON CONFLICT(customer_id) DO NOTHING",
        (customer_id, to_db(erased_at), to_db(reapplied_at) if reapplied_at else None),
    )


def recorded_erasures(db: Database) -> dict[int, datetime]:
    """Every erasure the database knows of: customer id and when they were erased."""
    return {int(id_): from_db(at) for id_, at in db.execute("SELECT customer_id, erased_at FROM erasures")}
