"""Each of the sales process's "don't" rules shows its reason in plain words in the offer panel."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.gui.checkout_window import CheckoutWindow
from posapp.services.customers import log_complaint, remember_budget


def _nothing_offered(drive) -> str:
    assert not drive.button("offer_accept").isEnabled()
    assert not drive.window.checkout.offer_panel.form.offer_script.isVisible()
    return drive.panel("offer_reasons")


@pytest.mark.parametrize(
    ("flag", "reason"),
    [
        ("flag_complaint", "Not offered: the customer has a complaint today."),
        ("flag_budget", "Not offered: the customer said money is tight."),
        ("flag_undecided", "Not offered: the customer is still deciding."),
    ],
)
def test_situation_flags_hold_offers_back(window: CheckoutWindow, drive, flag: str, reason: str) -> None:
    drive.tap("wash_standard_wash")
    assert drive.panel("offer_title") == "Add Car Waxing"
    drive.tap(flag)
    assert _nothing_offered(drive) == reason
    drive.tap(flag)  # toggled off again: the offer is back
    assert drive.panel("offer_title") == "Add Car Waxing"


def test_three_wash_changes_mean_overwhelmed(window: CheckoutWindow, drive) -> None:
    for code in ("express_wash", "standard_wash", "express_wash"):
        drive.tap(f"wash_{code}")
    assert drive.panel("offer_title") == "Add Car Waxing"  # two changes so far
    drive.tap("wash_standard_wash")
    assert _nothing_offered(drive) == "Not offered: the wash was changed 3 times on this ticket."


def test_recent_acceptance_holds_back_the_next_offer(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, ana: Customer, clock
) -> None:
    drive.choose_customer("Ana")
    drive.tap("wash_standard_wash")
    drive.tap("offer_accept")
    drive.tap("pay_cash")
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")
    clock.advance(days=3)
    drive.choose_customer("Ana")
    drive.tap("wash_express_wash")
    assert _nothing_offered(drive) == (
        "Not offered: the customer accepted an offer on 2026-11-27, less than 30 days ago."
    )


def test_nothing_relevant_to_offer(window: CheckoutWindow, drive) -> None:
    drive.tap("wash_premium_package")
    drive.tap("addon_car_waxing")
    reasons = _nothing_offered(drive)
    assert reasons.startswith("Not offered: ")
    assert "Car Waxing is already on the ticket" in reasons


def test_one_offer_per_ticket(window: CheckoutWindow, drive) -> None:
    drive.tap("wash_standard_wash")
    drive.tap("offer_accept")
    assert _nothing_offered(drive) == "Not offered: an offer was already answered on this ticket."


def test_remembered_budget_and_open_complaint_come_from_the_customer(
    window: CheckoutWindow, drive, counter: Counter, ana: Customer, staff, clock
) -> None:
    remember_budget(counter.db, ana.id, True)
    drive.choose_customer("Ana")
    drive.tap("wash_standard_wash")
    assert _nothing_offered(drive) == "Not offered: the customer has told us money is tight."
    remember_budget(counter.db, ana.id, False)
    log_complaint(counter.db, customer_id=ana.id, cashier_id=staff.cashier_id, note="Scratch", now=clock)
    clock.advance(minutes=1)
    drive.choose_customer("Ana")
    assert _nothing_offered(drive) == "Not offered: the customer has an open complaint."


def test_walk_in_with_no_wash_yet(window: CheckoutWindow, drive) -> None:
    assert _nothing_offered(drive) == "Not offered: there is no wash on the ticket yet."
