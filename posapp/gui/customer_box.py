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
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from posapp.domain.catalog import Catalog
from posapp.domain.customer import Customer
from posapp.domain.money import format_money
from posapp.gui.forms.ui_customer_box import Ui_CustomerBox
from posapp.services.followups import consent_history_for
from posapp.services.memberships import badge_actions, plan_name
from posapp.shop_setup import ShopSetup
from posapp.storage.customers import find_customers
from posapp.storage.db import Database

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
    """One search box for plate, phone, name or a scanned card; Enter picks the first hit, or
    with none, asks to add the customer.

    Signals:
        customer_chosen(object): the Customer picked, or None for a walk-in.
        new_customer_requested(): the cashier wants to add a customer (text typed so far in the box).
        sell_plan_requested(str): "Sell a plan" and a plan's code chosen from its menu.
        renew_requested(): "Renew" was tapped.
        upgrade_requested(): "Upgrade" (or, during a trial, "Keep …") was tapped.
    """

    customer_chosen = Signal(object)
    new_customer_requested = Signal()
    sell_plan_requested = Signal(str)
    renew_requested = Signal()
    upgrade_requested = Signal()
    #: True: ask the customer for consent to e-mails; False: withdraw it (one tap).
    consent_change_requested = Signal(bool)

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
        self.plans_menu = QMenu(self)
        self.plans_menu.setObjectName("plan_menu")
        self.plans_menu.aboutToShow.connect(self._fill_plans_menu)
        self.form.plan_sell.setMenu(self.plans_menu)
        self.form.plan_renew.clicked.connect(self.renew_requested)
        self.form.plan_upgrade.clicked.connect(self.upgrade_requested)
        # Consent to e-mails, on the customer: who agreed when, and one tap to stop.
        self.consent_button = QPushButton(self)
        self.consent_button.setObjectName("customer_consent_toggle")
        self.consent_button.hide()
        self.consent_button.clicked.connect(self._on_consent_clicked)
        # In the plan row, before Walk-in: the badge keeps its room on the narrowest layout.
        self.form.planRow.insertWidget(self.form.planRow.indexOf(self.form.walk_in), self.consent_button)
        self._consent = False
        for button in (
            self.form.plan_sell,
            self.form.plan_renew,
            self.form.plan_upgrade,
            self.consent_button,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps the keyboard

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
        """Enter in the box (or a scanner's Enter): the first hit is the customer; when nobody
        matches, Enter takes the "no match — add a new customer?" line, as a click on it does."""
        if self.hits.customers:
            self._choose(self.hits.customers[0])
        elif self.hits.no_match:
            self.new_customer_requested.emit()

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

    @Slot()
    def _fill_plans_menu(self) -> None:
        """The plans on sale today, with their prices, as the manager last saved them."""
        self.plans_menu.clear()
        for plan in self._setup.catalog.memberships():
            action = self.plans_menu.addAction(
                f"{plan.name} · {self._format_money(plan.price_cents)} a month"
            )
            action.setData(plan.code)
            action.triggered.connect(lambda _=False, code=plan.code: self.sell_plan_requested.emit(code))

    def _format_money(self, cents: int) -> str:
        settings = self._setup.settings
        return format_money(cents, settings.currency, settings.locale)

    def show_customer(self, customer: Customer | None, today: date) -> None:
        """The badge: who is on the ticket; for members the plan, tenure, renewal, trial or lapse."""
        catalog = self._setup.catalog
        badge = self.form.customer_badge
        badge.setText(badge_text(customer, today, catalog))
        badge.setProperty("member", bool(customer and customer.membership))
        badge.setProperty(
            "lapsed", bool(customer and customer.membership and customer.membership.lapsed(today))
        )
        badge.style().unpolish(badge)
        badge.style().polish(badge)
        self.form.walk_in.setVisible(customer is not None)
        actions = badge_actions(customer, catalog, today)
        form = self.form
        # A walk-in has no buttons at all; a known customer sees what they may do today.
        form.plan_sell.setVisible(actions.can_sell)
        form.plan_renew.setVisible(customer is not None and customer.membership is not None)
        form.plan_renew.setEnabled(actions.can_renew)
        form.plan_upgrade.setVisible(customer is not None and customer.membership is not None)
        form.plan_upgrade.setEnabled(actions.can_upgrade)
        form.plan_upgrade.setText(actions.upgrade_label)
        form.plan_upgrade.setAccessibleName(
            "Upgrade the membership" if actions.upgrade_label == "Upgrade" else actions.upgrade_label
        )
        self._show_consent(customer)

    def _show_consent(self, customer: Customer | None) -> None:
        button = self.consent_button
        known = customer is not None and customer.id is not None and bool(customer.email)
        button.setVisible(known)
        if not known or customer is None or customer.id is None:
            return
        self._consent = customer.marketing_consent
        history = consent_history_for(self._db, customer.id)
        latest = history[0] if history else None
        # Short words: the row is narrow beside the offer panel; the proof is in the tooltip.
        if customer.marketing_consent:
            button.setText("Mail: yes")
            button.setAccessibleName("E-mails agreed: tap to stop e-mails to this customer")
        else:
            button.setText("Mail: no")
            button.setAccessibleName("No e-mails: tap to ask the customer about e-mails")
        proof = (
            f"{'Agreed' if latest.given else 'Withdrawn'} on {latest.at.isoformat(timespec='minutes')}"
            f" by {latest.cashier or latest.channel}, by {latest.channel}: “{latest.wording}”"
            if latest
            else "Never asked."
        )
        action = "Tap to stop e-mails." if customer.marketing_consent else "Tap to ask about e-mails."
        button.setToolTip(f"{proof}\n{action}")

    @Slot()
    def _on_consent_clicked(self) -> None:
        self.consent_change_requested.emit(not self._consent)


def badge_text(customer: Customer | None, today: date, catalog: Catalog) -> str:
    """The badge's words: name and plate; for a member the plan and what today means for it."""
    if customer is None:
        return "Walk-in customer"
    who = " · ".join(part for part in (customer.name, customer.plate) if part)
    membership = customer.membership
    if membership is None:
        return who
    plan = plan_name(membership.plan, catalog)
    if membership.lapsed(today):
        # Not redeemable: the club wash is paid until the plan is renewed.
        return f"{who}\n★ {plan} · lapsed on {membership.renews_on.isoformat()}"
    months = membership.tenure_months(today)
    tenure = "1 month" if months == 1 else f"{months} months"
    text = f"{who}\n★ {plan} · {tenure} · renews {membership.renews_on.isoformat()}"
    if membership.trial_running(today) and membership.trial_plan and membership.trial_until:
        trying = plan_name(membership.trial_plan, catalog)
        kept = " · keeps it after" if membership.trial_kept else ""
        text += f"\nTrying {trying} until {membership.trial_until.isoformat()}{kept}"
    return text
