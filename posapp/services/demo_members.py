"""The demo site's members: they renew, lapse, buy, upgrade, try and keep plans as a site's members do.

Everything they do goes through the counter's own membership lines (the badge's Sell, Renew,
Upgrade and Keep, from `services.memberships`), stored by `complete_sale` with the sale that pays
for it; their trials end through `settle_trials`, as when the counter opens each morning. The
demo's counter (`services.demo`) asks here, car by car, what a member wants done with their plan.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from posapp.domain.catalog import Catalog
from posapp.domain.customer import Customer
from posapp.domain.errors import UserError
from posapp.domain.ticket import PlanChange, TicketDraft, TicketLine
from posapp.services import memberships
from posapp.settings import Settings
from posapp.storage import memberships as membership_store
from posapp.storage.customers import get_customer
from posapp.storage.db import Database, write_transaction

#: The plans the demo's customers buy, and the share of buyers who take the top one.
STANDARD_PLAN, TOP_PLAN, ON_TOP_PLAN = "standard_club", "premium_club", 0.3
#: How much more often a member comes than another known customer (their washes are paid for).
MEMBER_VISITS = 2.0
#: The share of members who could try the next plan up (six months in) and were trying it when
#: the history begins: trials begun at a renewal before it, ending during its first month.
TRYING_AT_START = 0.15
#: The members' habits, per renewal cycle or visit (shares, not percent): who lets the plan lapse,
#: how many days ahead of the renewal day a member renews when they happen to come by, who keeps
#: a plan they are trying (saying so a week or more into the trial), who comes back to a lapsed
#: plan, and how often a member upgrades or a known customer buys a plan without being asked.
LAPSES, RENEWS_AHEAD_DAYS, KEEPS_TRIAL, KEEPS_AFTER_DAYS = 0.08, 5, 0.5, 7
COMES_BACK, UPGRADES, BUYS_A_PLAN = 0.05, 0.003, 0.004


def trials_under_way(
    db: Database,
    rng: random.Random,
    member_ids: list[int],
    catalog: Catalog,
    settings: Settings,
    first_day: date,
) -> None:
    """Trials the site's history began with, so that even a month of it sees trials end."""
    rules = settings.offer_rules
    with write_transaction(db):
        for customer_id in member_ids:
            customer = get_customer(db, customer_id)
            membership = customer.membership if customer else None
            if membership is None or rng.random() >= TRYING_AT_START:
                continue
            better = catalog.get(membership.plan).upgrade_to
            started = first_day - timedelta(days=rng.randrange(1, rules.trial_days))
            if better is None or membership.tenure_months(started) < rules.min_tenure_months:
                continue
            membership_store.start_trial(
                db,
                customer_id,
                from_plan=membership.plan,
                plan=better,
                started_on=started,
                until=started + timedelta(days=rules.trial_days),
                ticket_id=None,
            )


@dataclass
class DemoMembers:
    """What the demo's members do with their plans at the counter, rung up as the badge's lines.

    Decisions that belong to a renewal cycle or a trial (renew or lapse, keep or not) are drawn
    once and kept, so that a member who comes twice decides once. They come from a random stream
    of their own: what the members do never shifts the demo's draws of cars, washes and answers.
    """

    db: Database
    catalog: Catalog
    settings: Settings
    rng: random.Random
    #: Everyone who holds or held a plan: the customers whose renewal day the demo watches.
    ids: set[int] = field(default_factory=set)
    renewing: dict[tuple[int, date], bool] = field(default_factory=dict)
    keeping: dict[tuple[int, date], bool] = field(default_factory=dict)

    def open_the_counter(self, day: date, now: Callable[[], datetime]) -> None:
        """As `open_counter` does each morning: trials whose last day was yesterday are recorded."""
        memberships.settle_trials(self.db, day, now)

    def at_the_counter(
        self, customer_id: int | None, today: date, now: Callable[[], datetime]
    ) -> Customer | None:
        """The customer as the badge shows them: a trial of theirs that ended is recorded first."""
        customer = get_customer(self.db, customer_id) if customer_id is not None else None
        return memberships.customer_as_of(self.db, customer, today, now)

    def renews(self, customer_id: int, renews_on: date) -> bool:
        """Whether the member renews the cycle ending on `renews_on` (False: it lapses)."""
        key = (customer_id, renews_on)
        if key not in self.renewing:
            self.renewing[key] = self.rng.random() >= LAPSES
        return self.renewing[key]

    def keeps(self, customer_id: int, trial_until: date) -> bool:
        key = (customer_id, trial_until)
        if key not in self.keeping:
            self.keeping[key] = self.rng.random() < KEEPS_TRIAL
        return self.keeping[key]

    def coming_to_renew(self, day: date, cars: int) -> dict[int, int]:
        """Members renewing today who did not renew at an earlier visit come in for it: car → customer."""
        due = []
        for customer_id in sorted(self.ids):
            customer = get_customer(self.db, customer_id)
            membership = customer.membership if customer else None
            if membership is not None and membership.renews_on == day and self.renews(customer_id, day):
                due.append(customer_id)
        slots = self.rng.sample(range(cars), k=min(len(due), cars))
        return dict(zip(slots, due, strict=False))

    def errand(self, draft: TicketDraft, today: date) -> tuple[TicketDraft, bool]:
        """The ticket with the plan line the customer came for, if any; True: a renewal needs a ticket apart.

        A ticket holds one change of plan: a renewal that meets a trial (or an upgrade) already on
        it is rung up on a ticket of its own right after, as a cashier would.
        """
        line = self.plan_line(draft.customer, today)
        if line is None:
            return draft, False
        if draft.plan_line is not None:
            return draft, line.plan_change is PlanChange.RENEW
        return draft.add_plan_line(line), False

    def renewal_alone(self, customer: Customer, cashier_id: int, opened_at: datetime) -> TicketDraft:
        """A ticket of the member's renewal and nothing else (no wash), as the badge's Renew rings it."""
        draft = TicketDraft(
            cashier_id=cashier_id,
            opened_at=opened_at,
            customer=customer,
            draft_id=uuid.UUID(int=self.rng.getrandbits(128)).hex,
        )
        return draft.add_plan_line(memberships.renew_line(customer, self.catalog, opened_at.date()))

    def plan_line(self, customer: Customer | None, today: date) -> TicketLine | None:
        """The badge's Sell, Renew, Upgrade or Keep line the customer asks for today, if any."""
        if customer is None or customer.id is None:
            return None
        membership = customer.membership
        if membership is None:
            if self.rng.random() >= BUYS_A_PLAN:
                return None
            self.ids.add(customer.id)
            plan = TOP_PLAN if self.rng.random() < ON_TOP_PLAN else STANDARD_PLAN
            return memberships.sell_line(customer, plan, self.catalog, today)
        if membership.lapsed(today):
            back = self.rng.random() < COMES_BACK
            return memberships.renew_line(customer, self.catalog, today) if back else None
        if (membership.renews_on - today).days <= RENEWS_AHEAD_DAYS and self.renews(
            customer.id, membership.renews_on
        ):
            return memberships.renew_line(customer, self.catalog, today)
        if membership.trial_running(today) and membership.trial_until is not None:
            began = membership.trial_until - timedelta(days=self.settings.offer_rules.trial_days)
            if (
                membership.trial_kept
                or (today - began).days < KEEPS_AFTER_DAYS
                or not self.keeps(customer.id, membership.trial_until)
            ):
                return None
            return memberships.upgrade_line(customer, self.catalog, today)  # "Keep …"
        if self.rng.random() >= UPGRADES:
            return None
        try:
            return memberships.upgrade_line(customer, self.catalog, today)
        except UserError:
            return None  # already on the top plan
