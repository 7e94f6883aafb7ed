"""The counter's main window: sign-in or lock page, the checkout page, notices and the menu."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.domain.ticket import Flag
from posapp.gui.idle_lock import IdleLock
from posapp.gui.live_setup import follow_setup
from posapp.gui.mail_timer import MailSender
from posapp.gui.manager_windows import LOCK_ACTION_NAME, close_manager_windows
from posapp.gui.notices import NoticeBar
from posapp.gui.screen_fit import RememberedGeometry, geometry_file
from posapp.gui.sign_in import SignInPage
from posapp.services.faults import NOTHING_CHANGED, REFUSED, Refused, attempt
from posapp.shop_setup import SetupChange
from posapp.storage.cashiers import Cashier, has_manager
from posapp.storage.customers import get_customer

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    # Built after the sign-in page's first paint (CheckoutWindow.checkout and .keeper), with their imports.
    from posapp.gui.checkout_page import CheckoutPage
    from posapp.gui.ticket_keeper import TicketKeeper
    from posapp.services.checkout import CompletedSale


def demo_sign_in_hint(plates: tuple[str, ...] = ()) -> str:
    """Who a newcomer can sign in as on the demo site (the demo's own people; a real site has none),
    and plates to try at the customer search."""
    from posapp.services.demo import DEMO_STAFF  # the demo's own people: no real counter needs them

    people = ", ".join(f"{name} ({role.value}, PIN {pin})" for name, role, pin, _ in DEMO_STAFF)
    hint = f"Demo site: sign in as {people}."
    if len(plates) == 2:
        hint += f" Then try plate {plates[0]} (a club member) or {plates[1]} (a regular)."
    return hint


class CheckoutWindow(QMainWindow):
    """The window the cashier uses all day. Sign-in first; Ctrl+L locks without closing the ticket.

    Signals:
        sale_completed(int): the number of the ticket just stored (print its receipt now).
    """

    sale_completed = Signal(int)

    def __init__(self, counter: Counter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.cashier: Cashier | None = None
        #: The sentence saying why no more sales are taken (the database was found damaged), or None.
        self.selling_stopped: str | None = None
        self._passing = False
        self._show_title()
        # Fits a 1024x768 screen with its title bar and panel; the checkout's own layout needs less.
        self.setMinimumSize(800, 600)
        self.geometry_store = RememberedGeometry(geometry_file(counter.db_path, counter.settings.terminal))
        self._keeper: TicketKeeper | None = None
        self.sign_in_page = SignInPage(counter.db, counter.now, self)
        self._checkout: CheckoutPage | None = None
        self.notice = NoticeBar(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.sign_in_page)
        # The sign-in page is what a start shows: the checkout is built once it has painted.
        self.sign_in_page.installEventFilter(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.notice)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.counter_menu = self.menuBar().addMenu("&Counter")
        self.lock_action = QAction("Lock screen", self)
        self.lock_action.setObjectName(LOCK_ACTION_NAME)
        # setShortcuts, not setShortcut: choosing between the latter's overloads makes PySide6 build
        # the whole Qt namespace (~14 ms) before the sign-in page's first paint.
        self.lock_action.setShortcuts([QKeySequence.fromString("Ctrl+L")])
        self.lock_action.triggered.connect(self.lock)
        self.counter_menu.addAction(self.lock_action)
        self.help_menu = self.menuBar().addMenu("&Help")
        about = QAction("About this counter…", self)
        about.setObjectName("menu_about")
        about.triggered.connect(self._show_about)
        self.help_menu.addAction(about)
        self._connect()
        self.sign_in_page.reload()
        follow_setup(self, counter.setup, self._on_setup_changed)
        # Locks the checkout after the idle time set by the manager, while someone is signed in.
        self.idle_lock = IdleLock(
            self,
            now=counter.now,
            idle_seconds=lambda: self.counter.settings.counter_lock_idle_seconds,
            lock=self.lock,
        )
        # Follow-ups and the newsletter go out from here on a timer, never on the GUI thread.
        self.mail = MailSender(counter, self)
        self.mail.finished.connect(self._on_mail_finished)
        self.mail.start()
        if counter.demo:
            from posapp.services.demo import sample_plates

            self.show_notice(demo_sign_in_hint(sample_plates(counter.db)))

    @Slot(str)
    def _on_mail_finished(self, words: str) -> None:
        """Only what a person must act on: mail that gave up, or a mail setup that cannot work."""
        run = self.mail.last_run
        if self.mail.last_problem or (run is not None and run.failed):
            self.show_notice(words)

    @Slot()
    def _show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # PySide6 builds its type when first imported (~1 ms)

        QMessageBox.about(self, "About this counter", self.about_text())

    def _show_title(self) -> None:
        self.setWindowTitle(f"{self.counter.settings.business.name} — Checkout")

    def _on_setup_changed(self, change: SetupChange) -> None:
        """A manager saved a change: the title names the shop as it now is."""
        if change.settings:
            self._show_title()

    def _connect(self) -> None:
        self.sign_in_page.signed_in.connect(self._on_signed_in)

    def _connect_keeper(self, keeper: TicketKeeper) -> None:
        keeper.failed.connect(self.show_passing_notice)
        keeper.changed.connect(self._clear_passing_notice)
        keeper.completion_failed.connect(self._on_completion_failed)
        keeper.completed.connect(self._on_completed)

    @property
    def keeper(self) -> TicketKeeper:
        """The ticket in progress, with a ticket left open taken up: after the sign-in page's first
        paint, with the checkout, or when first needed if sooner (a PIN typed before that).

        The sign-in page does not show the ticket: a start paints it without the ticket's
        services and offer session (~10 ms of imports), and restores the ticket just after.
        """
        return self._keeper if self._keeper is not None else self._take_up_ticket()

    def _take_up_ticket(self) -> TicketKeeper:
        if self._keeper is None:
            from posapp.gui.ticket_keeper import TicketKeeper

            keeper = TicketKeeper(self.counter, self)
            self._keeper = keeper
            self._connect_keeper(keeper)
            self.restore_draft()
        return self._keeper

    @property
    def checkout(self) -> CheckoutPage:
        """The page of the sale: built after the sign-in page's first paint, or when first needed if sooner.

        A start paints the sign-in page without waiting for the checkout (its widgets, forms and
        their imports): the cashier types the PIN while it is built.
        """
        return self._checkout if self._checkout is not None else self._build_checkout()

    def _build_checkout(self) -> CheckoutPage:
        if self._checkout is None:
            from posapp.gui.checkout_page import CheckoutPage

            page = CheckoutPage(self.counter, self.keeper, self)
            self._checkout = page
            self.pages.addWidget(page)
            self._connect_checkout(page)
            page.redraw()  # the ticket restored before the page existed
        return self._checkout

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.sign_in_page and event.type() == QEvent.Type.Paint:
            self.sign_in_page.removeEventFilter(self)
            # Once this paint is on screen: a zero timer runs when the event loop is next free.
            QTimer.singleShot(0, self, self._prepare_checkout)
        return super().eventFilter(watched, event)

    @Slot()
    def _prepare_checkout(self) -> None:
        """The checkout built while the PIN is typed; a database that fails now is said, not raised.

        Signing in builds it again (see `_on_signed_in`), so a passing fault costs nothing more.
        """
        tell = self.show_passing_notice  # the next sign-in that works clears it
        attempt(self._build_checkout, "Preparing the checkout", tell, kept=NOTHING_CHANGED)

    def _connect_checkout(self, page: CheckoutPage) -> None:
        page.lock_requested.connect(self.lock)
        page.new_customer_requested.connect(self.add_new_customer)
        page.consent_change_requested.connect(self.change_consent)
        page.complaint_requested.connect(self.log_complaint)
        page.resolve_requested.connect(self.resolve_complaints)
        page.budget_remembered.connect(self.remember_budget)

    # -- public contract -------------------------------------------------------------------

    def show_notice(
        self, text: str, action_text: str | None = None, on_action: Callable[[], None] | None = None
    ) -> None:
        """A short non-modal notice (e.g. a failed print with a Retry button); never blocks a sale."""
        self._passing = False
        self.notice.show_notice(text, action_text, on_action)

    def stop_selling(self, sentence: str) -> None:
        """The database was found damaged while selling: no more sales here; the sentence says what to do."""
        self.selling_stopped = sentence
        self.checkout.setEnabled(False)  # its buttons and shortcuts: nothing more is written to the file
        self.show_notice(sentence, "Close the counter", self.close)

    def show_passing_notice(self, text: str) -> None:
        """A notice about the ticket as it is now ("Choose how the customer pays first"): the next
        change to the ticket (or the next sign-in) makes it stale, so it goes then."""
        self.show_notice(text)
        self._passing = True

    @Slot()
    def _clear_passing_notice(self) -> None:
        if self._passing:
            self._passing = False
            self.notice.hide()

    def add_menu_action(self, action: QAction) -> None:
        """Add an entry (Ticket history, Manager report ...) to the Counter menu."""
        self.counter_menu.addAction(action)

    def about_text(self) -> str:
        """Which shop, which database and which settings file this window sells into."""
        counter = self.counter
        kind = "Demo database (sample data only)" if counter.demo else "Database"
        return (
            f"{counter.settings.business.name}, terminal {counter.settings.terminal}.\n"
            f"{kind}: {counter.db_path}\n"
            f"Settings: {counter.settings.source}"
        )

    # -- start-up and closing --------------------------------------------------------------

    def show_where_left(self) -> None:
        """Show the window where it was left on this terminal; maximized the first time."""
        if self.geometry_store.restore(self):
            self.show()
            return
        # The whole screen first: a kiosk session with no window manager ignores "maximized".
        screen = self.screen()
        if screen is not None:
            self.setGeometry(screen.availableGeometry())
        self.showMaximized()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Alt+F4 or the title bar's cross with a ticket open asks first; the place is remembered."""
        # Closed before the ticket was taken up: a ticket left open stays saved for the next start.
        draft = self._keeper.draft if self._keeper is not None else None
        lines = len(draft.lines) if draft is not None else 0
        if lines and self.isVisible() and not self.confirm_close(self, lines):
            event.ignore()
            return
        self.geometry_store.save(self)
        self.idle_lock.stop()  # a closed counter locks nothing more
        super().closeEvent(event)

    @classmethod
    def confirm_close(cls, parent: QWidget, lines: int) -> bool:
        """True when the cashier closes the counter with a ticket of `lines` lines still open."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            parent,
            "Close the counter?",
            f"A ticket with {lines} line{'s' if lines != 1 else ''} is still open. Close the counter anyway?"
            " The ticket is kept and comes back at the next start.",
            QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Close

    def ensure_manager(self) -> bool:
        """First start of a real counter: the owner creates the manager before anyone signs in."""
        if has_manager(self.counter.db):
            return True
        from posapp.gui.dialogs import ManagerSetupDialog  # a real counter's first start only

        created = ManagerSetupDialog.ask(self, self.counter.db, self.counter.now) is not None
        self.sign_in_page.reload()
        return created

    def restore_draft(self) -> bool:
        """Take up a ticket left open by a crash or power cut; it is never lost.

        Run once, as the keeper is made (see `keeper`): a failure is a notice on the sign-in
        page just after its first paint (or at a sign-in typed sooner), and a fresh ticket follows.
        """
        try:
            restored = self.keeper.restore()
        except (sqlite3.Error, UserError, ValueError, KeyError) as error:
            self.show_notice(f"The ticket left open could not be restored ({error}).")
            return False
        if restored:
            # Said until someone signs in and sees the ticket for themselves.
            self.show_passing_notice("The ticket in progress was restored: carry on where you left off.")
        return restored

    # -- signing in and locking ------------------------------------------------------------

    @Slot(object)
    def _on_signed_in(self, cashier: Cashier) -> None:
        # The checkout (and the ticket left open) and the cashier's ticket first: a database failing
        # here keeps the sign-in page, with one sentence, and nobody signed in. Said as passing: the
        # next sign-in that works clears it.
        def open_the_ticket() -> None:
            self._build_checkout()  # if the first paint's build failed, it is tried again here
            self.keeper.sign_in(cashier.id)

        tell = self.show_passing_notice
        if attempt(open_the_ticket, "Opening the checkout", tell, kept=NOTHING_CHANGED) is REFUSED:
            return
        self.cashier = cashier
        self.idle_lock.start()
        self.checkout.form.cashier_label.setText(f"Cashier: {cashier.name}")
        self.pages.setCurrentWidget(self.checkout)
        self.lock_action.setEnabled(True)
        self.checkout.focus_search()

    @Slot()
    def lock(self) -> None:
        """Back to the PIN page; the ticket stays open for whoever signs in next.

        Every manager window closes unsaved: an approval never outlives the person who gave it.
        """
        self.idle_lock.stop()
        close_manager_windows(self)
        name = self.cashier.name if self.cashier else ""
        self.cashier = None
        self.pages.setCurrentWidget(self.sign_in_page)
        self.sign_in_page.reload(locked_by=name)
        self.lock_action.setEnabled(False)

    # -- sale ------------------------------------------------------------------------------

    @Slot(object)
    def _on_completed(self, sale: CompletedSale) -> None:
        self.notice.hide()
        if sale.change_cents and sale.tendered_cents is not None:  # exact cash needs no word
            money = self.checkout.money
            self.show_notice(
                f"Change due: {money(sale.change_cents)} (of {money(sale.tendered_cents)} handed over)."
            )
        self.statusBar().showMessage(
            f"Ticket {sale.number} completed: {self.checkout.money(sale.totals.total_cents)}.", 15000
        )
        self.checkout.focus_search()
        self.sale_completed.emit(sale.number)

    @Slot(str)
    def _on_completion_failed(self, text: str) -> None:
        self.show_notice(text, "Retry", self.keeper.complete)

    # -- customer care ---------------------------------------------------------------------

    @Slot()
    def add_new_customer(self) -> None:
        from posapp.gui.dialogs import NewCustomerDialog

        typed = self.checkout.customer_box.search
        customer = NewCustomerDialog.ask(self, self.counter.db, self.counter.now, typed)
        if customer is not None:
            self.checkout.customer_box.form.customer_search.clear()
            self.keeper.set_customer(customer)

    @Slot(bool)
    def change_consent(self, given: bool) -> None:
        """Withdraw consent in one tap; giving it asks the question in plain words, No by default."""
        draft = self.keeper.draft
        customer = draft.customer if draft else None
        if customer is None or customer.id is None:
            return
        from posapp.gui.dialogs import ask_consent
        from posapp.services.followups import record_consent

        if given and not ask_consent(self, customer.first_name):
            return
        cashier_id = self.cashier.id if self.cashier else None
        recorded = attempt(
            lambda: record_consent(
                self.counter.db, customer.id, given=given, cashier_id=cashier_id, channel="counter",
                now=self.counter.now,
            ),
            "Recording the customer's answer about e-mails",
            self.show_notice,
        )  # fmt: skip
        if recorded is REFUSED:
            return
        self.keeper.set_customer(replace(customer, marketing_consent=given))
        self.show_notice(
            "E-mails to this customer are on." if given else "No more e-mails go to this customer."
        )

    @Slot(bool)
    def remember_budget(self, tight: bool) -> None:
        from posapp.services.customers import remember_budget

        draft = self.keeper.draft
        customer = draft.customer if draft else None
        if customer is None or customer.id is None:
            return
        remembered = attempt(
            lambda: remember_budget(self.counter.db, customer.id, tight),
            "Remembering that money is tight",
            self.show_notice,
        )
        if remembered is REFUSED:
            return
        self.keeper.set_customer(replace(customer, budget_sensitive=tight))

    @Slot()
    def log_complaint(self) -> None:
        draft = self.keeper.draft
        if draft is None:
            return
        from posapp.gui.dialogs import ComplaintNote
        from posapp.services.customers import log_complaint

        customer = draft.customer
        note = ComplaintNote.ask(self, customer.name if customer else "the customer")
        if note is None:
            return
        logged = attempt(
            lambda: log_complaint(
                self.counter.db,
                customer_id=customer.id if customer else None,
                cashier_id=draft.cashier_id,
                note=note,
                now=self.counter.now,
                draft_id=draft.draft_id,
            ),
            "Logging the complaint",
            self.show_notice,
        )
        if logged is REFUSED:
            return
        if customer is not None:
            # The open complaint is part of the customer's facts: reload them once.
            self.keeper.set_customer(customer)
        self.keeper.set_flag(Flag.COMPLAINT, True)
        self.statusBar().showMessage("Complaint logged: no offers until a manager resolves it.", 15000)

    @Slot()
    def resolve_complaints(self) -> None:
        from posapp.gui.dialogs import ManagerApprovalDialog
        from posapp.services.customers import resolve_complaints

        draft = self.keeper.draft
        if draft is None or not self.keeper.open_complaint:
            return
        customer = draft.customer
        customer_id = customer.id if customer else None
        manager = ManagerApprovalDialog.ask(
            self, self.counter.db, self.counter.now, approving="Resolve the customer's complaints"
        )
        if manager is None:
            return
        count = attempt(
            lambda: resolve_complaints(
                self.counter.db,
                customer_id=customer_id,
                manager_id=manager.id,
                now=self.counter.now,
                draft_id=draft.draft_id,
            ),
            "Resolving the complaint",
            self.show_notice,
        )
        if isinstance(count, Refused):
            return
        if customer is not None and customer_id is not None:
            # The customer's facts now say "resolved today", which holds offers back for the day.
            self.keeper.set_customer(get_customer(self.counter.db, customer_id) or customer)
            self.keeper.set_flag(Flag.COMPLAINT, False)
        else:
            # A walk-in has no history to remember it by: today's complaint flag stays on, so
            # the ticket that was put right is not the one that sells.
            self.keeper.check_open_complaint()
            self.keeper.changed.emit()
        self.statusBar().showMessage(
            f"{count} complaint(s) resolved by {manager.name}; no offers for the rest of the day.", 15000
        )
