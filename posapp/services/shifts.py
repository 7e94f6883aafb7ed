"""The cashier's shift: open with a counted float, pay in and out, X at any time, Z with a blind count.

What the drawer should hold is worked out in one place (`CashFigures.expected_cents`); a Z
stores it with the count, the difference and who approved it, in one transaction with its
audit entry. Every sale at the counter belongs to the shift open at its till. A shift is kept
under the till's id (`counter.till_id`), never its name: a manager may rename a till mid-shift,
and the renamed till keeps its shift while a till given the old name does not take it over.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from posapp.domain.errors import UserError
from posapp.domain.shift import CashFigures, CashMovement, Coaching, Shift, ShiftReport
from posapp.services.auth import require_manager
from posapp.settings import Settings
from posapp.storage.audit import record_audit
from posapp.storage.db import Database, write_transaction
from posapp.storage.shifts import (
    ShiftSelling,
    ShiftTakings,
    SlipJob,
    get_shift,
    insert_movement,
    insert_shift,
    last_closed_shift_at,
    mark_closed,
    movements_of,
    open_shift_at,
    shift_selling,
    shift_takings,
)
from posapp.storage.tills import get_till

#: The days the site's average take rate is pooled over, for the coaching lines.
SITE_AVERAGE_DAYS = 30
NO_SHIFT = (
    "No shift is open at this counter: open one (Counter › Shift) with the float counted into the drawer."
)


class Movement(StrEnum):
    PAY_IN = "pay_in"
    PAY_OUT = "pay_out"

    @property
    def words(self) -> str:
        return "pay-in" if self is Movement.PAY_IN else "pay-out"


def cash_figures(takings: ShiftTakings) -> CashFigures:
    return CashFigures(
        float_cents=takings.float_cents,
        cash_sales_cents=takings.cash_sales_cents,
        cash_refunds_cents=takings.cash_refunds_cents,
        cash_voids_cents=takings.cash_voids_cents,
        pay_ins_cents=takings.pay_ins_cents,
        pay_outs_cents=takings.pay_outs_cents,
    )


# -- the rule every sale at the counter keeps ----------------------------------------------


def require_open_shift(db: Database, till_id: str) -> Shift:
    """The shift a sale at this till belongs to; none open is one sentence saying what to do."""
    shift = open_shift_at(db, till_id)
    if shift is None:
        raise UserError(NO_SHIFT)
    return shift


def current_shift(db: Database, till_id: str) -> Shift | None:
    return open_shift_at(db, till_id)


# -- opening, paying in and out --------------------------------------------------------------


def open_shift(
    db: Database, *, till_id: str, cashier_id: int, float_cents: int, now: Callable[[], datetime]
) -> Shift:
    """Start a shift at the till `till_id` with the float the cashier counted into the drawer."""
    if float_cents < 0:
        raise UserError("The float cannot be negative.")
    at = now()
    try:
        with write_transaction(db):
            till = get_till(db, till_id)
            if till is None:
                raise UserError(f"There is no till {till_id} on this database.")
            if open_shift_at(db, till_id) is not None:
                raise UserError("A shift is already open at this counter; close it with a Z first.")
            shift_id = insert_shift(
                db, till_id=till_id, terminal=till.name, cashier_id=cashier_id, float_cents=float_cents, at=at
            )
            record_audit(
                db,
                at=at,
                cashier_id=cashier_id,
                action="shift_opened",
                subject=f"shift {shift_id} at {till.name}",
                after={"float_cents": float_cents},
            )
    except sqlite3.IntegrityError:
        # Another program opened one between our look and our write: the index refused ours.
        raise UserError("A shift is already open at this counter; close it with a Z first.") from None
    shift = get_shift(db, shift_id)
    assert shift is not None
    return shift


def movement_needs_manager(settings: Settings, amount_cents: int) -> bool:
    return amount_cents > settings.shift.movement_approval_cents


def record_movement(
    db: Database,
    *,
    till_id: str,
    kind: Movement,
    amount_cents: int,
    reason: str,
    cashier_id: int,
    settings: Settings,
    now: Callable[[], datetime],
    manager_id: int | None = None,
    manager_pin: str = "",
) -> CashMovement:
    """Cash put into or taken out of the drawer, with the reason; a large amount needs a manager's PIN."""
    reason = " ".join(reason.split())
    if amount_cents <= 0:
        raise UserError(f"The {kind.words} amount must be more than zero.")
    if len(reason) < 3:
        raise UserError(f"Say what the {kind.words} is for (a few words).")
    if len(reason) > 200:
        raise UserError(f"The {kind.words} reason is longer than 200 characters.")
    approver = None
    if movement_needs_manager(settings, amount_cents):
        if manager_id is None:
            raise UserError(f"A {kind.words} of this size needs a manager's PIN.")
        approver = require_manager(db, manager_id, manager_pin, now).id
    at = now()
    with write_transaction(db):
        shift = require_open_shift(db, till_id)
        insert_movement(
            db,
            shift_id=shift.id,
            kind=kind.value,
            amount_cents=amount_cents,
            reason=reason,
            cashier_id=cashier_id,
            approved_by=approver,
            at=at,
        )
        record_audit(
            db,
            at=at,
            cashier_id=cashier_id,
            action=f"cash_{kind.value}",
            subject=f"shift {shift.id}",
            after={"amount_cents": amount_cents, "reason": reason, "approved_by": approver},
        )
    return movements_of(db, shift.id)[-1]


# -- X and Z ---------------------------------------------------------------------------------


def shift_report(
    db: Database, shift: Shift, *, kind: str, as_of: datetime, settings: Settings
) -> ShiftReport:
    """The shift's figures up to `as_of`: an X while it is open, the Z once it is closed."""
    until = shift.closed_at if shift.closed_at is not None and shift.closed_at < as_of else as_of
    takings = shift_takings(db, shift, until)
    return ShiftReport(
        shift=shift,
        kind=kind,
        as_of=until,
        cash=cash_figures(takings),
        card_sales_cents=takings.card_sales_cents,
        tickets=takings.tickets,
        cash_tickets=takings.cash_tickets,
        movements=tuple(m for m in movements_of(db, shift.id) if m.at <= until),
        coaching=coaching_for(db, shift, until, settings),
    )


def coaching_for(db: Database, shift: Shift, until: datetime, settings: Settings) -> tuple[Coaching, ...]:
    """Each cashier's shift beside the site's pooled take rate over the last 30 days (report's counts)."""
    from posapp.storage.report_queries import period_counts  # a slip's, not a start's (~6 ms to import)

    selling: tuple[ShiftSelling, ...] = shift_selling(db, shift, until)
    if not selling:
        return ()
    last = until.astimezone(settings.time_zone).date()
    site = period_counts(
        db, last - timedelta(days=SITE_AVERAGE_DAYS - 1), last, premium_wash="", time_zone=settings.time_zone
    )
    shown = sum(cashier.shown for cashier in site.cashiers)
    accepted = sum(cashier.accepted for cashier in site.cashiers)
    site_rate = accepted / shown if shown else 0.0
    return tuple(Coaching(s.name, s.tickets, s.shown, s.accepted, s.held_back, site_rate) for s in selling)


def slip_report(db: Database, job: SlipJob, settings: Settings) -> ShiftReport:
    """What a queued X or Z slip prints: the shift's figures as they were at the job's moment."""
    shift = get_shift(db, job.shift_id)
    if shift is None:
        raise UserError(f"There is no shift number {job.shift_id} in this database.")
    return shift_report(db, shift, kind=job.report, as_of=job.as_of, settings=settings)


def last_z(db: Database, *, till_id: str, settings: Settings) -> ShiftReport | None:
    """The last Z taken at this till, as it was stored and printed; None before the first."""
    shift = last_closed_shift_at(db, till_id)
    if shift is None or shift.closed_at is None:
        return None
    return shift_report(db, shift, kind="z", as_of=shift.closed_at, settings=settings)


def x_report(db: Database, *, till_id: str, settings: Settings, now: Callable[[], datetime]) -> ShiftReport:
    """The open shift's figures now; the shift carries on."""
    return shift_report(db, require_open_shift(db, till_id), kind="x", as_of=now(), settings=settings)


def variance_needs_manager(settings: Settings, variance_cents: int) -> bool:
    return abs(variance_cents) > settings.shift.variance_approval_cents


@dataclass(frozen=True)
class BlindCount:
    """The cashier's count, and only then the expected figure it is compared with."""

    shift_id: int
    counted_cents: int
    expected_cents: int
    needs_manager: bool

    @property
    def variance_cents(self) -> int:
        return self.counted_cents - self.expected_cents


def reveal_count(
    db: Database,
    *,
    till_id: str,
    counted_cents: int,
    cashier_id: int,
    settings: Settings,
    now: Callable[[], datetime],
) -> BlindCount:
    """Take the blind count, then say what was expected; the count is on record before it is shown.

    A recount after seeing the expected figure is therefore visible in the audit log.
    """
    if counted_cents < 0:
        raise UserError("The counted cash cannot be negative.")
    at = now()
    with write_transaction(db):
        shift = require_open_shift(db, till_id)
        expected = cash_figures(shift_takings(db, shift, at)).expected_cents
        record_audit(
            db,
            at=at,
            cashier_id=cashier_id,
            action="shift_counted",
            subject=f"shift {shift.id}",
            after={"counted_cents": counted_cents, "expected_cents": expected},
        )
    return BlindCount(
        shift.id, counted_cents, expected, variance_needs_manager(settings, counted_cents - expected)
    )


def close_shift(
    db: Database,
    *,
    count: BlindCount,
    cashier_id: int,
    settings: Settings,
    now: Callable[[], datetime],
    manager_id: int | None = None,
    manager_pin: str = "",
) -> ShiftReport:
    """The Z: store the count, the expected cash and who approved the difference; the shift is closed.

    The expected figure is worked out again at the moment of closing: a sale completed on
    another window between the count and the Z is in it (and in the difference).
    """
    # The PIN is checked first, on its own: a wrong one is counted toward the lock-out and logged.
    approver = require_manager(db, manager_id, manager_pin, now).id if manager_id is not None else None
    at = now()
    with write_transaction(db):
        shift = get_shift(db, count.shift_id)
        if shift is None or not shift.is_open:
            raise UserError("This shift is already closed; open a new one to sell.")
        expected = cash_figures(shift_takings(db, shift, at)).expected_cents
        variance = count.counted_cents - expected
        if approver is None and variance_needs_manager(settings, variance):
            raise UserError("The count is too far from the expected cash: a manager's PIN is needed.")
        record_z(
            db,
            shift,
            at=at,
            closed_by=cashier_id,
            counted=count.counted_cents,
            expected=expected,
            approver=approver,
        )
    closed = get_shift(db, count.shift_id)
    assert closed is not None
    return shift_report(db, closed, kind="z", as_of=at, settings=settings)


def record_z(
    db: Database,
    shift: Shift,
    *,
    at: datetime,
    closed_by: int,
    counted: int,
    expected: int,
    approver: int | None,
    subject: str = "",
) -> None:
    """Close `shift` with its count (cents) and the cash expected at `at`, with its audit entry.

    Call inside the Z's write transaction, with `expected` worked out in it.
    """
    mark_closed(
        db,
        shift.id,
        at=at,
        closed_by=closed_by,
        counted_cents=counted,
        expected_cents=expected,
        approved_by=approver,
    )
    record_audit(
        db,
        at=at,
        cashier_id=closed_by,
        action="shift_closed",
        subject=subject or f"shift {shift.id}",
        before={"float_cents": shift.float_cents},
        after={
            "counted_cents": counted,
            "expected_cents": expected,
            "variance_cents": counted - expected,
            "approved_by": approver,
        },
    )
