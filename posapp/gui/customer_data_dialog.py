"""A customer's own data on request, for a manager: export it as JSON, or erase the person."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.domain.errors import UserError
from posapp.files import write_whole
from posapp.services.customer_data import erase_customer, export_customer_json
from posapp.services.faults import NOTHING_CHANGED, REFUSED, attempt, explain_storage_error
from posapp.storage.cashiers import Cashier


class CustomerDataDialog(QDialog):
    """Export or erase the customer on the ticket; the manager approved it before it opened.

    Signals:
        erased(int): the customer with this id was erased (the ticket should drop them).
    """

    erased = Signal(int)

    def __init__(
        self, counter: Counter, customer: Customer, manager: Cashier, pin: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Customer data")
        self.counter, self.customer, self.manager, self._pin = counter, customer, manager, pin
        self.message = QLabel(f"{customer.name}: export what the counter holds, or erase the person.", self)
        self.message.setObjectName("customer_data_message")
        self.message.setWordWrap(True)
        self.export_button = QPushButton("Export as JSON…", self)
        self.export_button.setObjectName("customer_data_export")
        self.erase_button = QPushButton("Erase name and contacts…", self)
        self.erase_button.setObjectName("customer_data_erase")
        close = QPushButton("Close", self)
        buttons = QHBoxLayout()
        for button in (self.export_button, self.erase_button, close):
            button.setMinimumHeight(48)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.export_button.clicked.connect(self.export)
        self.erase_button.clicked.connect(self.erase)
        close.clicked.connect(self.accept)

    @classmethod
    def choose_file(cls, parent: QWidget, suggested: str) -> Path | None:
        """Where to save the export; a test replaces this classmethod."""
        name, _ = QFileDialog.getSaveFileName(parent, "Save the customer's data", suggested, "JSON (*.json)")
        return Path(name) if name else None

    @classmethod
    def confirm_erase(cls, parent: QWidget, name: str) -> bool:
        """The last word before erasing; a test replaces this classmethod."""
        answer = QMessageBox.question(
            parent,
            "Erase customer",
            f"Erase {name}'s name, phone, plate and email? Their sales keep their totals.",
        )
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def export(self) -> None:
        customer_id = self.customer.id or 0
        path = self.choose_file(self, f"customer-{customer_id}.json")
        if path is None:
            return
        try:
            write_whole(path, export_customer_json(self.counter.db, customer_id), "customer's data")
        except (UserError, sqlite3.Error, OSError) as error:
            self.message.setText(explain_storage_error(error, "Exporting", kept=NOTHING_CHANGED))
            return
        self.message.setText(f"Saved to {path}.")

    @Slot()
    def erase(self) -> None:
        if not self.confirm_erase(self, self.customer.name):
            return
        customer_id = self.customer.id or 0
        erased = attempt(
            lambda: erase_customer(
                self.counter.db,
                customer_id=customer_id,
                manager_id=self.manager.id,
                manager_pin=self._pin,
                now=self.counter.now,
            ),
            "Erasing",
            self.message.setText,
            kept=NOTHING_CHANGED,
        )
        if erased is REFUSED:
            return
        self.message.setText("Erased. The sales keep their totals.")
        self.export_button.setEnabled(False)
        self.erase_button.setEnabled(False)
        self.erased.emit(customer_id)
