"""The audit log for the manager: who did what and when, newest first, read-only."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableView, QVBoxLayout, QWidget

from posapp.counter import Counter
from posapp.domain.money import format_money
from posapp.gui.headed_table import HeadedTableModel
from posapp.gui.screen_fit import fit_to_screen
from posapp.storage.audit import AuditEntry, recent_audit
from posapp.storage.customers import get_customer

ModelIndex = QModelIndex | QPersistentModelIndex

#: Plain words for the actions the log records.
ACTION_WORDS = {
    "sign_in_failed": "Wrong PIN",
    "sign_in_while_locked": "Sign-in tried while locked out",
    "sign_in_after_leaving": "Sign-in tried by someone who has left",
    "cashier_added": "Person added",
    "pin_reset": "New PIN set",
    "role_changed": "Role changed",
    "cashier_left": "Marked as left",
    "cashier_returned": "Brought back",
    "complaints_resolved": "Complaints resolved",
    "ticket_voided": "Ticket voided",
    "ticket_refunded": "Ticket refunded",
    "ticket_cleared": "Ticket cleared before payment",
    "customer_erased": "Customer erased",
    "price_changed": "Price changed",
    "script_changed": "Script changed",
    "receipt_setup_changed": "Receipt printer or header changed",
    "shift_opened": "Shift opened (float counted in)",
    "cash_pay_in": "Cash paid in",
    "cash_pay_out": "Cash paid out",
    "shift_counted": "Drawer counted (blind)",
    "shift_closed": "Shift closed (Z)",
    "shift_limits_changed": "Shift PIN limits changed",
    "security_changed": "How long manager windows stay open changed",
}
HEADERS = ("When (site time)", "Who", "What", "Subject", "Before", "After")
BEFORE, AFTER = 4, 5


#: Tries at someone's PIN: who typed it is not known, only whose PIN it was.
PIN_TRIES = frozenset({"sign_in_failed", "sign_in_while_locked", "sign_in_after_leaving"})


def plain_values(stored: str, money: Callable[[int], str] = str, name_of: Callable[[str], str] = str) -> str:
    """A before/after as the manager reads it: "price: $9.50; lines: Standard Wash $15.00", not JSON."""
    if not stored:
        return ""
    try:
        values = json.loads(stored)
    except ValueError:
        return stored
    if not isinstance(values, dict):
        return _plain(values)
    words = []
    for key, value in values.items():
        if key.endswith("_cents") and isinstance(value, int):
            key, value = key.removesuffix("_cents"), money(value)
        words.append(f"{key.replace('_', ' ')}: {_plain(value, money, name_of)}")
    return "; ".join(words)


def _plain(value: Any, money: Callable[[int], str] = str, name_of: Callable[[str], str] = str) -> str:
    if _priced_codes(value):
        # Ticket lines as stored ([code, cents] pairs): named from the menu, priced in money.
        return ", ".join(f"{name_of(code)} {money(cents)}" for code, cents in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "(empty)" if value == "" else str(value)


def _priced_codes(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(
            isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and type(item[1]) is int
            for item in value
        )
    )


class AuditLogModel(HeadedTableModel):
    HEADERS = HEADERS

    def __init__(self, counter: Counter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._entries: list[AuditEntry] = []
        self.refresh()

    def _money(self, cents: int) -> str:
        settings = self._counter.settings
        return format_money(cents, settings.currency, settings.locale)

    def _service_name(self, code: str) -> str:
        catalog = self._counter.catalog
        return catalog.get(code).name if code in catalog else code

    def _subject(self, subject: str) -> str:
        """ "customer 209" as the customer's name; any other subject as stored."""
        kind, _, number = subject.partition(" ")
        if kind == "customer" and number.isdigit():
            customer = get_customer(self._counter.db, int(number))
            if customer is not None:
                return f"customer {customer.name}"
        return subject

    def refresh(self) -> None:
        self.beginResetModel()
        self._entries = recent_audit(self._counter.db)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._entries)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index) or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self._entries[index.row()]
        local = entry.at.astimezone(self._counter.settings.time_zone)
        who, subject = entry.who or "—", self._subject(entry.subject)
        if entry.action in PIN_TRIES:
            # Whoever typed is unknown: the row names whose PIN was tried, not a culprit.
            who, subject = "(someone at the counter)", f"{entry.who}'s PIN" if entry.who else subject
        values = (
            local.strftime("%Y-%m-%d %H:%M"),
            who,
            ACTION_WORDS.get(entry.action, entry.action.replace("_", " ")),
            subject,
            plain_values(entry.before, self._money, self._service_name),
            plain_values(entry.after, self._money, self._service_name),
        )
        return values[index.column()]


class AuditLogDialog(QDialog):
    def __init__(self, counter: Counter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit log")
        fit_to_screen(self, QSize(1100, 560))
        self.model = AuditLogModel(counter, self)
        self.table = QTableView(self)
        self.table.setObjectName("audit_table")
        self.table.setAccessibleName("Audit log")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Before and after share what is left and wrap, so a long change never hides the columns after it.
        for column in (BEFORE, AFTER):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setMinimumSize(140, 48)
        layout.addWidget(buttons)
