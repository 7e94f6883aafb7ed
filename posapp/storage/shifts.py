"""Shifts in the database: the drawer's float, pay-ins and pay-outs, the cash a shift took, its X and Z slips.

Rows only: the rules (who may close, when a manager's PIN is needed, what the drawer should
hold) are `posapp.services.shifts`. Every writer here runs inside the caller's transaction,
except the slip jobs, which keep the receipt queue's own guards (`posapp.storage.print_jobs`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from posapp.domain.shift import CashMovement, Shift
from posapp.storage.clock import from_db, to_db
from posapp.storage.db import Database, write_transaction
from posapp.storage.print_jobs import MAX_ERROR_LENGTH, JobStatus


@dataclass(frozen=True)
class ShiftTakings:
    """What passed through the drawer (and the card machine) in a shift, up to a moment."""

    float_cents: int
    cash_sales_cents: int
    cash_refunds_cents: int
    cash_voids_cents: int
    pay_ins_cents: int
    pay_outs_cents: int
    card_sales_cents: int
    tickets: int
    cash_tickets: int


@dataclass(frozen=True)
class ShiftSelling:
    """One cashier's selling in a shift: sales, offers shown and taken, offers held back by reason."""

    cashier_id: int
    name: str
    tickets: int
    shown: int
    accepted: int
    held_back: tuple[tuple[str, int], ...]


_SHIFT = """
    SELECT s.id, s.terminal, s.opened_at, s.opened_by, o.name, s.float_cents, s.closed_at,
           coalesce(c.name, ''), s.counted_cents, s.expected_cents, coalesce(a.name, ''), s.till_id
    FROM shifts s JOIN cashiers o ON o.id = s.opened_by
    LEFT JOIN cashiers c ON c.id = s.closed_by
    LEFT JOIN cashiers a ON a.id = s.approved_by
"""


def _shift(row: tuple[Any, ...]) -> Shift:
    return Shift(
        id=int(row[0]),
        terminal=str(row[1]),
        opened_at=from_db(row[2]),
        opened_by=int(row[3]),
        opened_by_name=str(row[4]),
        float_cents=int(row[5]),
        closed_at=from_db(row[6]) if row[6] else None,
        closed_by_name=str(row[7]),
        counted_cents=None if row[8] is None else int(row[8]),
        expected_cents=None if row[9] is None else int(row[9]),
        approved_by_name=str(row[10]),
        till_id=None if row[11] is None else str(row[11]),
    )


def open_shift_at(db: Database, till_id: str) -> Shift | None:
    """The shift open at this till (by its id: a renamed till keeps its shift), if any."""
    row = db.execute(f"{_SHIFT} WHERE s.till_id = ? AND s.closed_at IS NULL", (till_id,)).fetchone()
    return _shift(row) if row else None


def last_closed_shift_at(db: Database, till_id: str) -> Shift | None:
    """The shift the last Z at this till closed, if any."""
    row = db.execute(
        f"{_SHIFT} WHERE s.till_id = ? AND s.closed_at IS NOT NULL ORDER BY s.closed_at DESC LIMIT 1",
        (till_id,),
    ).fetchone()
    return _shift(row) if row else None


def lost_open_shifts(db: Database) -> list[Shift]:
    """Open shifts no till holds (left by m016: a name no till had), oldest first; no till can close them."""
    rows = db.execute(f"{_SHIFT} WHERE s.till_id IS NULL AND s.closed_at IS NULL ORDER BY s.opened_at, s.id")
    return [_shift(row) for row in rows.fetchall()]


def get_shift(db: Database, shift_id: int) -> Shift | None:
    row = db.execute(f"{_SHIFT} WHERE s.id = ?", (shift_id,)).fetchone()
    return _shift(row) if row else None


def insert_shift(
    db: Database, *, till_id: str, terminal: str, cashier_id: int, float_cents: int, at: datetime
) -> int:
    """A new open shift of the till `till_id` (called `terminal` now); the index refuses a second one."""
    cursor = db.execute(
        "INSERT INTO shifts (till_id, terminal, opened_at, opened_by, float_cents) VALUES (?, ?, ?, ?, ?)",
        (till_id, terminal, to_db(at), cashier_id, float_cents),
    )
    return int(cursor.lastrowid or 0)


def rename_open_shift(db: Database, till_id: str, name: str) -> None:
    """The till's open shift takes the till's new name; call inside the rename's transaction.

    A closed shift keeps the name it was closed under, as a ticket keeps the name it was sold under.
    """
    db.execute("UPDATE shifts SET terminal = ? WHERE till_id = ? AND closed_at IS NULL", (name, till_id))


def insert_movement(
    db: Database,
    *,
    shift_id: int,
    kind: str,
    amount_cents: int,
    reason: str,
    cashier_id: int,
    approved_by: int | None,
    at: datetime,
) -> int:
    cursor = db.execute(
        "INSERT INTO cash_movements (shift_id, kind, amount_cents, reason, cashier_id, approved_by, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (shift_id, kind, amount_cents, reason, cashier_id, approved_by, to_db(at)),
    )
    return int(cursor.lastrowid or 0)


def movements_of(db: Database, shift_id: int) -> list[CashMovement]:
    return [
        CashMovement(str(kind), int(amount), str(reason), str(who), str(approver), from_db(at))
        for kind, amount, reason, who, approver, at in db.execute(
            "SELECT m.kind, m.amount_cents, m.reason, c.name, coalesce(a.name, ''), m.at"
            " FROM cash_movements m JOIN cashiers c ON c.id = m.cashier_id"
            " LEFT JOIN cashiers a ON a.id = m.approved_by WHERE m.shift_id = ? ORDER BY m.id",
            (shift_id,),
        ).fetchall()
    ]


def mark_closed(
    db: Database,
    shift_id: int,
    *,
    at: datetime,
    closed_by: int,
    counted_cents: int,
    expected_cents: int,
    approved_by: int | None,
) -> bool:
    """Close an open shift; False when it was already closed (a second Z changes nothing)."""
    cursor = db.execute(
        "UPDATE shifts SET closed_at = ?, closed_by = ?, counted_cents = ?, expected_cents = ?,"
        " approved_by = ? WHERE id = ? AND closed_at IS NULL",
        (to_db(at), closed_by, counted_cents, expected_cents, approved_by, shift_id),
    )
    return cursor.rowcount == 1


#: A ticket `t` sold at the till of the shift in hand: by its shift's till, or by name outside a shift.
#: A shift no till holds (see services.lost_shifts) has only its own tickets: a ticket sold outside
#: any shift under its name is the till's of that name, whose drawer its refund came out of.
_SOLD_AT_THIS_TILL = """(
    CASE WHEN :till IS NULL THEN t.shift_id = :shift
    ELSE t.shift_id IN (SELECT id FROM shifts WHERE till_id = :till)
         OR (t.shift_id IS NULL AND t.terminal = :terminal)
    END
)"""


def shift_takings(db: Database, shift: Shift, until: datetime) -> ShiftTakings:
    """The shift's money up to `until`: its sales by payment, pay-ins and pay-outs, voids and refunds.

    Sales are counted as sold (a later void or refund is its own figure, taken out when it
    happens). Voids and refunds of cash tickets sold at this till come out of the drawer of the
    shift open at this till when they were made, whichever of its shifts sold the ticket; a single
    line given back (a line refund) is a cash refund like a whole ticket's. A ticket is this till's
    by its shift's till (a rename does not move it); one sold outside any shift, by its name.
    """
    window: dict[str, str | int | None] = {
        "shift": shift.id,
        "till": shift.till_id,
        "terminal": shift.terminal,
        "opened": to_db(shift.opened_at),
        "until": to_db(until),
    }
    sales = db.execute(
        "SELECT count(*), coalesce(sum(payment = 'cash'), 0),"
        " coalesce(sum(CASE WHEN payment = 'cash' THEN total_cents END), 0),"
        " coalesce(sum(CASE WHEN payment = 'card' THEN total_cents END), 0)"
        " FROM tickets WHERE shift_id = :shift AND completed_at <= :until",
        window,
    ).fetchone()
    undone = dict(
        db.execute(
            "SELECT v.kind, sum(v.amount_cents) FROM voids v JOIN tickets t ON t.id = v.ticket_id"
            f" WHERE t.payment = 'cash' AND {_SOLD_AT_THIS_TILL} AND v.at >= :opened AND v.at <= :until"
            " GROUP BY v.kind",
            window,
        ).fetchall()
    )
    line_refunds = db.execute(
        "SELECT coalesce(sum(r.amount_cents), 0) FROM line_refunds r JOIN tickets t ON t.id = r.ticket_id"
        f" WHERE t.payment = 'cash' AND {_SOLD_AT_THIS_TILL} AND r.at >= :opened AND r.at <= :until",
        window,
    ).fetchone()[0]
    moved = dict(
        db.execute(
            "SELECT kind, sum(amount_cents) FROM cash_movements"
            " WHERE shift_id = :shift AND at <= :until GROUP BY kind",
            window,
        ).fetchall()
    )
    return ShiftTakings(
        float_cents=shift.float_cents,
        cash_sales_cents=int(sales[2]),
        cash_refunds_cents=int(undone.get("refund", 0)) + int(line_refunds),
        cash_voids_cents=int(undone.get("void", 0)),
        pay_ins_cents=int(moved.get("pay_in", 0)),
        pay_outs_cents=int(moved.get("pay_out", 0)),
        card_sales_cents=int(sales[3]),
        tickets=int(sales[0]),
        cash_tickets=int(sales[1]),
    )


# The shift's offer events: those of its tickets still completed (a voided sale's offers drop
# out, as in the report), and questions answered at the counter (no ticket) while it was open.
_SHIFT_EVENTS = """
    FROM offer_events e LEFT JOIN tickets t ON t.id = e.ticket_id
    WHERE e.at <= :until AND (
        (t.shift_id = :shift AND t.status = 'completed')
        OR (e.ticket_id IS NULL AND e.at >= :opened)
    )
"""


def shift_selling(db: Database, shift: Shift, until: datetime) -> tuple[ShiftSelling, ...]:
    """Each cashier's tickets and offers in the shift, by name: the coaching part of the slip."""
    # The report's queries (~6 ms to import) are needed by a slip, not by the start that opens a till.
    from posapp.storage.report_queries import HELD_BACK_COLUMNS, held_back_by_reason

    window = {"shift": shift.id, "opened": to_db(shift.opened_at), "until": to_db(until)}
    tickets = dict(
        db.execute(
            "SELECT cashier_id, count(*) FROM tickets WHERE shift_id = :shift AND status = 'completed'"
            " AND completed_at <= :until GROUP BY cashier_id",
            window,
        ).fetchall()
    )
    offers = {
        int(cashier): (int(shown), int(accepted))
        for cashier, shown, accepted in db.execute(
            "SELECT e.cashier_id, sum(e.outcome IN ('shown', 'accepted', 'declined')),"
            f" sum(e.outcome = 'accepted') {_SHIFT_EVENTS} AND e.outcome != 'held_back'"
            " GROUP BY e.cashier_id",
            window,
        ).fetchall()
    }
    # As the manager's report counts it: the visits each process reason held back, once each.
    held = {
        int(row[0]): held_back_by_reason(tuple(row[1:]))
        for row in db.execute(
            f"SELECT e.cashier_id, {HELD_BACK_COLUMNS} {_SHIFT_EVENTS} AND e.outcome = 'held_back'"
            " GROUP BY e.cashier_id",
            window,
        ).fetchall()
    }
    ids = sorted({int(c) for c in tickets} | set(offers) | set(held))
    if not ids:
        return ()
    marks = ",".join("?" * len(ids))
    names = dict(db.execute(f"SELECT id, name FROM cashiers WHERE id IN ({marks})", ids).fetchall())
    selling = [
        ShiftSelling(
            cashier_id,
            str(names.get(cashier_id, f"#{cashier_id}")),
            int(tickets.get(cashier_id, 0)),
            *offers.get(cashier_id, (0, 0)),
            held_back=held.get(cashier_id, ()),
        )
        for cashier_id in ids
    ]
    return tuple(sorted(selling, key=lambda s: s.name.casefold()))


# -- X and Z slips: a print job each, guarded like a receipt's ------------------------------


@dataclass(frozen=True)
class SlipJob:
    id: int
    shift_id: int
    report: str  # "x" or "z"
    as_of: datetime
    status: JobStatus
    error: str


def _slip(row: tuple[Any, ...]) -> SlipJob:
    id_, shift_id, report, as_of, status, error = row
    return SlipJob(int(id_), int(shift_id), str(report), from_db(as_of), JobStatus(status), str(error))


_SLIP = "SELECT id, shift_id, report, as_of, status, error FROM slip_print_jobs"


def get_slip_job(db: Database, job_id: int) -> SlipJob | None:
    row = db.execute(f"{_SLIP} WHERE id = ?", (job_id,)).fetchone()
    return _slip(row) if row else None


def slip_jobs_for(db: Database, shift_id: int) -> list[SlipJob]:
    return [_slip(row) for row in db.execute(f"{_SLIP} WHERE shift_id = ? ORDER BY id", (shift_id,))]


#: A till touches only the slips of its own shifts (kept under the till's id, whatever its name).
_OF_THIS_TILL = "shift_id IN (SELECT id FROM shifts WHERE till_id = ?)"


def failed_slip_jobs(db: Database, till_id: str) -> list[SlipJob]:
    """This till's slips that did not print, for Retry."""
    return [
        _slip(row)
        for row in db.execute(f"{_SLIP} WHERE status = 'failed' AND {_OF_THIS_TILL} ORDER BY id", (till_id,))
    ]


def queue_slip(db: Database, shift_id: int, report: str, as_of: datetime, now: Callable[[], datetime]) -> int:
    """A slip to print, its figures frozen at `as_of` (a reprint of an X shows the same figures)."""
    moment = to_db(now())
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO slip_print_jobs (shift_id, report, as_of, status, created_at, updated_at)"
            " VALUES (?, ?, ?, 'queued', ?, ?)",
            (shift_id, report, to_db(as_of), moment, moment),
        )
        return int(cursor.lastrowid or 0)


def claim_slip(db: Database, job_id: int, now: Callable[[], datetime]) -> SlipJob | None:
    """Mark a queued or failed slip as printing; None when it is printed or printing already."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE slip_print_jobs SET status = 'printing', attempts = attempts + 1, error = '',"
            " updated_at = ? WHERE id = ? AND status IN ('queued', 'failed')",
            (to_db(now()), job_id),
        )
        if cursor.rowcount != 1:
            return None
    return get_slip_job(db, job_id)


def finish_slip(db: Database, job_id: int, printed: bool, error: str, now: Callable[[], datetime]) -> None:
    message = "" if printed else " ".join(error.split())[:MAX_ERROR_LENGTH] or "The printer gave no reason."
    with write_transaction(db):
        db.execute(
            "UPDATE slip_print_jobs SET status = ?, error = ?, updated_at = ?"
            " WHERE id = ? AND status = 'printing'",
            ("printed" if printed else "failed", message, to_db(now()), job_id),
        )


def recover_interrupted_slips(db: Database, till_id: str, now: Callable[[], datetime]) -> int:
    """This till's slips left "printing" when it stopped: failed, for a deliberate Retry.

    Another till's slip that is printing right now is left alone (it would print twice on Retry).
    """
    with write_transaction(db):
        cursor = db.execute(
            f"UPDATE slip_print_jobs SET status = 'failed', error = ?, updated_at = ?"
            f" WHERE status = 'printing' AND {_OF_THIS_TILL}",
            ("The counter stopped while this slip was printing.", to_db(now()), till_id),
        )
        return int(cursor.rowcount)
