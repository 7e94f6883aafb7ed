"""The cashier's view of the pauses: after any pitch, after a complaint put right, and whose offer it was."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.gui import dialogs
from posapp.gui.checkout_window import CheckoutWindow


def _nothing_offered(drive) -> str:
    assert not drive.button("offer_accept").isEnabled()
    return str(drive.panel("offer_reasons"))


@pytest.fixture
def approvals(monkeypatch: pytest.MonkeyPatch, staff) -> None:
    """The manager types the right PIN whenever asked; every complaint note is "Missed a spot"."""

    def approve(cls, parent, db, now, approving=""):  # type: ignore[no-untyped-def]
        dialog = cls(db, now, parent)
        dialog.form.approval_pin.setText(staff.manager_pin)
        dialog.accept()
        return dialog.manager

    monkeypatch.setattr(dialogs.ManagerApprovalDialog, "ask", classmethod(approve))
    monkeypatch.setattr(dialogs.ComplaintNote, "ask", classmethod(lambda cls, parent, name: "Missed a spot"))


def test_a_declined_offer_pauses_the_next_visits_offers(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, ana: Customer, clock
) -> None:
    # Desmond's morning: declined waxing, back two hours later — no Tire Shine, no Premium.
    drive.choose_customer("Ana")
    drive.tap("wash_standard_wash")
    assert drive.panel("offer_title") == "Add Car Waxing"
    drive.tap("offer_decline")
    drive.tap("pay_cash")
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")
    clock.advance(hours=2)
    drive.choose_customer("Ana")
    drive.tap("wash_standard_wash")
    assert _nothing_offered(drive) == (
        "Not offered: the customer declined an offer on 2026-11-27, less than 7 days ago."
    )
    drive.tap("wash_express_wash")  # another wash, the same pause
    assert _nothing_offered(drive).startswith("Not offered: the customer declined an offer on 2026-11-27")


def test_resolve_complaint_is_enabled_only_for_an_open_complaint(
    window: CheckoutWindow, drive, counter: Counter, ana: Customer, approvals
) -> None:
    resolve = drive.button("resolve_complaints")
    assert not resolve.isEnabled()  # a walk-in without a complaint
    drive.choose_customer("Ana")
    assert not resolve.isEnabled()  # Ana has nothing open
    drive.tap("log_complaint")
    assert resolve.isEnabled()
    drive.tap("resolve_complaints")
    assert not resolve.isEnabled()


def test_a_walk_ins_complaint_can_be_resolved_and_the_ticket_still_does_not_sell(
    window: CheckoutWindow, drive, counter: Counter, staff, approvals
) -> None:
    drive.tap("wash_standard_wash")
    drive.tap("log_complaint")
    assert drive.button("resolve_complaints").isEnabled()
    assert _nothing_offered(drive) == "Not offered: the customer has a complaint today."
    drive.tap("resolve_complaints")
    row = counter.db.execute("SELECT customer_id, resolved_by FROM complaints").fetchone()
    assert tuple(row) == (None, staff.manager_id)
    assert not drive.button("resolve_complaints").isEnabled()
    assert _nothing_offered(drive) == "Not offered: the customer has a complaint today."


def test_an_offer_is_credited_to_the_cashier_who_showed_it(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, staff
) -> None:
    drive.tap("wash_standard_wash")
    drive.tap("offer_accept")  # Sam showed Car Waxing and the customer took it
    window.lock()
    drive.sign_in("Morgan", staff.manager_pin)  # Morgan takes the money
    drive.tap("pay_cash")
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")
    ticket_cashier = counter.db.execute("SELECT cashier_id FROM tickets").fetchone()[0]
    credited = counter.db.execute(
        "SELECT service, cashier_id FROM offer_events WHERE outcome = 'accepted'"
    ).fetchall()
    assert ticket_cashier == staff.manager_id
    assert [tuple(row) for row in credited] == [("car_waxing", staff.cashier_id)]


@pytest.mark.parametrize("answer", ["offer_decline", None])
def test_an_offer_answered_or_left_after_a_lock_stays_with_who_showed_it(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, staff, answer: str | None
) -> None:
    drive.tap("wash_standard_wash")
    assert drive.panel("offer_title") == "Add Car Waxing"  # Sam reads the script out
    window.lock()
    drive.sign_in("Morgan", staff.manager_pin)
    assert drive.panel("offer_title") == "Add Car Waxing"  # the same offer, still Sam's
    if answer is not None:
        drive.tap(answer)
    drive.tap("pay_cash")
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")
    credited = counter.db.execute(
        "SELECT outcome, cashier_id FROM offer_events WHERE service = 'car_waxing' AND outcome != 'held_back'"
    ).fetchall()
    outcome = "declined" if answer else "shown"
    assert [tuple(row) for row in credited] == [(outcome, staff.cashier_id)]
