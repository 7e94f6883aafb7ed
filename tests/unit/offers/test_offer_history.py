"""A customer's offer history read from the database: the facts, the query plan, the take rates."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from posapp.domain.catalog import Catalog
from posapp.domain.matching import match_keys
from posapp.domain.offer import Moment
from posapp.offers.engine import decide
from posapp.offers.model import CustomerFacts, DeclinedOffer, OfferRules, Policy, Situation
from posapp.storage.clock import to_db
from posapp.storage.db import Database, open_db, write_transaction
from posapp.storage.offer_history import (
    CUSTOMER_FACTS_SQL,
    TAKE_RATES_SQL,
    load_customer_facts,
    load_take_rates,
    rules_with_take_rates,
)
from posapp.storage.sync_outbox import store_hub_facts

SITE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SITE)  # the site's time every rule is judged at


RULES = OfferRules(cooldown_days=30)


def add_customer(db: Database, name: str, *, budget_sensitive: bool = False, consent: bool = False) -> int:
    cursor = db.execute(
        "INSERT INTO customers (name, budget_sensitive, marketing_consent, created_at) VALUES (?, ?, ?, ?)",
        [name, int(budget_sensitive), int(consent), to_db(NOW - timedelta(days=400))],
    )
    return int(cursor.lastrowid or 0)


def add_event(
    db: Database, customer_id: int | None, service: str, outcome: str, at: datetime, kind: str = "cross_sell"
) -> None:
    db.execute(
        "INSERT INTO offer_events (customer_id, cashier_id, moment, kind, service, outcome, at,"
        " local_day) VALUES (?, 1, 'checkout', ?, ?, ?, ?, ?)",
        [customer_id, kind, service, outcome, to_db(at), at.date().isoformat()],
    )


def test_the_facts_of_a_regular(counter_db: Database) -> None:
    with write_transaction(counter_db):
        ana = add_customer(counter_db, "Ana María López", budget_sensitive=True, consent=True)
        other = add_customer(counter_db, "Bo")
        counter_db.execute(
            "INSERT INTO memberships (customer_id, plan, started_on, renews_on, ended_on)"
            " VALUES (?, 'standard_club', '2025-01-01', '2025-12-01', '2025-12-01'),"
            " (?, 'standard_club', '2026-03-01', '2026-12-01', NULL)",
            [ana, ana],
        )
        add_event(counter_db, ana, "tire_shine", "accepted", NOW - timedelta(days=40))
        add_event(counter_db, ana, "car_waxing", "accepted", NOW - timedelta(days=20))
        add_event(counter_db, ana, "premium_package", "declined", NOW - timedelta(days=5), "upsell")
        add_event(counter_db, ana, "underbody_rinse", "declined", NOW - timedelta(days=45))
        add_event(counter_db, ana, "car_waxing", "shown", NOW - timedelta(days=1))
        add_event(counter_db, other, "car_waxing", "declined", NOW - timedelta(days=2))
        counter_db.execute(
            "INSERT INTO complaints (customer_id, cashier_id, opened_at, resolved_at) VALUES (?, 1, ?, ?)",
            [ana, to_db(NOW - timedelta(days=90)), to_db(NOW - timedelta(days=89))],
        )
    facts = load_customer_facts(counter_db, ana, NOW, RULES)
    assert facts == CustomerFacts(
        id=ana,
        first_name="Ana",
        member_plan="standard_club",
        member_since=date(2026, 3, 1),
        renews_on=date(2026, 12, 1),
        last_accepted_offer_at=(NOW - timedelta(days=20)).astimezone(UTC),
        declined=(DeclinedOffer("premium_package", (NOW - timedelta(days=5)).astimezone(UTC)),),
        open_complaint=False,
        complaint_resolved_at=(NOW - timedelta(days=89)).astimezone(UTC),
        budget_sensitive=True,
        marketing_consent=True,
    )


def test_a_running_trial_is_among_the_facts(counter_db: Database) -> None:
    with write_transaction(counter_db):
        cy = add_customer(counter_db, "Cy")
        counter_db.execute(
            "INSERT INTO memberships (customer_id, plan, started_on, renews_on, trial_plan, trial_until)"
            " VALUES (?, 'standard_club', '2026-01-05', '2026-12-05', 'premium_club', '2026-12-20')",
            [cy],
        )
    facts = load_customer_facts(counter_db, cy, NOW, RULES)
    assert facts is not None
    assert (facts.trial_plan, facts.trial_until) == ("premium_club", date(2026, 12, 20))


def test_an_open_complaint_and_no_history(counter_db: Database) -> None:
    with write_transaction(counter_db):
        bo = add_customer(counter_db, "Bo")
        counter_db.execute(
            "INSERT INTO complaints (customer_id, cashier_id, opened_at) VALUES (?, 1, ?)",
            [bo, to_db(NOW - timedelta(hours=2))],
        )
    facts = load_customer_facts(counter_db, bo, NOW, RULES)
    assert facts == CustomerFacts(id=bo, first_name="Bo", open_complaint=True)


def test_an_unknown_customer_has_no_facts(counter_db: Database) -> None:
    assert load_customer_facts(counter_db, 999, NOW, RULES) is None


def test_an_erased_customer_is_not_greeted_by_name(counter_db: Database) -> None:
    with write_transaction(counter_db):
        gone = add_customer(counter_db, "Erased", consent=True)
        counter_db.execute("UPDATE customers SET erased_at = ? WHERE id = ?", [to_db(NOW), gone])
    facts = load_customer_facts(counter_db, gone, NOW, RULES)
    # Nobody to greet, and nobody to write to after their erasure.
    assert facts is not None and facts.first_name == "" and not facts.marketing_consent


def test_the_lookup_is_served_by_the_indexes(counter_db: Database) -> None:
    plan = counter_db.execute(
        "EXPLAIN QUERY PLAN " + CUSTOMER_FACTS_SQL, {"customer_id": 1, "since": "x"}
    ).fetchall()
    details = [row[3] for row in plan]
    assert (
        sum(
            "USING COVERING INDEX offer_events_customer" in d or "USING INDEX offer_events_customer" in d
            for d in details
        )
        == 2
    )
    assert any("INDEX memberships_customer" in d for d in details)
    # Open and resolved complaints alike: one covering index on (customer, resolved_at).
    assert sum("INDEX complaints_resolved" in d for d in details) == 2
    # "SCAN d" walks the few declines already found through the index, not a table.
    assert [d for d in details if d.startswith("SCAN") and d != "SCAN d"] == []


def test_take_rates_count_every_offer_shown(counter_db: Database) -> None:
    with write_transaction(counter_db):
        ana = add_customer(counter_db, "Ana")
        for outcome in ("accepted", "accepted", "declined", "shown", "held_back"):
            add_event(counter_db, ana, "car_waxing", outcome, NOW)
        add_event(counter_db, ana, "premium_package", "declined", NOW, "upsell")
        # Last season's answers no longer count: 89 days back is in, 90 days back is out.
        add_event(counter_db, ana, "car_waxing", "accepted", NOW - timedelta(days=89))
        add_event(counter_db, ana, "car_waxing", "declined", NOW - timedelta(days=90))
    assert load_take_rates(counter_db, NOW.date()) == {
        ("cross_sell", "car_waxing"): (3 + 1) / (5 + 2),
        ("upsell", "premium_package"): (0 + 1) / (1 + 2),
    }
    plan = " ".join(
        str(row[3])
        for row in counter_db.execute(
            "EXPLAIN QUERY PLAN " + TAKE_RATES_SQL, {"since": NOW.date().isoformat()}
        ).fetchall()
    )
    assert "INDEX offer_events_day" in plan  # a range of days, not every event of every year


def test_only_the_best_value_policy_reads_take_rates(counter_db: Database) -> None:
    with write_transaction(counter_db):
        add_event(counter_db, None, "car_waxing", "accepted", NOW)
    fixed = OfferRules()
    assert rules_with_take_rates(counter_db, fixed, NOW.date()) is fixed
    best = rules_with_take_rates(counter_db, OfferRules(policy=Policy.BEST_VALUE), NOW.date())
    assert best.take_rates == {("cross_sell", "car_waxing"): (1 + 1) / (1 + 2)}


def test_reading_the_facts_and_deciding_never_writes(counter_db: Database, tmp_path: Path) -> None:
    with write_transaction(counter_db):
        ana = add_customer(counter_db, "Ana")
        add_event(counter_db, ana, "car_waxing", "declined", NOW - timedelta(days=3))
    counter_db.close()
    path = tmp_path / "counter.db"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    db = open_db(path, read_only=True)
    facts = load_customer_facts(db, ana, NOW, RULES)
    load_take_rates(db, NOW.date())
    db.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert facts is not None and facts.declined[0].service == "car_waxing"


def test_stored_facts_drive_the_decision(counter_db: Database, catalog: Catalog) -> None:
    with write_transaction(counter_db):
        ana = add_customer(counter_db, "Ana")
        add_event(counter_db, ana, "car_waxing", "declined", NOW - timedelta(days=10))
    facts = load_customer_facts(counter_db, ana, NOW, RULES)
    decision = decide(Situation(Moment.CHECKOUT, ("standard_wash",), customer=facts), catalog, RULES, NOW)
    # Past the 7-day pause after a decline; the declined service itself stays off for 30 days.
    assert decision.offer is not None and decision.offer.service == "tire_shine"
    assert decision.held_back[0].reasons == ("declined_recently",)
    assert decision.held_back[0].explanation == "The customer declined Car Waxing on 2026-11-17."


def test_a_stored_decline_three_days_ago_pauses_every_offer(counter_db: Database, catalog: Catalog) -> None:
    with write_transaction(counter_db):
        ana = add_customer(counter_db, "Ana")
        add_event(counter_db, ana, "premium_package", "declined", NOW - timedelta(days=3), "upsell")
    facts = load_customer_facts(counter_db, ana, NOW, RULES)
    decision = decide(Situation(Moment.CHECKOUT, ("standard_wash",), customer=facts), catalog, RULES, NOW)
    assert decision.offer is None
    assert all("recent" in held.reasons for held in decision.held_back if held.service)


def test_a_resolved_complaint_is_among_the_facts(counter_db: Database) -> None:
    resolved = NOW - timedelta(hours=1)
    with write_transaction(counter_db):
        ana = add_customer(counter_db, "Ana")
        counter_db.execute(
            "INSERT INTO complaints (customer_id, cashier_id, opened_at, resolved_at) VALUES (?, 1, ?, ?),"
            " (?, 1, ?, ?)",
            [
                ana,
                to_db(NOW - timedelta(days=9)),
                to_db(NOW - timedelta(days=8)),
                ana,
                to_db(NOW),
                to_db(resolved),
            ],
        )
    facts = load_customer_facts(counter_db, ana, NOW, RULES)
    assert facts is not None and facts.complaint_resolved_at == resolved.astimezone(UTC)
    assert not facts.open_complaint


def test_a_decline_older_than_the_cooldown_is_still_read_for_a_longer_pause(counter_db: Database) -> None:
    with write_transaction(counter_db):
        ana = add_customer(counter_db, "Ana")
        add_event(counter_db, ana, "car_waxing", "declined", NOW - timedelta(days=40))
    longer = OfferRules(cooldown_days=30, decline_pause_days=60)
    facts = load_customer_facts(counter_db, ana, NOW, longer)
    assert facts is not None and [d.service for d in facts.declined] == ["car_waxing"]


def test_a_decline_just_inside_the_cooldown_across_spring_forward_is_read(
    counter_db: Database, catalog: Catalog
) -> None:
    # 29 days 23½ hours before a March noon, across the night the clocks went forward: the
    # rules count elapsed time, so the decline still holds car waxing back.
    march_noon = datetime(2026, 3, 20, 12, 0, tzinfo=SITE)
    declined_at = march_noon.astimezone(UTC) - timedelta(days=30, minutes=-30)
    assert march_noon - declined_at == timedelta(days=29, hours=23, minutes=30)
    with write_transaction(counter_db):
        ana = add_customer(counter_db, "Ana")
        add_event(counter_db, ana, "car_waxing", "declined", declined_at)
    facts = load_customer_facts(counter_db, ana, march_noon, RULES)
    assert facts is not None and [d.service for d in facts.declined] == ["car_waxing"]
    situation = Situation(Moment.CHECKOUT, ("standard_wash",), customer=facts)
    decision = decide(situation, catalog, RULES, march_noon)
    waxing = next(held for held in decision.held_back if held.service == "car_waxing")
    assert waxing.reasons == ("declined_recently",)


def test_the_chain_s_facts_join_the_till_s_own_once_the_hub_sent_any(counter_db: Database) -> None:
    with write_transaction(counter_db):
        ana = add_customer(counter_db, "Ana")
        counter_db.execute("UPDATE customers SET plate = 'ABC123' WHERE id = ?", [ana])
    assert (facts := load_customer_facts(counter_db, ana, NOW, RULES)) is not None and facts.declined == ()
    # Another site's till declined car waxing for the same plate three days ago.
    at = (NOW - timedelta(days=3)).astimezone(UTC)
    store_hub_facts(
        counter_db,
        [("site-b", 7, key) for key in match_keys(plate="ABC123")],
        [("answer", "site-b", 1, 7, {"at": at.isoformat(), "outcome": "declined", "service": "car_waxing"})],
        to_db(NOW),
    )
    facts = load_customer_facts(counter_db, ana, NOW, RULES)
    assert facts is not None and facts.declined == (DeclinedOffer("car_waxing", at),)
