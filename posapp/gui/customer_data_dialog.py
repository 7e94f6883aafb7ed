"""A customer's own data on request, for a manager: export it as JSON, or erase the person."""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
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
from posapp.gui.background import BackgroundOp
from posapp.services.customer_data import (
    OUT_OF_REACH,
    ReceiptScrub,
    erase_customer,
    export_customer_to,
    scrub_receipt_pdfs,
)
from posapp.services.faults import NOTHING_CHANGED, REFUSED, attempt, explain_storage_error
from posapp.storage.cashiers import Cashier


class CustomerDataDialog(QDialog):
    """Export or erase the customer on the ticket; the manager approved it before it opened.

    Signals:
        erased(int): the customer with this id was erased (the ticket should drop them).
        receipts_done(): their saved receipt PDFs were rendered again (or could not be).
    """

    erased = Signal(int)
    receipts_done = Signal()

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
    def erase_question(cls, parent: QWidget, name: str) -> QMessageBox:
        """The last word before erasing: No is the default, so Enter or Escape erases nothing."""
        box = QMessageBox(parent)
        box.setObjectName("customer_erase_confirm")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Erase customer")
        # Plain text: a customer's name is never read as markup.
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Erase {name}?")
        box.setInformativeText(
            "Their name, phone, plate, card number, email and consent are cleared, with the offer"
            " scripts that named them and any till's ticket in progress with them on it. The receipt"
            " PDFs saved on this computer are made again without their name. Their sales keep their"
            " totals.\n\n"
            f"{OUT_OF_REACH}\n\nThis cannot be undone."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText("Erase")
        box.button(QMessageBox.StandardButton.No).setText("Keep")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return box

    @classmethod
    def confirm_erase(cls, parent: QWidget, name: str) -> bool:
        """Ask; True only when the manager chose Erase. A test replaces this classmethod."""
        box = cls.erase_question(parent, name)
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            box.deleteLater()

    @Slot()
    def export(self) -> None:
        customer_id = self.customer.id or 0
        path = self.choose_file(self, f"customer-{customer_id}.json")
        if path is None:
            return
        try:
            export_customer_to(
                self.counter.db,
                customer_id,
                path,
                cashier_id=self.manager.id,
                by="customer data dialog",
                now=self.counter.now,
            )
        except (UserError, sqlite3.Error, OSError) as error:
            self.message.setText(explain_storage_error(error, "Exporting", kept=NOTHING_CHANGED))
            return
        self.message.setText(f"Saved to {path}.")

    @Slot()
    def erase(self) -> None:
        if not self.confirm_erase(self, self.customer.name):
            return
        customer_id = self.customer.id or 0
        erasure = attempt(
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
        if erasure is REFUSED:
            return
        self.message.setText("Erased. The sales keep their totals. Clearing the saved receipt PDFs…")
        self.export_button.setEnabled(False)
        self.erase_button.setEnabled(False)
        self.erased.emit(customer_id)
        self._scrub_receipts(erasure.tickets)

    def _scrub_receipts(self, tickets: tuple[int, ...]) -> None:
        """Render their saved receipts again off the GUI thread: a regular has hundreds."""
        counter = self.counter
        BackgroundOp(
            "Clearing the erased customer's receipt PDFs",
            partial(scrub_receipt_pdfs, counter.db_path, tickets, counter.settings),
            receiver=self,
            success=self._receipts_scrubbed,
            failure=self._receipts_not_scrubbed,
            kept="the customer is erased in the database",
        ).run_in_background()

    def _receipts_scrubbed(self, scrub: ReceiptScrub) -> None:
        names = ", ".join(map(str, scrub.left))
        left = f" Could not clear {len(scrub.left)} (remove them by hand): {names}." if scrub.left else ""
        self.message.setText(
            f"Erased. The sales keep their totals. {len(scrub.rewritten)} saved receipt PDFs no longer"
            f" name them.{left}"
        )
        self.receipts_done.emit()

    def _receipts_not_scrubbed(self, why: str) -> None:
        self.message.setText(f"Erased in the database. The saved receipt PDFs were not cleared: {why}")
        self.receipts_done.emit()
