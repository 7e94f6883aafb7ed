"""Ticket history: the newest tickets in a table, and a Reprint button that prints a COPY of one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from posapp.counter import Counter
from posapp.domain.money import format_money
from posapp.gui.headed_table import HeadedTableModel
from posapp.gui.printing import PrintQueue
from posapp.receipts.data import local_moment_text
from posapp.storage.clock import from_db
from posapp.storage.tickets import recent_tickets

HISTORY_LIMIT = 200

ModelIndex = QModelIndex | QPersistentModelIndex


class TicketHistoryModel(HeadedTableModel):
    """The newest tickets, newest first: receipt number, local date and time, total and status."""

    HEADERS = ("Receipt", "Date and time", "Total", "Status")
    RIGHT_ALIGNED = frozenset({2})

    def __init__(self, counter: Counter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self._rows: list[tuple[int, str, str, str]] = []
        self.refresh()

    def refresh(self) -> None:
        settings = self.counter.settings
        self.beginResetModel()
        self._rows = [
            (
                number,
                local_moment_text(from_db(completed_at), settings),
                format_money(total, settings.currency, settings.locale),
                status,
            )
            for number, completed_at, total, status in recent_tickets(self.counter.db, HISTORY_LIMIT)
        ]
        self.endResetModel()

    def ticket_number(self, row: int) -> int:
        return self._rows[row][0]

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index):
            return None
        number, when, total, status = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{number:06d}", when, total, status.title())[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(index.column())
        return None


class TicketHistoryDialog(QDialog):
    """Past tickets with a Reprint button; a reprint is a separate print job marked COPY."""

    def __init__(self, counter: Counter, print_queue: PrintQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ticket history")
        self.setObjectName("ticket_history")
        self.print_queue = print_queue
        self.model = TicketHistoryModel(counter, self)
        self.table = QTableView(self)
        self.table.setObjectName("ticket_history_table")
        self.table.setAccessibleName("Recent tickets")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.reprint_button = QPushButton("Reprint", self)
        self.reprint_button.setObjectName("reprint_receipt")
        self.reprint_button.setAccessibleName("Reprint the selected receipt as a copy")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.reprint_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 420)
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_button()

    def selected_ticket(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.ticket_number(rows[0].row()) if rows else None

    @Slot()
    def reprint_selected(self) -> int | None:
        """Queue and print a copy of the selected ticket; returns the copy job's id."""
        number = self.selected_ticket()
        return None if number is None else self.print_queue.reprint(number)

    @Slot()
    def _update_button(self) -> None:
        self.reprint_button.setEnabled(self.selected_ticket() is not None)


def open_ticket_history(
    window: QWidget, counter: Counter, print_queue: PrintQueue | None = None
) -> TicketHistoryDialog:
    """Show the history beside the checkout (not modal: the cashier may keep selling).

    The print queue defaults to the one `install_receipt_printing` attached to the window.
    """
    queue = print_queue or window.findChild(PrintQueue)
    if queue is None:
        queue = PrintQueue(counter, parent=window)
    dialog = TicketHistoryDialog(counter, queue, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
