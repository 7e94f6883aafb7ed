"""Shifts: expected cash worked out by hand, pay-outs, the blind Z, the slip, the rule for sales."""

from __future__ import annotations

from pathlib import Path

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.reports.shift_slip import render_slip_pdf, slip_escpos_bytes, slip_rows, slip_text
from posapp.services.checkout import CompletedSale, complete_sale
from posapp.services.shifts import (
    NO_SHIFT,
    Movement,
    close_shift,
    open_shift,
    record_movement,
    reveal_count,
    x_report,
)
from posapp.services.voids import VoidKind, refund_line, void_ticket
from posapp.settings import settings_from_text
from posapp.storage.shifts import open_shift_at
from tests.conftest import Clock, Staff


def sell(
    counter: Counter,
    staff: Staff,
    *codes: str,
    payment: Payment = Payment.CASH,
    tendered: int | None = None,
    events: tuple[OfferEvent, ...] = (),
    cashier_id: int | None = None,
) -> CompletedSale:
    draft = TicketDraft(cashier_id=cashier_id or staff.cashier_id, opened_at=counter.now())
    draft = draft.choose_wash(counter.catalog.get(codes[0]))
    for code in codes[1:]:
        draft = draft.add_addon(counter.catalog.get(code))
    for event in events:
        draft = draft.record_offer(event)
    return complete_sale(
        counter.db,
        draft,
        payment=payment,
        settings=counter.settings,
        now=counter.now,
        tendered_cents=tendered,
        till_id=counter.till_id,
    )


def undo(counter: Counter, staff: Staff, number: int, kind: VoidKind) -> None:
    void_ticket(
        counter.db,
        ticket_number=number,
        kind=kind,
        reason="customer changed their mind",
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        time_zone=counter.settings.time_zone,
        now=counter.now,
    )


def move(counter: Counter, staff: Staff, kind: Movement, cents: int, **manager: object) -> None:
    record_movement(
        counter.db,
        till_id=counter.till_id,
        kind=kind,
        amount_cents=cents,
        reason="window cleaner" if kind is Movement.PAY_OUT else "change from the bank",
        cashier_id=staff.cashier_id,
        settings=counter.settings,
        now=counter.now,
        **manager,  # type: ignore[arg-type]
    )


def start(counter: Counter, staff: Staff, float_cents: int = 100_00) -> None:
    open_shift(
        counter.db,
        till_id=counter.till_id,
        cashier_id=staff.cashier_id,
        float_cents=float_cents,
        now=counter.now,
    )


def test_expected_cash_of_a_shift_worked_out_by_hand(counter: Counter, staff: Staff, clock: Clock) -> None:
    start(counter, staff, 100_00)  # float                                       100.00
    first = sell(counter, staff, "standard_wash", tendered=20_00)  # cash sale     +16.24
    second = sell(counter, staff, "standard_wash", "car_waxing")  # cash sale      +24.90
    refunded = sell(counter, staff, "standard_wash")  # cash sale                  +16.24
    card = sell(counter, staff, "standard_wash", payment=Payment.CARD)  # card: not in the drawer
    clock.advance(minutes=5)
    undo(counter, staff, second.number, VoidKind.VOID)  # voided cash sale         -24.90
    undo(counter, staff, refunded.number, VoidKind.REFUND)  # cash refund           -16.24
    undo(counter, staff, card.number, VoidKind.REFUND)  # a card refund: not in the drawer
    move(counter, staff, Movement.PAY_IN, 20_00)  # pay-in                         +20.00
    move(counter, staff, Movement.PAY_OUT, 15_00)  # pay-out                       -15.00
    # 100.00 + 16.24 + 24.90 + 16.24 - 16.24 - 24.90 + 20.00 - 15.00 = 121.24
    assert first.totals.total_cents == 16_24 and second.totals.total_cents == 24_90

    report = x_report(counter.db, till_id=counter.till_id, settings=counter.settings, now=counter.now)

    cash = report.cash
    assert (cash.float_cents, cash.cash_sales_cents, cash.cash_refunds_cents, cash.cash_voids_cents) == (
        100_00,
        57_38,
        16_24,
        24_90,
    )
    assert (cash.pay_ins_cents, cash.pay_outs_cents) == (20_00, 15_00)
    assert cash.expected_cents == 121_24
    assert report.card_sales_cents == 16_24 and (report.tickets, report.cash_tickets) == (4, 3)


def test_a_single_line_refunded_in_cash_comes_out_of_the_drawer(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    start(counter, staff, 100_00)  # float                                        100.00
    sale = sell(counter, staff, "standard_wash", "car_waxing")  # cash sale         +24.90
    clock.advance(minutes=5)
    refund_line(  # only the waxing: $8.00 and its share of the tax ($0.66)          -8.66
        counter.db,
        ticket_number=sale.number,
        position=1,
        reason="wax missed the bonnet",
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        time_zone=counter.settings.time_zone,
        now=counter.now,
    )
    # 100.00 + 24.90 - 8.66 = 116.24
    cash = x_report(counter.db, till_id=counter.till_id, settings=counter.settings, now=counter.now).cash
    assert (cash.cash_sales_cents, cash.cash_refunds_cents, cash.expected_cents) == (24_90, 8_66, 116_24)


def test_tendered_cash_and_change_are_stored_in_cents(counter: Counter, staff: Staff) -> None:
    start(counter, staff)
    sale = sell(counter, staff, "standard_wash", tendered=20_00)
    row = counter.db.execute(
        "SELECT tendered_cents, change_cents, shift_id FROM tickets WHERE number = ?", (sale.number,)
    ).fetchone()
    assert tuple(row) == (20_00, 3_76, open_shift_at(counter.db, counter.till_id).id)  # type: ignore[union-attr]
    assert (sale.tendered_cents, sale.change_cents) == (20_00, 3_76)


def test_too_little_cash_or_cash_on_a_card_sale_is_refused_and_nothing_is_stored(
    counter: Counter, staff: Staff
) -> None:
    start(counter, staff)
    with pytest.raises(UserError, match=r"handed \$10\.00, less than the \$16\.24 total"):
        sell(counter, staff, "standard_wash", tendered=10_00)
    with pytest.raises(UserError, match="only taken for a cash payment"):
        sell(counter, staff, "standard_wash", payment=Payment.CARD, tendered=20_00)
    assert counter.db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0


def test_the_counter_sells_only_in_an_open_shift_and_a_z_ends_it(counter: Counter, staff: Staff) -> None:
    with pytest.raises(UserError) as refused:
        sell(counter, staff, "standard_wash")
    assert refused.value.message == NO_SHIFT
    start(counter, staff, 50_00)
    with pytest.raises(UserError, match="already open"):
        start(counter, staff)
    sell(counter, staff, "standard_wash", tendered=16_24)
    count = reveal_count(
        counter.db,
        till_id=counter.till_id,
        counted_cents=66_24,
        cashier_id=staff.cashier_id,
        settings=counter.settings,
        now=counter.now,
    )
    assert (count.expected_cents, count.variance_cents, count.needs_manager) == (66_24, 0, False)
    z = close_shift(
        counter.db, count=count, cashier_id=staff.cashier_id, settings=counter.settings, now=counter.now
    )
    assert z.kind == "z" and z.variance_cents == 0 and not z.shift.is_open
    with pytest.raises(UserError, match=NO_SHIFT[:20]):
        sell(counter, staff, "standard_wash")
    with pytest.raises(UserError, match="already closed"):
        close_shift(
            counter.db, count=count, cashier_id=staff.cashier_id, settings=counter.settings, now=counter.now
        )


def test_a_pay_out_above_the_limit_needs_a_manager_pin(counter: Counter, staff: Staff) -> None:
    start(counter, staff)
    assert counter.settings.shift.movement_approval_cents == 50_00
    move(counter, staff, Movement.PAY_OUT, 50_00)  # at the limit: no PIN
    with pytest.raises(UserError, match="needs a manager's PIN"):
        move(counter, staff, Movement.PAY_OUT, 50_01)
    with pytest.raises(UserError, match="Wrong PIN"):
        move(counter, staff, Movement.PAY_OUT, 60_00, manager_id=staff.manager_id, manager_pin="0000")
    move(counter, staff, Movement.PAY_OUT, 60_00, manager_id=staff.manager_id, manager_pin=staff.manager_pin)
    rows = counter.db.execute("SELECT amount_cents, approved_by FROM cash_movements ORDER BY id").fetchall()
    assert [tuple(row) for row in rows] == [(50_00, None), (60_00, staff.manager_id)]
    audited = counter.db.execute("SELECT count(*) FROM audit_log WHERE action = 'cash_pay_out'").fetchone()[0]
    assert audited == 2


def test_a_blind_count_too_far_off_needs_a_manager_and_is_audited(counter: Counter, staff: Staff) -> None:
    start(counter, staff, 100_00)
    count = reveal_count(
        counter.db,
        till_id=counter.till_id,
        counted_cents=94_00,
        cashier_id=staff.cashier_id,
        settings=counter.settings,
        now=counter.now,
    )
    assert (count.variance_cents, count.needs_manager) == (-6_00, True)
    with pytest.raises(UserError, match="manager's PIN is needed"):
        close_shift(
            counter.db, count=count, cashier_id=staff.cashier_id, settings=counter.settings, now=counter.now
        )
    assert open_shift_at(counter.db, counter.till_id) is not None
    z = close_shift(
        counter.db,
        count=count,
        cashier_id=staff.cashier_id,
        settings=counter.settings,
        now=counter.now,
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
    )
    assert (z.counted_cents, z.cash.expected_cents, z.variance_cents) == (94_00, 100_00, -6_00)
    assert z.shift.approved_by_name == "Morgan"
    actions = [a for (a,) in counter.db.execute("SELECT action FROM audit_log WHERE action LIKE 'shift_%'")]
    assert actions == ["shift_opened", "shift_counted", "shift_closed"]


def accepted(counter: Counter, service: str, outcome: Outcome, reasons: tuple[str, ...] = ()) -> OfferEvent:
    return OfferEvent(
        Moment.CHECKOUT, OfferKind.CROSS_SELL, service, outcome, counter.now(), script="Hi", reasons=reasons
    )


def test_coaching_counts_each_cashier_against_the_sites_thirty_days(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    # Ten days ago, before this shift: 1 taken of 4 shown at the site.
    clock.advance(days=-10)
    start(counter, staff)
    for outcome in (Outcome.ACCEPTED, Outcome.DECLINED, Outcome.DECLINED, Outcome.DECLINED):
        sell(counter, staff, "standard_wash", events=(accepted(counter, "car_waxing", outcome),))
    count = reveal_count(
        counter.db,
        till_id=counter.till_id,
        counted_cents=0,
        cashier_id=staff.cashier_id,
        settings=counter.settings,
        now=counter.now,
    )
    close_shift(
        counter.db,
        count=count,
        cashier_id=staff.cashier_id,
        settings=counter.settings,
        now=counter.now,
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
    )
    clock.advance(days=10)
    start(counter, staff)
    sell(counter, staff, "standard_wash", events=(accepted(counter, "car_waxing", Outcome.ACCEPTED),))
    sell(counter, staff, "standard_wash", events=(accepted(counter, "car_waxing", Outcome.DECLINED),))
    sell(
        counter,
        staff,
        "standard_wash",
        # Two offers held back on one ticket: the slip counts the ticket once, as the report does.
        events=(
            accepted(counter, "car_waxing", Outcome.HELD_BACK, ("budget",)),
            accepted(counter, "tire_shine", Outcome.HELD_BACK, ("budget", "not_chosen")),
        ),
    )
    sell(counter, staff, "standard_wash", cashier_id=staff.manager_id)

    report = x_report(counter.db, till_id=counter.till_id, settings=counter.settings, now=counter.now)

    morgan, sam = report.coaching
    assert (sam.name, sam.opportunities, sam.shown, sam.taken, sam.held_back) == (
        "Sam",
        3,
        2,
        1,
        (("budget", 1),),
    )
    assert sam.take_rate == 0.5
    assert sam.site_take_rate == pytest.approx(2 / 6)  # the 30 days: 2 taken of 6 shown
    assert (morgan.opportunities, morgan.shown) == (1, 0)


def test_the_z_slip_prints_at_80_and_58_mm_and_says_what_the_count_was(
    counter: Counter, staff: Staff, tmp_path: Path
) -> None:
    start(counter, staff, 100_00)
    sell(counter, staff, "standard_wash", tendered=20_00)
    move(counter, staff, Movement.PAY_OUT, 5_00)
    count = reveal_count(
        counter.db,
        till_id=counter.till_id,
        counted_cents=110_00,
        cashier_id=staff.cashier_id,
        settings=counter.settings,
        now=counter.now,
    )
    z = close_shift(
        counter.db, count=count, cashier_id=staff.cashier_id, settings=counter.settings, now=counter.now
    )
    rows = slip_rows(z, counter.settings)
    for width, columns in ((80, 48), (58, 32)):
        pdf, height = render_slip_pdf(rows, width, "z")
        assert pdf.startswith(b"%PDF") and height > width
        text = slip_text(rows, columns)
        assert all(len(line) <= columns for line in text)
        joined = "\n".join(text)
        for words in (
            "Z REPORT",
            "EXPECTED CASH",
            "$111.24",
            "Counted (blind)",
            "$110.00",
            "SHORT",
            "-$1.24",
        ):
            assert words in joined, words
        assert b"EXPECTED CASH" in slip_escpos_bytes(rows, width)


def test_the_shift_limits_are_settings_and_an_older_file_keeps_the_defaults(tmp_path: Path) -> None:
    from posapp.settings import default_settings_path

    shipped = default_settings_path().read_text(encoding="utf-8")
    changed = shipped.replace("variance_approval_cents = 500", "variance_approval_cents = 1000")
    assert settings_from_text(tmp_path / "s.toml", changed).shift.variance_approval_cents == 10_00
    start_of_shift = shipped.index("[shift]")
    older = shipped[:start_of_shift] + shipped[shipped.index("[report]") :]
    assert settings_from_text(tmp_path / "s.toml", older).shift.movement_approval_cents == 50_00
    with pytest.raises(UserError, match=r"shift\.variance_approval_cents must be a whole number"):
        settings_from_text(
            tmp_path / "s.toml",
            shipped.replace("variance_approval_cents = 500", 'variance_approval_cents = "5"'),
        )


def test_a_sale_before_the_z_retried_after_it_stays_recorded_once(counter: Counter, staff: Staff) -> None:
    start(counter, staff)
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now()).choose_wash(
        counter.catalog.get("standard_wash")
    )
    first = complete_sale(
        counter.db,
        draft,
        payment=Payment.CARD,
        settings=counter.settings,
        now=counter.now,
        till_id=counter.till_id,
    )
    count = reveal_count(
        counter.db,
        till_id=counter.till_id,
        counted_cents=100_00,
        cashier_id=staff.cashier_id,
        settings=counter.settings,
        now=counter.now,
    )
    close_shift(
        counter.db, count=count, cashier_id=staff.cashier_id, settings=counter.settings, now=counter.now
    )
    again = complete_sale(
        counter.db,
        draft,
        payment=Payment.CARD,
        settings=counter.settings,
        now=counter.now,
        till_id=counter.till_id,
    )
    assert again.already_recorded and again.number == first.number
