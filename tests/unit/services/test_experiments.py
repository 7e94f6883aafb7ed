"""Script tests at a real counter: manager-only, audited, one per offer, arms kept on events and tickets."""

from __future__ import annotations

import pytest

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment, OfferKind
from posapp.domain.ticket import Flag, Payment, TicketDraft
from posapp.offers.experiments import arm_for, unit_for
from posapp.offers.scripts import money_formatter
from posapp.services.checkout import complete_sale
from posapp.services.customers import add_customer
from posapp.services.experiments import ScriptTestPlan, change_experiment, start_experiment, stop_experiment
from posapp.services.offer_session import OfferSession
from posapp.storage.experiments import get_experiment
from tests.conftest import Clock, Staff

B_SCRIPT = "{first_name}, a hand wax keeps that shine for weeks: {addon} for {price}?"


def _plan(**changes: object) -> ScriptTestPlan:
    values: dict[str, object] = {
        "name": "Waxing wording",
        "moment": Moment.CHECKOUT,
        "kind": OfferKind.CROSS_SELL,
        "service": "car_waxing",
        "variant_scripts": (B_SCRIPT,),
        "holdout_percent": 20,
        "min_customers": 100,
        "days": 28,
    }
    values.update(changes)
    return ScriptTestPlan(**values)  # type: ignore[arg-type]


def _start(counter: Counter, staff: Staff, pin: str = "9999", **changes: object) -> int:
    return start_experiment(
        counter.db,
        _plan(**changes),
        catalog=counter.catalog,
        manager_id=staff.manager_id,
        manager_pin=pin,
        now=counter.now,
        time_zone=counter.settings.time_zone,
    )


def _audit(counter: Counter) -> list[tuple[str, str]]:
    return [
        (str(action), str(subject))
        for action, subject in counter.db.execute(
            "SELECT action, subject FROM audit_log WHERE action LIKE 'experiment_%' ORDER BY id"
        ).fetchall()
    ]


def _session(counter: Counter) -> OfferSession:
    settings = counter.settings
    return OfferSession(
        counter.catalog,
        settings.offer_rules,
        scripts=counter.setup.scripts,
        format_price=money_formatter(settings.currency, settings.locale),
        now=counter.now,
        time_zone=settings.time_zone,
    )


def _customer_in(counter: Counter, experiment_id: int, arm: str, clock: Clock) -> Customer:
    """A new customer whose stable hash puts them in `arm`."""
    experiment = get_experiment(counter.db, experiment_id)
    assert experiment is not None
    for n in range(500):
        customer = add_customer(counter.db, Customer(None, f"Ana Test{n}", plate=f"T{n:05d}"), clock)
        assert customer.id is not None
        if arm_for(experiment, unit_for(customer.id, "")).name == arm:
            return customer
    raise AssertionError(f"no customer landed in {arm}")


def _sell(counter: Counter, staff: Staff, customer: Customer | None, *flags: Flag) -> int:
    """Ring up a Standard Wash through the offer session, leaving the offer on screen unanswered."""
    session = _session(counter)
    session.use_customer(counter.db, customer)
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now(), customer=customer)
    draft = draft.choose_wash(counter.catalog.get("standard_wash"))
    for flag in flags:
        draft = draft.with_flag(flag, True)
    draft, view = session.refresh(draft)
    draft = session.close(draft, view)
    return complete_sale(
        counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now
    ).ticket_id


def _events(counter: Counter, ticket_id: int) -> list[tuple[str, str, str, int | None, str]]:
    return [
        (str(o), str(s), str(r), e, str(a))
        for o, s, r, e, a in counter.db.execute(
            "SELECT outcome, service, reasons, experiment_id, arm FROM offer_events"
            " WHERE ticket_id = ? ORDER BY id",
            (ticket_id,),
        ).fetchall()
    ]


def _ticket_arms(counter: Counter, ticket_id: int) -> list[tuple[int, str]]:
    return [
        (int(e), str(a))
        for e, a in counter.db.execute(
            "SELECT experiment_id, arm FROM ticket_arms WHERE ticket_id = ?", (ticket_id,)
        ).fetchall()
    ]


def test_only_a_manager_s_pin_starts_a_test_and_the_start_is_audited(counter: Counter, staff: Staff) -> None:
    with pytest.raises(UserError):
        _start(counter, staff, pin="0000")
    assert counter.db.execute("SELECT count(*) FROM experiments").fetchone()[0] == 0
    experiment_id = _start(counter, staff)
    experiment = get_experiment(counter.db, experiment_id)
    assert experiment is not None
    assert [(a.name, a.share, a.script) for a in experiment.arms] == [
        ("holdout", 2000, None),
        ("A", 4000, None),
        ("B", 4000, B_SCRIPT),
    ]
    assert _audit(counter) == [("experiment_started", f"experiment {experiment_id}")]


def test_one_test_per_offer_at_a_time(counter: Counter, staff: Staff) -> None:
    first = _start(counter, staff)
    with pytest.raises(UserError, match="already testing this offer"):
        _start(counter, staff, name="Another")
    _start(counter, staff, name="Upgrade wording", kind=OfferKind.UPSELL, service="premium_package")
    stop_experiment(
        counter.db,
        first,
        manager_id=staff.manager_id,
        manager_pin="9999",
        now=counter.now,
        time_zone=counter.settings.time_zone,
    )
    _start(counter, staff, name="Waxing again")  # stopped: the offer is free for a new test
    assert [action for action, _ in _audit(counter)] == [
        "experiment_started",
        "experiment_started",
        "experiment_stopped",
        "experiment_started",
    ]


def test_a_bad_split_or_script_is_refused_in_one_sentence(counter: Counter, staff: Staff) -> None:
    with pytest.raises(UserError, match="hold-out share"):
        _start(counter, staff, holdout_percent=60)
    with pytest.raises(UserError, match="placeholder"):
        _start(counter, staff, variant_scripts=("Add {wax} today?",))
    with pytest.raises(UserError, match="second variant or a hold-out"):
        _start(counter, staff, variant_scripts=(), holdout_percent=0)


def test_a_running_test_may_be_renamed_and_b_reworded_but_never_a(counter: Counter, staff: Staff) -> None:
    experiment_id = _start(counter, staff)

    def change(**what: object) -> None:
        change_experiment(
            counter.db,
            experiment_id,
            manager_id=staff.manager_id,
            manager_pin="9999",
            now=counter.now,
            **what,
        )  # type: ignore[arg-type]

    change(name="Waxing: weeks of shine", scripts={"B": "Shall I add {addon} for {price}?"})
    experiment = get_experiment(counter.db, experiment_id)
    assert experiment is not None and experiment.name == "Waxing: weeks of shine"
    assert experiment.arms[2].script == "Shall I add {addon} for {price}?"
    with pytest.raises(UserError, match="Only the wording of variants B to D"):
        change(scripts={"A": "Anything"})
    assert _audit(counter)[-1] == ("experiment_changed", f"experiment {experiment_id}")


def test_a_held_out_customer_is_never_shown_an_offer(counter: Counter, staff: Staff, clock: Clock) -> None:
    experiment_id = _start(counter, staff, holdout_percent=50)
    customer = _customer_in(counter, experiment_id, "holdout", clock)
    for _visit in range(3):
        ticket_id = _sell(counter, staff, customer)
        events = _events(counter, ticket_id)
        assert not [e for e in events if e[0] in ("shown", "accepted", "declined")]
        assert ("held_back", "car_waxing", "holdout", experiment_id, "holdout") in events
        assert _ticket_arms(counter, ticket_id) == [(experiment_id, "holdout")]
        clock.advance(days=1)


def test_a_variant_s_customer_hears_it_and_the_arm_is_stored(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    experiment_id = _start(counter, staff)
    customer = _customer_in(counter, experiment_id, "B", clock)
    ticket_id = _sell(counter, staff, customer)
    assert ("shown", "car_waxing", "", experiment_id, "B") in _events(counter, ticket_id)
    script = counter.db.execute(
        "SELECT script FROM offer_events WHERE ticket_id = ? AND outcome = 'shown'", (ticket_id,)
    ).fetchone()[0]
    assert script.startswith(customer.first_name + ", a hand wax keeps that shine")
    assert _ticket_arms(counter, ticket_id) == [(experiment_id, "B")]


def test_a_complaint_is_held_back_for_the_complaint_never_as_hold_out(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    experiment_id = _start(counter, staff, holdout_percent=50)
    customer = _customer_in(counter, experiment_id, "holdout", clock)
    ticket_id = _sell(counter, staff, customer, Flag.COMPLAINT)
    events = _events(counter, ticket_id)
    assert events and all("complaint" in reasons and arm == "" for _, _, reasons, _, arm in events)
    assert _ticket_arms(counter, ticket_id) == []


def test_after_the_stop_nobody_enters_the_test(counter: Counter, staff: Staff, clock: Clock) -> None:
    experiment_id = _start(counter, staff, holdout_percent=50)
    customer = _customer_in(counter, experiment_id, "holdout", clock)
    stop_experiment(
        counter.db,
        experiment_id,
        manager_id=staff.manager_id,
        manager_pin="9999",
        now=counter.now,
        time_zone=counter.settings.time_zone,
    )
    ticket_id = _sell(counter, staff, customer)
    assert ("shown", "car_waxing", "", None, "") in _events(counter, ticket_id)
    assert _ticket_arms(counter, ticket_id) == []
