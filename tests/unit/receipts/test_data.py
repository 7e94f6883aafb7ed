"""ReceiptData is built from the stored ticket alone: what was sold, at the price it was sold for."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.domain.ticket import Payment
from posapp.receipts.data import ADDON_MARK, UPGRADE_MARK, load_receipt
from posapp.storage.catalog import set_price


def test_lines_totals_and_local_time_come_from_the_stored_sale(counter: Counter, sale) -> None:
    number = sale(addons=("car_waxing", "tire_shine"))
    receipt = load_receipt(counter.db, number, counter.settings, copy=False)

    assert [(line.label, line.mark, line.amount_text) for line in receipt.lines] == [
        ("Standard Wash", "", "$15.00"),
        ("+ Car Waxing", ADDON_MARK, "$8.00"),
        ("+ Tire Shine", ADDON_MARK, "$4.00"),
    ]
    assert (receipt.subtotal_text, receipt.tax_text, receipt.total_text) == ("$27.00", "$2.23", "$29.23")
    assert receipt.subtotal_cents + receipt.tax_cents == receipt.total_cents
    # 15:00 UTC is 10:00 in New York, the site's zone.
    assert (receipt.local_date, receipt.local_time) == ("Nov 27, 2026", "10:00\u202fAM")
    assert (receipt.cashier, receipt.customer_first_name) == ("Sam", "Łukasz")
    assert (receipt.payment, receipt.paid_in_cash, receipt.copy) == ("Cash", True, False)
    assert receipt.business_name == "Sparkle Car Wash"
    assert receipt.footer == "Thank you for washing with us!"


def test_a_reprint_after_a_price_change_shows_the_price_as_sold(counter: Counter, sale) -> None:
    number = sale(addons=("car_waxing",))
    set_price(counter.db, "car_waxing", 1200)

    receipt = load_receipt(counter.db, number, counter.settings, copy=True)

    assert [line.amount_cents for line in receipt.lines] == [1500, 800]
    assert receipt.copy


def test_an_accepted_upsell_is_marked_as_an_upgrade(counter: Counter, sale) -> None:
    number = sale(wash="premium_package", upsell=True, addons=())
    receipt = load_receipt(counter.db, number, counter.settings, copy=False)
    assert [(line.label, line.mark) for line in receipt.lines] == [("Premium Package", UPGRADE_MARK)]


def test_an_accepted_trial_carries_its_end_date(counter: Counter, sale) -> None:
    number = sale(trial="premium_club")
    trial = load_receipt(counter.db, number, counter.settings, copy=False).trial

    assert trial is not None
    assert trial.plan_name == "Premium Club"
    assert trial.ends_on == date(2026, 12, 27)  # accepted Nov 27 + 30 trial days
    assert trial.text == "Your free Premium Club trial runs until Dec 27, 2026."
    # What it costs after the trial (this customer's own plan is not on file here).
    assert trial.after == "To keep it, tell us before it ends: $40.00 a month from your next renewal."


def test_walk_in_paying_by_card_has_no_customer_trial_or_drawer(counter: Counter, sale) -> None:
    number = sale(customer=None, payment=Payment.CARD, addons=())
    receipt = load_receipt(counter.db, number, counter.settings, copy=False)
    assert (receipt.customer_first_name, receipt.trial, receipt.paid_in_cash) == ("", None, False)


def test_the_snapshot_is_frozen(counter: Counter, sale) -> None:
    receipt = load_receipt(counter.db, sale(), counter.settings, copy=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        receipt.total_cents = 0  # type: ignore[misc]


def test_an_unknown_ticket_is_one_sentence(counter: Counter, staff: object) -> None:
    with pytest.raises(UserError, match=r"^There is no ticket number 999 in this database\.$"):
        load_receipt(counter.db, 999, counter.settings, copy=False)
