"""A card typed at the add or given in the card dialog; scanned in the search later, it finds the customer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import CustomerCardDialog, NewCustomerDialog
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


def when_the_card_dialog_opens(qtbot: QtBot, answer: Callable[[CustomerCardDialog], None]) -> list[str]:
    return when_the_dialog_opens(qtbot, answer, CustomerCardDialog)


def open_the_card_dialog(window: CheckoutWindow) -> None:
    action = window.findChild(QAction, "menu_customer_card")
    assert action is not None
    action.trigger()


def test_a_known_customer_is_given_a_card_from_the_counter_menu_and_found_by_it(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    ana = add_customer(counter.db, Customer(None, "Ana García", plate="ABC123"), counter.now)
    window.keeper.set_customer(ana)

    def scan_into_the_question(dialog: CustomerCardDialog) -> None:
        assert dialog.form.card_question.text() == "Ana García's card number"
        field = QApplication.focusWidget()
        assert field is dialog.form.customer_card_number, field  # the scanner types into it at once
        qtbot.keyClicks(field, "club-0099")
        qtbot.keyClick(field, Qt.Key.Key_Return)  # the scanner's Enter: Save card

    seen = when_the_card_dialog_opens(qtbot, scan_into_the_question)
    open_the_card_dialog(window)
    assert seen == ["opened", "closed"]
    on_ticket = window.keeper.draft.customer if window.keeper.draft else None
    assert on_ticket is not None and on_ticket.card == "CLUB0099"
    assert [c.id for c in find_customers(counter.db, "CLUB 0099")] == [ana.id]


def test_a_card_on_someone_else_keeps_the_card_dialog_open_and_the_next_scan_replaces_it(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    add_customer(counter.db, Customer(None, "Ben Okafor", plate="BEN42", card="CLUB1"), counter.now)
    ana = add_customer(counter.db, Customer(None, "Ana García", plate="ABC123", card="OLD7"), counter.now)
    window.keeper.set_customer(ana)
    sentences: list[str] = []

    def scan_twice(dialog: CustomerCardDialog) -> None:
        field = dialog.form.customer_card_number
        assert field.selectedText() == "OLD7"  # her card now, selected: a scan replaces it
        qtbot.keyClicks(field, "club 1")
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert dialog.isVisible()  # refused, not closed: the cashier scans the right card next
        sentences.append(dialog.form.dialog_error.text())
        assert QApplication.focusWidget() is field and field.selectedText() == "club 1"
        qtbot.keyClicks(field, "CLUB-2")
        qtbot.keyClick(field, Qt.Key.Key_Return)

    seen = when_the_card_dialog_opens(qtbot, scan_twice)
    open_the_card_dialog(window)
    assert seen == ["opened", "closed"]
    assert sentences == ["The card CLUB1 is already on another customer; scan it in the search to find them."]
    rows = counter.db.execute("SELECT name, card FROM customers ORDER BY name").fetchall()
    assert rows == [("Ana García", "CLUB2"), ("Ben Okafor", "CLUB1")]


def test_esc_in_the_card_dialog_keeps_the_card_as_it_was(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    ana = add_customer(counter.db, Customer(None, "Ana García", plate="ABC123", card="OLD7"), counter.now)
    window.keeper.set_customer(ana)

    def type_then_escape(dialog: CustomerCardDialog) -> None:
        qtbot.keyClicks(dialog.form.customer_card_number, "NEW8")
        qtbot.keyClick(dialog.form.customer_card_number, Qt.Key.Key_Escape)

    seen = when_the_card_dialog_opens(qtbot, type_then_escape)
    open_the_card_dialog(window)
    assert seen == ["opened", "closed"]
    assert counter.db.execute("SELECT card FROM customers").fetchall() == [("OLD7",)]
    on_ticket = window.keeper.draft.customer if window.keeper.draft else None
    assert on_ticket is not None and on_ticket.card == "OLD7"


def test_a_long_name_wraps_in_the_card_dialog_instead_of_widening_it(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    name = " ".join(["Maximiliana"] * 10)[:120]
    long = add_customer(counter.db, Customer(None, name, plate="LONG1"), counter.now)
    dialog = CustomerCardDialog(counter.db, long, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.form.card_question.text().startswith(name)
    # The 1024×768 screen, less a window frame: the question wraps onto more lines instead.
    assert dialog.width() <= 640, dialog.width()
    assert dialog.form.customer_card_number.accessibleName()


def test_the_search_box_tells_a_screen_reader_that_a_card_is_searched_too(window: CheckoutWindow) -> None:
    search = window.findChild(QLineEdit, "customer_search")
    assert search is not None
    # The placeholder names the card too; a screen reader reads the accessible name instead.
    assert search.accessibleName() == "Find a customer by plate, phone, name or card number"
    assert "card" in search.placeholderText()


def test_the_search_box_hint_is_read_whole_on_the_smallest_screen(
    qtbot: QtBot, window: CheckoutWindow
) -> None:
    # At 1024×768 the old hint ("… — or scan the card") was cut to "… — or scan …".
    window.resize(1024, 768 - 30)  # a 1024×768 screen less the window's title bar
    window.show()
    qtbot.waitExposed(window)
    search = window.findChild(QLineEdit, "customer_search")
    assert search is not None
    room = search.contentsRect().width() - search.textMargins().left() - search.textMargins().right()
    hint = search.fontMetrics().horizontalAdvance(search.placeholderText())
    assert hint <= room - 8, (hint, room)  # QLineEdit keeps a few pixels of side margin


def test_a_card_in_use_at_the_add_puts_the_cursor_on_the_card_so_a_rescan_replaces_it(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    add_customer(counter.db, Customer(None, "Ben Okafor", plate="BEN42", card="CLUB1"), counter.now)
    search = window.checkout.customer_box.form.customer_search
    type_in_search(qtbot, window, "OB1")
    sentences: list[str] = []

    def scan_twice(dialog: NewCustomerDialog) -> None:
        qtbot.keyClicks(dialog.form.customer_name, "Otto Berg")
        qtbot.keyClicks(dialog.form.customer_card, "club 1")
        qtbot.keyClick(dialog.form.customer_card, Qt.Key.Key_Return)
        sentences.append(dialog.form.dialog_error.text())
        # Not in the name: the scanner's next number would be typed onto the end of "Otto Berg".
        card = dialog.form.customer_card
        assert QApplication.focusWidget() is card and card.selectedText() == "club 1"
        qtbot.keyClicks(QApplication.focusWidget(), "CLUB-2")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    seen = when_the_dialog_opens(qtbot, scan_twice)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert seen == ["opened", "closed"]
    assert sentences == ["The card CLUB1 is already on another customer; scan it in the search to find them."]
    stored = counter.db.execute("SELECT name, plate, card FROM customers WHERE plate = 'OB1'").fetchall()
    assert stored == [("Otto Berg", "OB1", "CLUB2")]
