"""The demo's history is made by the real rules: every reason from the engine, every pause kept."""

from __future__ import annotations

from collections import Counter as Tally
from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from posapp.counter import Counter
from posapp.domain.offer import Reason
from posapp.services.demo import build_demo_site

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Database:
    from posapp.counter import open_counter
    from posapp.settings import default_settings_path

    counter: Counter = open_counter(
        tmp_path_factory.mktemp("demo") / "demo.db", settings_path=default_settings_path(), now=lambda: NOW
    )
    build_demo_site(counter.db, counter.catalog, counter.settings, now=lambda: NOW, days=30, seed=7)
    return counter.db


def held_back_tickets(db: Database) -> Tally[str]:
    tally: Tally[str] = Tally()
    for reasons, tickets in db.execute(
        "SELECT reasons, count(DISTINCT coalesce(ticket_id, at)) FROM offer_events"
        " WHERE outcome = 'held_back' GROUP BY reasons"
    ).fetchall():
        for reason in str(reasons).split(","):
            tally[reason] += int(tickets)
    return tally


def test_every_reason_comes_from_the_engine_with_a_believable_frequency(demo: Database) -> None:
    tickets = int(demo.execute("SELECT count(*) FROM tickets").fetchone()[0])
    tally = held_back_tickets(demo)
    assert set(tally) <= {reason.value for reason in Reason}  # no hand-written "undecided"
    for reason in (
        "complaint",
        "budget",
        "overwhelmed",
        "recent",
        "declined_recently",
        "not_relevant",
        "tenure",
    ):
        assert tally[reason] > 0, reason
    # Believable: a few percent of visits bring a complaint or a tight budget, and no rule holds
    # back most of the site's tickets.
    assert 0.005 < tally["complaint"] / tickets < 0.05
    assert 0.02 < tally["budget"] / tickets < 0.12
    assert all(count < tickets / 2 for reason, count in tally.items() if reason != "one_per_ticket")


def test_no_customer_is_pitched_again_within_a_pause(demo: Database) -> None:
    """Rule 4 held over a whole month: 7 days after a decline, 30 after an acceptance."""
    rows = demo.execute(
        "SELECT customer_id, outcome, at, coalesce(ticket_id, -id) FROM offer_events"
        " WHERE customer_id IS NOT NULL AND outcome IN ('accepted', 'declined') ORDER BY customer_id, at"
    ).fetchall()
    assert len(rows) > 100
    pauses = {"declined": timedelta(days=7), "accepted": timedelta(days=30)}
    previous: dict[int, tuple[str, datetime]] = {}
    for customer_id, outcome, at_text, _visit in rows:
        at = datetime.fromisoformat(at_text)
        if customer_id in previous:
            last_outcome, last_at = previous[customer_id]
            assert at - last_at >= pauses[last_outcome], (customer_id, last_outcome, last_at, at)
        previous[customer_id] = (outcome, at)


def test_accepted_offers_are_sold_on_their_ticket(demo: Database) -> None:
    unsold = demo.execute(
        "SELECT count(*) FROM offer_events e WHERE e.outcome = 'accepted' AND e.kind = 'cross_sell'"
        " AND NOT EXISTS (SELECT 1 FROM ticket_lines l WHERE l.offer_event_id = e.id)"
    ).fetchone()[0]
    assert unsold == 0
    trials = demo.execute("SELECT count(*) FROM memberships WHERE trial_plan IS NOT NULL").fetchone()[0]
    assert trials > 0  # trial upgrades offered at renewal were taken, and started
