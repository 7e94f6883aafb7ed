"""A shift no till holds (left by m016) is closed by a manager with the cash it took, worked out by hand."""

from __future__ import annotations

import json

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.domain.shift import ShiftReport
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale
from posapp.services.lost_shifts import close_lost_shift, lost_open_shifts
from posapp.services.shifts import Movement, current_shift, x_report
from posapp.services.voids import VoidKind, void_ticket
from posapp.storage.db import write_transaction
from posapp.storage.shifts import get_shift
from tests.conftest import Clock, Staff
from tests.unit.services.test_shifts import move, sell, start


def lose_the_open_shift(counter: Counter, name: str = "Old lane") -> int:
    """The state m016 left: an open shift under a name no till had, held by no till."""
    shift = current_shift(counter.db, counter.till_id)
    assert shift is not None
    with write_transaction(counter.db):
        counter.db.execute("UPDATE shifts SET till_id = NULL, terminal = ? WHERE id = ?", (name, shift.id))
    return shift.id


def close(
    counter: Counter, staff: Staff, shift_id: int, counted: int, pin: str = "9999", by: int | None = None
) -> ShiftReport:
    """The lost shift's Z taken by Morgan (or by `by`, with `pin`)."""
    return close_lost_shift(
        counter.db,
        shift_id=shift_id,
        counted_cents=counted,
        manager_id=staff.manager_id if by is None else by,
        manager_pin=pin,
        settings=counter.settings,
        now=counter.now,
    )


def test_a_manager_closes_a_lost_shift_with_its_cash_worked_out_by_hand(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    start(counter, staff, 100_00)  # float                                   100.00
    sell(counter, staff, "standard_wash")  # cash sale                         +16.24
    sell(counter, staff, "standard_wash", payment=Payment.CARD)  # card: not in the drawer
    move(counter, staff, Movement.PAY_OUT, 15_00)  # pay-out                   -15.00
    lost = lose_the_open_shift(counter)  # 100.00 + 16.24 - 15.00 = 101.24
    assert [shift.id for shift in lost_open_shifts(counter.db)] == [lost]
    assert current_shift(counter.db, counter.till_id) is None  # no till shows it
    clock.advance(hours=1)

    report = close(counter, staff, lost, 100_00)

    assert report.kind == "z" and report.cash.expected_cents == 101_24
    assert report.counted_cents == 100_00 and report.variance_cents == -1_24
    assert report.tickets == 2 and report.card_sales_cents == 16_24
    closed = get_shift(counter.db, lost)
    assert closed is not None and not closed.is_open
    assert (closed.expected_cents, closed.counted_cents, closed.closed_by_name, closed.approved_by_name) == (
        101_24,
        100_00,
        "Morgan",
        "Morgan",
    )
    assert lost_open_shifts(counter.db) == []
    audit = counter.db.execute(
        "SELECT cashier_id, subject, after FROM audit_log WHERE action = 'shift_closed'"
    ).fetchall()
    [(by, subject, after)] = audit
    assert (by, subject) == (staff.manager_id, f"shift {lost} at Old lane (held by no till)")
    assert json.loads(after) == {
        "counted_cents": 100_00,
        "expected_cents": 101_24,
        "variance_cents": -1_24,
        "approved_by": staff.manager_id,
    }
    with pytest.raises(UserError, match=f"Shift {lost} is already closed"):
        close(counter, staff, lost, 100_00)


def test_a_shift_a_till_holds_a_wrong_pin_or_a_cashier_closes_nothing(counter: Counter, staff: Staff) -> None:
    start(counter, staff)
    held = current_shift(counter.db, counter.till_id)
    assert held is not None
    with pytest.raises(UserError, match=r"held by the till .*: close it there with a Z"):
        close(counter, staff, held.id, 100_00)
    lost = lose_the_open_shift(counter)
    with pytest.raises(UserError):
        close(counter, staff, lost, 100_00, pin="0000")
    with pytest.raises(UserError, match="Only a manager"):
        close(counter, staff, lost, 100_00, pin="1111", by=staff.cashier_id)
    with pytest.raises(UserError, match="cannot be negative"):
        close(counter, staff, lost, -1)
    with pytest.raises(UserError, match="no shift number 999"):
        close(counter, staff, 999, 0)
    assert [shift.id for shift in lost_open_shifts(counter.db)] == [lost]  # still open, nothing half-done
    assert counter.db.execute("SELECT count(*) FROM audit_log WHERE action = 'shift_closed'").fetchone() == (
        0,
    )


def test_a_refund_of_a_sale_outside_any_shift_leaves_only_the_live_tills_drawer(
    counter: Counter, staff: Staff
) -> None:
    # A sale stored outside any shift (by a tool, or before shifts), under this till's name.
    walk_in = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now())
    old = complete_sale(
        counter.db,
        walk_in.choose_wash(counter.catalog.get("standard_wash")),
        payment=Payment.CASH,
        settings=counter.settings,
        now=counter.now,
    )
    # A shift under the same name that m016 gave to no till (the till had opened another).
    with write_transaction(counter.db):
        counter.db.execute(
            "INSERT INTO shifts (till_id, terminal, opened_at, opened_by, float_cents)"
            " VALUES (NULL, ?, '2026-11-01T12:00:00.000000+00:00', ?, 5000)",
            (counter.settings.terminal, staff.cashier_id),
        )
    [lost] = lost_open_shifts(counter.db)
    start(counter, staff, 100_00)
    void_ticket(
        counter.db,
        ticket_number=old.number,
        kind=VoidKind.REFUND,
        reason="changed their mind",
        manager_id=staff.manager_id,
        manager_pin="9999",
        time_zone=counter.settings.time_zone,
        now=counter.now,
    )

    live = x_report(counter.db, till_id=counter.till_id, settings=counter.settings, now=counter.now)
    assert live.cash.expected_cents == 100_00 - 16_24  # the refund came out of this drawer
    closed = close(counter, staff, lost.id, 50_00)
    assert closed.cash.expected_cents == 50_00 and closed.cash.cash_refunds_cents == 0  # not out of two
