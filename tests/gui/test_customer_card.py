"""A card typed into the new-customer form; scanned later in the search box, it finds that customer."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QInputDialog, QLineEdit
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import NewCustomerDialog
from posapp.services.customers import add_customer
from posapp.storage.customers import find_customers
from tests.gui.test_new_customer_from_search import type_in_search, when_the_dialog_opens


def _add_through_the_form(
    qtbot: QtBot, window: CheckoutWindow, name: str, plate: str, card: str
) -> list[str]:
    type_in_search(qtbot, window, plate)

    def fill_in(dialog: NewCustomerDialog) -> None:
        field = dialog.findChild(QLineEdit, "customer_card")
        assert field is not None and field.accessibleName()
        qtbot.keyClicks(dialog.form.customer_name, name)
        qtbot.keyClicks(field, card)
        qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter: the dialog's OK

    seen = when_the_dialog_opens(qtbot, fill_in)
    add = window.findChild(QAbstractButton, "new_customer")
    assert add is not None
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    return seen


def test_a_card_typed_at_the_add_is_scanned_later_and_finds_the_customer(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    assert _add_through_the_form(qtbot, window, "Lena Park", "LP2040", "7788 0042 19") == ["opened", "closed"]
    stored = counter.db.execute("SELECT name, card FROM customers WHERE plate = 'LP2040'").fetchall()
    assert stored == [("Lena Park", "7788004219")]
    # Someone else is on the next ticket first.
    box = window.checkout.customer_box
    box.form.walk_in.click()
    assert window.keeper.draft is None or window.keeper.draft.customer is None
    # The scanner types the number as printed on the card, then Enter.
    search = box.form.customer_search
    search.setFocus()
    qtbot.keyClicks(search, "7788-0042-19")
    assert [c.name for c in box.hits.customers] == ["Lena Park"]
    qtbot.keyClick(search, Qt.Key.Key_Return)
    customer = window.keeper.draft.customer if window.keeper.draft else None
    assert customer is not None and (customer.name, customer.card) == ("Lena Park", "7788004219")


def test_a_card_already_on_another_customer_keeps_the_form_open_with_one_sentence(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    assert _add_through_the_form(qtbot, window, "Lena Park", "LP2040", "CARD-1") == ["opened", "closed"]
    window.checkout.customer_box.form.walk_in.click()
    seen = _add_through_the_form(qtbot, window, "Otto Berg", "OB1", "card 1")
    assert seen == [
        "opened",
        "still open: The card CARD1 is already on another customer; scan it in the search to find them.",
    ]
    assert counter.db.execute("SELECT count(*) FROM customers WHERE plate = 'OB1'").fetchone()[0] == 0


def test_a_known_customer_is_given_a_card_from_the_counter_menu_and_found_by_it(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    ana = add_customer(counter.db, Customer(None, "Ana García", plate="ABC123"), counter.now)
    window.keeper.set_customer(ana)
    answered: list[str] = []

    def scan_into_the_question() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            answered.append(f"no card question, but {dialog!r}")
            return
        answered.append(dialog.labelText())
        field = dialog.findChild(QLineEdit)
        assert field is not None
        qtbot.keyClicks(field, "club-0099")
        qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(0, scan_into_the_question)
    action = window.findChild(QAction, "menu_customer_card")
    assert action is not None
    action.trigger()
    assert answered == ["Ana García's card number (scan it, or leave empty to take the card away):"]
    on_ticket = window.keeper.draft.customer if window.keeper.draft else None
    assert on_ticket is not None and on_ticket.card == "CLUB0099"
    assert [c.id for c in find_customers(counter.db, "CLUB 0099")] == [ana.id]


def test_the_search_box_tells_a_screen_reader_that_a_card_is_searched_too(window: CheckoutWindow) -> None:
    search = window.findChild(QLineEdit, "customer_search")
    assert search is not None
    # The placeholder says "or scan the card"; a screen reader reads the accessible name instead.
    assert search.accessibleName() == "Find a customer by plate, phone, name or card number"
    assert "card" in search.placeholderText()
