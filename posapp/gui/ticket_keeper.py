"""The ticket in progress and everything done to it: offers re-decided, saved on every change.

Qt only for its signals; every rule lives in the services and the offer session. A failed
database write never drops the ticket: it stays in memory and on screen, with one sentence.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.domain.errors import UserError
from posapp.domain.offer import OfferEvent, Outcome
from posapp.domain.ticket import Flag, Payment, TicketDraft
from posapp.gui.live_setup import follow_setup
from posapp.offers.model import OfferRules
from posapp.offers.scripts import money_formatter
from posapp.services import memberships
from posapp.services.checkout import (
    CompletedSale,
    clear_ticket,
    complete_sale,
    record_interaction,
    redeem_membership,
)
from posapp.services.customers import has_open_complaint
from posapp.services.faults import REFUSED, Refused, attempt, explain_storage_error
from posapp.services.offer_session import OfferSession, OfferView
from posapp.shop_setup import SetupChange
from posapp.storage.customers import ERASED_SCRIPT
from posapp.storage.drafts import load_draft, save_draft, without_customer
from posapp.storage.offer_history import rules_with_take_rates

Change = Callable[[TicketDraft], TicketDraft]


def offer_session_for(counter: Counter) -> OfferSession:
    """The offer session on the setup in force: its catalog, its scripts, its rules with take rates."""
    settings = counter.settings
    return OfferSession(
        counter.catalog,
        rules_in_force(counter),
        scripts=counter.setup.scripts,
        format_price=money_formatter(settings.currency, settings.locale),
        now=counter.now,
        time_zone=settings.time_zone,
    )


def rules_in_force(counter: Counter) -> OfferRules:
    """The offer rules as saved, with this season's take rates read for the best-value policy."""
    settings = counter.settings
    today = counter.now().astimezone(settings.time_zone).date()
    return rules_with_take_rates(counter.db, settings.offer_rules, today)


class TicketKeeper(QObject):
    """Holds the draft, the offer on the panel and the chosen payment.

    Signals:
        changed(): the ticket, the offer or the payment changed; redraw from this object.
        failed(str): something could not be done or saved; one sentence for the cashier.
        completed(object): a CompletedSale, after the sale was stored.
        completion_failed(str): the sale could not be stored; the ticket is unchanged, retry it.
    """

    changed = Signal()
    failed = Signal(str)
    completed = Signal(object)
    completion_failed = Signal(str)

    def __init__(self, counter: Counter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.session = offer_session_for(counter)
        self.draft: TicketDraft | None = None
        self.view: OfferView | None = None
        #: A customer question's offer, shown over the checkout offer until answered.
        self.question: OfferView | None = None
        self.payment: Payment | None = None
        #: The cash handed over for a completion that failed, so Retry completes it as tendered.
        self._pending_tender: int | None = None
        #: The customer (or, for a walk-in, this ticket) has a complaint still open: only then
        #: can it be resolved.
        self.open_complaint = False
        self._question_held_back: tuple[OfferEvent, ...] = ()
        follow_setup(self, counter.setup, self._follow_manager_edits)

    @property
    def panel_view(self) -> OfferView | None:
        return self.question or self.view

    # -- starting, restoring, switching cashier -------------------------------------------

    def restore(self) -> bool:
        """Take up the ticket this till left open (after a crash or power cut), if any."""
        draft = load_draft(self.counter.db, self.counter.till_id)
        if draft is None:
            return False
        self.session.use_customer(self.counter.db, draft.customer)
        self.draft, self.view = self.session.refresh(draft)
        self.check_open_complaint()
        self.changed.emit()
        return True

    def sign_in(self, cashier_id: int) -> None:
        """A new ticket for this cashier, or the open one carried on under their name."""
        if self.draft is None:
            # Kept only once the offer is decided: a database failing here leaves no ticket half-made.
            fresh = TicketDraft(cashier_id=cashier_id, opened_at=self.counter.now())
            self.session.use_customer(self.counter.db, None)
            self.draft, self.view = self.session.refresh(fresh)
            self.open_complaint = False
            self.changed.emit()
        elif self.draft.cashier_id != cashier_id:
            self.apply(lambda draft: draft.with_cashier(cashier_id))
        else:
            self.changed.emit()

    def _follow_manager_edits(self, change: SetupChange) -> None:
        """The manager changed prices, scripts or offer rules: the next tap sells, speaks and decides by them.

        Lines already on the ticket keep the price they were added at, as on paper.
        """
        setup = self.counter.setup
        if change.catalog:
            self.session.catalog = setup.catalog
        if change.scripts:
            self.session.scripts = setup.scripts
        if change.settings:
            self.session.rules = rules_in_force(self.counter)
        if self.draft is not None:
            self.draft, self.view = self.session.refresh(self.draft, self.view)
            self.changed.emit()

    # -- changes to the ticket -------------------------------------------------------------

    def apply(self, change: Change) -> bool:
        """Apply one change, re-decide the offer, save the draft; False if the change was refused."""
        if self.draft is None:
            return False
        try:
            changed = change(self.draft)
        except UserError as error:
            self.failed.emit(error.message)
            return False
        self.question = None
        self._pending_tender = None  # a changed ticket is tendered again
        self.draft, self.view = self.session.refresh(changed, self.view)
        self.check_open_complaint()
        self.changed.emit()
        self._save()
        return True

    def check_open_complaint(self) -> None:
        """Look up whether a complaint is open for this customer or this ticket (after a change of either)."""
        draft = self.draft
        if draft is None:
            self.open_complaint = False
            return
        customer_id = draft.customer.id if draft.customer else None
        found = attempt(
            lambda: has_open_complaint(self.counter.db, customer_id=customer_id, draft_id=draft.draft_id),
            "Looking up the customer's complaints",
            self.failed.emit,
        )
        self.open_complaint = found is True

    def _save(self) -> None:
        assert self.draft is not None
        draft, counter = self.draft, self.counter
        attempt(
            lambda: save_draft(counter.db, counter.till_id, draft, counter.now()),
            "Saving the ticket",
            self.failed.emit,
        )

    def forget_erased_customer(self) -> None:
        """The customer on the ticket was erased: go on as a walk-in, never writing their name again.

        Their history is dropped before the ticket is re-decided (no new script greets them),
        and the scripts already on the ticket are replaced before it is saved.
        """
        try:
            self.session.use_customer(self.counter.db, None)
        except sqlite3.Error as error:
            self.failed.emit(explain_storage_error(error, "Reading the customer's history"))
        self.apply(lambda draft: without_customer(draft, script=ERASED_SCRIPT))

    def choose_wash(self, code: str) -> None:
        wash = self.counter.catalog.get(code)
        self.apply(lambda draft: draft.choose_wash(wash))

    def tap_addon(self, code: str) -> None:
        """Add the add-on, or take it off again when it is already on the ticket."""
        addon = self.counter.catalog.get(code)
        if self.draft is not None and code in self.draft.codes:
            index = self.draft.codes.index(code)
            self.apply(lambda draft: draft.remove_line(index))
        else:
            self.apply(lambda draft: draft.add_addon(addon))

    def clear(self) -> None:
        """Start the ticket again (a customer who drove off): nothing of it is sold or kept."""
        if self.draft is None:
            return
        draft, counter = self.draft, self.counter
        cleared = attempt(
            lambda: clear_ticket(counter.db, draft, settings=counter.settings, now=counter.now),
            "Clearing the ticket",
            self.failed.emit,
        )
        if cleared is REFUSED:
            return
        self.draft = TicketDraft(cashier_id=self.draft.cashier_id, opened_at=self.counter.now())
        self.payment = None
        self.question = None
        self.session.use_customer(self.counter.db, None)
        self.draft, self.view = self.session.refresh(self.draft)
        self.open_complaint = False
        self.changed.emit()
        self._save()

    def remove_line(self, index: int) -> None:
        self.apply(lambda draft: draft.remove_line(index))

    def set_flag(self, flag: Flag, on: bool) -> None:
        self.apply(lambda draft: draft.with_flag(flag, on))

    def set_customer(self, customer: Customer | None) -> None:
        """Load the customer's history once here, so every tap after is a pure decision.

        A trial of theirs that ended is recorded (converted or expired) first, so the badge,
        the club wash and the offers all see the plan they are on today.
        """
        try:
            today = self.session.local_now().date()
            customer = memberships.customer_as_of(self.counter.db, customer, today, self.counter.now)
            self.session.use_customer(self.counter.db, customer)
        except sqlite3.Error as error:
            self.failed.emit(explain_storage_error(error, "Reading the customer's history"))
        self.apply(lambda draft: draft.with_customer(customer))

    def redeem_membership(self) -> None:
        catalog, today = self.counter.catalog, self.session.local_now().date()
        self.apply(lambda draft: redeem_membership(draft, catalog, today))

    # -- memberships on the badge -----------------------------------------------------------

    def sell_plan(self, code: str) -> None:
        """A plan for a customer without one: its first month goes on the ticket at its price."""
        catalog, today = self.counter.catalog, self.session.local_now().date()
        self.apply(
            lambda draft: draft.add_plan_line(memberships.sell_line(draft.customer, code, catalog, today))
        )

    def renew_plan(self) -> None:
        catalog, today = self.counter.catalog, self.session.local_now().date()
        self.apply(lambda draft: draft.add_plan_line(memberships.renew_line(draft.customer, catalog, today)))

    def upgrade_plan(self) -> None:
        """The next plan up (the difference for this cycle), or, during a trial, keeping the plan tried."""
        catalog, today = self.counter.catalog, self.session.local_now().date()
        self.apply(
            lambda draft: draft.add_plan_line(memberships.upgrade_line(draft.customer, catalog, today))
        )

    def choose_payment(self, payment: Payment | None) -> None:
        self.payment = payment
        self.changed.emit()

    # -- the offer panel -------------------------------------------------------------------

    def accept_offer(self) -> None:
        view = self.panel_view
        if view is None or view.offer is None:
            return
        if view is self.question:
            self._answer_question(Outcome.ACCEPTED)
            return
        self.apply(lambda draft: self.session.accept(draft, view))

    def decline_offer(self) -> None:
        view = self.panel_view
        if view is None or view.offer is None:
            return
        if view is self.question:
            self._answer_question(Outcome.DECLINED)
            return
        self.apply(lambda draft: self.session.decline(draft, view))

    def ask_question(self) -> None:
        """A customer question (no sale): the service moment's offer goes on the panel."""
        if self.draft is None:
            return
        view, held_back = self.session.question(self.draft)
        if view.offer is None:
            # Nothing to answer: what was held back is recorded now; the panel says why.
            self._record_interaction(tuple(held_back))
            held_back = []
        self.question = view
        self._question_held_back = tuple(held_back)
        self.changed.emit()

    def _answer_question(self, outcome: Outcome) -> None:
        """Accepted, the upgrade goes on this ticket and is sold with it or not at all.

        Declined, the answer is recorded at once: no sale, but an answered pitch all the same.
        """
        assert self.question is not None
        if outcome is Outcome.ACCEPTED:
            view, held_back = self.question, self._question_held_back

            def accept(draft: TicketDraft) -> TicketDraft:
                accepted = self.session.accept(draft, view)
                return replace(accepted, offer_events=(*accepted.offer_events, *held_back))

            if self.apply(accept):
                self._question_held_back = ()
            return
        answer = self.session.answer_event(self.question, outcome)
        if self._record_interaction((answer, *self._question_held_back)):
            self.question = None
            self._question_held_back = ()
            self._reload_customer_facts()
            self.changed.emit()

    def _reload_customer_facts(self) -> None:
        """An answer just stored counts at once: "recently upsold" must hold for this very ticket."""
        if self.draft is None:
            return
        try:
            self.session.use_customer(self.counter.db, self.draft.customer)
        except sqlite3.Error as error:
            self.failed.emit(explain_storage_error(error, "Reading the customer's history"))
        self.draft, self.view = self.session.refresh(self.draft, self.view)

    def _record_interaction(self, events: tuple[OfferEvent, ...]) -> bool:
        if not events or self.draft is None:
            return True
        customer, cashier_id = self.draft.customer, self.draft.cashier_id
        recorded = attempt(
            lambda: record_interaction(
                self.counter.db,
                events,
                customer_id=customer.id if customer else None,
                cashier_id=cashier_id,
                zone=self.counter.settings.time_zone,
            ),
            "Recording the customer question",
            self.failed.emit,
        )
        return recorded is not REFUSED

    # -- completing the sale ---------------------------------------------------------------

    def payment_for_completion(self) -> Payment | None:
        """The chosen payment; a $0 member's ticket needs none (the membership pays)."""
        if self.draft is None:
            return None
        member = self.draft.customer is not None and self.draft.customer.membership is not None
        total = self.draft.totals(self.counter.settings.tax).total_cents
        only_plan = all(line.is_plan for line in self.draft.lines)
        if total == 0 and ((member and self.draft.wash is not None) or only_plan):
            # Nothing to pay: a club wash, or a free trial (or a kept one) on its own.
            return Payment.MEMBERSHIP
        return self.payment

    def complete(self, *, tendered_cents: int | None = None) -> CompletedSale | None:
        """Store the sale in the open shift, then start a fresh ticket; on failure the ticket stays as it was.

        `tendered_cents` is the cash the customer handed over (a cash sale), for the change due.
        """
        draft = self.draft
        if draft is None or draft.is_empty:
            self.failed.emit("The ticket is empty: choose a wash first.")
            return None
        payment = self.payment_for_completion()
        if payment is None:
            self.failed.emit("Choose how the customer pays first: Cash (F5) or Card (F6).")
            return None
        if tendered_cents is None:
            tendered_cents = self._pending_tender
        self._pending_tender = tendered_cents
        if self.question is not None and self.question.offer is not None:
            # The question's offer was on the panel, the checkout's was hidden behind it.
            shown = self.session.answer_event(self.question, Outcome.SHOWN)
            if not self._record_interaction((shown, *self._question_held_back)):
                return None
            self.question, self._question_held_back = None, ()
            closed = draft
        else:
            closed = self.session.close(draft, self.view)
        sale = attempt(
            lambda: complete_sale(
                self.counter.db,
                closed,
                payment=payment,
                settings=self.counter.settings,
                now=self.counter.now,
                tendered_cents=tendered_cents if payment is Payment.CASH else None,
                till_id=self.counter.till_id,
            ),
            "Recording the sale",
            self.completion_failed.emit,
        )
        if isinstance(sale, Refused):
            return None
        self._pending_tender = None
        self.draft = None
        self.question = None
        self.payment = None
        self.sign_in(draft.cashier_id)
        self.completed.emit(sale)
        return sale
