"""Voiding or refunding a completed ticket at the counter: ticket, reason, a manager's PIN."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from posapp.counter import Counter
from posapp.gui.manager_windows import watch_manager_window
from posapp.services.faults import NOTHING_CHANGED, Refused, attempt
from posapp.services.voids import VoidKind, VoidRecord, void_ticket
from posapp.storage.cashiers import list_cashiers


class VoidDialog(QDialog):
    """Asks which ticket, void or refund, why, and the manager's PIN; `record` is set after accept()."""

    def __init__(self, counter: Counter, parent: QWidget | None = None, ticket_number: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle("Void or refund a ticket")
        self.counter = counter
        self.record: VoidRecord | None = None
        self.ticket = QSpinBox(self)
        self.ticket.setObjectName("void_ticket")
        self.ticket.setAccessibleName("Ticket number")
        self.ticket.setRange(1, 999_999_999)
        if ticket_number:
            self.ticket.setValue(ticket_number)
        self.kind = QComboBox(self)
        self.kind.setObjectName("void_kind")
        self.kind.setAccessibleName("Void or refund")
        self.kind.addItem("Void (the sale did not happen)", VoidKind.VOID)
        self.kind.addItem("Refund (money given back)", VoidKind.REFUND)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("void_reason")
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Why, in a few words")
        self.manager = QComboBox(self)
        self.manager.setObjectName("void_manager")
        self.manager.setAccessibleName("Manager")
        for person in list_cashiers(counter.db):
            if person.is_manager:
                self.manager.addItem(person.name, person.id)
        self.pin = QLineEdit(self)
        self.pin.setObjectName("void_pin")
        self.pin.setAccessibleName("Manager PIN")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("dialog_error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Ticket", self.ticket)
        form.addRow("What", self.kind)
        form.addRow("Reason", self.reason)
        form.addRow("Manager", self.manager)
        form.addRow("PIN", self.pin)
        form.addRow(self.error)
        form.addRow(buttons)
        # A manager's PIN typed here must not wait behind a locked screen for someone else's OK.
        watch_manager_window(self, counter)

    def accept(self) -> None:
        manager_id = self.manager.currentData()
        if manager_id is None:
            self.error.setText("There is no manager at this counter.")
            return
        record = attempt(
            lambda: void_ticket(
                self.counter.db,
                ticket_number=self.ticket.value(),
                kind=VoidKind(self.kind.currentData()),
                reason=self.reason.text(),
                manager_id=int(manager_id),
                manager_pin=self.pin.text(),
                time_zone=self.counter.settings.time_zone,
                now=self.counter.now,
            ),
            "Voiding the ticket",
            self._refuse,
            kept=NOTHING_CHANGED,
        )
        if isinstance(record, Refused):
            return
        self.record = record
        super().accept()

    def _refuse(self, sentence: str) -> None:
        self.pin.clear()  # a PIN is typed again after every refusal: it never waits in the box
        self.error.setText(sentence)

    @classmethod
    def ask(cls, parent: QWidget, counter: Counter) -> VoidRecord | None:
        dialog = cls(counter, parent)
        dialog.exec()
        return dialog.record
