"""Which offers each moment considers, and whether each one fits what the customer has.

Relevance comes from the catalog (a wash's `complements`, `includes` and `upgrade_to`),
never from service codes written here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from posapp.domain.catalog import Catalog, Service, ServiceKind
from posapp.domain.customer import Membership
from posapp.domain.offer import Moment, OfferKind, Reason
from posapp.offers.model import CustomerFacts, Note, OfferRules, Situation


@dataclass(frozen=True)
class Candidate:
    """One offer a moment could make; `service` is empty when there is nothing to offer at all."""

    kind: OfferKind
    service: str
    name: str = ""
    price_delta_cents: int = 0
    #: Reasons that belong to the candidate itself (not relevant, tenure too short).
    own_reasons: tuple[Note, ...] = ()
    trial_days: int | None = None


def candidates_for(
    situation: Situation, catalog: Catalog, rules: OfferRules, today: date
) -> tuple[Candidate, ...]:
    """Every offer this moment considers, in the catalog's order, each marked if it does not fit."""
    if situation.moment is Moment.CHECKOUT:
        return _checkout_for(situation.cart, situation.prices_on_ticket, catalog)
    cart = _priced_as_on_ticket(_known_services(situation.cart, catalog), dict(situation.prices_on_ticket))
    if situation.moment is Moment.RENEWAL:
        return (_renewal(situation.customer, catalog, rules, today),)
    if situation.moment.decided_as is Moment.SERVICE:
        return (_service_upsell(situation.customer, cart, catalog, today),)
    return _follow_up(situation.customer, cart, catalog)


#: The checkout's candidates by ticket contents, with the catalog they were found in. They depend
#: on nothing else, and every tap, customer looked up and answer re-decides the same ticket.
_CHECKOUT_SEEN: dict[
    tuple[tuple[str, ...], tuple[tuple[str, int], ...]], tuple[Catalog, tuple[Candidate, ...]]
] = {}
_CHECKOUT_SEEN_MOST = 512


def _checkout_for(
    codes: tuple[str, ...], prices: tuple[tuple[str, int], ...], catalog: Catalog
) -> tuple[Candidate, ...]:
    key = (codes, prices)
    seen = _CHECKOUT_SEEN.get(key)
    if seen is not None and seen[0] is catalog:  # a manager's edit makes a new catalog: found again
        return seen[1]
    cart = _priced_as_on_ticket(_known_services(codes, catalog), dict(prices))
    found = _checkout(cart, catalog)
    if len(_CHECKOUT_SEEN) >= _CHECKOUT_SEEN_MOST:
        _CHECKOUT_SEEN.clear()
    _CHECKOUT_SEEN[key] = (catalog, found)
    return found


def _known_services(codes: tuple[str, ...], catalog: Catalog) -> tuple[Service, ...]:
    # A code the catalog no longer knows cannot make anything relevant; skip it quietly.
    return tuple(catalog.get(code) for code in codes if code in catalog)


def _priced_as_on_ticket(cart: tuple[Service, ...], prices: dict[str, int]) -> tuple[Service, ...]:
    if not prices:
        return cart
    return tuple(
        replace(service, price_cents=prices[service.code]) if service.code in prices else service
        for service in cart
    )


def _wash_in(cart: tuple[Service, ...]) -> Service | None:
    return next((service for service in cart if service.kind is ServiceKind.WASH), None)


def _nothing(kind: OfferKind, note: str) -> Candidate:
    return Candidate(kind, "", own_reasons=((Reason.NOT_RELEVANT, note),))


def _checkout(cart: tuple[Service, ...], catalog: Catalog) -> tuple[Candidate, ...]:
    wash = _wash_in(cart)
    if wash is None:
        return (_nothing(OfferKind.CROSS_SELL, "there is no wash on the ticket yet"),)
    return (*_complements(wash, cart, catalog), _wash_upgrade(wash, catalog, cart))


def _complements(wash: Service, cart: tuple[Service, ...], catalog: Catalog) -> list[Candidate]:
    """The wash's complementary add-ons, each held back if the ticket already gives it."""
    offers = []
    for code in wash.complements:
        addon = catalog.get(code)
        if not addon.active:
            continue
        offers.append(
            Candidate(
                OfferKind.CROSS_SELL,
                addon.code,
                addon.name,
                addon.price_cents,
                _already_given(addon, cart),
            )
        )
    return offers


def _already_given(offered: Service, cart: tuple[Service, ...]) -> tuple[Note, ...]:
    if any(service.code == offered.code for service in cart):
        return ((Reason.NOT_RELEVANT, f"{offered.name} is already on the ticket"),)
    for service in cart:
        if offered.code in service.includes:
            return ((Reason.NOT_RELEVANT, f"the {service.name} already includes {offered.name}"),)
    return ()


def _next_step(service: Service, catalog: Catalog) -> Service | None:
    if service.upgrade_to is None:
        return None
    step = catalog.get(service.upgrade_to)
    return step if step.active else None


def _wash_upgrade(wash: Service, catalog: Catalog, cart: tuple[Service, ...]) -> Candidate:
    """The next wash up, priced as the customer will pay it: add-ons it includes come off the ticket."""
    better = _next_step(wash, catalog)
    if better is None:
        return _nothing(OfferKind.UPSELL, f"the {wash.name} is already our top wash")
    replaced = wash.price_cents + sum(s.price_cents for s in cart if s.code in better.includes)
    return Candidate(OfferKind.UPSELL, better.code, better.name, max(0, better.price_cents - replaced))


def _plan_of(customer: CustomerFacts | None, catalog: Catalog) -> Service | None:
    if customer is None or not customer.member_plan or customer.member_plan not in catalog:
        return None
    plan = catalog.get(customer.member_plan)
    return plan if plan.kind is ServiceKind.MEMBERSHIP else None


def _renewal(customer: CustomerFacts | None, catalog: Catalog, rules: OfferRules, today: date) -> Candidate:
    plan = _plan_of(customer, catalog)
    if customer is None or plan is None:
        return _nothing(OfferKind.TRIAL_UPGRADE, "the customer has no membership to renew")
    better = _next_step(plan, catalog)
    if better is None:
        return _nothing(OfferKind.TRIAL_UPGRADE, f"the {plan.name} is already our top plan")
    notes: list[Note] = []
    trying = _trial_running(customer, catalog, today)
    if trying:
        notes.append((Reason.NOT_RELEVANT, trying))
    renews_on = customer.renews_on
    if renews_on is None:
        notes.append((Reason.NOT_RELEVANT, "the plan's renewal date is not known"))
    elif not 0 <= (renews_on - today).days <= rules.renewal_window_days:
        notes.append(
            (
                Reason.NOT_RELEVANT,
                f"the {plan.name} renews on {renews_on.isoformat()}, "
                f"not within the next {rules.renewal_window_days} days",
            )
        )
    months = _tenure_months(customer, plan, today)
    if months < rules.min_tenure_months:
        notes.append(
            (
                Reason.TENURE,
                f"the customer has been a member for {_months(months)}; "
                f"a trial upgrade needs {_months(rules.min_tenure_months)}",
            )
        )
    return Candidate(
        OfferKind.TRIAL_UPGRADE,
        better.code,
        better.name,
        max(0, better.price_cents - plan.price_cents),
        tuple(notes),
        trial_days=rules.trial_days,
    )


def _trial_running(customer: CustomerFacts, catalog: Catalog, today: date) -> str:
    """Words for a trial still running (a second trial on top of it would be no offer at all), or ""."""
    # As at checkout, a trial runs through its last day; one without an end date is no trial.
    if customer.trial_plan is None or customer.trial_until is None or customer.trial_until < today:
        return ""
    plan = catalog.get(customer.trial_plan).name if customer.trial_plan in catalog else customer.trial_plan
    return f"the customer is already trying the {plan} until {customer.trial_until.isoformat()}"


def _tenure_months(customer: CustomerFacts, plan: Service, today: date) -> int:
    # An unknown start date cannot prove six months of loyalty, so it counts as none.
    if customer.member_since is None:
        return 0
    renews_on = customer.renews_on or today
    return Membership(plan.code, customer.member_since, renews_on).tenure_months(today)


def _months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def _service_upsell(
    customer: CustomerFacts | None, cart: tuple[Service, ...], catalog: Catalog, today: date
) -> Candidate:
    """A member hears about the next plan; anyone else about the wash a step up (or the top one).

    A member already trying the next plan is not sold it again: keeping it is their own yes.
    """
    plan = _plan_of(customer, catalog)
    if plan is not None and customer is not None:
        better = _next_step(plan, catalog)
        if better is None:
            return _nothing(OfferKind.UPSELL, f"the {plan.name} is already our top plan")
        trying = _trial_running(customer, catalog, today)
        if customer.renews_on is not None and customer.renews_on < today:
            # A lapsed plan cannot be upgraded (the counter refuses it): renewing comes first.
            trying = f"the {plan.name} lapsed on {customer.renews_on.isoformat()}: it is renewed first"
        if trying:
            return Candidate(
                OfferKind.UPSELL,
                better.code,
                better.name,
                max(0, better.price_cents - plan.price_cents),
                ((Reason.NOT_RELEVANT, trying),),
            )
        return Candidate(
            OfferKind.UPSELL,
            better.code,
            better.name,
            max(0, better.price_cents - plan.price_cents),
        )
    wash = _wash_in(cart)
    if wash is not None:
        return _wash_upgrade(wash, catalog, cart)
    washes = catalog.washes()
    if not washes:
        return _nothing(OfferKind.UPSELL, "the catalog has no wash to suggest")
    top = washes[-1]
    return Candidate(OfferKind.UPSELL, top.code, top.name, top.price_cents)


def _follow_up(
    customer: CustomerFacts | None, cart: tuple[Service, ...], catalog: Catalog
) -> tuple[Candidate, ...]:
    if customer is None:
        return (_nothing(OfferKind.CROSS_SELL, "the customer is a walk-in: nobody to follow up with"),)
    wash = _wash_in(cart)
    if wash is None:
        return (_nothing(OfferKind.CROSS_SELL, "the purchase had no wash to follow up on"),)
    return tuple(_complements(wash, cart, catalog))
