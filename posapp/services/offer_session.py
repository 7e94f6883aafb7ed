"""The offers of the ticket in progress: the one place the checkout calls the offer engine.

Customer facts are loaded once, when the customer is chosen; every tap after that is a
pure, fast `decide`. The ticket's offer events (accepted, declined, held back, shown) are
kept on the draft itself, so a restored draft carries them and completing it stores them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from posapp.domain.catalog import Catalog, ServiceKind
from posapp.domain.customer import Customer
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome, Reason
from posapp.domain.ticket import TicketDraft
from posapp.offers.engine import decide
from posapp.offers.experiments import Assigned, Experiment, OfferKey, assignment_for, unit_for
from posapp.offers.explain import not_offered
from posapp.offers.model import CustomerFacts, Decision, HeldBack, Offer, OfferRules, Situation
from posapp.offers.scripts import PriceFormatter, Scripts
from posapp.services.memberships import trial_line, upgrade_line
from posapp.storage.db import Database
from posapp.storage.experiments import running_experiments
from posapp.storage.offer_history import load_customer_facts

#: Held back only because another offer was preferred: nothing the cashier needs to know or
#: the report needs to count.
_OUTRANKED = frozenset({Reason.NOT_CHOSEN.value})


@dataclass(frozen=True)
class OfferView:
    """What the offer panel shows: one offer for a moment, or why there is none."""

    moment: Moment
    offer: Offer | None
    not_offered: str = ""
    #: The cashier who first showed this offer: it is theirs, answered later by whoever is signed in.
    shown_by: int | None = None


class OfferSession:
    """Decides the ticket's offer on every change and keeps its offer events on the draft."""

    def __init__(
        self,
        catalog: Catalog,
        rules: OfferRules,
        *,
        scripts: Scripts,
        format_price: PriceFormatter,
        now: Callable[[], datetime],
        time_zone: ZoneInfo,
    ) -> None:
        self.catalog = catalog
        self.rules = rules
        self.scripts = scripts
        self.format_price = format_price
        self._now = now
        self.time_zone = time_zone
        self.facts: CustomerFacts | None = None
        #: The script tests running, reloaded with each customer (a test started at another till counts).
        self.experiments: tuple[Experiment, ...] = ()

    def local_now(self) -> datetime:
        """The site's local time: the engine reads calendar days (tenure, renewals) from it."""
        return self._now().astimezone(self.time_zone)

    def use_customer(self, db: Database, customer: Customer | None) -> None:
        """Load the customer's history once, so the decisions on every tap need no database."""
        # What the counter already knows stands in first, so a failed history read never leaves
        # the previous customer's history deciding offers for this one.
        self.facts = facts_from_customer(customer) if customer else None
        self.experiments = running_experiments(db, self.local_now().date())
        if customer is None or customer.id is None:
            return
        self.facts = load_customer_facts(db, customer.id, self._now(), self.rules)

    def decide(self, draft: TicketDraft, moment: Moment = Moment.CHECKOUT) -> Decision:
        return decide(
            self.situation(draft, moment),
            self.catalog,
            self.rules,
            self.local_now(),
            scripts=self.scripts,
            format_price=self.format_price,
            assignment=self.assignment(draft),
        )

    def assignment(self, draft: TicketDraft) -> dict[OfferKey, Assigned]:
        """The ticket's arm in each running test: by customer, or by this ticket for a walk-in."""
        if not self.experiments:
            return {}
        customer_id = self.facts.id if self.facts is not None else None
        unit = unit_for(customer_id, draft.draft_id)
        return assignment_for(self.experiments, unit, self.local_now().date())

    def situation(self, draft: TicketDraft, moment: Moment) -> Situation:
        answered = tuple(
            event.service
            for event in draft.offer_events
            if event.outcome in (Outcome.ACCEPTED, Outcome.DECLINED) and event.moment is not Moment.SERVICE
        )
        return Situation(
            moment=moment,
            cart=draft.codes,
            flags=draft.flags,
            wash_changes=draft.wash_changes,
            customer=self.facts,
            answered_on_ticket=answered,
            prices_on_ticket=tuple((line.code, line.amount_cents) for line in draft.lines),
        )

    def renewal_due(self) -> bool:
        """A member whose plan renews within the window: the moment for a trial upgrade."""
        facts = self.facts
        if facts is None or facts.member_plan is None or facts.renews_on is None:
            return False
        days = (facts.renews_on - self.local_now().date()).days
        return 0 <= days <= self.rules.renewal_window_days

    def refresh(
        self, draft: TicketDraft, on_screen: OfferView | None = None
    ) -> tuple[TicketDraft, OfferView]:
        """Re-decide after a change: the renewal moment first while it is due, then the checkout.

        Held-back candidates are noted on the draft, each (moment, kind, service, reasons) once.
        An offer still the one `on_screen` stays credited to the cashier who showed it first.
        """
        draft, view = self._decided(draft)
        return draft, _credited(view, on_screen, draft.cashier_id)

    def _decided(self, draft: TicketDraft) -> tuple[TicketDraft, OfferView]:
        if self.renewal_due() and not _answered(draft, Moment.RENEWAL):
            renewal = self.decide(draft, Moment.RENEWAL)
            draft = self.note_held_back(draft, renewal, Moment.RENEWAL)
            if renewal.offer is not None:
                return draft, OfferView(Moment.RENEWAL, renewal.offer)
        decision = self.decide(draft, Moment.CHECKOUT)
        draft = self.note_held_back(draft, decision, Moment.CHECKOUT)
        return draft, OfferView(Moment.CHECKOUT, decision.offer, not_offered(decision))

    def note_held_back(self, draft: TicketDraft, decision: Decision, moment: Moment) -> TicketDraft:
        """Keep on the ticket what the rules hold back now at this moment: one event per offer.

        A flag switched on and off again must not leave a trail of held-back offers behind, so
        the ticket is sold with the reasons that held each offer back at the end.
        """
        earlier = {
            _held_back_key(event): event
            for event in draft.offer_events
            if event.outcome is Outcome.HELD_BACK and event.moment is moment
        }
        # An unchanged reason keeps the moment (and the cashier) it was first noted with.
        current = tuple(
            earlier.get(_held_back_key(e), replace(e, cashier_id=draft.cashier_id))
            for e in self.held_back_events(decision, moment)
        )
        others = tuple(
            e for e in draft.offer_events if not (e.outcome is Outcome.HELD_BACK and e.moment is moment)
        )
        return replace(draft, offer_events=others + current)

    def held_back_events(self, decision: Decision, moment: Moment) -> list[OfferEvent]:
        at = self._now()
        return [_held_back_event(held, moment, at) for held in decision.held_back if _worth_noting(held)]

    def accept(self, draft: TicketDraft, view: OfferView) -> TicketDraft:
        """Put the accepted offer's line on the ticket at once; note the exact script shown."""
        offer = _offer_of(view)
        service = self.catalog.get(offer.service) if offer.service in self.catalog else None
        if offer.kind is OfferKind.CROSS_SELL and service is not None:
            draft = draft.add_addon(service, offer_kind=OfferKind.CROSS_SELL)
        elif offer.kind is OfferKind.UPSELL and service is not None and service.kind is ServiceKind.WASH:
            draft = _without_included_addons(
                draft.choose_wash(service, offer_kind=OfferKind.UPSELL), service.includes
            )
        elif (
            offer.kind is OfferKind.UPSELL and service is not None and service.kind is ServiceKind.MEMBERSHIP
        ):
            # A plan upgrade at a customer's question: a line paid like any sale.
            line = upgrade_line(draft.customer, self.catalog, self.local_now().date())
            draft = draft.add_plan_line(replace(line, offer_kind=OfferKind.UPSELL))
        elif offer.kind is OfferKind.TRIAL_UPGRADE:
            # A $0 line: the trial is on the ticket (and the receipt), and a ticket of it alone completes.
            today = self.local_now().date()
            days = offer.trial_days or self.rules.trial_days
            draft = draft.add_plan_line(trial_line(draft.customer, self.catalog, today, days))
        return draft.record_offer(self.answer_event(view, Outcome.ACCEPTED))

    def decline(self, draft: TicketDraft, view: OfferView) -> TicketDraft:
        return draft.record_offer(self.answer_event(view, Outcome.DECLINED))

    def close(self, draft: TicketDraft, view: OfferView | None) -> TicketDraft:
        """Before completing: an offer still on screen was shown but left unanswered."""
        if view is None or view.offer is None:
            return draft
        return draft.record_offer(self.answer_event(view, Outcome.SHOWN))

    def answer_event(self, view: OfferView, outcome: Outcome) -> OfferEvent:
        offer = _offer_of(view)
        return OfferEvent(
            moment=view.moment,
            kind=offer.kind,
            service=offer.service,
            outcome=outcome,
            at=self._now(),
            script=offer.script,
            price_delta_cents=offer.price_delta_cents,
            cashier_id=view.shown_by,
            experiment_id=offer.experiment_id,
            arm=offer.arm,
        )

    def question(self, draft: TicketDraft) -> tuple[OfferView, list[OfferEvent]]:
        """A customer question: a possible upgrade (decided as the service moment) and what was held back.

        Its events carry the moment `question`; accepted, the upgrade goes on this ticket.
        """
        decision = self.decide(draft, Moment.QUESTION)
        view = OfferView(Moment.QUESTION, decision.offer, not_offered(decision), shown_by=draft.cashier_id)
        return view, self.held_back_events(decision, Moment.QUESTION)


def facts_from_customer(customer: Customer) -> CustomerFacts:
    """Facts for a customer not yet stored (no history to read)."""
    membership = customer.membership
    return CustomerFacts(
        id=customer.id,
        first_name=customer.first_name,
        member_plan=membership.plan if membership else None,
        member_since=membership.started_on if membership else None,
        renews_on=membership.renews_on if membership else None,
        trial_plan=membership.trial_plan if membership else None,
        trial_until=membership.trial_until if membership else None,
        budget_sensitive=customer.budget_sensitive,
        marketing_consent=customer.marketing_consent,
    )


def _credited(view: OfferView, on_screen: OfferView | None, cashier_id: int) -> OfferView:
    """The view credited to whoever showed its offer: the same offer still on screen keeps its cashier."""
    if view.offer is None:
        return view
    kept = (
        on_screen is not None
        and on_screen.offer is not None
        and on_screen.shown_by is not None
        and (on_screen.moment, on_screen.offer.kind, on_screen.offer.service)
        == (view.moment, view.offer.kind, view.offer.service)
    )
    return replace(view, shown_by=on_screen.shown_by if kept and on_screen else cashier_id)


def _offer_of(view: OfferView) -> Offer:
    if view.offer is None:
        raise UserError("There is no offer on screen to answer.")
    return view.offer


def _answered(draft: TicketDraft, moment: Moment) -> bool:
    return any(
        event.moment is moment and event.outcome in (Outcome.ACCEPTED, Outcome.DECLINED)
        for event in draft.offer_events
    )


def _worth_noting(held: HeldBack) -> bool:
    # A candidate without a service ("no wash yet", "already the top wash") was never an offer.
    return bool(held.service) and not set(held.reasons) <= _OUTRANKED


def _held_back_event(held: HeldBack, moment: Moment, at: datetime) -> OfferEvent:
    return OfferEvent(
        moment=moment,
        kind=held.kind,
        service=held.service,
        outcome=Outcome.HELD_BACK,
        at=at,
        reasons=held.reasons,
        explanation=held.explanation,
        experiment_id=held.experiment_id,
        arm=held.arm,
    )


def _held_back_key(event: OfferEvent) -> tuple[str, str, tuple[str, ...]]:
    return (event.kind.value, event.service, event.reasons)


def _without_included_addons(draft: TicketDraft, included: frozenset[str]) -> TicketDraft:
    """After an upgrade, drop add-ons the new wash already includes, so nothing is paid twice."""
    lines = tuple(line for line in draft.lines if not (line.is_addon and line.code in included))
    return replace(draft, lines=lines)
