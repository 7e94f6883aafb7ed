"""Voiding or refunding a completed ticket: a manager's PIN, a reason, a new record, an audit entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from posapp.domain.errors import UserError
from posapp.services.auth import require_manager
from posapp.services.memberships import undo_plan_change
from posapp.storage.audit import record_audit
from posapp.storage.clock import local_day_and_hour, to_db
from posapp.storage.db import write_transaction


class VoidKind(StrEnum):
    VOID = "void"
    REFUND = "refund"


@dataclass(frozen=True)
class VoidRecord:
    ticket_number: int
    kind: VoidKind
    amount_cents: int
    reason: str


def void_ticket(
    db: Database,
    *,
    ticket_number: int,
    kind: VoidKind,
    reason: str,
    manager_id: int,
    manager_pin: str,
    time_zone: ZoneInfo,
    now: Callable[[], datetime],
) -> VoidRecord:
    """Void or refund a ticket once; the original stays, marked, and the report leaves it out."""
    reason = " ".join(reason.split())
    if len(reason) < 3:
        raise UserError("Say why the ticket is voided or refunded (a few words).")
    if len(reason) > 500:
        raise UserError("The reason is longer than 500 characters.")
    manager = require_manager(db, manager_id, manager_pin, now)
    at = now()
    day, _ = local_day_and_hour(at, time_zone)
    with write_transaction(db):
        row = db.execute(
            "SELECT id, status, total_cents FROM tickets WHERE number = ?", (ticket_number,)
        ).fetchone()
        if row is None:
            raise UserError(f"There is no ticket number {ticket_number}.")
        ticket_id, status, total = int(row[0]), str(row[1]), int(row[2])
        if status != "completed":
            raise UserError(f"Ticket {ticket_number} is already {status}.")
        db.execute(
            "INSERT INTO voids (ticket_id, kind, reason, manager_id, amount_cents, at, local_day)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (ticket_id, kind.value, reason, manager.id, total, to_db(at), day),
        )
        # A membership sold, renewed or upgraded on this ticket goes back as it was.
        undo_plan_change(db, ticket_id, ticket_number, at, at.astimezone(time_zone).date())
        new_status = "voided" if kind is VoidKind.VOID else "refunded"
        db.execute("UPDATE tickets SET status = ? WHERE id = ?", (new_status, ticket_id))
        record_audit(
            db,
            at=at,
            cashier_id=manager.id,
            action=f"ticket_{new_status}",
            subject=f"ticket {ticket_number}",
            before={"status": status, "total_cents": total},
            after={"status": new_status, "reason": reason},
        )
    return VoidRecord(ticket_number, kind, total, reason)
