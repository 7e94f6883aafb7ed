"""Real stored sales for receipt tests: tickets completed through the checkout, as at the counter."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import pytest

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale
from posapp.storage.customers import insert_customer

Sell = Callable[..., int]


def sell(
    counter: Counter,
    cashier_id: int,
    *,
    wash: str = "standard_wash",
    upsell: bool = False,
    addons: Sequence[str] = ("car_waxing",),
    customer: str | None = "Łukasz Nowak",
    payment: Payment = Payment.CASH,
    trial: str | None = None,
    renamed: dict[str, str] | None = None,
    tendered: int | None = None,
) -> int:
    """Complete a real sale and return its receipt number; accepted add-ons are cross-sells."""
    now = counter.now()
    draft = TicketDraft(cashier_id=cashier_id, opened_at=now)
    if customer is not None:
        person = Customer(id=None, name=customer)
        draft = draft.with_customer(replace(person, id=insert_customer(counter.db, person, now)))
    service = counter.catalog.get(wash)
    draft = draft.choose_wash(service, OfferKind.UPSELL if upsell else None)
    for code in addons:
        draft = draft.add_addon(counter.catalog.get(code), OfferKind.CROSS_SELL)
        draft = draft.record_offer(
            OfferEvent(Moment.CHECKOUT, OfferKind.CROSS_SELL, code, Outcome.ACCEPTED, now, "Add wax?", 800)
        )
    if trial:
        draft = draft.record_offer(
            OfferEvent(Moment.CHECKOUT, OfferKind.TRIAL_UPGRADE, trial, Outcome.ACCEPTED, now)
        )
    # Long or foreign names reach the ticket exactly as the catalog spells them at the time of sale.
    names = renamed or {}
    draft = replace(
        draft, lines=tuple(replace(line, name=names.get(line.code, line.name)) for line in draft.lines)
    )
    return complete_sale(
        counter.db,
        draft,
        payment=payment,
        settings=counter.settings,
        now=counter.now,
        tendered_cents=tendered,
    ).number


@pytest.fixture
def sale(counter: Counter, staff: object) -> Sell:
    cashier_id: int = staff.cashier_id  # type: ignore[attr-defined]
    return lambda **options: sell(counter, cashier_id, **options)
