"""The Qt table model behind each of the report window's tables (summary, offers, cashiers, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from posapp.gui.headed_table import HeadedTableModel
from posapp.reports.tables import ReportTable

Index = QModelIndex | QPersistentModelIndex


class ReportTableModel(HeadedTableModel):
    """One report table for a QTableView: text as the report words it, figures right-aligned."""

    def __init__(self, table: ReportTable, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table

    def set_table(self, table: ReportTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.table.rows)

    def headers(self) -> Sequence[str]:
        return self.table.headers

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(index.column())
        return None

    def alignment(self, column: int) -> int:
        # The report says which of its columns are figures.
        side = Qt.AlignmentFlag.AlignRight if self.table.numeric[column] else Qt.AlignmentFlag.AlignLeft
        return int(side | Qt.AlignmentFlag.AlignVCenter)
