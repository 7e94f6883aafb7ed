"""Cash tendered at payment: the amount handed over (typed, or a quick note button) and the change due.

Opened by Complete on a cash ticket. Keyboard first: the amount box has focus, F1 is the exact
amount, F2… the common notes above the total, Enter completes, Esc goes back to the ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from babel.numbers import format_decimal
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.errors import UserError
from posapp.domain.money import parse_price

#: Notes a customer commonly hands over, in whole currency units.
COMMON_NOTES = (5, 10, 20, 50, 100)
#: Quick buttons besides Exact: the smallest notes that cover the total.
QUICK_NOTES = 4


def quick_notes(total_cents: int) -> list[int]:
    """The note amounts (cents) worth a button: those that cover the total, smallest first."""
    return [note * 100 for note in COMMON_NOTES if note * 100 >= total_cents][:QUICK_NOTES]


class CashTenderDialog(QDialog):
    """Asks how much cash the customer handed over; `tendered_cents` is set after accept()."""

    def __init__(
        self,
        total_cents: int,
        money: Callable[[int], str],
        locale: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cash payment")
        self.setObjectName("cash_tender_dialog")
        self.total_cents, self.money, self.locale = total_cents, money, locale
        self.tendered_cents: int | None = None
        self.total = QLabel(money(total_cents), self)
        self.total.setObjectName("tender_total")
        self.amount = QLineEdit(self)
        self.amount.setObjectName("tender_amount")
        self.amount.setAccessibleName("Cash handed over")
        self.amount.setPlaceholderText("Cash handed over, e.g. 20")
        self.change = QLabel(self)
        self.change.setObjectName("tender_change")
        self.error = QLabel(self)
        self.error.setObjectName("dialog_error")
        self.error.setWordWrap(True)
        self.quick = QHBoxLayout()
        self.quick_buttons: list[QPushButton] = []
        self._add_quick("Exact", total_cents, "tender_exact")
        for cents in quick_notes(total_cents):
            self._add_quick(money(cents), cents, f"tender_note_{cents}")
        buttons = QDialogButtonBox(self)
        self.complete_button = buttons.addButton("Complete sale", QDialogButtonBox.ButtonRole.AcceptRole)
        self.complete_button.setObjectName("tender_complete")
        self.complete_button.setDefault(True)
        back = buttons.addButton("Back to the ticket", QDialogButtonBox.ButtonRole.RejectRole)
        back.setObjectName("tender_back")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Total to pay", self.total)
        form.addRow("Cash handed over", self.amount)
        form.addRow("Change due", self.change)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self.quick)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.amount.textChanged.connect(self._show_change)
        self._show_change()
        self.amount.setFocus()

    def _add_quick(self, text: str, cents: int, name: str) -> None:
        key = f"F{len(self.quick_buttons) + 1}"
        button = QPushButton(f"{text}\n{key}", self)
        button.setObjectName(name)
        button.setMinimumHeight(52)
        button.setShortcut(QKeySequence(key))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the amount box keeps the keyboard
        button.setAccessibleName(f"Customer hands {text}")
        button.clicked.connect(lambda _checked=False, amount=cents: self.hand_over(amount))
        self.quick.addWidget(button)
        self.quick_buttons.append(button)

    def hand_over(self, cents: int) -> None:
        """A quick button: that amount is handed over and the sale completes at once."""
        # Written as the site's locale writes amounts, so it reads back as typed ("20,00" in German).
        self.amount.setText(format_decimal(Decimal(cents).scaleb(-2), "0.00", locale=self.locale))
        self.accept()

    def _typed_cents(self) -> int:
        text = self.amount.text().strip()
        if not text:
            raise UserError("Type the cash the customer handed over, or press Exact (F1).")
        return parse_price(text, "Cash handed over", self.locale)

    @Slot()
    def _show_change(self) -> None:
        """The change while the amount is typed, so the cashier counts it out before completing."""
        try:
            tendered = self._typed_cents()
        except UserError:
            self.change.setText("—")
            return
        if tendered < self.total_cents:
            self.change.setText(f"{self.money(self.total_cents - tendered)} more needed")
        else:
            self.change.setText(self.money(tendered - self.total_cents))

    def accept(self) -> None:
        try:
            tendered = self._typed_cents()
        except UserError as error:
            self.error.setText(error.message)
            return
        if tendered < self.total_cents:
            short = f"{self.money(tendered)} is less than the {self.money(self.total_cents)} total"
            self.error.setText(f"{short}: take more cash.")
            return
        self.tendered_cents = tendered
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget, total_cents: int, money: Callable[[int], str], locale: str) -> int | None:
        """The cash handed over, in cents, or None to go back to the ticket. A test replaces this."""
        dialog = cls(total_cents, money, locale, parent)
        dialog.exec()
        return dialog.tendered_cents
