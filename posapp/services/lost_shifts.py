"""Shifts no till holds: found by `posapp check`, closed by a manager with `posapp shift close-lost`.

Since m016 a shift belongs to a till by its id. A shift still open from before, under a name no
till had (or at a till that had already opened another), went to no till: none shows it, sells
into it or takes its Z, so its cash would stay out of every count. A manager closes it here with
the cash counted for it; the Z is stored as a till's would be (expected cash, count, difference,
who approved it), with its audit entry, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from posapp.domain.errors import UserError
from posapp.domain.shift import ShiftReport
from posapp.services.auth import require_manager
from posapp.services.shifts import cash_figures, record_z, shift_report
from posapp.settings import Settings
from posapp.storage.db import Database, write_transaction
from posapp.storage.shifts import get_shift, lost_open_shifts, shift_takings
from posapp.storage.tills import get_till

__all__ = ["close_lost_shift", "lost_open_shifts"]


def close_lost_shift(
    db: Database,
    *,
    shift_id: int,
    counted_cents: int,
    manager_id: int,
    manager_pin: str,
    settings: Settings,
    now: Callable[[], datetime],
) -> ShiftReport:
    """The Z of a shift no till holds, taken by a manager; a shift a till holds is closed at that till."""
    if counted_cents < 0:
        raise UserError("The counted cash cannot be negative.")
    # The PIN is checked first, on its own: a wrong one is counted toward the lock-out and logged.
    manager = require_manager(db, manager_id, manager_pin, now).id
    at = now()
    with write_transaction(db):
        shift = get_shift(db, shift_id)
        if shift is None:
            raise UserError(f"There is no shift number {shift_id} in this database.")
        if not shift.is_open:
            raise UserError(f"Shift {shift_id} is already closed: nothing to do.")
        if shift.till_id is not None:
            till = get_till(db, shift.till_id)
            held_by = till.name if till is not None else shift.terminal
            raise UserError(f"Shift {shift_id} is held by the till {held_by}: close it there with a Z.")
        record_z(
            db,
            shift,
            at=at,
            closed_by=manager,
            counted=counted_cents,
            expected=cash_figures(shift_takings(db, shift, at)).expected_cents,
            approver=manager,
            subject=f"shift {shift.id} at {shift.terminal} (held by no till)",
        )
    closed = get_shift(db, shift_id)
    assert closed is not None
    return shift_report(db, closed, kind="z", as_of=at, settings=settings)
