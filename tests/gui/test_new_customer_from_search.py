"""A plate nobody has: "No match — add a new customer?", the real add dialog, and the customer on the ticket.

Nothing is stood in for: the dialog is the one the window opens (modal, its own event loop), filled
in and accepted through its widgets, and the customer is read back from the database file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
)
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import NewCustomerDialog
from posapp.services.customers import add_customer
from posapp.storage.customers import find_customers


def when_the_dialog_opens(
    qtbot: QtBot, fill_in: Callable[[Any], None], kind: type[QDialog] = NewCustomerDialog
) -> list[str]:
    """Run `fill_in` on the `kind` of dialog (the add dialog unless said) once it is up, inside its
    own loop; the list says what happened."""
    seen: list[str] = []

    def on_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            seen.append(f"no {kind.__name__}, but {dialog!r}")
            if isinstance(dialog, QDialog):
                dialog.reject()  # another question is up: closed, the test fails on `seen`
            return
        seen.append("opened")
        try:
            # As on a real screen, the cashier types once the dialog is up and has the keyboard.
            qtbot.waitUntil(dialog.isActiveWindow)
            fill_in(dialog)
        finally:
            if dialog.isVisible():  # a failed step must not leave the test waiting on the dialog
                seen.append(f"still open: {dialog.findChild(QLabel, 'dialog_error').text()}")
                dialog.reject()
            else:
                seen.append("closed")

    QTimer.singleShot(0, on_the_dialog)
    return seen


def type_in_search(qtbot: QtBot, window: CheckoutWindow, typed: str) -> QListView:
    search = window.findChild(QLineEdit, "customer_search")
    assert search is not None
    search.setFocus()
    qtbot.keyClicks(search, typed)
    hits = window.findChild(QListView, "customer_hits")
    assert hits is not None and hits.isVisible()
    return hits


def assert_on_the_ticket_and_stored(
    window: CheckoutWindow, counter: Counter, name: str, plate: str
) -> Customer:
    customer = window.keeper.draft.customer if window.keeper.draft else None
    assert customer is not None and customer.id is not None
    assert (customer.name, customer.plate) == (name, plate)
    assert window.checkout.customer_box.form.customer_badge.text() == f"{name} · {plate}"
    assert window.checkout.customer_box.search == ""  # the box is free for the next search
    stored = find_customers(counter.db, plate)
    assert [(c.id, c.name, c.plate) for c in stored] == [(customer.id, name, plate)]
    return customer


def test_no_match_line_clicked_adds_the_customer_to_the_ticket_and_the_database(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    assert find_customers(counter.db, "QRS456") == []
    hits = type_in_search(qtbot, window, "QRS456")
    row = hits.model().index(0, 0)
    assert hits.model().rowCount() == 1 and row.data() == "No match for “QRS456” — add a new customer?"

    def fill_in(dialog: NewCustomerDialog) -> None:
        assert dialog.form.customer_plate.text() == "QRS456"  # what was typed, not typed again
        qtbot.keyClicks(dialog.form.customer_name, "Zoe Novak")
        buttons = dialog.findChild(QDialogButtonBox, "buttons")
        assert buttons is not None
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    seen = when_the_dialog_opens(qtbot, fill_in)
    qtbot.mouseClick(hits.viewport(), Qt.MouseButton.LeftButton, pos=hits.visualRect(row).center())
    assert seen == ["opened", "closed"]
    assert_on_the_ticket_and_stored(window, counter, "Zoe Novak", "QRS456")


def test_the_add_button_opens_the_same_dialog_and_a_refused_form_says_why(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    type_in_search(qtbot, window, "Tomasz")  # a name this time: it goes in the name field

    def fill_in(dialog: NewCustomerDialog) -> None:
        assert dialog.form.customer_name.text() == "Tomasz"
        ok = dialog.form.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.keyClicks(dialog.form.customer_email, "not an address")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.form.dialog_error.text()  # refused, kept open, one sentence
        dialog.form.customer_email.clear()
        qtbot.keyClicks(dialog.form.customer_plate, "TK 2077")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    seen = when_the_dialog_opens(qtbot, fill_in)
    add = window.findChild(QAbstractButton, "new_customer")
    assert add is not None
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert seen == ["opened", "closed"]
    customer = window.keeper.draft.customer if window.keeper.draft else None
    assert customer is not None
    assert_on_the_ticket_and_stored(window, counter, "Tomasz", customer.plate)


def test_by_keyboard_only_from_the_search_box_to_the_customer_on_the_ticket(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Ctrl+F: to the search box
    search = window.checkout.customer_box.form.customer_search
    assert QApplication.focusWidget() is search
    qtbot.keyClicks(search, "KEY123")

    def fill_in(dialog: NewCustomerDialog) -> None:
        focused = QApplication.focusWidget()
        assert focused is dialog.form.customer_name, focused
        qtbot.keyClicks(focused, "Kim Lee")
        qtbot.keyClick(focused, Qt.Key.Key_Return)  # Enter: the dialog's OK

    seen = when_the_dialog_opens(qtbot, fill_in)
    qtbot.keyClick(search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.findChild(QAbstractButton, "new_customer")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert seen == ["opened", "closed"]
    assert_on_the_ticket_and_stored(window, counter, "Kim Lee", "KEY123")


def test_enter_on_the_no_match_line_opens_the_add_form_with_the_plate_carried(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    search = window.checkout.customer_box.form.customer_search
    hits = type_in_search(qtbot, window, "QRS456")
    assert hits.model().index(0, 0).data() == "No match for “QRS456” — add a new customer?"

    def fill_in(dialog: NewCustomerDialog) -> None:
        assert dialog.form.customer_plate.text() == "QRS456"
        focused = QApplication.focusWidget()
        assert focused is dialog.form.customer_name, focused  # the one field still to fill
        qtbot.keyClicks(focused, "Zoe Novak")
        qtbot.keyClick(focused, Qt.Key.Key_Return)  # Enter: the dialog's OK

    seen = when_the_dialog_opens(qtbot, fill_in)
    qtbot.keyClick(search, Qt.Key.Key_Return)  # Enter, not a click, on "No match … add a new customer?"
    assert seen == ["opened", "closed"]
    assert_on_the_ticket_and_stored(window, counter, "Zoe Novak", "QRS456")


#: What a cashier types (or a scanner sends) that nobody has, and the form's field it belongs in.
CARRIED = [
    ("CLUB-7788-0042-19", "customer_card", ("Kim Lee", "", "", "", "CLUB7788004219")),  # a card as printed
    ("0012345678901234", "customer_card", ("Kim Lee", "", "", "", "0012345678901234")),  # a long scan
    ("555 010 3000", "customer_phone", ("Kim Lee", "", "5550103000", "", "")),  # a phone typed bare
    ("ab-12 cd", "customer_plate", ("Kim Lee", "AB12CD", "", "", "")),
    ("+48 600 100 200", "customer_phone", ("Kim Lee", "", "+48600100200", "", "")),
    ("kim@example.com", "customer_email", ("Kim Lee", "", "", "kim@example.com", "")),
    ("Kim Lee", "customer_name", ("Kim Lee", "", "", "", "")),
]


@pytest.mark.parametrize(("typed", "field", "stored"), CARRIED)
def test_enter_carries_what_was_typed_or_scanned_into_its_own_field(
    qtbot: QtBot,
    window: CheckoutWindow,
    counter: Counter,
    typed: str,
    field: str,
    stored: tuple[str, ...],
) -> None:
    search = window.checkout.customer_box.form.customer_search
    type_in_search(qtbot, window, typed)
    fields = ("customer_name", "customer_plate", "customer_phone", "customer_email", "customer_card")

    def fill_in(dialog: NewCustomerDialog) -> None:
        texts = {name: getattr(dialog.form, name).text() for name in fields}
        assert texts == {name: (typed if name == field else "") for name in fields}
        if field != "customer_name":
            qtbot.keyClicks(dialog.form.customer_name, "Kim Lee")
        qtbot.keyClick(dialog.form.customer_name, Qt.Key.Key_Return)

    seen = when_the_dialog_opens(qtbot, fill_in)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert seen == ["opened", "closed"]
    rows = counter.db.execute("SELECT name, plate, phone, email, card FROM customers").fetchall()
    assert rows == [stored]
    on_ticket = window.keeper.draft.customer if window.keeper.draft else None
    assert on_ticket is not None and on_ticket.name == "Kim Lee"


def test_esc_in_the_add_form_cancels_and_leaves_the_ticket_as_it_was(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    ana = add_customer(counter.db, Customer(None, "Ana García", plate="ABC123"), counter.now)
    window.keeper.set_customer(ana)
    before = window.keeper.draft
    search = window.checkout.customer_box.form.customer_search
    type_in_search(qtbot, window, "ZZZ999")

    def press_esc(dialog: NewCustomerDialog) -> None:
        qtbot.keyClicks(dialog.form.customer_name, "Nobody")
        qtbot.keyClick(dialog.form.customer_name, Qt.Key.Key_Escape)

    seen = when_the_dialog_opens(qtbot, press_esc)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert seen == ["opened", "closed"]
    assert window.keeper.draft == before  # Ana still on the same ticket, nothing else changed
    assert counter.db.execute("SELECT name FROM customers").fetchall() == [("Ana García",)]
    # What was typed stays to be corrected; the keyboard is back in the search box.
    assert search.text() == "ZZZ999"
    assert window.focusWidget() is search  # the window's own: it has the keys when the window is active


def test_enter_in_a_box_of_spaces_opens_nothing(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    search = window.checkout.customer_box.form.customer_search
    search.setFocus()
    qtbot.keyClicks(search, "   ")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert QApplication.activeModalWidget() is None
    assert counter.db.execute("SELECT count(*) FROM customers").fetchone()[0] == 0
