"""Whole sales through the checkout window, checked in what the cashier sees and what the database holds."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.gui.checkout_window import CheckoutWindow


def _rows(counter: Counter, sql: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in counter.db.execute(sql).fetchall()]


def test_accepted_offer_is_sold_and_recorded(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, ana: Customer, staff
) -> None:
    drive.choose_customer("abc 123")
    drive.tap("wash_standard_wash")
    script = drive.panel("offer_script")
    assert script.startswith("Hi Ana,")
    assert drive.panel("offer_title") == "Add Car Waxing"
    assert drive.total() == "$16.24"

    drive.tap("offer_accept")
    assert drive.lines() == ["Standard Wash", "+ Car Waxing  ★ offer"]
    assert drive.total() == "$24.90"  # (15 + 8) plus 8.25 % tax, shown at once

    drive.tap("pay_cash")
    with qtbot.waitSignal(window.sale_completed) as completed:
        drive.tap("complete_sale")
    assert completed.args == [1]
    assert _rows(counter, "SELECT number, cashier_id, customer_id, payment, total_cents FROM tickets") == [
        (1, staff.cashier_id, ana.id, "cash", 2490)
    ]
    assert _rows(
        counter, "SELECT code, offer_kind, offer_event_id IS NOT NULL FROM ticket_lines ORDER BY position"
    ) == [
        ("standard_wash", None, 0),
        ("car_waxing", "cross_sell", 1),
    ]
    assert _rows(counter, "SELECT kind, service, script FROM offer_events WHERE outcome = 'accepted'") == [
        ("cross_sell", "car_waxing", script)
    ]
    # A fresh ticket is waiting for the next car.
    assert drive.lines() == []
    assert drive.total() == "$0.00"


def test_declined_offer_is_recorded_and_not_sold(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, ana: Customer
) -> None:
    drive.choose_customer("Ana")
    drive.tap("wash_standard_wash")
    script = drive.panel("offer_script")
    assert "Ana" in script
    drive.tap("offer_decline")
    assert drive.lines() == ["Standard Wash"]
    assert drive.panel("offer_reasons") == ("Not offered: an offer was already answered on this ticket.")
    drive.tap("pay_card")
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")
    assert _rows(counter, "SELECT payment, total_cents FROM tickets") == [("card", 1624)]
    assert _rows(counter, "SELECT count(*) FROM ticket_lines") == [(1,)]
    assert _rows(counter, "SELECT service, script FROM offer_events WHERE outcome = 'declined'") == [
        ("car_waxing", script)
    ]


def test_unanswered_offer_counts_as_shown(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:
    drive.tap("wash_express_wash")
    drive.tap("pay_cash")
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")
    assert _rows(
        counter, "SELECT moment, service, outcome FROM offer_events WHERE outcome != 'held_back'"
    ) == [("checkout", "car_waxing", "shown")]


def test_held_back_offers_are_recorded_once_per_ticket(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:
    drive.tap("flag_budget")
    drive.tap("wash_standard_wash")
    drive.tap("wash_express_wash")
    drive.tap("wash_standard_wash")
    drive.tap("pay_cash")
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")
    held = _rows(counter, "SELECT service, reasons FROM offer_events WHERE outcome = 'held_back' ORDER BY id")
    assert ("car_waxing", "budget") in held
    assert len(held) == len(set(held)), "each (kind, service, reasons) is recorded once per ticket"


def test_membership_wash_is_redeemed_at_no_charge(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, member: Customer
) -> None:
    drive.choose_customer("BEN42")
    drive.tap("offer_decline")  # the renewal trial first
    drive.tap("wash_standard_wash")
    drive.tap("pay_membership")
    assert drive.lines() == ["Standard Wash (club)"]
    assert drive.total() == "$0.00"
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")
    assert _rows(counter, "SELECT payment, total_cents FROM tickets") == [("membership", 0)]


def test_the_club_wash_button_is_lit_only_on_the_members_ticket(
    qtbot: QtBot, window: CheckoutWindow, drive, member: Customer
) -> None:
    club = drive.button("pay_membership")
    drive.choose_customer("BEN42")
    drive.tap("offer_decline")
    drive.tap("wash_standard_wash")
    drive.tap("pay_membership")
    assert club.isChecked()
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")
    assert not club.isChecked()  # the next, walk-in ticket
    drive.tap("wash_express_wash")
    assert not club.isChecked() and not club.isEnabled()
    bold = club.font()
    bold.setBold(True)
    assert club.width() >= QFontMetrics(bold).horizontalAdvance("Club wash")  # never clipped


def test_removing_a_line_updates_the_total(window: CheckoutWindow, drive) -> None:
    drive.tap("wash_standard_wash")
    drive.tap("addon_tire_shine")
    assert drive.lines() == ["Standard Wash", "+ Tire Shine"]
    window.checkout.form.ticket_table.selectRow(1)
    drive.tap("remove_line")
    assert drive.lines() == ["Standard Wash"]
    assert drive.total() == "$16.24"


def test_completing_needs_a_payment(window: CheckoutWindow, drive, counter: Counter) -> None:
    drive.tap("wash_standard_wash")
    drive.tap("complete_sale")
    assert "Cash (F5) or Card (F6)" in window.notice.text
    assert _rows(counter, "SELECT count(*) FROM tickets") == [(0,)]
    assert drive.lines() == ["Standard Wash"]
    drive.tap("pay_card")
    assert window.notice.text == ""  # answered: the notice goes


def test_a_notice_for_the_ticket_goes_once_the_customer_is_chosen(window: CheckoutWindow, drive, ana) -> None:  # type: ignore[no-untyped-def]
    next(a for a in window.counter_menu.actions() if a.objectName() == "menu_customer_data").trigger()
    assert window.notice.text.startswith("Choose the customer on the ticket first")
    drive.choose_customer("ABC123")
    assert window.notice.text == ""


def test_clearing_the_ticket_starts_again_and_sells_nothing(
    window: CheckoutWindow, drive, counter: Counter, ana: Customer, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from posapp.gui.checkout_page import CheckoutPage
    from posapp.storage.drafts import load_draft

    drive.choose_customer("ABC123")
    drive.tap("wash_premium_package")
    drive.tap("pay_card")
    monkeypatch.setattr(CheckoutPage, "confirm_clear", classmethod(lambda cls, parent: False))
    drive.tap("clear_ticket")
    assert drive.lines() == ["Premium Package"]  # "No": nothing thrown away
    monkeypatch.setattr(CheckoutPage, "confirm_clear", classmethod(lambda cls, parent: True))
    drive.tap("clear_ticket")
    assert drive.lines() == [] and drive.total() == "$0.00"
    assert window.keeper.draft.customer is None and window.keeper.payment is None
    assert not drive.button("complete_sale").isEnabled() and not drive.button("clear_ticket").isEnabled()
    restored = load_draft(counter.db, counter.till_id)
    assert restored is not None and restored.is_empty  # a crash now restores the empty ticket
    assert _rows(counter, "SELECT count(*) FROM tickets") == [(0,)]
    # Throwing a rung-up ticket away is on record: who, when, what it came to.
    [(who, before)] = _rows(
        counter, "SELECT cashier_id, before FROM audit_log WHERE action = 'ticket_cleared'"
    )
    assert who == window.cashier.id and '"total_cents": 2706' in before
