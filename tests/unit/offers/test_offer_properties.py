"""Properties that hold for any situation at the counter, checked with generated situations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from posapp.domain.catalog import Catalog
from posapp.domain.offer import Moment
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
from posapp.offers.scripts import FALLBACK_SCRIPTS, Scripts, ScriptValues, fill_script, money_formatter
from posapp.storage.catalog import read_catalog_file
from posapp.storage.offer_scripts import default_scripts

SITE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SITE)  # the site's time every rule is judged at
USD = money_formatter("USD", "en_US")


CATALOG: Catalog = read_catalog_file()
SCRIPTS: Scripts = default_scripts()
WASHES = [s.code for s in CATALOG.washes()]
ADDONS = [s.code for s in CATALOG.addons()]
PLANS = [s.code for s in CATALOG.memberships()]
OFFERABLE = WASHES + ADDONS + PLANS

names = st.text(max_size=30)
moments_around_now = st.integers(-400, 10).map(lambda days: NOW + timedelta(days=days))
days_around_today = st.integers(-900, 400).map(lambda days: NOW.date() + timedelta(days=days))

customers = st.builds(
    CustomerFacts,
    id=st.one_of(st.none(), st.integers(1, 10_000)),
    first_name=names,
    member_plan=st.one_of(st.none(), st.sampled_from(PLANS)),
    member_since=st.one_of(st.none(), days_around_today),
    renews_on=st.one_of(st.none(), days_around_today),
    last_accepted_offer_at=st.one_of(st.none(), moments_around_now),
    declined=st.lists(
        st.builds(DeclinedOffer, st.sampled_from(OFFERABLE), moments_around_now), max_size=3
    ).map(tuple),
    open_complaint=st.booleans(),
    budget_sensitive=st.booleans(),
)


@st.composite
def carts(draw: st.DrawFn) -> tuple[str, ...]:
    wash = draw(st.lists(st.sampled_from(WASHES), max_size=1))
    addons = draw(st.lists(st.sampled_from(ADDONS), unique=True, max_size=3))
    return tuple(draw(st.permutations(wash + addons)))


situations = st.builds(
    Situation,
    moment=st.sampled_from(Moment),
    cart=carts(),
    flags=st.frozensets(st.sampled_from(Flag)),
    wash_changes=st.integers(0, 6),
    customer=st.one_of(st.none(), customers),
    answered_on_ticket=st.lists(st.sampled_from(ADDONS), max_size=1).map(tuple),
)
rules = st.builds(
    OfferRules,
    cooldown_days=st.integers(0, 90),
    min_tenure_months=st.integers(0, 12),
    policy=st.sampled_from(Policy),
    take_rates=st.dictionaries(
        st.tuples(st.sampled_from(["cross_sell", "upsell"]), st.sampled_from(OFFERABLE)),
        st.floats(0, 1),
        max_size=4,
    ),
)
site_times = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(SITE)
)


def run(situation: Situation, rules: OfferRules | None = None, now: datetime = NOW) -> Decision:
    return decide(situation, CATALOG, rules or OfferRules(), now, scripts=SCRIPTS, format_price=USD)


@given(situations, rules)
def test_a_complaint_never_yields_an_offer(situation: Situation, rules: OfferRules) -> None:
    flagged = Situation(
        situation.moment,
        situation.cart,
        situation.flags | {Flag.COMPLAINT},
        situation.wash_changes,
        situation.customer,
    )
    decision = run(flagged, rules)
    assert decision.offer is None
    assert all("complaint" in held.reasons for held in decision.held_back)


@given(situations.filter(lambda s: s.customer is not None))
def test_an_open_complaint_on_record_never_yields_an_offer(situation: Situation) -> None:
    assert situation.customer is not None
    customer = CustomerFacts(**{**situation.customer.__dict__, "open_complaint": True})
    decision = run(Situation(situation.moment, situation.cart, customer=customer))
    assert decision.offer is None


@given(situations, rules)
def test_a_budget_flag_never_yields_an_offer(situation: Situation, rules: OfferRules) -> None:
    flagged = Situation(
        situation.moment, situation.cart, situation.flags | {Flag.BUDGET}, customer=situation.customer
    )
    decision = run(flagged, rules)
    assert decision.offer is None
    assert all("budget" in held.reasons for held in decision.held_back)


@given(situations, rules, site_times)
def test_the_decision_is_deterministic(situation: Situation, rules: OfferRules, now: datetime) -> None:
    assert run(situation, rules, now) == run(situation, rules, now)


@given(situations, rules)
def test_an_offer_always_fits_the_cart(situation: Situation, rules: OfferRules) -> None:
    decision = run(situation, rules)
    offer = decision.offer
    if offer is None:
        return
    assert offer.service not in situation.cart
    for code in situation.cart:
        assert offer.service not in CATALOG.get(code).includes
    assert offer.price_delta_cents >= 0
    assert offer.script
    assert all(held.reasons for held in decision.held_back)
    assert (offer.kind, offer.service) not in {(h.kind, h.service) for h in decision.held_back}


@given(situations, rules)
def test_the_offered_script_never_shows_a_placeholder(situation: Situation, rules: OfferRules) -> None:
    decision = run(situation, rules)
    if decision.offer is not None:
        assert not set("{}[]") & set(decision.offer.script)


KEYS = sorted(set(SCRIPTS.templates) | set(FALLBACK_SCRIPTS))
WASH_NAMES = ["", "Standard Wash", "Wash [new]", "{wash}", "Zoë's Wash"]


@settings(max_examples=300)
@given(st.sampled_from(KEYS), names, st.sampled_from(WASH_NAMES), st.integers(0, 10**7))
def test_a_filled_script_never_shows_braces_or_brackets(
    key: str, first_name: str, wash: str, price: int
) -> None:
    template = SCRIPTS.templates.get(key) or FALLBACK_SCRIPTS[key]
    values = ScriptValues(first_name, wash, "Car Waxing", "Standard Club", USD(price), 30)
    script = fill_script(template, values)
    assert not set("{}[]") & set(script)
    assert "  " not in script
    assert script[:1].isupper()


#: Names as people type them: letters of any script, apostrophes, hyphens, stray spaces and commas.
typed_names = st.text(st.characters(categories=["L"]) | st.sampled_from(" '-,"), max_size=20)


@settings(max_examples=500)
@given(st.sampled_from(KEYS), typed_names)
def test_a_typed_name_reads_naturally(key: str, first_name: str) -> None:
    template = SCRIPTS.templates.get(key) or FALLBACK_SCRIPTS[key]
    values = ScriptValues(first_name, "Standard Wash", "Car Waxing", "Standard Club", "$8.00", 30)
    script = fill_script(template, values)
    assert "  " not in script and ",," not in script and " ," not in script
    assert not script.startswith(("Hi ,", "Hey ,", "Hi,"))


@given(st.sampled_from(KEYS), st.sampled_from(["", " ", "\t", "-", "{}", "[]"]))
def test_a_walk_in_is_greeted_without_a_name(key: str, first_name: str) -> None:
    template = SCRIPTS.templates.get(key) or FALLBACK_SCRIPTS[key]
    script = fill_script(
        template, ScriptValues(first_name, "Standard Wash", "Car Waxing", "Standard Club", "$8.00", 30)
    )
    assert not set("{}[]") & set(script)
    assert script.startswith(("Hi there,", "Hey,", "Thanks for")), script


def test_the_site_date_not_utc_decides_a_renewal() -> None:
    # 22:00 in New York on 17 Nov is already 18 Nov in UTC: the member's local day counts.
    member = CustomerFacts(
        1, "Ana", "standard_club", member_since=date(2026, 5, 18), renews_on=date(2026, 12, 1)
    )
    late_evening = datetime(2026, 11, 17, 22, 0, tzinfo=SITE)
    assert run(Situation(Moment.RENEWAL, customer=member), now=late_evening).offer is None
    next_morning = datetime(2026, 11, 18, 3, 0, tzinfo=UTC).astimezone(SITE) + timedelta(hours=9)
    assert run(Situation(Moment.RENEWAL, customer=member), now=next_morning).offer is not None
