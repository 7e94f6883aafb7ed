"""A shift is its till's, by id: a till renamed mid-shift keeps it, a till given the old name gets none."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from posapp.counter import Counter, open_counter
from posapp.domain.errors import UserError
from posapp.domain.ticket import Payment, TicketDraft
from posapp.reports.shift_slip import slip_rows, slip_text
from posapp.services.checkout import CompletedSale, complete_sale
from posapp.services.shifts import (
    NO_SHIFT,
    close_shift,
    current_shift,
    last_z,
    open_shift,
    reveal_count,
    x_report,
)
from posapp.services.tills import TillPlace, rename_till
from posapp.services.voids import VoidKind, void_ticket
from posapp.settings import default_settings_path
from posapp.storage.shifts import claim_slip, failed_slip_jobs, finish_slip, queue_slip
from tests.conftest import Clock, Staff


@pytest.fixture
def second_till(counter: Counter, tmp_path: Path, clock: Clock) -> Iterator[Counter]:
    """Another till on the same database file (another computer's folder): it calls itself counter-2."""
    other = open_counter(
        counter.db_path, settings_path=default_settings_path(), now=clock, till=TillPlace(tmp_path / "lane2")
    )
    yield other
    other.db.conn.close()
    assert other.till is not None
    other.till.release()


def start(till: Counter, staff: Staff, float_cents: int) -> None:
    open_shift(
        till.db, till_id=till.till_id, cashier_id=staff.cashier_id, float_cents=float_cents, now=till.now
    )


def sell_cash(till: Counter, staff: Staff, code: str = "standard_wash") -> CompletedSale:
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=till.now()).choose_wash(till.catalog.get(code))
    return complete_sale(
        till.db, draft, payment=Payment.CASH, settings=till.settings, now=till.now, till_id=till.till_id
    )


def rename(till: Counter, staff: Staff, name: str) -> None:
    """What Settings › This till does: the audited rename, then the till sells under the new name."""
    stored = rename_till(
        till.db, till.till_id, name, manager_id=staff.manager_id, manager_pin=staff.manager_pin, now=till.now
    )
    till.setup.change(settings=replace(till.settings, terminal=stored))


def test_a_till_renamed_mid_shift_keeps_its_shift_counts_it_and_closes_it_under_the_new_name(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    start(counter, staff, 100_00)
    before = sell_cash(counter, staff)  # 16.24, sold as "counter-1"
    job = queue_slip(counter.db, current_shift(counter.db, counter.till_id).id, "x", clock(), clock)  # type: ignore[union-attr]
    claim_slip(counter.db, job, clock)
    finish_slip(counter.db, job, False, "The printer did not answer.", clock)

    rename(counter, staff, "Lane 1")

    shift = current_shift(counter.db, counter.till_id)
    assert shift is not None and shift.till_id == counter.till_id and shift.terminal == "Lane 1"
    after = sell_cash(counter, staff)  # 16.24, sold as "Lane 1", into the same shift
    assert {row[0] for row in counter.db.execute("SELECT shift_id FROM tickets")} == {shift.id}
    clock.advance(minutes=5)
    # The ticket sold under the old name is still this till's: its void comes out of this drawer.
    void_ticket(
        counter.db,
        ticket_number=before.number,
        kind=VoidKind.VOID,
        reason="wrong wash chosen",
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        time_zone=counter.settings.time_zone,
        now=counter.now,
    )
    x = x_report(counter.db, till_id=counter.till_id, settings=counter.settings, now=counter.now)
    assert (x.cash.cash_sales_cents, x.cash.cash_voids_cents, x.cash.expected_cents) == (32_48, 16_24, 116_24)
    assert after.number == before.number + 1
    # The slip that failed before the rename is still this till's to Retry.
    assert [slip.id for slip in failed_slip_jobs(counter.db, counter.till_id)] == [job]

    count = reveal_count(
        counter.db,
        till_id=counter.till_id,
        counted_cents=116_24,
        cashier_id=staff.cashier_id,
        settings=counter.settings,
        now=counter.now,
    )
    assert (count.expected_cents, count.variance_cents) == (116_24, 0)
    z = close_shift(
        counter.db, count=count, cashier_id=staff.cashier_id, settings=counter.settings, now=clock
    )
    assert not z.shift.is_open and z.shift.terminal == "Lane 1"
    lines = slip_text(slip_rows(z, counter.settings), 42)
    assert any(line.startswith(f"Shift {shift.id}") and line.endswith("Lane 1") for line in lines), lines
    assert not any("counter-1" in line for line in lines)
    stored = last_z(counter.db, till_id=counter.till_id, settings=counter.settings)
    assert stored is not None and stored.shift.id == shift.id

    # A closed shift keeps the name it was closed under: a later rename does not rewrite it.
    rename(counter, staff, "Lane 7")
    again = last_z(counter.db, till_id=counter.till_id, settings=counter.settings)
    assert again is not None and again.shift.terminal == "Lane 1"


def test_a_till_given_the_others_former_name_does_not_take_over_its_shift(
    counter: Counter, second_till: Counter, staff: Staff
) -> None:
    assert (counter.settings.terminal, second_till.settings.terminal) == ("counter-1", "counter-2")
    start(counter, staff, 100_00)
    sell_cash(counter, staff)
    first = current_shift(counter.db, counter.till_id)
    assert first is not None

    rename(counter, staff, "Lane 1")
    rename(second_till, staff, "counter-1")  # the first till's former name

    assert current_shift(second_till.db, second_till.till_id) is None
    with pytest.raises(UserError) as refused:
        sell_cash(second_till, staff)
    assert refused.value.message == NO_SHIFT
    with pytest.raises(UserError, match=NO_SHIFT[:20]):
        x_report(
            second_till.db, till_id=second_till.till_id, settings=second_till.settings, now=second_till.now
        )

    # The second till opens its own shift under the name the first one had; both stay apart.
    start(second_till, staff, 50_00)
    sell_cash(second_till, staff, "premium_package")
    mine, theirs = (
        current_shift(counter.db, counter.till_id),
        current_shift(second_till.db, second_till.till_id),
    )
    assert mine is not None and theirs is not None
    assert mine.id == first.id and theirs.id != first.id
    assert (mine.terminal, theirs.terminal) == ("Lane 1", "counter-1")
    first_x = x_report(counter.db, till_id=counter.till_id, settings=counter.settings, now=counter.now)
    second_x = x_report(
        second_till.db, till_id=second_till.till_id, settings=second_till.settings, now=counter.now
    )
    assert (first_x.tickets, first_x.cash.float_cents) == (1, 100_00)
    assert (second_x.tickets, second_x.cash.float_cents) == (1, 50_00)
    assert first_x.cash.cash_sales_cents != second_x.cash.cash_sales_cents

    # Each till's Z closes its own shift only.
    count = reveal_count(
        second_till.db,
        till_id=second_till.till_id,
        counted_cents=second_x.cash.expected_cents,
        cashier_id=staff.cashier_id,
        settings=second_till.settings,
        now=second_till.now,
    )
    assert count.shift_id == theirs.id
    close_shift(
        second_till.db,
        count=count,
        cashier_id=staff.cashier_id,
        settings=second_till.settings,
        now=second_till.now,
    )
    assert current_shift(counter.db, counter.till_id) == mine
    assert last_z(counter.db, till_id=counter.till_id, settings=counter.settings) is None
