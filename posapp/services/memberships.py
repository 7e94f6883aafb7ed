"""Memberships at the counter: sell, renew, upgrade, try and keep a plan, and settle trials that ended.

A change of plan is a ticket line, paid like any sale; the plan itself changes in the same
transaction that stores the sale (`apply_plan_change`, called by `complete_sale`).

How a trial ends (the sales process: "we offer short trials for our higher-tier subscriptions",
and "prioritize the customer's needs and feelings"): nobody is moved to a dearer plan without
saying yes. A trial **converts** when, before its last day has passed, the customer said they
keep the plan (the badge's "Keep …", a $0 line on a completed ticket) and the membership had
not lapsed by the trial's last day; they then stay on the higher tier and pay its price from
the next renewal. Otherwise it **expires**: back to the plan they had, which never changed.
Either is recorded once, on the first day after the trial's last day (`settle_trials`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from posapp.domain.catalog import Catalog, Service, ServiceKind
from posapp.domain.customer import Customer, Membership, add_months
from posapp.domain.errors import UserError
from posapp.domain.offer import OfferKind
from posapp.domain.ticket import PlanChange, TicketDraft, TicketLine
from posapp.storage import memberships as store
from posapp.storage.customers import get_customer
from posapp.storage.db import Database, write_transaction

CONVERTED, EXPIRED = "converted", "expired"


@dataclass(frozen=True)
class BadgeActions:
    """Which membership buttons the badge offers for this customer today, and their words."""

    can_sell: bool = False
    can_renew: bool = False
    upgrade_label: str = "Upgrade"
    can_upgrade: bool = False


def plan_name(code: str, catalog: Catalog) -> str:
    return catalog.get(code).name if code in catalog else code


def _plan(code: str, catalog: Catalog) -> Service:
    service = catalog.get(code)
    if service.kind is not ServiceKind.MEMBERSHIP:
        raise UserError(f"{service.name} is not a membership plan.")
    return service


def _next_plan(membership: Membership, catalog: Catalog) -> Service | None:
    if membership.plan not in catalog:
        return None
    step = catalog.get(membership.plan).upgrade_to
    if step is None or step not in catalog:
        return None
    better = catalog.get(step)
    return better if better.active and better.kind is ServiceKind.MEMBERSHIP else None


def _membership_of(customer: Customer | None) -> Membership:
    if customer is None or customer.membership is None:
        raise UserError("The customer has no membership: sell a plan first.")
    return customer.membership


def sell_line(customer: Customer | None, code: str, catalog: Catalog, today: date) -> TicketLine:
    """A new plan for a customer without one (or whose plan lapsed): its first month, at its price."""
    if customer is not None and customer.membership is not None and not customer.membership.lapsed(today):
        raise UserError(f"{customer.name} already has a membership: renew or upgrade it instead.")
    plan = _plan(code, catalog)
    until = add_months(today, 1, today.day)
    return TicketLine(
        plan.code,
        f"{plan.name} to {until.isoformat()}",
        plan.price_cents,
        plan_change=PlanChange.SELL,
    )


def renew_line(customer: Customer | None, catalog: Catalog, today: date) -> TicketLine:
    """One more cycle of the member's plan at its price (a lapsed plan restarts today)."""
    membership = _membership_of(customer)
    plan = _plan(membership.plan, catalog)
    until = membership.next_renewal(today)
    return TicketLine(
        plan.code,
        f"{plan.name} renewal to {until.isoformat()}",
        plan.price_cents,
        plan_change=PlanChange.RENEW,
    )


def upgrade_line(customer: Customer | None, catalog: Catalog, today: date) -> TicketLine:
    """The next plan up from today, paying the difference for this cycle; during a trial, keeping it."""
    membership = _membership_of(customer)
    current = plan_name(membership.plan, catalog)
    if membership.lapsed(today):
        raise UserError(f"The {current} lapsed on {membership.renews_on.isoformat()}: renew it first.")
    if membership.trial_running(today) and membership.trial_plan:
        trying = plan_name(membership.trial_plan, catalog)
        if membership.trial_kept:
            raise UserError(f"The customer already keeps the {trying} when the trial ends.")
        return TicketLine(membership.trial_plan, f"Keep {trying} after trial", 0, plan_change=PlanChange.KEEP)
    better = _next_plan(membership, catalog)
    if better is None:
        raise UserError(f"The {current} is already our top plan.")
    difference = max(0, better.price_cents - catalog.get(membership.plan).price_cents)
    return TicketLine(
        better.code,
        f"{better.name} upgrade",
        difference,
        plan_change=PlanChange.UPGRADE,
    )


def trial_line(customer: Customer | None, catalog: Catalog, today: date, trial_days: int) -> TicketLine:
    """A free trial of the next plan up: a $0 line, so a ticket holding only the trial completes."""
    membership = _membership_of(customer)
    if membership.lapsed(today):
        current = plan_name(membership.plan, catalog)
        raise UserError(f"The {current} lapsed on {membership.renews_on.isoformat()}: renew it first.")
    if membership.trial_running(today):
        raise UserError("The customer is already trying a plan.")
    better = _next_plan(membership, catalog)
    if better is None:
        raise UserError(f"The {plan_name(membership.plan, catalog)} is already our top plan.")
    until = today + timedelta(days=trial_days)
    return TicketLine(
        better.code,
        f"{better.name} trial to {until.isoformat()}",
        0,
        offer_kind=OfferKind.TRIAL_UPGRADE,
        plan_change=PlanChange.TRIAL,
    )


def badge_actions(customer: Customer | None, catalog: Catalog, today: date) -> BadgeActions:
    """What the badge's buttons may do now: a walk-in gets none, a non-member may buy a plan."""
    if customer is None or customer.id is None:
        return BadgeActions()
    membership = customer.membership
    if membership is None or membership.lapsed(today):
        return BadgeActions(can_sell=membership is None, can_renew=membership is not None)
    if membership.trial_running(today) and membership.trial_plan:
        label = f"Keep {plan_name(membership.trial_plan, catalog)}"
        return BadgeActions(can_renew=True, upgrade_label=label, can_upgrade=not membership.trial_kept)
    return BadgeActions(can_renew=True, can_upgrade=_next_plan(membership, catalog) is not None)


def apply_plan_change(
    db: Database,
    draft: TicketDraft,
    ticket_id: int,
    today: date,
    trial_days: int,
    accepted_trials: tuple[str, ...],
) -> None:
    """Change the customer's plan as the ticket's membership line says; inside the sale's transaction.

    The membership is read again here, as stored: the draft's copy may be hours old.
    `accepted_trials` are trial offers accepted without a line (drafts from before trial lines).
    """
    customer_id = draft.customer.id if draft.customer else None
    line = draft.plan_line
    if customer_id is None:
        if line is not None:
            raise UserError("A membership line needs a known customer on the ticket.")
        return
    stored = get_customer(db, customer_id)
    if stored is None and line is None:
        return  # erased meanwhile at another till: the wash sale stands, no plan to change
    if stored is None:
        raise UserError("The customer on this ticket is no longer on file; take the membership line off.")
    membership = stored.membership
    trials = list(accepted_trials)
    if line is not None or trials:
        change = line.plan_change.value if line is not None and line.plan_change else PlanChange.TRIAL.value
        store.record_plan_change(db, ticket_id, customer_id, change, store.snapshot_plan(db, customer_id))
    if line is not None:
        _apply_line(db, line, stored, membership, ticket_id, today, trial_days)
        if line.plan_change is PlanChange.TRIAL:
            trials = []
    for plan in trials:
        if membership is not None and not membership.trial_running(today):
            until = today + timedelta(days=trial_days)
            store.start_trial(
                db,
                customer_id,
                from_plan=membership.plan,
                plan=plan,
                started_on=today,
                until=until,
                ticket_id=ticket_id,
            )


def _apply_line(
    db: Database,
    line: TicketLine,
    customer: Customer,
    membership: Membership | None,
    ticket_id: int,
    today: date,
    trial_days: int,
) -> None:
    customer_id = customer.id
    assert customer_id is not None
    change = line.plan_change
    if change is PlanChange.SELL:
        if membership is not None and not membership.lapsed(today):
            raise UserError(f"{customer.name} already has a membership: renew or upgrade it instead.")
        start = Membership(line.code, today, add_months(today, 1, today.day))
        store.start_membership(db, customer_id, start, today=today)
        return
    if membership is None:
        raise UserError(f"{customer.name} has no membership to change; sell a plan instead.")
    if change is PlanChange.RENEW:
        store.renew_membership(db, customer_id, membership.next_renewal(today))
    elif change is PlanChange.UPGRADE:
        store.change_plan(db, customer_id, line.code)
    elif change is PlanChange.TRIAL:
        until = today + timedelta(days=trial_days)
        store.start_trial(
            db,
            customer_id,
            from_plan=membership.plan,
            plan=line.code,
            started_on=today,
            until=until,
            ticket_id=ticket_id,
        )
    elif change is PlanChange.KEEP:
        store.keep_trial(db, customer_id)


def undo_plan_change(db: Database, ticket_id: int, ticket_number: int, at: datetime, today: date) -> bool:
    """A voided or refunded ticket's change of plan is undone with it; inside the void's transaction.

    Only the customer's latest change can be undone: after it, the plan was changed again on
    another ticket, and putting back the older state would throw that sale away too.
    Returns whether the ticket had a change of plan.
    """
    change = store.sold_change(db, ticket_id)
    if change is None:
        return False
    if change.later_ticket_number is not None:
        raise UserError(
            f"Ticket {ticket_number} changed a membership that ticket {change.later_ticket_number}"
            " changed again; void or refund that ticket first."
        )
    store.undo_plan_change(db, ticket_id, change, at, today)
    return True


def trial_outcome(trial: store.DueTrial) -> str:
    """The rule written at the top of this module, for one trial whose last day has passed."""
    in_good_standing = trial.renews_on is not None and trial.renews_on >= trial.until
    return CONVERTED if trial.kept and in_good_standing else EXPIRED


def settle_trials(
    db: Database, today: date, now: Callable[[], datetime], customer_id: int | None = None
) -> list[tuple[int, str]]:
    """Record each trial whose last day has passed as converted or expired, once; returns (customer, outcome).

    Safe to run any number of times, from any till at once: a trial already recorded is skipped.
    """
    if not store.due_trials(db, today, customer_id):
        return []  # the common case costs one read and no write lock
    settled: list[tuple[int, str]] = []
    with write_transaction(db):
        for trial in store.due_trials(db, today, customer_id):
            outcome = trial_outcome(trial)
            if store.settle_trial(db, trial, outcome, now()):
                settled.append((trial.customer_id, outcome))
    return settled


def customer_as_of(
    db: Database, customer: Customer | None, today: date, now: Callable[[], datetime]
) -> Customer | None:
    """The customer as the counter should see them today: a trial that ended is settled first."""
    if customer is None or customer.id is None:
        return customer
    if not settle_trials(db, today, now, customer.id):
        return customer
    return get_customer(db, customer.id) or customer
