"""Script tests in the engine: stable, balanced arms; a hold-out hears nothing; the don't-rules come first."""

from __future__ import annotations

import math
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from posapp.domain.catalog import Catalog
from posapp.domain.offer import Moment, OfferKind, Reason
from posapp.domain.ticket import Flag
from posapp.offers.engine import decide
from posapp.offers.experiments import (
    BUCKETS,
    Arm,
    Assigned,
    Experiment,
    arm_for,
    assignment_for,
    bucket,
    unit_for,
)
from posapp.offers.explain import not_offered
from posapp.offers.model import CustomerFacts, OfferRules, Situation
from posapp.offers.scripts import Scripts
from tests.unit.offers.conftest import NOW, USD

WAXING = ("checkout", "cross_sell", "car_waxing")
B_SCRIPT = "{first_name}, a hand wax keeps that shine for weeks: {addon} for {price}?"


def _test(holdout: int = 1000, *, experiment_id: int = 7) -> Experiment:
    rest = BUCKETS - holdout
    arms = (Arm("holdout", holdout), Arm("A", rest - rest // 2), Arm("B", rest // 2, B_SCRIPT))
    return Experiment(
        id=experiment_id,
        name="Waxing wording",
        moment=Moment.CHECKOUT,
        kind=OfferKind.CROSS_SELL,
        service="car_waxing",
        arms=tuple(arm for arm in arms if arm.share),
        min_customers=100,
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 30),
    )


def _customer(customer_id: int = 12) -> CustomerFacts:
    return CustomerFacts(id=customer_id, first_name="Ana")


def _situation(*flags: Flag) -> Situation:
    return Situation(
        moment=Moment.CHECKOUT, cart=("standard_wash",), flags=frozenset(flags), customer=_customer()
    )


def _decide(situation: Situation, catalog: Catalog, scripts: Scripts, assigned: Assigned | None):  # type: ignore[no-untyped-def]
    assignment = {WAXING: assigned} if assigned is not None else None
    return decide(
        situation, catalog, OfferRules(), NOW, scripts=scripts, format_price=USD, assignment=assignment
    )


@given(st.integers(min_value=1, max_value=10**9), st.text(min_size=1, max_size=40))
def test_a_customer_always_lands_in_the_same_arm(experiment_id: int, unit: str) -> None:
    test = _test(experiment_id=experiment_id)
    assert arm_for(test, unit) == arm_for(test, unit)
    assert 0 <= bucket(experiment_id, unit) < BUCKETS


#: Sets of customer ids as shops have them: consecutive, every n-th (one till's range), scattered,
#: plus any few extra ids hypothesis cares to add.
ID_SETS = st.builds(
    lambda start, stride, count, extra: {start + stride * k for k in range(count)} | extra,
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=800, max_value=3000),
    st.sets(st.integers(min_value=1, max_value=10**12), max_size=50),
)


@settings(max_examples=60, deadline=None)
@given(ID_SETS, st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=10**6))
def test_any_set_of_customers_splits_as_the_shares_say(
    ids: set[int], holdout: int, experiment_id: int
) -> None:
    test = _test(holdout, experiment_id=experiment_id)
    counts: dict[str, int] = {}
    for customer_id in ids:
        name = arm_for(test, unit_for(customer_id, "unused")).name
        counts[name] = counts.get(name, 0) + 1
    n = len(ids)
    for arm in test.arms:
        share = arm.share / BUCKETS
        # Five standard deviations of a binomial count: a hash that favoured any arm would fail.
        tolerance = 5 * math.sqrt(n * share * (1 - share)) + 1
        assert abs(counts.get(arm.name, 0) - n * share) <= tolerance, (arm.name, counts)


def test_a_walk_in_is_assigned_by_the_ticket_and_a_customer_by_their_id() -> None:
    assert unit_for(None, "draft-1") == "ticket:draft-1"
    assert unit_for(12, "draft-1") == unit_for(12, "draft-2") == "customer:12"
    test = _test()
    walk_ins = {arm_for(test, unit_for(None, f"draft-{n}")).name for n in range(200)}
    assert walk_ins == {"holdout", "A", "B"}  # different tickets of walk-ins spread over the arms


def test_a_test_assigns_only_within_its_days_and_until_stopped() -> None:
    test = _test()
    assert assignment_for([test], "customer:1", date(2026, 11, 15))
    assert not assignment_for([test], "customer:1", date(2026, 12, 1))
    stopped = Experiment(**{**test.__dict__, "stopped_on": date(2026, 11, 10)})
    assert not assignment_for([stopped], "customer:1", date(2026, 11, 10))
    assert assignment_for([stopped], "customer:1", date(2026, 11, 9))


def test_a_held_out_customer_is_offered_nothing_and_the_panel_says_so(
    catalog: Catalog, scripts: Scripts
) -> None:
    decision = _decide(_situation(), catalog, scripts, Assigned(7, "holdout"))
    assert decision.offer is None
    held = [h for h in decision.held_back if Reason.HOLDOUT.value in h.reasons]
    assert [(h.service, h.reasons, h.experiment_id, h.arm) for h in held] == [
        ("car_waxing", ("holdout",), 7, "holdout")
    ]
    assert not_offered(decision) == "No offer for this customer today."


def test_a_held_out_offer_is_noted_in_the_same_plain_words_as_the_panel(
    catalog: Catalog, scripts: Scripts
) -> None:
    # The held-back words are made when read: the hold-out's stay the panel's words, never its note.
    decision = _decide(_situation(), catalog, scripts, Assigned(7, "holdout"))
    held = next(h for h in decision.held_back if h.arm == "holdout")
    assert held.notes == ("this customer is in a script test's hold-out group",)
    assert held.explanation == "No offer for this customer today."


def test_a_complaint_beats_the_hold_out(catalog: Catalog, scripts: Scripts) -> None:
    decision = _decide(_situation(Flag.COMPLAINT), catalog, scripts, Assigned(7, "holdout"))
    assert decision.offer is None
    reasons = {reason for held in decision.held_back for reason in held.reasons}
    assert "complaint" in reasons and "holdout" not in reasons
    assert all(held.experiment_id is None for held in decision.held_back)
    assert not_offered(decision).startswith("Not offered: the customer has a complaint today")


def test_variant_b_reads_its_own_script_and_a_the_process_s(catalog: Catalog, scripts: Scripts) -> None:
    own = _decide(_situation(), catalog, scripts, None).offer
    a = _decide(_situation(), catalog, scripts, Assigned(7, "A")).offer
    b = _decide(_situation(), catalog, scripts, Assigned(7, "B", B_SCRIPT)).offer
    assert own is not None and a is not None and b is not None
    assert a.script == own.script and (a.experiment_id, a.arm) == (7, "A")
    assert b.script == "Ana, a hand wax keeps that shine for weeks: Car Waxing for $8.00?"
    assert (b.experiment_id, b.arm) == (7, "B")
    assert (own.experiment_id, own.arm) == (None, "")


def test_a_test_of_another_offer_leaves_this_one_alone(catalog: Catalog, scripts: Scripts) -> None:
    other = {("checkout", "upsell", "premium_package"): Assigned(9, "holdout")}
    decision = decide(
        _situation(), catalog, OfferRules(), NOW, scripts=scripts, format_price=USD, assignment=other
    )
    assert decision.offer is not None and decision.offer.service == "car_waxing"
    assert decision.offer.experiment_id is None
