"""Customers at the counter: quick add, remembering "money is tight", complaints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from posapp.domain.customer import (
    Customer,
    clean_name,
    normalise_card,
    normalise_email,
    normalise_phone,
    normalise_plate,
)
from posapp.domain.errors import UserError
from posapp.storage.audit import record_audit
from posapp.storage.clock import to_db
from posapp.storage.customers import card_owner, get_customer, insert_customer, plate_owner, set_card
from posapp.storage.db import Database, write_transaction
from posapp.storage.outbox import insert_consent

#: The question the counter asks, word for word; stored with every answer as its proof. The
#: default answer is no: the box starts unticked.
CONSENT_WORDING = "May we e-mail you now and then about our services and offers? You can stop at any time."


def checked_customer(customer: Customer, where: str = "Customer") -> Customer:
    """The customer with every field cleaned, or a sentence saying which field is wrong (and its `field`)."""
    return replace(
        customer,
        name=_checked("name", clean_name, customer.name, where),
        phone=_checked("phone", normalise_phone, customer.phone, f"{where}: phone"),
        plate=_checked("plate", normalise_plate, customer.plate, f"{where}: licence plate"),
        email=_checked("email", normalise_email, customer.email, f"{where}: email"),
        card=_checked("card", normalise_card, customer.card, f"{where}: card number"),
    )


def _checked(field: str, check: Callable[[str, str], str], typed: str, where: str) -> str:
    try:
        return check(typed, where)
    except UserError as error:
        raise UserError(error.message, field=field) from None


def add_customer(
    db: Database,
    customer: Customer,
    now: Callable[[], datetime],
    *,
    cashier_id: int | None = None,
    consent_wording: str = "",
) -> Customer:
    """Quick add from the counter; a plate already on file is refused rather than duplicated.

    A customer who agreed to e-mails is stored with the proof: when, which cashier, which words
    (`consent_wording`: the question the counter asked, CONSENT_WORDING unless said), at the counter.
    """
    customer = checked_customer(customer)
    at = now()
    with write_transaction(db):
        if customer.plate and plate_owner(db, customer.plate) is not None:
            raise UserError(
                f"The plate {customer.plate} is already on file; search for it instead.", field="plate"
            )
        _refuse_a_card_in_use(db, customer.card)
        customer_id = insert_customer(db, customer, at)
        if customer.marketing_consent:
            insert_consent(
                db,
                customer_id,
                given=True,
                at=at,
                cashier_id=cashier_id,
                channel="counter",
                wording=consent_wording or CONSENT_WORDING,
            )
    stored = get_customer(db, customer_id)
    assert stored is not None  # just written in the same connection
    return stored


def _refuse_a_card_in_use(db: Database, card: str, customer_id: int | None = None) -> None:
    owner = card_owner(db, card)
    if owner is not None and owner != customer_id:
        raise UserError(
            f"The card {card} is already on another customer; scan it in the search to find them.",
            field="card",
        )


def change_card(db: Database, customer_id: int, card: str) -> Customer:
    """Give a known customer a (new) card number, or take it away with ""; returns them as stored.

    The same rules as at the quick add: letters or digits needed, and one card, one customer.
    """
    number = normalise_card(card, "Customer: card number")
    with write_transaction(db):
        if get_customer(db, customer_id) is None:
            raise UserError(f"There is no customer number {customer_id}.")
        _refuse_a_card_in_use(db, number, customer_id)
        set_card(db, customer_id, number)
    stored = get_customer(db, customer_id)
    assert stored is not None  # just written in the same connection
    return stored


def remember_budget(db: Database, customer_id: int, tight: bool) -> None:
    """Remember (or forget) that this customer said money is tight, so no one pushes add-ons."""
    with write_transaction(db):
        db.execute("UPDATE customers SET budget_sensitive = ? WHERE id = ?", (int(tight), customer_id))


def log_complaint(
    db: Database,
    *,
    customer_id: int | None,
    cashier_id: int,
    note: str,
    now: Callable[[], datetime],
    draft_id: str | None = None,
) -> int:
    """Open a complaint; offers stay off for this customer until a manager resolves it.

    `draft_id` ties it to the ticket in progress, so a walk-in's complaint can be found and
    resolved on that ticket.
    """
    at = now()
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO complaints (customer_id, cashier_id, opened_at, note, draft_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (customer_id, cashier_id, to_db(at), note.strip()[:2000], draft_id),
        )
        return int(cursor.lastrowid or 0)


#: A customer's open complaints, or (for a walk-in) the ones logged on this ticket.
_OPEN_COMPLAINTS = """
    resolved_at IS NULL
    AND ((:customer_id IS NOT NULL AND customer_id = :customer_id)
         OR (:draft_id IS NOT NULL AND draft_id = :draft_id))
"""


def has_open_complaint(db: Database, *, customer_id: int | None, draft_id: str | None) -> bool:
    """True when the customer (or, for a walk-in, this ticket) has a complaint still open."""
    row = db.execute(
        f"SELECT EXISTS (SELECT 1 FROM complaints WHERE {_OPEN_COMPLAINTS})",
        {"customer_id": customer_id, "draft_id": draft_id},
    ).fetchone()
    return bool(row[0])


def resolve_complaints(
    db: Database,
    *,
    customer_id: int | None,
    manager_id: int,
    now: Callable[[], datetime],
    draft_id: str | None = None,
) -> int:
    """Close the open complaints of a customer, or those logged on this ticket (a walk-in's).

    A manager's action, audited; returns how many were closed.
    """
    if customer_id is None and draft_id is None:
        raise UserError("There is no complaint to resolve: choose the customer first.")
    at = now()
    with write_transaction(db):
        cursor = db.execute(
            f"UPDATE complaints SET resolved_at = :at, resolved_by = :manager_id WHERE {_OPEN_COMPLAINTS}",
            {"at": to_db(at), "manager_id": manager_id, "customer_id": customer_id, "draft_id": draft_id},
        )
        count = cursor.rowcount
        record_audit(
            db,
            at=at,
            cashier_id=manager_id,
            action="complaints_resolved",
            subject=f"customer {customer_id}" if customer_id is not None else f"walk-in ticket {draft_id}",
            after={"resolved": count},
        )
        return count
