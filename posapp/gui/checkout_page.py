"""The checkout itself: customer, flags, wash menu, ticket, payment and the offer panel, wired up."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QHeaderView, QMessageBox, QPushButton, QVBoxLayout, QWidget

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.domain.money import format_money
from posapp.domain.ticket import Flag, Payment, PlanChange
from posapp.gui.customer_box import CustomerBox
from posapp.gui.forms.ui_checkout_page import Ui_CheckoutPage
from posapp.gui.live_setup import follow_setup
from posapp.gui.offer_panel import OfferPanel
from posapp.gui.ticket_keeper import TicketKeeper
from posapp.gui.ticket_model import TicketModel
from posapp.gui.wash_menu import WashMenu
from posapp.services.faults import Refused, attempt
from posapp.services.shifts import NO_SHIFT, current_shift
from posapp.shop_setup import SetupChange


def _host(placeholder: QWidget, child: QWidget) -> None:
    layout = QVBoxLayout(placeholder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(child)


def fit_the_words(button: QPushButton) -> None:
    """At least as wide as its longest line in bold (the lit look), so "Club wash" is never clipped."""
    bold = QFont(button.font())
    bold.setBold(True)
    widest = max(QFontMetrics(bold).horizontalAdvance(line) for line in button.text().splitlines())
    button.setMinimumWidth(widest + 28)


class CheckoutPage(QWidget):
    """Everything the cashier touches during a sale; it draws what the TicketKeeper holds.

    Signals:
        lock_requested(): the cashier asked to lock the screen (Ctrl+L or the Lock button).
        complaint_requested(): "Log complaint" was tapped.
        resolve_requested(): "Resolve complaint" was tapped (needs a manager).
        new_customer_requested(): "New" customer was tapped.
        budget_remembered(bool): "Remember money is tight" was toggled for this customer.
    """

    lock_requested = Signal()
    complaint_requested = Signal()
    resolve_requested = Signal()
    new_customer_requested = Signal()
    consent_change_requested = Signal(bool)
    budget_remembered = Signal(bool)

    def __init__(self, counter: Counter, keeper: TicketKeeper, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_CheckoutPage()
        self.form.setupUi(self)
        self.counter = counter
        self.keeper = keeper
        self.wash_menu = WashMenu(counter.catalog, self.money, self)
        self.customer_box = CustomerBox(counter.db, counter.setup, self)
        self.offer_panel = OfferPanel(self.money, self)
        _host(self.form.washHost, self.wash_menu)
        _host(self.form.customerHost, self.customer_box)
        _host(self.form.offerHost, self.offer_panel)
        self.ticket_model = TicketModel(self.money, self)
        self._set_up_table()
        self.flag_buttons = {
            Flag.COMPLAINT: self.form.flag_complaint,
            Flag.BUDGET: self.form.flag_budget,
            Flag.UNDECIDED: self.form.flag_undecided,
        }
        self.payments = QButtonGroup(self)
        self.payments.addButton(self.form.pay_cash)
        self.payments.addButton(self.form.pay_card)
        self.payments.setExclusive(True)
        fit_the_words(self.form.pay_membership)
        for button in (*self.flag_buttons.values(), self.form.pay_cash, self.form.pay_card):
            # Keyboard focus stays in the search box; these are for taps and F-keys.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._connect()
        self._set_up_shortcuts()
        follow_setup(self, counter.setup, self._on_setup_changed)

    def _on_setup_changed(self, change: SetupChange) -> None:
        """New prices from the manager: the same buttons (and shortcuts) show them at once."""
        if change.catalog:
            self.wash_menu.show_prices(self.counter.catalog, self.money)

    def money(self, cents: int) -> str:
        return format_money(cents, self.counter.settings.currency, self.counter.settings.locale)

    def _set_up_table(self) -> None:
        table = self.form.ticket_table
        table.setModel(self.ticket_model)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(44)
        # A long name (a plan renewed to a date) wraps onto more lines rather than being cut off.
        table.verticalHeader().setMinimumSectionSize(44)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _connect(self) -> None:
        form, keeper = self.form, self.keeper
        self.wash_menu.wash_chosen.connect(keeper.choose_wash)
        self.wash_menu.addon_tapped.connect(keeper.tap_addon)
        self.customer_box.customer_chosen.connect(self._on_customer_chosen)
        self.customer_box.new_customer_requested.connect(self.new_customer_requested)
        self.customer_box.consent_change_requested.connect(self.consent_change_requested)
        self.customer_box.sell_plan_requested.connect(keeper.sell_plan)
        self.customer_box.renew_requested.connect(keeper.renew_plan)
        self.customer_box.upgrade_requested.connect(keeper.upgrade_plan)
        self.offer_panel.accepted.connect(keeper.accept_offer)
        self.offer_panel.declined.connect(keeper.decline_offer)
        for flag, button in self.flag_buttons.items():
            button.setProperty("flag", flag.value)
            button.clicked.connect(self._on_flag_clicked)
        form.remember_budget.clicked.connect(self.budget_remembered)
        form.remove_line.clicked.connect(self.remove_selected_line)
        form.clear_ticket.clicked.connect(self.clear_ticket)
        form.pay_cash.clicked.connect(self._on_payment_clicked)
        form.pay_card.clicked.connect(self._on_payment_clicked)
        form.pay_membership.clicked.connect(keeper.redeem_membership)
        form.complete_sale.clicked.connect(self.complete)
        form.customer_question.clicked.connect(keeper.ask_question)
        form.log_complaint.clicked.connect(self.complaint_requested)
        form.resolve_complaints.clicked.connect(self.resolve_requested)
        form.lock_screen.clicked.connect(self.lock_requested)
        keeper.changed.connect(self.redraw)

    def _set_up_shortcuts(self) -> None:
        """Keys of the 4-press sale: F1…F4 wash, Enter accept, F5/F6 pay, Ctrl+Enter complete.

        Shortcuts belong to this page, so they are dead while the sign-in page is showing.
        """
        bindings = (
            (("Return", "Enter"), self.keeper.accept_offer),
            (("Escape",), self.keeper.decline_offer),
            (("F5",), self.form.pay_cash.click),
            (("F6",), self.form.pay_card.click),
            (("F7",), self.form.pay_membership.click),
            (("Ctrl+Return", "Ctrl+Enter"), self.complete),
            (("Delete",), self.remove_selected_line),
            (("Ctrl+F",), self.focus_search),
        )
        self.shortcuts: list[QShortcut] = []
        for keys, slot in bindings:
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)
                self.shortcuts.append(shortcut)

    @Slot()
    def focus_search(self) -> None:
        self.customer_box.form.customer_search.setFocus()

    @Slot(object)
    def _on_customer_chosen(self, customer: Customer | None) -> None:
        self.keeper.set_customer(customer)

    @Slot()
    def _on_flag_clicked(self) -> None:
        button = self.sender()
        self.keeper.set_flag(Flag(str(button.property("flag"))), button.isChecked())

    @Slot()
    def _on_payment_clicked(self) -> None:
        payment = Payment.CASH if self.sender() is self.form.pay_cash else Payment.CARD
        self.keeper.choose_payment(payment)

    @Slot()
    def complete(self) -> None:
        """Complete in the open shift (opening one first), with the cash handed over for a cash sale."""
        keeper = self.keeper
        draft, payment = keeper.draft, keeper.payment_for_completion()
        if draft is None or draft.is_empty or payment is None:
            keeper.complete()  # it says what is missing
            return
        if not self.shift_is_open(draft.cashier_id):
            return
        tendered = None
        if payment is Payment.CASH:
            from posapp.gui.cash_tender import CashTenderDialog  # not needed to show the checkout

            total = draft.totals(self.counter.settings.tax).total_cents
            tendered = CashTenderDialog.ask(self, total, self.money, self.counter.settings.locale)
            if tendered is None:
                return  # back to the ticket, nothing stored
        keeper.complete(tendered_cents=tendered)

    def shift_is_open(self, cashier_id: int) -> bool:
        """A sale needs the shift open at this counter: after a Z, the cashier opens the next one here."""
        counter = self.counter
        shift = attempt(
            lambda: current_shift(counter.db, counter.till_id),
            "Reading the shift",
            self.keeper.failed.emit,
        )
        if isinstance(shift, Refused):
            return False
        if shift is not None:
            return True
        from posapp.gui.shift_dialogs import OpenShiftDialog  # with the slip and babel's decimals: when asked

        why = "No shift is open at this counter: open one to complete the sale."
        if OpenShiftDialog.ask(self, counter, cashier_id, why) is None:
            self.keeper.failed.emit(NO_SHIFT)
            return False
        return True

    @Slot()
    def clear_ticket(self) -> None:
        """Ask first: a tap by mistake must not throw a ticket away."""
        draft = self.keeper.draft
        if draft is None or (draft.is_empty and draft.customer is None):
            return
        if self.confirm_clear(self):
            self.keeper.clear()

    @classmethod
    def confirm_clear(cls, parent: QWidget) -> bool:
        """The cashier's yes before clearing; a test replaces this classmethod."""
        answer = QMessageBox.question(parent, "Clear ticket", "Clear this ticket and start again?")
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected_line(self) -> None:
        rows = self.form.ticket_table.selectionModel().selectedRows()
        if rows:
            self.keeper.remove_line(rows[0].row())
        elif self.keeper.draft is not None and self.keeper.draft.lines:
            # Nothing selected: the last line, which is what the cashier usually means.
            self.keeper.remove_line(len(self.keeper.draft.lines) - 1)

    @Slot()
    def redraw(self) -> None:
        """Draw the ticket, totals, payment, customer and offer from the keeper: one source of truth."""
        draft = self.keeper.draft
        if draft is None:
            return
        form = self.form
        self.ticket_model.set_lines(draft.lines)
        totals = draft.totals(self.counter.settings.tax)
        form.subtotal_label.setText(self.money(totals.subtotal_cents))
        form.tax_label.setText(self.money(totals.tax_cents))
        form.ticket_total.setText(self.money(totals.total_cents))
        form.ticket_total.setAccessibleDescription(form.ticket_total.text())
        self.wash_menu.show_ticket(draft)
        for flag, button in self.flag_buttons.items():
            button.setChecked(flag in draft.flags)
        customer = draft.customer
        self.customer_box.show_customer(
            customer, self.counter.now().astimezone(self.counter.settings.time_zone).date()
        )
        stored = customer is not None and customer.id is not None
        # Asked only when it matters (money is tight today, or already remembered): a line saved
        # for the washes and add-ons on a short screen.
        remembered = bool(customer and customer.budget_sensitive)
        form.remember_budget.setVisible(stored and (Flag.BUDGET in draft.flags or remembered))
        form.remember_budget.setChecked(bool(customer and customer.budget_sensitive))
        # Only a complaint still open can be resolved; a walk-in's is found by this ticket.
        form.resolve_complaints.setEnabled(self.keeper.open_complaint)
        today = self.counter.now().astimezone(self.counter.settings.time_zone).date()
        membership = customer.membership if customer is not None else None
        # A lapsed plan is not redeemable: the club wash is paid until it is renewed.
        renewing = draft.plan_line is not None and draft.plan_line.plan_change is PlanChange.RENEW
        redeemable = membership is not None and (not membership.lapsed(today) or renewing)
        form.pay_membership.setEnabled(redeemable and draft.wash is not None)
        # Lit only while this ticket's wash is the club's: never carried to the next customer.
        form.pay_membership.setChecked(draft.wash is not None and draft.wash.redeemed)
        self._show_payment(self.keeper.payment)
        form.complete_sale.setEnabled(not draft.is_empty)
        form.remove_line.setEnabled(not draft.is_empty)
        form.clear_ticket.setEnabled(not draft.is_empty or draft.customer is not None)
        self.offer_panel.show_view(self.keeper.panel_view)

    def _show_payment(self, payment: Payment | None) -> None:
        self.payments.setExclusive(False)
        self.form.pay_cash.setChecked(payment is Payment.CASH)
        self.form.pay_card.setChecked(payment is Payment.CARD)
        self.payments.setExclusive(True)
