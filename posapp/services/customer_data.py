"""A customer's own data on request: exported as JSON, or erased while the sales keep their totals."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from posapp.domain.errors import UserError
from posapp.services.auth import require_manager
from posapp.storage.audit import record_audit
from posapp.storage.clock import to_db
from posapp.storage.db import write_transaction

ERASED_NAME = "Erased customer"


def export_customer(db: Database, customer_id: int) -> dict[str, Any]:
    """Everything the counter holds about one person, in a shape they can read."""
    row = db.execute(
        "SELECT id, name, phone, plate, email, marketing_consent, budget_sensitive, created_at"
        " FROM customers WHERE id = ? AND erased_at IS NULL",
        (customer_id,),
    ).fetchone()
    if row is None:
        raise UserError(f"There is no customer number {customer_id}.")
    keys = ("id", "name", "phone", "plate", "email", "marketing_consent", "budget_sensitive", "created_at")
    person: dict[str, Any] = dict(zip(keys, row, strict=True))
    person["marketing_consent"] = bool(person["marketing_consent"])
    person["budget_sensitive"] = bool(person["budget_sensitive"])
    person["memberships"] = _rows(
        db,
        "SELECT plan, started_on, renews_on, trial_plan, trial_until, ended_on FROM memberships"
        " WHERE customer_id = ? ORDER BY started_on",
        customer_id,
    )
    person["tickets"] = _rows(
        db,
        "SELECT number, completed_at, status, payment, total_cents FROM tickets WHERE customer_id = ?"
        " ORDER BY number",
        customer_id,
    )
    person["complaints"] = _rows(
        db,
        "SELECT opened_at, note, resolved_at FROM complaints WHERE customer_id = ? ORDER BY id",
        customer_id,
    )
    return person


def export_customer_json(db: Database, customer_id: int) -> bytes:
    """The export as the file the customer receives: readable JSON, UTF-8."""
    return (json.dumps(export_customer(db, customer_id), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _rows(db: Database, sql: str, customer_id: int) -> list[dict[str, Any]]:
    cursor = db.execute(sql, (customer_id,))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def erase_customer(
    db: Database, *, customer_id: int, manager_id: int, manager_pin: str, now: Callable[[], datetime]
) -> None:
    """Remove the person's name and contacts (a manager's action, audited); tickets keep their totals."""
    manager = require_manager(db, manager_id, manager_pin, now)
    at = now()
    with write_transaction(db):
        found = db.execute(
            "SELECT 1 FROM customers WHERE id = ? AND erased_at IS NULL", (customer_id,)
        ).fetchone()
        if found is None:
            raise UserError(f"There is no customer number {customer_id}.")
        db.execute(
            "UPDATE customers SET name = ?, phone = '', plate = '', email = '', marketing_consent = 0,"
            " erased_at = ? WHERE id = ?",
            (ERASED_NAME, to_db(at), customer_id),
        )
        db.execute("UPDATE complaints SET note = '' WHERE customer_id = ?", (customer_id,))
        record_audit(
            db, at=at, cashier_id=manager.id, action="customer_erased", subject=f"customer {customer_id}"
        )
