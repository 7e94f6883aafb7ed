"""Voiding or refunding a completed ticket, or one line of it, at the counter: the ticket shown
first, then what, why and a manager's PIN.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.counter import Counter
from posapp.domain.money import format_money
from posapp.gui.manager_windows import watch_manager_window
from posapp.receipts.data import local_moment_text
from posapp.services.faults import NOTHING_CHANGED, Refused, attempt
from posapp.services.voids import VoidKind, VoidRecord, refund_line, void_ticket
from posapp.storage.cashiers import list_cashiers
from posapp.storage.tickets import StoredTicket, last_ticket_number, load_ticket

#: The third choice beside VoidKind's two: give back only the line chosen in the table.
REFUND_LINE = "refund_line"
#: The lines table shows this many rows before it scrolls: the dialog fits a 768-pixel screen.
VISIBLE_LINES = 5


class VoidDialog(QDialog):
    """Shows a ticket's lines and totals, then asks void, refund or refund one line, why, and the
    manager's PIN; `record` is set after accept().
    """

    def __init__(self, counter: Counter, parent: QWidget | None = None, ticket_number: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle("Void or refund a ticket")
        self.counter = counter
        self.record: VoidRecord | None = None
        self.shown: StoredTicket | None = None
        self.ticket = QSpinBox(self)
        self.ticket.setObjectName("void_ticket")
        self.ticket.setAccessibleName("Ticket number")
        self.ticket.setRange(1, 999_999_999)
        self.summary = QLabel(self)
        self.summary.setObjectName("void_summary")
        self.summary.setWordWrap(True)
        self.lines = QTableWidget(0, 2, self)
        self.lines.setObjectName("void_lines")
        self.lines.setAccessibleName("The ticket's lines")
        self.lines.setHorizontalHeaderLabels(["Line", "Amount"])
        self.lines.verticalHeader().hide()
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lines.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        row_height = self.lines.verticalHeader().defaultSectionSize()
        self.lines.setFixedHeight(
            self.lines.horizontalHeader().sizeHint().height() + VISIBLE_LINES * row_height + 4
        )
        self.totals = QLabel(self)
        self.totals.setObjectName("void_totals")
        self.kind = QComboBox(self)
        self.kind.setObjectName("void_kind")
        self.kind.setAccessibleName("Void or refund")
        self.kind.addItem("Void (the sale did not happen)", VoidKind.VOID.value)
        self.kind.addItem("Refund the whole ticket (money given back)", VoidKind.REFUND.value)
        self.kind.addItem("Refund only the line chosen above", REFUND_LINE)
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
        # At most three lines of refusal: a long one never pushes the buttons off the screen.
        self.error.setMaximumHeight(3 * self.error.fontMetrics().lineSpacing() + 4)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("void_buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Ticket", self.ticket)
        form.addRow(self.summary)
        form.addRow(self.lines)
        form.addRow(self.totals)
        form.addRow("What", self.kind)
        form.addRow("Reason", self.reason)
        form.addRow("Manager", self.manager)
        form.addRow("PIN", self.pin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.ticket.valueChanged.connect(self.show_ticket)
        self.kind.currentIndexChanged.connect(self._name_the_button)
        self.lines.itemSelectionChanged.connect(self._line_chosen)
        # Opens on the last sale: the one a customer comes back about, nearly always.
        self.ticket.setValue(ticket_number or last_ticket_number(counter.db) or 1)
        self.show_ticket()
        self.reason.setFocus()
        # A manager's PIN typed here must not wait behind a locked screen for someone else's OK.
        watch_manager_window(self, counter)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def money(self, cents: int) -> str:
        settings = self.counter.settings
        return format_money(cents, settings.currency, settings.locale)

    def show_ticket(self) -> None:
        """The chosen ticket's date, cashier, payment, lines and totals, before anything happens."""
        ticket = load_ticket(self.counter.db, self.ticket.value())
        self.shown = ticket
        self.lines.setRowCount(0)
        self.error.clear()
        if ticket is None:
            self.summary.setText(f"There is no ticket number {self.ticket.value()}.")
            self.totals.clear()
            self._name_the_button()
            return
        when = local_moment_text(ticket.completed_at, self.counter.settings)
        customer = f" · {ticket.customer_name}" if ticket.customer_name else ""
        state = "" if ticket.status == "completed" else f" · already {ticket.status.upper()}"
        self.summary.setText(
            f"<b>Receipt {ticket.number:06d}</b> · {when} · {ticket.payment.title()} · "
            f"cashier {ticket.cashier_name}{customer}{state}"
        )
        self.lines.setRowCount(len(ticket.lines))
        for row, line in enumerate(ticket.lines):
            name = ("+ " if line.is_addon else "") + line.name + (" (refunded)" if line.refunded else "")
            label = QTableWidgetItem(name)
            amount = QTableWidgetItem(self.money(line.amount_cents))
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for item in (label, amount):
                if line.refunded:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)  # given back already: it cannot be chosen
            self.lines.setItem(row, 0, label)
            self.lines.setItem(row, 1, amount)
        self.totals.setText(
            f"Subtotal {self.money(ticket.subtotal_cents)} · Tax {self.money(ticket.tax_cents)} · "
            f"<b>Total {self.money(ticket.total_cents)}</b>"
        )
        self._name_the_button()

    def chosen_line(self) -> int | None:
        """The position of the line chosen in the table, if one is."""
        rows = self.lines.selectionModel().selectedRows()
        if not rows or self.shown is None:
            return None
        return self.shown.lines[rows[0].row()].position

    def _line_chosen(self) -> None:
        if self.chosen_line() is not None:
            self.kind.setCurrentIndex(self.kind.findData(REFUND_LINE))
        self._name_the_button()

    def _name_the_button(self) -> None:
        """The button says what will happen: "Void ticket 7", "Refund Car Waxing"."""
        ticket, what = self.shown, self.kind.currentData()
        completed = ticket is not None and ticket.status == "completed"
        self.ok_button.setEnabled(completed)
        if ticket is None:
            self.ok_button.setText("OK")
        elif what == REFUND_LINE:
            position = self.chosen_line()
            line = next((line for line in ticket.lines if line.position == position), None)
            self.ok_button.setText(f"Refund {line.name}" if line else "Refund the chosen line")
        else:
            self.ok_button.setText(
                f"{'Void' if what == VoidKind.VOID.value else 'Refund'} ticket {ticket.number}"
            )

    def accept(self) -> None:
        manager_id = self.manager.currentData()
        if manager_id is None:
            self.error.setText("There is no manager at this counter.")
            return
        what = self.kind.currentData()
        position = self.chosen_line()
        if what == REFUND_LINE and position is None:
            self.error.setText("Choose the line to refund in the table above.")
            return
        settings, db = self.counter.settings, self.counter.db
        if what == REFUND_LINE:
            assert position is not None

            def act() -> VoidRecord:
                return refund_line(
                    db,
                    ticket_number=self.ticket.value(),
                    position=position,
                    reason=self.reason.text(),
                    manager_id=int(manager_id),
                    manager_pin=self.pin.text(),
                    time_zone=settings.time_zone,
                    now=self.counter.now,
                )

        else:

            def act() -> VoidRecord:
                return void_ticket(
                    db,
                    ticket_number=self.ticket.value(),
                    kind=VoidKind(what),
                    reason=self.reason.text(),
                    manager_id=int(manager_id),
                    manager_pin=self.pin.text(),
                    time_zone=settings.time_zone,
                    now=self.counter.now,
                )

        record = attempt(act, "Voiding the ticket", self._refuse, kept=NOTHING_CHANGED)
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
