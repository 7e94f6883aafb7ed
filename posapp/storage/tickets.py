"""Completed tickets in the database: written once, read back exactly as sold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.storage.clock import from_db
from posapp.storage.db import Database


@dataclass(frozen=True)
class StoredLine:
    code: str
    name: str
    unit_price_cents: int
    quantity: int
    is_addon: bool
    offer_kind: OfferKind | None
    #: What a membership line did to the plan ("sell", "renew", ...); None for washes and add-ons.
    plan_change: str | None = None
    #: The line's place on the ticket (0 first): how a line refund names it.
    position: int = 0
    #: Given back on its own by a line refund (the ticket itself stays completed).
    refunded: bool = False

    @property
    def amount_cents(self) -> int:
        return self.unit_price_cents * self.quantity


@dataclass(frozen=True)
class StoredTicket:
    """A ticket as the database holds it: what a receipt, a reprint or a report starts from."""

    id: int
    number: int
    terminal: str
    cashier_name: str
    customer_id: int | None
    customer_name: str
    opened_at: datetime
    completed_at: datetime
    status: str
    payment: str
    subtotal_cents: int
    tax_cents: int
    total_cents: int
    lines: tuple[StoredLine, ...]
    offer_events: tuple[OfferEvent, ...]
    #: The cash handed over and the change given, on a cash sale rung up with them (else None).
    tendered_cents: int | None = None
    change_cents: int | None = None


def ticket_number_for_draft(db: Database, draft_id: str) -> tuple[int, int] | None:
    row = db.execute("SELECT id, number FROM tickets WHERE draft_id = ?", (draft_id,)).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def load_ticket(db: Database, number: int) -> StoredTicket | None:
    row = db.execute(
        """SELECT t.id, t.number, t.terminal, k.name, t.customer_id, coalesce(c.name, ''),
                  t.opened_at, t.completed_at, t.status, t.payment,
                  t.subtotal_cents, t.tax_cents, t.total_cents, t.tendered_cents, t.change_cents
           FROM tickets t JOIN cashiers k ON k.id = t.cashier_id
           LEFT JOIN customers c ON c.id = t.customer_id AND c.erased_at IS NULL
           WHERE t.number = ?""",
        (number,),
    ).fetchone()
    if row is None:
        return None
    ticket_id = int(row[0])
    lines = tuple(
        StoredLine(
            code,
            name,
            price,
            quantity,
            bool(addon),
            OfferKind(kind) if kind else None,
            plan,
            int(position),
            bool(refunded),
        )
        for code, name, price, quantity, addon, kind, plan, position, refunded in db.execute(
            "SELECT l.code, l.name, l.unit_price_cents, l.quantity, l.is_addon, l.offer_kind, l.plan_change,"
            " l.position, r.id IS NOT NULL FROM ticket_lines l LEFT JOIN line_refunds r ON r.line_id = l.id"
            " WHERE l.ticket_id = ? ORDER BY l.position",
            (ticket_id,),
        ).fetchall()
    )
    events = tuple(
        OfferEvent(
            moment=Moment(moment),
            kind=OfferKind(kind),
            service=service,
            outcome=Outcome(outcome),
            at=from_db(at),
            script=script,
            price_delta_cents=delta,
            reasons=tuple(reason for reason in reasons.split(",") if reason),
            explanation=explanation,
        )
        for moment, kind, service, outcome, at, script, delta, reasons, explanation in db.execute(
            "SELECT moment, kind, service, outcome, at, script, price_delta_cents, reasons, explanation"
            " FROM offer_events WHERE ticket_id = ? ORDER BY id",
            (ticket_id,),
        ).fetchall()
    )
    return StoredTicket(
        id=ticket_id,
        number=int(row[1]),
        terminal=row[2],
        cashier_name=row[3],
        customer_id=row[4],
        customer_name=row[5],
        opened_at=from_db(row[6]),
        completed_at=from_db(row[7]),
        status=row[8],
        payment=row[9],
        subtotal_cents=row[10],
        tax_cents=row[11],
        total_cents=row[12],
        lines=lines,
        offer_events=events,
        tendered_cents=row[13],
        change_cents=row[14],
    )


def line_offer_outcomes(db: Database, number: int) -> list[tuple[str, bool, str | None]]:
    """(code, is_addon, outcome of the offer that sold it or None) of each line of a ticket, in order."""
    return [
        (str(code), bool(is_addon), None if outcome is None else str(outcome))
        for code, is_addon, outcome in db.execute(
            "SELECT l.code, l.is_addon, e.outcome FROM tickets t JOIN ticket_lines l ON l.ticket_id = t.id"
            " LEFT JOIN offer_events e ON e.id = l.offer_event_id WHERE t.number = ? ORDER BY l.position",
            (number,),
        ).fetchall()
    ]


def recent_tickets(db: Database, limit: int = 50) -> list[tuple[int, str, int, str]]:
    """(number, completed_at, total_cents, status) of the newest tickets, for the history view."""
    return [
        (int(number), str(at), int(total), str(status))
        for number, at, total, status in db.execute(
            "SELECT number, completed_at, total_cents, status FROM tickets ORDER BY number DESC LIMIT ?",
            (limit,),
        ).fetchall()
    ]


def last_ticket_number(db: Database) -> int | None:
    """The newest sale's number: where the Void/refund dialog opens."""
    row = db.execute("SELECT max(number) FROM tickets").fetchone()
    return int(row[0]) if row and row[0] is not None else None


@dataclass(frozen=True)
class StoredRefund:
    """A void, a whole refund or one line's refund, as its slip prints it."""

    kind: str  # "void" or "refund"
    amount_cents: int
    reason: str
    manager_name: str
    at: datetime
    #: The positions of the lines it gives back (every line for a whole void or refund).
    positions: tuple[int, ...]


def load_refund(db: Database, ticket_id: int, line_refund_id: int | None) -> StoredRefund | None:
    """The whole-ticket void or refund of a ticket, or one line refund when its id is given."""
    if line_refund_id is not None:
        row = db.execute(
            "SELECT 'refund', r.amount_cents, r.reason, k.name, r.at, l.position FROM line_refunds r"
            " JOIN cashiers k ON k.id = r.manager_id JOIN ticket_lines l ON l.id = r.line_id"
            " WHERE r.id = ? AND r.ticket_id = ?",
            (line_refund_id, ticket_id),
        ).fetchone()
        if row is None:
            return None
        return StoredRefund(
            str(row[0]), int(row[1]), str(row[2]), str(row[3]), from_db(row[4]), (int(row[5]),)
        )
    row = db.execute(
        "SELECT v.kind, v.amount_cents, v.reason, k.name, v.at FROM voids v"
        " JOIN cashiers k ON k.id = v.manager_id WHERE v.ticket_id = ?",
        (ticket_id,),
    ).fetchone()
    if row is None:
        return None
    # A whole refund after a line refund gives back what was still on the ticket.
    positions = tuple(
        int(position)
        for (position,) in db.execute(
            "SELECT l.position FROM ticket_lines l LEFT JOIN line_refunds r ON r.line_id = l.id"
            " WHERE l.ticket_id = ? AND r.id IS NULL ORDER BY l.position",
            (ticket_id,),
        ).fetchall()
    )
    return StoredRefund(str(row[0]), int(row[1]), str(row[2]), str(row[3]), from_db(row[4]), positions)
