"""HeadedTableModel: a flat list of rows under fixed column headers, the shape of every table here.

The ticket, the price list, the staff list, the ticket history, the audit log and the report's
tables differ only in what a cell shows; counting rows and columns and naming the headers is
this one class, so each model says only its own rows and cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class HeadedTableModel(QAbstractTableModel):
    """Subclasses give `row_total()`, `headers()` (or HEADERS) and `data()`."""

    HEADERS: tuple[str, ...] = ()
    #: Columns of figures: right-aligned, and their headers over them; the rest read from the left.
    RIGHT_ALIGNED: frozenset[int] = frozenset()

    def row_total(self) -> int:
        raise NotImplementedError

    def headers(self) -> Sequence[str]:
        return self.HEADERS

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def has_row(self, index: Index) -> bool:
        """A valid index whose row is still there (a view may ask during a reset)."""
        return index.isValid() and 0 <= index.row() < self.row_total()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        headers = self.headers()
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return headers[section]
        return self.header_extra(section, role)

    def alignment(self, column: int) -> int:
        """How a column's cells and header sit: figures to the right, words to the left."""
        side = Qt.AlignmentFlag.AlignRight if column in self.RIGHT_ALIGNED else Qt.AlignmentFlag.AlignLeft
        return int(side | Qt.AlignmentFlag.AlignVCenter)

    def header_extra(self, section: int, role: int) -> Any:
        """Any other role of a column's header: its alignment, over the column's cells."""
        return self.alignment(section) if role == Qt.ItemDataRole.TextAlignmentRole else None
