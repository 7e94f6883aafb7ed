"""What decide() keeps between calls never outlives what it was found from.

The checkout's candidates are kept per ticket contents and catalog, and each filled script per
template and values: a changed ticket, catalog, setting or clock must give the decision it
would have given the first time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from posapp.domain.catalog import Catalog
from posapp.domain.offer import Moment, OfferKind
from posapp.offers.engine import decide
from posapp.offers.model import CustomerFacts, Decision, DeclinedOffer, OfferRules, Situation
from posapp.offers.scripts import PriceFormatter, Scripts, money_formatter

from .conftest import NOW, USD

ANA = CustomerFacts(id=12, first_name="Ana")
RULES = OfferRules()


def at_checkout(*cart: str, customer: CustomerFacts | None = ANA, **more: object) -> Situation:
    return Situation(Moment.CHECKOUT, cart=cart, customer=customer, **more)


def decided(
    situation: Situation,
    catalog: Catalog,
    scripts: Scripts,
    *,
    rules: OfferRules = RULES,
    now: datetime = NOW,
    price: PriceFormatter = USD,
) -> Decision:
    return decide(situation, catalog, rules, now, scripts=scripts, format_price=price)


def offered(decision: Decision) -> tuple[str, int, str] | None:
    offer = decision.offer
    return None if offer is None else (offer.service, offer.price_delta_cents, offer.script)


def test_a_changed_ticket_is_decided_anew_and_the_same_ticket_again_alike(
    catalog: Catalog, scripts: Scripts
) -> None:
    first = decided(at_checkout("standard_wash"), catalog, scripts)
    assert first.offer is not None and first.offer.service == "car_waxing"
    # Car waxing put on the ticket: no longer offered, and said why.
    waxed = decided(at_checkout("standard_wash", "car_waxing"), catalog, scripts)
    assert waxed.offer is not None and waxed.offer.service != "car_waxing"
    reasons = {held.service: held.reasons for held in waxed.held_back}
    assert reasons["car_waxing"] == ("not_relevant",)
    assert decided(at_checkout("standard_wash"), catalog, scripts) == first


def test_a_changed_price_on_the_ticket_requotes_the_upgrade(catalog: Catalog, scripts: Scripts) -> None:
    upsell_first = replace(RULES, fixed_order=(OfferKind.UPSELL, OfferKind.CROSS_SELL))
    paid = decided(at_checkout("standard_wash"), catalog, scripts, rules=upsell_first)
    redeemed = decided(
        at_checkout("standard_wash", prices_on_ticket=(("standard_wash", 0),)),
        catalog,
        scripts,
        rules=upsell_first,
    )
    assert offered(paid)[:2] == ("premium_package", 1000)
    assert offered(redeemed)[:2] == ("premium_package", 2500)


def test_an_edited_catalog_is_read_at_the_next_decision(catalog: Catalog, scripts: Scripts) -> None:
    before = decided(at_checkout("standard_wash"), catalog, scripts)
    assert offered(before)[:2] == ("car_waxing", 800)
    dearer = Catalog(
        tuple(replace(s, price_cents=900) if s.code == "car_waxing" else s for s in catalog.services)
    )
    after = decided(at_checkout("standard_wash"), dearer, scripts)
    assert after.offer is not None and after.offer.price_delta_cents == 900 and "$9.00" in after.offer.script
    retired = Catalog(
        tuple(replace(s, active=False) if s.code == "car_waxing" else s for s in catalog.services)
    )
    gone = decided(at_checkout("standard_wash"), retired, scripts)
    assert gone.offer is not None and gone.offer.service != "car_waxing"
    assert "car_waxing" not in {held.service for held in gone.held_back}


def test_edited_settings_apply_to_the_next_decision(catalog: Catalog, scripts: Scripts) -> None:
    accepted = at_checkout(
        "standard_wash", customer=replace(ANA, last_accepted_offer_at=NOW - timedelta(days=10))
    )
    assert decided(accepted, catalog, scripts).offer is None  # within the 30-day cooldown
    shorter = replace(RULES, cooldown_days=7)
    assert decided(accepted, catalog, scripts, rules=shorter).offer is not None
    edited = Scripts({"checkout.cross_sell": "{first_name}, {addon} for {price}?"})
    script = decided(at_checkout("standard_wash"), catalog, edited).offer
    assert script is not None and script.script == "Ana, Car Waxing for $8.00?"
    euros = money_formatter("EUR", "de_DE")
    in_euros = decided(at_checkout("standard_wash"), catalog, edited, price=euros).offer
    assert in_euros is not None and in_euros.script == "Ana, Car Waxing for 8,00 €?"


def test_a_pause_ends_when_the_clock_passes_its_end(catalog: Catalog, scripts: Scripts) -> None:
    declined_at = NOW - timedelta(days=7) + timedelta(hours=1)  # the 7-day pause ends in an hour
    paused = at_checkout(
        "standard_wash", customer=replace(ANA, declined=(DeclinedOffer("premium_package", declined_at),))
    )
    before = decided(paused, catalog, scripts)
    assert before.offer is None
    assert all("recent" in held.reasons for held in before.held_back if held.service)
    after = decided(paused, catalog, scripts, now=NOW + timedelta(hours=2))
    assert after.offer is not None and after.offer.service == "car_waxing"
    assert decided(paused, catalog, scripts).offer is None  # and back before its end, paused again


def test_a_script_is_filled_anew_when_any_of_its_values_changes(catalog: Catalog, scripts: Scripts) -> None:
    ana = decided(at_checkout("standard_wash"), catalog, scripts).offer
    bo = decided(at_checkout("standard_wash", customer=replace(ANA, first_name="Bo")), catalog, scripts).offer
    walk_in = decided(at_checkout("standard_wash", customer=None), catalog, scripts).offer
    express = decided(at_checkout("express_wash"), catalog, scripts).offer
    assert ana is not None and bo is not None and walk_in is not None and express is not None
    assert "Ana" in ana.script and "Bo" not in ana.script
    assert "Bo" in bo.script and "Ana" not in bo.script
    assert "Ana" not in walk_in.script and "Bo" not in walk_in.script
    assert len({ana.script, bo.script, walk_in.script, express.script}) == 4
