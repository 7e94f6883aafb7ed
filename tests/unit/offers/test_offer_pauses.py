"""Rule 4 of the sales process: after any pitch, accepted or declined, no immediate further attempt.

And its neighbour: a complaint put right at the counter is not the moment to sell.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment
from posapp.offers.engine import decide
from posapp.offers.explain import not_offered
from posapp.offers.model import CustomerFacts, Decision, DeclinedOffer, OfferRules, Situation

SITE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SITE)  # the site's time every rule is judged at
ANA = CustomerFacts(id=12, first_name="Ana")


def at_checkout(catalog: Catalog, customer: CustomerFacts, rules: OfferRules | None = None) -> Decision:
    return decide(
        Situation(Moment.CHECKOUT, ("standard_wash",), customer=customer), catalog, rules or OfferRules(), NOW
    )


def declined(service: str, ago: timedelta) -> CustomerFacts:
    return replace(ANA, declined=(DeclinedOffer(service, NOW - ago),))


def reasons_of(decision: Decision) -> dict[str, tuple[str, ...]]:
    return {held.service: held.reasons for held in decision.held_back if held.service}


@pytest.mark.parametrize("ago", [timedelta(hours=2), timedelta(days=3), timedelta(days=6, hours=23)])
def test_a_decline_within_seven_days_pauses_every_offer(catalog: Catalog, ago: timedelta) -> None:
    # Desmond declined the Premium upgrade: neither it nor any add-on may be pitched now.
    decision = at_checkout(catalog, declined("premium_package", ago))
    assert decision.offer is None
    reasons = reasons_of(decision)
    assert set(reasons) == {"car_waxing", "tire_shine", "underbody_rinse", "premium_package"}
    assert all("recent" in codes for codes in reasons.values())
    day = (NOW - ago).date().isoformat()
    assert not_offered(decision) == (
        f"Not offered: the customer declined an offer on {day}, less than 7 days ago."
    )


def test_after_the_decline_pause_only_the_declined_service_stays_off(catalog: Catalog) -> None:
    decision = at_checkout(catalog, declined("car_waxing", timedelta(days=7)))
    assert decision.offer is not None and decision.offer.service == "tire_shine"
    assert reasons_of(decision)["car_waxing"] == ("declined_recently",)
    # The declined service stays off for the whole cooldown (30 days), longer than the pause.
    later = at_checkout(catalog, declined("car_waxing", timedelta(days=29)))
    assert later.offer is not None and reasons_of(later)["car_waxing"] == ("declined_recently",)
    gone = at_checkout(catalog, declined("car_waxing", timedelta(days=30)))
    assert gone.offer is not None and gone.offer.service == "car_waxing"


def test_the_decline_pause_is_the_managers_to_set(catalog: Catalog) -> None:
    customer = declined("car_waxing", timedelta(days=9))
    assert at_checkout(catalog, customer).offer is not None
    longer = OfferRules(decline_pause_days=10)
    decision = at_checkout(catalog, customer, longer)
    assert decision.offer is None
    assert not_offered(decision).endswith("less than 10 days ago.")
    none = at_checkout(catalog, declined("car_waxing", timedelta(hours=1)), OfferRules(decline_pause_days=0))
    assert none.offer is not None and none.offer.service == "tire_shine"


@pytest.mark.parametrize("days", [-1, 3651, True])
def test_a_decline_pause_out_of_range_is_refused(days: int) -> None:
    with pytest.raises(UserError, match="decline_pause_days must be a whole number from 0 to 3650"):
        OfferRules(decline_pause_days=days)


def test_an_acceptance_still_pauses_for_thirty_days(catalog: Catalog) -> None:
    recent = at_checkout(catalog, replace(ANA, last_accepted_offer_at=NOW - timedelta(days=29)))
    assert recent.offer is None
    assert (
        not_offered(recent)
        == "Not offered: the customer accepted an offer on 2026-10-29, less than 30 days ago."
    )
    over = at_checkout(catalog, replace(ANA, last_accepted_offer_at=NOW - timedelta(days=30)))
    assert over.offer is not None


def test_the_pause_that_ends_last_is_named(catalog: Catalog) -> None:
    # Accepted 28 days ago (pause ends in 2 days), declined yesterday (pause ends in 6 days).
    customer = replace(
        ANA,
        last_accepted_offer_at=NOW - timedelta(days=28),
        declined=(DeclinedOffer("tire_shine", NOW - timedelta(days=1)),),
    )
    assert not_offered(at_checkout(catalog, customer)) == (
        "Not offered: the customer declined an offer on 2026-11-26, less than 7 days ago."
    )


@pytest.mark.parametrize("moment", [Moment.RENEWAL, Moment.SERVICE, Moment.FOLLOW_UP])
def test_a_recent_pitch_pauses_every_moment(catalog: Catalog, moment: Moment) -> None:
    member = CustomerFacts(
        id=12,
        first_name="Ana",
        member_plan="standard_club",
        member_since=NOW.date() - timedelta(days=400),
        renews_on=NOW.date() + timedelta(days=5),
        marketing_consent=True,
        declined=(DeclinedOffer("car_waxing", NOW - timedelta(days=2)),),
    )
    decision = decide(Situation(moment, ("standard_wash",), customer=member), catalog, OfferRules(), NOW)
    assert decision.offer is None
    assert any("recent" in held.reasons for held in decision.held_back if held.service)
    # Without the decline, the same moment has something to offer: the pause is what stopped it.
    fresh = decide(
        Situation(moment, ("standard_wash",), customer=replace(member, declined=())),
        catalog,
        OfferRules(),
        NOW,
    )
    assert fresh.offer is not None


def test_a_complaint_resolved_today_holds_offers_for_the_rest_of_the_day(catalog: Catalog) -> None:
    this_morning = NOW.replace(hour=8)
    decision = at_checkout(catalog, replace(ANA, complaint_resolved_at=this_morning))
    assert decision.offer is None
    assert all(codes[0] == "complaint" for codes in reasons_of(decision).values())
    assert not_offered(decision) == "Not offered: the customer's complaint was resolved today."
    # Late the same evening it still holds; the next morning the counter may offer again.
    late = NOW.replace(hour=23, minute=59)
    assert (
        decide(
            Situation(
                Moment.CHECKOUT, ("standard_wash",), customer=replace(ANA, complaint_resolved_at=this_morning)
            ),
            catalog,
            OfferRules(),
            late,
        ).offer
        is None
    )
    yesterday = at_checkout(catalog, replace(ANA, complaint_resolved_at=this_morning - timedelta(days=1)))
    assert yesterday.offer is not None
