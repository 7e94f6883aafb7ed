"""Finding the customer as the cashier types (plate, phone, name or a scanned card), and their badge."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from posapp.domain.catalog import Catalog
from posapp.domain.customer import Customer
from posapp.gui.forms.ui_customer_box import Ui_CustomerBox
from posapp.shop_setup import ShopSetup
from posapp.storage.customers import find_customers

_Index = QModelIndex | QPersistentModelIndex
#: Keys the search box keeps for itself while something is typed (the window uses them otherwise).
_SEARCH_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)


#: A row a finger can hit on a touch screen.
ROW_HEIGHT = 48


class CustomerListModel(QAbstractListModel):
    """Customers found for what was typed, one line each: name, plate and phone; or, when nobody
    matches, one line offering to add a new customer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.customers: list[Customer] = []
        self.no_match = ""

    def set_customers(self, customers: list[Customer], typed: str = "") -> None:
        self.beginResetModel()
        self.customers = customers
        self.no_match = f"No match for “{typed}” — add a new customer?" if typed and not customers else ""
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self.customers) or int(bool(self.no_match))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(0, ROW_HEIGHT)
        if not self.customers:
            return (
                self.no_match
                if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
                else None
            )
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            customer = self.customers[index.row()]
            parts = [customer.name, customer.plate, customer.phone]
            if customer.membership is not None:
                parts.append("member")
            return " · ".join(part for part in parts if part)
        return None


class CustomerBox(QWidget):
    """One search box for plate, phone or name; Enter picks the first hit.

    Signals:
        customer_chosen(object): the Customer picked, or None for a walk-in.
        new_customer_requested(): the cashier wants to add a customer (text typed so far in the box).
    """

    customer_chosen = Signal(object)
    new_customer_requested = Signal()

    def __init__(self, db: Database, setup: ShopSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_CustomerBox()
        self.form.setupUi(self)
        # A customer's name is their words, never markup: "<h1>PAID</h1>" shows as typed.
        self.form.customer_badge.setTextFormat(Qt.TextFormat.PlainText)
        self._db = db
        self._setup = setup  # read when a badge is drawn: plan names as the manager last saved them
        self.hits = CustomerListModel(self)
        self.form.customer_hits.setModel(self.hits)
        self.form.customer_hits.setMaximumHeight(3 * ROW_HEIGHT + 4)
        self.form.customer_hits.hide()
        self.form.customer_search.installEventFilter(self)
        self.form.customer_search.textChanged.connect(self._on_text_changed)
        self.form.customer_search.returnPressed.connect(self.pick_first)
        self.form.customer_hits.clicked.connect(self._on_hit_clicked)
        self.form.new_customer.clicked.connect(self.new_customer_requested)
        self.form.walk_in.clicked.connect(self._on_walk_in)

    @property
    def search(self) -> str:
        return self.form.customer_search.text()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While text is typed, Enter picks a customer and Esc clears: claim them before the
        # window's Accept/Decline shortcuts do. An empty box leaves them to the offer panel.
        if (
            watched is self.form.customer_search
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _SEARCH_KEYS
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.search
        ):
            event.accept()
            return True
        if (
            watched is self.form.customer_search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.form.customer_search.clear()
            return True
        return super().eventFilter(watched, event)

    @Slot(str)
    def _on_text_changed(self, text: str) -> None:
        found = find_customers(self._db, text) if text.strip() else []
        self.hits.set_customers(found, " ".join(text.split()))
        self.form.customer_hits.setVisible(bool(text.strip()))

    @Slot()
    def pick_first(self) -> None:
        """Enter in the box (or a scanner's Enter): the first hit is the customer."""
        if self.hits.customers:
            self._choose(self.hits.customers[0])

    @Slot(QModelIndex)
    def _on_hit_clicked(self, index: QModelIndex) -> None:
        if not self.hits.customers:
            self.new_customer_requested.emit()  # the "no match — add a new customer?" line
            return
        self._choose(self.hits.customers[index.row()])

    @Slot()
    def _on_walk_in(self) -> None:
        self.form.customer_search.clear()
        self.customer_chosen.emit(None)

    def _choose(self, customer: Customer) -> None:
        self.form.customer_search.clear()
        self.customer_chosen.emit(customer)

    def show_customer(self, customer: Customer | None, today: date) -> None:
        """The badge: who is on the ticket, and for members the plan, tenure and renewal date."""
        badge = self.form.customer_badge
        badge.setText(badge_text(customer, today, self._setup.catalog))
        badge.setProperty("member", bool(customer and customer.membership))
        badge.style().unpolish(badge)
        badge.style().polish(badge)
        self.form.walk_in.setVisible(customer is not None)


def badge_text(customer: Customer | None, today: date, catalog: Catalog) -> str:
    if customer is None:
        return "Walk-in customer"
    who = " · ".join(part for part in (customer.name, customer.plate) if part)
    membership = customer.membership
    if membership is None:
        return who
    plan = catalog.get(membership.plan).name if membership.plan in catalog else membership.plan
    months = membership.tenure_months(today)
    tenure = "1 month" if months == 1 else f"{months} months"
    return f"{who}\n★ {plan} · {tenure} · renews {membership.renews_on.isoformat()}"
