"""The customer data dialog: erasing asks first with No as the default, and says what it cannot reach."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.gui.customer_data_dialog import CustomerDataDialog
from posapp.services.customer_data import OUT_OF_REACH
from posapp.storage.cashiers import get_cashier
from posapp.storage.customers import get_customer


def open_dialog(qtbot: QtBot, counter: Counter, customer: Customer, staff) -> CustomerDataDialog:  # type: ignore[no-untyped-def]
    manager = get_cashier(counter.db, staff.manager_id)
    assert manager is not None
    dialog = CustomerDataDialog(counter, customer, manager, staff.manager_pin)
    qtbot.add_widget(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape])
def test_enter_or_escape_at_the_erase_question_keeps_the_customer(
    qtbot: QtBot, counter: Counter, ana: Customer, staff, key: Qt.Key
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, counter, ana, staff)
    asked: list[QMessageBox] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.objectName() == "customer_erase_confirm"
        asked.append(box)
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, answer)
    dialog.erase_button.click()  # runs the real question, modal, until the key above answers it
    assert len(asked) == 1
    assert get_customer(counter.db, ana.id or 0) == ana
    assert dialog.erase_button.isEnabled()


def test_the_erase_question_defaults_to_keep_and_says_what_it_cannot_reach(
    qtbot: QtBot, counter: Counter, ana: Customer, staff
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, counter, ana, staff)
    box = CustomerDataDialog.erase_question(dialog, "<b>Ana</b> García")
    qtbot.add_widget(box)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.No)
    assert box.defaultButton().text() == "Keep"
    assert box.text() == "Erase <b>Ana</b> García?" and box.textFormat() == Qt.TextFormat.PlainText
    assert OUT_OF_REACH in box.informativeText()
    assert "Printed receipts" in OUT_OF_REACH and "e-mails already sent" in OUT_OF_REACH
