"""A till keeps of the chain's pulled facts only what the rules can still read; deciding never changes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

from posapp.domain.customer import Membership
from posapp.domain.offer import Moment, Outcome
from posapp.hub.connect import connect
from posapp.hub.pull import pull
from posapp.offers.engine import decide
from posapp.offers.model import Decision, Situation
from posapp.services.customers import log_complaint, resolve_complaints
from posapp.storage.db import write_transaction
from posapp.storage.memberships import start_membership
from posapp.storage.offer_history import facts_horizon, load_customer_facts
from posapp.storage.sync_outbox import prune_hub_facts
from tests.hub.conftest import Chain, Till


def _answers(till: Till) -> list[dict[str, str]]:
    return [
        json.loads(body) for (body,) in till.db.execute("SELECT body FROM hub_facts WHERE kind = 'answer'")
    ]


def test_a_pull_keeps_a_fresh_decline_and_drops_one_no_pause_reaches(chain: Chain) -> None:
    north = chain.till("north", "n1")
    south = chain.till("south", "s1")
    ana = north.add_customer("Ana", plate="OLD1")
    ana_south = south.add_customer("Ana", plate="old-1")
    now = north.counter.now()
    rules = north.counter.settings.offer_rules
    longest = max(rules.cooldown_days, rules.decline_pause_days)
    north.answer(ana, "car_waxing", Outcome.DECLINED, at=now - timedelta(days=longest + 1))
    north.answer(ana, "tire_shine", Outcome.DECLINED, at=now - timedelta(days=1))
    north.sync()
    south.sync()
    kept = _answers(south)
    assert [fact["service"] for fact in kept] == ["tire_shine"]
    # The rules still see the fresh one: she was pitched yesterday.
    assert "recent" in south.reasons(ana_south)


def test_the_horizon_follows_the_live_settings(chain: Chain) -> None:
    north = chain.till("north", "n1")
    south = chain.till("south", "s1")
    ana = north.add_customer("Ana", plate="LIVE1")
    now = north.counter.now()
    north.answer(ana, "car_waxing", Outcome.ACCEPTED, at=now - timedelta(days=45))
    north.sync()
    # A manager who set a 60-day pause after a taken offer: the 45-day-old acceptance still counts.
    rules = replace(south.counter.settings.offer_rules, cooldown_days=60)
    south.counter.setup.change(settings=replace(south.counter.settings, offer_rules=rules))
    south.sync()
    assert [fact["outcome"] for fact in _answers(south)] == ["accepted"]


def test_pruning_never_changes_what_the_rules_decide(chain: Chain) -> None:
    north = chain.till("north", "n1")
    south = chain.till("south", "s1")
    clock = chain.clock
    start = clock()
    plans = [plan.code for plan in north.counter.catalog.memberships()]
    here: list[int] = []
    ages = [0.2, 1, 3, 6.9, 7.1, 12, 29.5, 30.5, 45, 400]
    for n, age in enumerate(ages):
        plate = f"PR{n:02d}"
        there = north.add_customer(f"Customer {n}", plate=plate)
        here.append(south.add_customer(f"Customer {n}", plate=plate))
        outcome = Outcome.DECLINED if n % 2 else Outcome.ACCEPTED
        north.answer(there, "car_waxing" if n % 3 else "tire_shine", outcome, at=start - timedelta(days=age))
        if n % 4 == 0:
            north.answer(there, "interior_vacuum", Outcome.DECLINED, at=start - timedelta(days=age / 2))
        if n % 3 == 0:
            # A complaint resolved `age` days ago (or, every sixth, still open).
            clock.current = start - timedelta(days=age)
            log_complaint(north.db, customer_id=there, cashier_id=north.cashier_id, note="scratch", now=clock)
            if n % 6:
                resolve_complaints(north.db, customer_id=there, manager_id=north.manager_id, now=clock)
            clock.current = start
        if n % 5 == 0 and plans:
            # A plan replaced by another: the first ended, the second runs.
            with write_transaction(north.db):
                today = start.date()
                for code in plans[:2]:
                    start_membership(
                        north.db,
                        there,
                        Membership(code, today - timedelta(days=200), today + timedelta(days=10)),
                        today=today,
                    )
    north.sync()
    # The pull without pruning, then the same facts pruned: decide at later moments on both.
    with connect(south.hub.url, autocommit=True) as conn:
        pull(south.db, conn)
    pulled = int(south.db.execute("SELECT count(*) FROM hub_facts").fetchone()[0])
    kinds_pulled = _kinds(south)
    moments = [start + timedelta(hours=h) for h in (0, 5, 30, 24 * 8, 24 * 31)]
    before = {moment: _decisions(south, here, moment) for moment in moments}
    with write_transaction(south.db):
        kept = prune_hub_facts(south.db, facts_horizon(south.counter.settings.offer_rules, start))
    assert kept.dropped_facts > 0 and kept.facts + kept.dropped_facts == pulled
    for moment in moments:
        assert _decisions(south, here, moment) == before[moment], moment
    # Each kind lost what no rule reads (old answers, old resolved complaints, the ended plans)
    # and kept what one does (the running plans, the open complaints, each customer's own fact).
    kinds_kept = _kinds(south)
    for kind in ("answer", "complaint", "membership"):
        assert 0 < kinds_kept[kind] < kinds_pulled[kind], kind
    assert kinds_kept["customer"] == kinds_pulled["customer"] == len(here)


def _kinds(till: Till) -> dict[str, int]:
    return dict(till.db.execute("SELECT kind, count(*) FROM hub_facts GROUP BY kind").fetchall())


def _decisions(till: Till, customers: list[int], moment: datetime) -> list[Decision]:
    zone = till.counter.settings.time_zone
    made = []
    for customer in customers:
        facts = load_customer_facts(till.db, customer, moment, till.counter.settings.offer_rules)
        for stage in (Moment.CHECKOUT, Moment.FOLLOW_UP):
            situation = Situation(moment=stage, cart=("standard_wash",), customer=facts)
            made.append(
                decide(
                    situation,
                    till.counter.catalog,
                    till.counter.settings.offer_rules,
                    moment.astimezone(zone),
                )
            )
    return made
