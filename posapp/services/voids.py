"""Voiding or refunding a completed ticket, or refunding one line of it: a manager's PIN, a reason,
a new record, an audit entry. The original ticket's figures are never changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from posapp.domain.errors import UserError
from posapp.services.auth import require_manager
from posapp.services.memberships import undo_plan_change
from posapp.storage.audit import record_audit
from posapp.storage.cashiers import Cashier
from posapp.storage.clock import local_day_and_hour, to_db
from posapp.storage.db import Database, write_transaction


class VoidKind(StrEnum):
    VOID = "void"
    REFUND = "refund"


@dataclass(frozen=True)
class VoidRecord:
    ticket_number: int
    kind: VoidKind
    amount_cents: int
    reason: str
    #: The refunded line's name, or "" when the whole ticket was voided or refunded.
    line_name: str = ""
    #: The line refund's record (its slip prints from it); None for a whole ticket.
    line_refund_id: int | None = None


def _clean_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason) < 3:
        raise UserError("Say why the ticket is voided or refunded (a few words).")
    if len(reason) > 500:
        raise UserError("The reason is longer than 500 characters.")
    return reason


def _refunded_so_far(db: Database, ticket_id: int) -> tuple[int, int]:
    """(subtotal, amount) already given back line by line on this ticket."""
    row = db.execute(
        "SELECT coalesce(sum(subtotal_cents), 0), coalesce(sum(amount_cents), 0) FROM line_refunds"
        " WHERE ticket_id = ?",
        (ticket_id,),
    ).fetchone()
    return int(row[0]), int(row[1])


@dataclass(frozen=True)
class _MoneyOut:
    """Money given back on one completed ticket: why, which manager approved it, when."""

    reason: str
    manager: Cashier
    at: datetime
    local_day: str
    ticket_id: int
    subtotal_cents: int
    total_cents: int


@contextmanager
def _money_out(
    db: Database,
    ticket_number: int,
    *,
    reason: str,
    manager_id: int,
    manager_pin: str,
    time_zone: ZoneInfo,
    now: Callable[[], datetime],
) -> Iterator[_MoneyOut]:
    """What a void and a refund both start with: a reason, the manager's PIN, one write
    transaction and the ticket, still completed. The caller writes its record inside the `with`.
    """
    reason = _clean_reason(reason)
    manager = require_manager(db, manager_id, manager_pin, now)  # its own write: before ours opens
    at = now()
    day, _ = local_day_and_hour(at, time_zone)
    with write_transaction(db):
        row = db.execute(
            "SELECT id, status, subtotal_cents, total_cents FROM tickets WHERE number = ?", (ticket_number,)
        ).fetchone()
        if row is None:
            raise UserError(f"There is no ticket number {ticket_number}.")
        if row[1] != "completed":
            raise UserError(f"Ticket {ticket_number} is already {row[1]}.")
        yield _MoneyOut(reason, manager, at, day, int(row[0]), int(row[2]), int(row[3]))


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
    """Void or refund a ticket once; the original stays, marked, and the report leaves it out.

    After a line refund, the whole ticket's record gives back only what was still on it.
    """
    with _money_out(
        db, ticket_number, reason=reason, manager_id=manager_id, manager_pin=manager_pin,
        time_zone=time_zone, now=now,
    ) as out:  # fmt: skip
        total = out.total_cents - _refunded_so_far(db, out.ticket_id)[1]
        db.execute(
            "INSERT INTO voids (ticket_id, kind, reason, manager_id, amount_cents, at, local_day)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (out.ticket_id, kind.value, out.reason, out.manager.id, total, to_db(out.at), out.local_day),
        )
        # A membership sold, renewed or upgraded on this ticket goes back as it was.
        undo_plan_change(db, out.ticket_id, ticket_number, out.at, out.at.astimezone(time_zone).date())
        new_status = "voided" if kind is VoidKind.VOID else "refunded"
        db.execute("UPDATE tickets SET status = ? WHERE id = ?", (new_status, out.ticket_id))
        record_audit(
            db,
            at=out.at,
            cashier_id=out.manager.id,
            action=f"ticket_{new_status}",
            subject=f"ticket {ticket_number}",
            before={"status": "completed", "total_cents": total},
            after={"status": new_status, "reason": out.reason},
        )
    return VoidRecord(ticket_number, kind, total, out.reason)


def refund_line(
    db: Database,
    *,
    ticket_number: int,
    position: int,
    reason: str,
    manager_id: int,
    manager_pin: str,
    time_zone: ZoneInfo,
    now: Callable[[], datetime],
) -> VoidRecord:
    """Give back one line of a completed ticket (only the waxing): its share of the ticket's tax too.

    The share is taken from the ticket's stored figures, not today's tax rate, so the lines'
    refunds never add up to more than was paid. The last line left is refunded with the ticket.
    """
    with _money_out(
        db, ticket_number, reason=reason, manager_id=manager_id, manager_pin=manager_pin,
        time_zone=time_zone, now=now,
    ) as out:  # fmt: skip
        lines = db.execute(
            "SELECT l.id, l.position, l.name, l.unit_price_cents * l.quantity, r.id IS NOT NULL"
            " FROM ticket_lines l LEFT JOIN line_refunds r ON r.line_id = l.id"
            " WHERE l.ticket_id = ? ORDER BY l.position",
            (out.ticket_id,),
        ).fetchall()
        chosen = next((line for line in lines if int(line[1]) == position), None)
        if chosen is None:
            raise UserError(f"Ticket {ticket_number} has no line {position + 1}.")
        line_id, name, amount, refunded = int(chosen[0]), str(chosen[2]), int(chosen[3]), bool(chosen[4])
        if refunded:
            raise UserError(f"{name} on ticket {ticket_number} is already refunded.")
        if sum(1 for line in lines if not line[4]) == 1:
            raise UserError(
                f"{name} is the last line left on ticket {ticket_number}: refund the whole ticket."
            )
        gross = sum(int(line[3]) for line in lines)
        line_subtotal = _share(out.subtotal_cents, amount, gross)
        line_total = max(_share(out.total_cents, amount, gross), line_subtotal)
        cursor = db.execute(
            "INSERT INTO line_refunds (ticket_id, line_id, reason, manager_id, subtotal_cents, amount_cents,"
            " at, local_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                out.ticket_id,
                line_id,
                out.reason,
                out.manager.id,
                line_subtotal,
                line_total,
                to_db(out.at),
                out.local_day,
            ),
        )
        record_audit(
            db,
            at=out.at,
            cashier_id=out.manager.id,
            action="line_refunded",
            subject=f"ticket {ticket_number}",
            before={"line": name, "amount_cents": line_total},
            after={"reason": out.reason},
        )
    refund_id = int(cursor.lastrowid or 0)
    return VoidRecord(ticket_number, VoidKind.REFUND, line_total, out.reason, name, refund_id)


def _share(whole: int, part: int, of: int) -> int:
    """`whole` * part / of in whole cents, half up: a line's share of the ticket's figures."""
    return (2 * whole * part + of) // (2 * of) if of else 0
