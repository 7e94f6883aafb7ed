"""The standard sale with an accepted offer in four key presses, and the other keys of the counter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.gui.checkout_window import CheckoutWindow


def _activate(qtbot: QtBot, window: CheckoutWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())


def test_four_key_presses_sell_a_wash_with_an_accepted_offer(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:
    _activate(qtbot, window)
    presses = [
        (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier),  # Standard Wash
        (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),  # accept the offer
        (Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier),  # cash
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),  # complete
    ]
    with qtbot.waitSignal(window.sale_completed):
        for key, modifier in presses:
            qtbot.keyClick(window.focusWidget() or window, key, modifier)
    assert len(presses) <= 4
    rows = counter.db.execute("SELECT code, offer_kind FROM ticket_lines ORDER BY position").fetchall()
    assert [tuple(row) for row in rows] == [("standard_wash", None), ("car_waxing", "cross_sell")]
    assert counter.db.execute("SELECT payment FROM tickets").fetchone()[0] == "cash"


def test_escape_declines_and_typed_search_keeps_enter(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, ana
) -> None:
    _activate(qtbot, window)
    search = window.checkout.customer_box.form.customer_search
    search.setFocus()
    qtbot.keyClicks(search, "ABC123")
    qtbot.keyClick(search, Qt.Key.Key_Return)  # a scanned plate ends with Enter: picks the customer
    assert window.keeper.draft.customer.name == "Ana García"
    assert search.text() == ""
    qtbot.keyClick(search, Qt.Key.Key_F1)
    assert "Ana" in drive.panel("offer_script")
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    events = window.keeper.draft.offer_events
    assert [(e.service, e.outcome.value) for e in events if e.outcome.value == "declined"] == [
        ("car_waxing", "declined")
    ]


def test_ctrl_l_locks_and_another_cashier_carries_on(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, staff
) -> None:
    _activate(qtbot, window)
    drive.tap("wash_standard_wash")
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.sign_in_page
    assert "ticket in progress is kept" in window.sign_in_page.form.sign_in_error.text()
    # F-keys do nothing on the lock screen.
    qtbot.keyClick(window.sign_in_page.form.login_pin, Qt.Key.Key_F1)
    assert drive.lines() == ["Standard Wash"]
    drive.sign_in("Morgan", "9999")
    assert drive.lines() == ["Standard Wash"]
    drive.tap("pay_cash")
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")
    assert counter.db.execute("SELECT cashier_id FROM tickets").fetchone()[0] == staff.manager_id
