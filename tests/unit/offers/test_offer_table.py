"""One row per rule and per moment of the sales process, each checked against a real Decision."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from posapp.domain.catalog import Catalog
from posapp.domain.offer import Moment, OfferKind
from posapp.domain.ticket import Flag
from posapp.offers.engine import decide
from posapp.offers.model import (
    CustomerFacts,
    Decision,
    DeclinedOffer,
    OfferRules,
    Policy,
    Situation,
)
from posapp.offers.scripts import Scripts, money_formatter

ANA = CustomerFacts(id=12, first_name="Ana")
ANA_AGREED = CustomerFacts(id=12, first_name="Ana", marketing_consent=True)
#: A member of nine months whose Standard Club renews in four days.
LOYAL_MEMBER = replace(
    ANA, member_plan="standard_club", member_since=date(2026, 2, 10), renews_on=date(2026, 12, 1)
)

SITE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SITE)  # the site's time every rule is judged at
USD = money_formatter("USD", "en_US")

CROSS = OfferKind.CROSS_SELL
UP = OfferKind.UPSELL
TRIAL = OfferKind.TRIAL_UPGRADE


@dataclass(frozen=True)
class Row:
    situation: Situation
    offer: tuple[OfferKind, str, int] | None
    #: (kind, service) -> the exact reasons it must be held back for.
    held: dict[tuple[OfferKind, str], tuple[str, ...]] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)
    premium_complements: tuple[str, ...] | None = None


def checkout(*cart: str, **more: Any) -> Situation:
    return Situation(Moment.CHECKOUT, cart=cart, **more)


ROWS = {
    # --- moments -----------------------------------------------------------------------
    "checkout cross-sells Car Waxing to a Standard Wash": Row(
        checkout("standard_wash", customer=ANA),
        (CROSS, "car_waxing", 800),
        {(UP, "premium_package"): ("not_chosen",), (CROSS, "tire_shine"): ("not_chosen",)},
    ),
    "checkout upsells Express Wash to the Premium Package when upsell comes first": Row(
        checkout("express_wash"),
        (UP, "premium_package", 1500),
        {(CROSS, "car_waxing"): ("not_chosen",)},
        rules={"fixed_order": (UP, CROSS)},
    ),
    "the upgrade is priced as paid: add-ons the Premium Package includes come off the ticket": Row(
        checkout("standard_wash", "tire_shine"),
        (UP, "premium_package", 600),  # 25.00 - (15.00 + 4.00 for the tire shine it includes)
        {(CROSS, "car_waxing"): ("not_chosen",), (CROSS, "underbody_rinse"): ("not_chosen",)},
        rules={"fixed_order": (UP, CROSS)},
    ),
    "a member's $0 club wash: the upgrade is quoted at the full Premium price": Row(
        Situation(Moment.CHECKOUT, cart=("standard_wash",), prices_on_ticket=(("standard_wash", 0),)),
        (UP, "premium_package", 2500),
        {
            (CROSS, "car_waxing"): ("not_chosen",),
            (CROSS, "tire_shine"): ("not_chosen",),
            (CROSS, "underbody_rinse"): ("not_chosen",),
        },
        rules={"fixed_order": (UP, CROSS)},
    ),
    "checkout Premium Package: no higher tier, waxing still fits": Row(
        checkout("premium_package"),
        (CROSS, "car_waxing", 800),
        {(UP, ""): ("not_relevant",)},
    ),
    "renewal: member of 9 months gets a free trial of the next tier": Row(
        Situation(Moment.RENEWAL, customer=LOYAL_MEMBER), (TRIAL, "premium_club", 1000)
    ),
    "service question: a member hears about the next plan": Row(
        Situation(Moment.SERVICE, customer=LOYAL_MEMBER), (UP, "premium_club", 1000)
    ),
    "service question: a walk-in with a Standard Wash hears about the Premium Package": Row(
        Situation(Moment.SERVICE, cart=("standard_wash",)), (UP, "premium_package", 1000)
    ),
    "service question: no wash yet, the Premium Package at its price": Row(
        Situation(Moment.SERVICE, customer=ANA), (UP, "premium_package", 2500)
    ),
    "follow-up after a Standard Wash suggests a complement": Row(
        Situation(Moment.FOLLOW_UP, cart=("standard_wash", "car_waxing"), customer=ANA_AGREED),
        (CROSS, "tire_shine", 400),
        {(CROSS, "car_waxing"): ("not_relevant",)},
    ),
    "follow-up: no consent to hear from us, no message": Row(
        Situation(Moment.FOLLOW_UP, cart=("standard_wash",), customer=ANA),
        None,
        {
            (CROSS, "car_waxing"): ("no_consent",),
            (CROSS, "tire_shine"): ("no_consent",),
            (CROSS, "underbody_rinse"): ("no_consent",),
        },
    ),
    # --- the "don't" rules -------------------------------------------------------------
    "complaint flag: nothing at all": Row(
        checkout("standard_wash", flags=frozenset({Flag.COMPLAINT})),
        None,
        {(CROSS, "car_waxing"): ("complaint",), (UP, "premium_package"): ("complaint",)},
    ),
    "open complaint on record: nothing at all": Row(
        checkout("standard_wash", customer=replace(ANA, open_complaint=True)),
        None,
        {(CROSS, "car_waxing"): ("complaint",), (UP, "premium_package"): ("complaint",)},
    ),
    "complaint at a service question: no upsell": Row(
        Situation(Moment.SERVICE, flags=frozenset({Flag.COMPLAINT}), customer=LOYAL_MEMBER),
        None,
        {(UP, "premium_club"): ("complaint",)},
    ),
    "budget flag: no cross-sell, no upsell": Row(
        checkout("express_wash", flags=frozenset({Flag.BUDGET})),
        None,
        {(CROSS, "car_waxing"): ("budget",), (UP, "premium_package"): ("budget",)},
    ),
    "budget remembered on the customer": Row(
        checkout("express_wash", customer=replace(ANA, budget_sensitive=True)),
        None,
        {(CROSS, "tire_shine"): ("budget",), (UP, "premium_package"): ("budget",)},
    ),
    "budget at renewal: no trial upgrade either": Row(
        Situation(Moment.RENEWAL, customer=replace(LOYAL_MEMBER, budget_sensitive=True)),
        None,
        {(TRIAL, "premium_club"): ("budget",)},
    ),
    "undecided flag: overwhelmed": Row(
        checkout("standard_wash", flags=frozenset({Flag.UNDECIDED})),
        None,
        {(CROSS, "car_waxing"): ("overwhelmed",)},
    ),
    "wash changed 3 times: overwhelmed": Row(
        checkout("standard_wash", wash_changes=3), None, {(UP, "premium_package"): ("overwhelmed",)}
    ),
    "wash changed twice: still fine": Row(
        checkout("standard_wash", wash_changes=2), (CROSS, "car_waxing", 800)
    ),
    "accepted an offer 10 days ago: recent": Row(
        checkout("standard_wash", customer=replace(ANA, last_accepted_offer_at=NOW - timedelta(days=10))),
        None,
        {(CROSS, "car_waxing"): ("recent",), (UP, "premium_package"): ("recent",)},
    ),
    "accepted an offer 31 days ago: cooled down": Row(
        checkout("standard_wash", customer=replace(ANA, last_accepted_offer_at=NOW - timedelta(days=31))),
        (CROSS, "car_waxing", 800),
    ),
    "declined Car Waxing last week: the next complement instead": Row(
        checkout(
            "standard_wash",
            customer=replace(ANA, declined=(DeclinedOffer("car_waxing", NOW - timedelta(days=7)),)),
        ),
        (CROSS, "tire_shine", 400),
        {(CROSS, "car_waxing"): ("declined_recently",)},
    ),
    "declined Car Waxing two months ago: offered again": Row(
        checkout(
            "standard_wash",
            customer=replace(ANA, declined=(DeclinedOffer("car_waxing", NOW - timedelta(days=60)),)),
        ),
        (CROSS, "car_waxing", 800),
    ),
    "Car Waxing already in the cart: not relevant": Row(
        checkout("standard_wash", "car_waxing"),
        (CROSS, "tire_shine", 400),
        {(CROSS, "car_waxing"): ("not_relevant",)},
    ),
    "no wash in the cart: not relevant": Row(checkout("car_waxing"), None, {(CROSS, ""): ("not_relevant",)}),
    "the Premium Package includes Tire Shine: not relevant": Row(
        checkout("premium_package"),
        (CROSS, "car_waxing", 800),
        {(CROSS, "tire_shine"): ("not_relevant",)},
        premium_complements=("tire_shine", "car_waxing"),
    ),
    "an offer answered on this ticket: one per ticket": Row(
        checkout("standard_wash", answered_on_ticket=("car_waxing",)),
        None,
        {(UP, "premium_package"): ("one_per_ticket",)},
    ),
    "renewal: member of 4 months is held back for tenure": Row(
        Situation(Moment.RENEWAL, customer=replace(LOYAL_MEMBER, member_since=date(2026, 7, 15))),
        None,
        {(TRIAL, "premium_club"): ("tenure",)},
    ),
    "question from a member whose plan lapsed: no upgrade, renewing comes first": Row(
        Situation(Moment.QUESTION, customer=replace(LOYAL_MEMBER, renews_on=date(2026, 11, 20))),
        None,
        {(UP, "premium_club"): ("not_relevant",)},
    ),
    "renewal two months away: not relevant yet": Row(
        Situation(Moment.RENEWAL, customer=replace(LOYAL_MEMBER, renews_on=date(2027, 1, 27))),
        None,
        {(TRIAL, "premium_club"): ("not_relevant",)},
    ),
    "renewal during a running trial of the next tier: not relevant": Row(
        Situation(
            Moment.RENEWAL,
            customer=replace(LOYAL_MEMBER, trial_plan="premium_club", trial_until=date(2026, 12, 20)),
        ),
        None,
        {(TRIAL, "premium_club"): ("not_relevant",)},
    ),
    "renewal on the last day of a trial: still running": Row(
        Situation(
            Moment.RENEWAL,
            customer=replace(LOYAL_MEMBER, trial_plan="premium_club", trial_until=date(2026, 11, 27)),
        ),
        None,
        {(TRIAL, "premium_club"): ("not_relevant",)},
    ),
    "renewal with a trial that has no end date: no trial, offered": Row(
        Situation(Moment.RENEWAL, customer=replace(LOYAL_MEMBER, trial_plan="premium_club")),
        (TRIAL, "premium_club", 1000),
    ),
    "renewal after a trial has ended: offered again": Row(
        Situation(
            Moment.RENEWAL,
            customer=replace(LOYAL_MEMBER, trial_plan="premium_club", trial_until=date(2026, 11, 26)),
        ),
        (TRIAL, "premium_club", 1000),
    ),
    "renewal of the top plan: not relevant": Row(
        Situation(Moment.RENEWAL, customer=replace(LOYAL_MEMBER, member_plan="premium_club")),
        None,
        {(TRIAL, ""): ("not_relevant",)},
    ),
    "renewal for a walk-in: not relevant": Row(
        Situation(Moment.RENEWAL), None, {(TRIAL, ""): ("not_relevant",)}
    ),
    "follow-up for a walk-in: nobody to write to": Row(
        Situation(Moment.FOLLOW_UP, cart=("standard_wash",)), None, {(CROSS, ""): ("not_relevant",)}
    ),
    "every reason is listed, weightiest first": Row(
        checkout(
            "standard_wash",
            flags=frozenset({Flag.COMPLAINT, Flag.BUDGET, Flag.UNDECIDED}),
            customer=replace(
                ANA,
                last_accepted_offer_at=NOW - timedelta(days=1),
                declined=(DeclinedOffer("car_waxing", NOW - timedelta(days=2)),),
            ),
            answered_on_ticket=("tire_shine",),
        ),
        None,
        {
            (CROSS, "car_waxing"): (
                "complaint",
                "budget",
                "overwhelmed",
                "recent",
                "declined_recently",
                "one_per_ticket",
            ),
        },
    ),
    # --- choosing between a cross-sell and an upsell ------------------------------------
    "best value: a well-taken upsell beats the cross-sell": Row(
        checkout("standard_wash"),
        (UP, "premium_package", 1000),
        {(CROSS, "car_waxing"): ("not_chosen",)},
        rules={"policy": Policy.BEST_VALUE, "take_rates": {("upsell", "premium_package"): 0.6}},
    ),
    "best value: a well-taken cross-sell beats a rarely taken upsell": Row(
        checkout("standard_wash"),
        (CROSS, "car_waxing", 800),
        {(UP, "premium_package"): ("not_chosen",)},
        rules={
            "policy": Policy.BEST_VALUE,
            "take_rates": {("upsell", "premium_package"): 0.1, ("cross_sell", "car_waxing"): 0.7},
        },
    ),
}


def held_back(decision: Decision) -> dict[tuple[OfferKind, str], tuple[str, ...]]:
    return {(held.kind, held.service): held.reasons for held in decision.held_back}


def with_premium_complements(catalog: Catalog, complements: tuple[str, ...]) -> Catalog:
    return Catalog(
        tuple(
            replace(s, complements=complements) if s.code == "premium_package" else s
            for s in catalog.services
        )
    )


@pytest.mark.parametrize("row", list(ROWS.values()), ids=list(ROWS))
def test_sales_process(row: Row, catalog: Catalog, scripts: Scripts) -> None:
    if row.premium_complements is not None:
        catalog = with_premium_complements(catalog, row.premium_complements)
    decision = decide(row.situation, catalog, OfferRules(**row.rules), NOW, scripts=scripts, format_price=USD)
    offer = decision.offer
    got = None if offer is None else (offer.kind, offer.service, offer.price_delta_cents)
    assert got == row.offer
    reasons = held_back(decision)
    for candidate, expected in row.held.items():
        assert reasons.get(candidate) == expected, candidate
    assert all(held.reasons and held.explanation for held in decision.held_back)
    if offer is not None:
        assert offer.script and (offer.kind, offer.service) not in reasons


def test_renewal_trial_says_it_is_free(catalog: Catalog, scripts: Scripts) -> None:
    decision = decide(
        Situation(Moment.RENEWAL, customer=LOYAL_MEMBER),
        catalog,
        OfferRules(),
        NOW,
        scripts=scripts,
        format_price=USD,
    )
    assert decision.offer is not None
    assert decision.offer.trial_days == 30
    script = decision.offer.script
    assert script.startswith("Hi Ana, your Standard Club renews soon")
    assert "Premium Club free for 30 days" in script
    assert "$10.00 a month more" in script


def test_the_same_decision_under_fixed_and_best_value_when_only_one_fits(
    catalog: Catalog,
) -> None:
    situation = checkout("premium_package")
    for policy in Policy:
        decision = decide(situation, catalog, OfferRules(policy=policy), NOW)
        assert decision.offer is not None and decision.offer.service == "car_waxing"


def test_a_naive_now_is_refused(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        decide(checkout("standard_wash"), catalog, OfferRules(), NOW.replace(tzinfo=None))
