"""The ticket's lines as a Qt table: what was chosen, whether it came from an offer, and its price."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from posapp.domain.ticket import TicketLine
from posapp.gui.headed_table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Item", "Price")


class TicketModel(HeadedTableModel):
    """Read-only lines of the ticket in progress; add-ons are indented and marked."""

    HEADERS = HEADERS
    RIGHT_ALIGNED = frozenset({1})

    def __init__(self, format_money: Callable[[int], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._format_money = format_money
        self._lines: tuple[TicketLine, ...] = ()

    def set_lines(self, lines: tuple[TicketLine, ...]) -> None:
        if lines == self._lines:
            return
        self.beginResetModel()
        self._lines = lines
        self.endResetModel()

    def line(self, row: int) -> TicketLine:
        return self._lines[row]

    def row_total(self) -> int:
        return len(self._lines)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index):
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return self._item_text(line)
            return self._format_money(line.amount_cents)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role == Qt.ItemDataRole.ToolTipRole and line.offer_kind is not None:
            return "Added from an offer the customer accepted"
        return None

    @staticmethod
    def _item_text(line: TicketLine) -> str:
        text = f"   + {line.name}" if line.is_addon else line.name
        if line.offer_kind is not None:
            text += "  ★ offer"
        return text
