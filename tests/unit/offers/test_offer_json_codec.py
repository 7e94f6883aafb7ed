"""Situation JSON in and Decision JSON out: the public shape, what-if facts, and named mistakes."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment
from posapp.domain.ticket import Flag
from posapp.offers.engine import decide
from posapp.offers.json_codec import decision_to_dict, parse_situation
from posapp.offers.model import CustomerFacts, DeclinedOffer, OfferRules

SITE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SITE)  # the site's time every rule is judged at


EXAMPLE = {
    "moment": "checkout",
    "now": "2026-11-27T10:00:00",
    "cart": ["standard_wash"],
    "flags": ["complaint"],
    "wash_changes": 0,
    "customer": {
        "id": 12,
        "first_name": "Ana",
        "member_plan": "standard_club",
        "member_since": "2026-03-01",
        "renews_on": "2026-12-01",
        "last_accepted_offer_at": "2026-11-20T09:00:00",
        "declined": [{"service": "car_waxing", "at": "2026-11-01T10:00:00"}],
        "open_complaint": False,
        "budget_sensitive": False,
    },
}


def test_the_architecture_example_reads_whole(catalog: Catalog) -> None:
    request = parse_situation(json.dumps(EXAMPLE), catalog, SITE)
    assert request.now == NOW
    assert request.customer_id == 12
    situation = request.situation(None)
    assert situation.moment is Moment.CHECKOUT
    assert situation.cart == ("standard_wash",)
    assert situation.flags == frozenset({Flag.COMPLAINT})
    assert situation.customer == CustomerFacts(
        id=12,
        first_name="Ana",
        member_plan="standard_club",
        member_since=date(2026, 3, 1),
        renews_on=date(2026, 12, 1),
        last_accepted_offer_at=datetime(2026, 11, 20, 9, tzinfo=SITE),
        declined=(DeclinedOffer("car_waxing", datetime(2026, 11, 1, 10, tzinfo=SITE)),),
    )


def test_given_facts_win_over_stored_ones(catalog: Catalog) -> None:
    stored = CustomerFacts(id=12, first_name="Ana", budget_sensitive=True, open_complaint=True)
    text = '{"moment": "checkout", "customer": {"id": 12, "budget_sensitive": false}}'
    customer = parse_situation(text, catalog, SITE).situation(stored).customer
    assert customer == CustomerFacts(id=12, first_name="Ana", budget_sensitive=False, open_complaint=True)


def test_a_running_trial_can_be_given_as_a_what_if(catalog: Catalog) -> None:
    text = '{"moment": "renewal", "customer": {"trial_plan": "premium_club", "trial_until": "2026-12-20"}}'
    customer = parse_situation(text, catalog, SITE).situation(CustomerFacts(id=12)).customer
    assert customer == CustomerFacts(id=12, trial_plan="premium_club", trial_until=date(2026, 12, 20))
    with pytest.raises(UserError, match=r"customer\.trial_plan"):
        parse_situation('{"moment": "renewal", "customer": {"trial_plan": "gold_club"}}', catalog, SITE)


def test_no_customer_is_a_walk_in(catalog: Catalog) -> None:
    request = parse_situation('{"moment": "service"}', catalog, SITE)
    assert request.customer_id is None and request.now is None
    assert request.situation(None).customer is None


def test_the_decision_has_the_public_shape(catalog: Catalog) -> None:
    situation = parse_situation(json.dumps(EXAMPLE), catalog, SITE).situation(None)
    document = decision_to_dict(decide(situation, catalog, OfferRules(), NOW))
    assert document["offer"] is None
    assert document["held_back"][0] == {
        "kind": "cross_sell",
        "service": "car_waxing",
        "reasons": ["complaint", "recent", "declined_recently"],
        "explanation": "The customer has a complaint today: sort that out first, no offers."
        " The customer accepted an offer on 2026-11-20, less than 30 days ago:"
        " give them a break from offers."
        " The customer declined Car Waxing on 2026-11-01.",
    }
    offered = decision_to_dict(
        decide(situation.__class__(Moment.CHECKOUT, ("express_wash",)), catalog, OfferRules(), NOW)
    )
    assert set(offered["offer"]) == {"kind", "service", "name", "price_delta_cents", "script"}


MISTAKES: dict[str, tuple[Any, str]] = {
    "not json": ("{moment: checkout", "The situation is not valid JSON (line 1, column 2"),
    "not an object": ([1, 2], "situation: expected an object in braces, not a list."),
    "no moment": ({"cart": []}, "moment: missing; give one of checkout, renewal"),
    "unknown moment": ({"moment": "lunch"}, "moment: 'lunch' is not one of checkout, renewal"),
    "unknown field": ({"moment": "checkout", "tip": 2}, "situation: unknown field 'tip'"),
    "unknown code": (
        {"moment": "checkout", "cart": ["standard_wash", "foam"]},
        "cart[1]: 'foam' is not a service code in the catalog.",
    ),
    "cart not a list": ({"moment": "checkout", "cart": "standard_wash"}, "cart: expected a list"),
    "unknown flag": ({"moment": "checkout", "flags": ["angry"]}, "flags[0]: 'angry' is not one of"),
    "negative changes": ({"moment": "checkout", "wash_changes": -1}, "wash_changes: expected a whole"),
    "boolean changes": ({"moment": "checkout", "wash_changes": True}, "wash_changes: expected a whole"),
    "bad now": ({"moment": "checkout", "now": "tomorrow"}, "now: 'tomorrow' is not a date and time"),
    "bad date": (
        {"moment": "renewal", "customer": {"member_since": "2026-13-01"}},
        "customer.member_since: '2026-13-01' is not a date (YYYY-MM-DD).",
    ),
    "unknown customer field": (
        {"moment": "checkout", "customer": {"nickname": "A"}},
        "customer: unknown field 'nickname'",
    ),
    "text for a flag": (
        {"moment": "checkout", "customer": {"open_complaint": "no"}},
        "customer.open_complaint: expected true or false, not text.",
    ),
    "id zero": ({"moment": "checkout", "customer": {"id": 0}}, "customer.id: expected a whole number"),
    "unknown plan": (
        {"moment": "renewal", "customer": {"member_plan": "gold"}},
        "customer.member_plan: 'gold' is not a service code in the catalog.",
    ),
    "decline without time": (
        {"moment": "checkout", "customer": {"declined": [{"service": "car_waxing"}]}},
        "customer.declined[0].at: missing.",
    ),
    "decline with a null time": (
        {"moment": "checkout", "customer": {"declined": [{"service": "car_waxing", "at": None}]}},
        "customer.declined[0].at: missing;",
    ),
}


@pytest.mark.parametrize(("document", "message"), list(MISTAKES.values()), ids=list(MISTAKES))
def test_a_mistake_is_one_sentence_naming_the_field(document: Any, message: str, catalog: Catalog) -> None:
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(UserError) as caught:
        parse_situation(text, catalog, SITE)
    assert caught.value.message.startswith(message)
    assert caught.value.message.endswith(".") and "\n" not in caught.value.message


def test_an_offset_in_the_json_is_converted_to_site_time(catalog: Catalog) -> None:
    request = parse_situation('{"moment": "checkout", "now": "2026-11-27T15:00:00+00:00"}', catalog, SITE)
    assert request.now == NOW and request.now is not None and request.now.tzinfo is SITE
