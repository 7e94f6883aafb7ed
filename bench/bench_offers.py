"""The offer decision at the counter (history lookup + rules) against a bare indexed SQL lookup.

Builds a seeded database with 1,000,000 offer events, then times, for random customers,
`load_customer_facts` + `decide` and, as the floor, the same facts query run bare on sqlite3.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.timing import Row, describe, measure, measure_pair, row
from posapp.domain.offer import Moment
from posapp.offers.engine import decide
from posapp.offers.model import OfferRules, Situation
from posapp.offers.scripts import money_formatter
from posapp.storage.catalog import read_catalog_file, seed_catalog
from posapp.storage.clock import to_db
from posapp.storage.db import open_db, write_transaction
from posapp.storage.migrations import open_migrated
from posapp.storage.offer_history import CUSTOMER_FACTS_SQL, declines_since, load_customer_facts
from posapp.storage.offer_scripts import default_scripts

EVENTS = 1_000_000
CUSTOMERS = 50_000
REPEAT = 3000
SEED = 20261127
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("America/New_York"))

_OFFERS = [
    ("cross_sell", "car_waxing"),
    ("cross_sell", "tire_shine"),
    ("cross_sell", "underbody_rinse"),
    ("upsell", "premium_package"),
    ("trial_upgrade", "premium_club"),
]
_OUTCOMES = ["shown", "accepted", "declined", "declined", "held_back"]


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "offers.db"
        build(path)
        return measure_decision(path)


def build(path: Path) -> None:
    """A counter database with CUSTOMERS customers and EVENTS offer events over two years."""
    db = open_migrated(path)
    seed_catalog(db, read_catalog_file())
    # A throwaway file: durability would only slow the build down, not change the lookup.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA cache_size = -262144")
    created = to_db(NOW - timedelta(days=800))
    rng = random.Random(SEED)
    with write_transaction(db):
        db.execute(
            "INSERT INTO cashiers (id, name, role, pin_hash, created_at)"
            " VALUES (1, 'Sam', 'cashier', 'x', ?)",
            [created],
        )
        db.conn.executemany(
            "INSERT INTO customers (id, name, budget_sensitive, created_at) VALUES (?, ?, ?, ?)",
            ((i, f"Customer {i}", int(i % 17 == 0), created) for i in range(1, CUSTOMERS + 1)),
        )
        db.conn.executemany(
            "INSERT INTO memberships (customer_id, plan, started_on, renews_on) VALUES (?, ?, ?, ?)",
            ((i, "standard_club", "2026-01-10", "2026-12-03") for i in range(1, CUSTOMERS + 1, 3)),
        )
        db.conn.executemany(
            "INSERT INTO complaints (customer_id, cashier_id, opened_at) VALUES (?, 1, ?)",
            ((i, created) for i in range(1, CUSTOMERS + 1, 97)),
        )
        # Building the indexes once after the rows is several times faster than row by row;
        # they are re-created from the schema's own SQL, so the lookup meets the real ones.
        indexes = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'offer_events'"
            " AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in indexes:
            db.execute(f"DROP INDEX {name}")
        db.conn.executemany(
            "INSERT INTO offer_events (customer_id, cashier_id, moment, kind, service, outcome,"
            " at, local_day) VALUES (?, 1, 'checkout', ?, ?, ?, ?, ?)",
            _events(rng),
        )
        for _, sql in indexes:
            db.execute(sql)
    db.execute("ANALYZE")
    db.close()


def _events(rng: random.Random) -> Iterator[tuple[int, str, str, str, str, str]]:
    start = NOW.astimezone(UTC) - timedelta(days=730)
    step = 730 * 86400 / EVENTS
    # In time order, as a counter writes them: one event every minute or so over two years.
    for number in range(EVENTS):
        kind, service = rng.choice(_OFFERS)
        at = start + timedelta(seconds=number * step)
        customer = rng.randint(1, CUSTOMERS)
        yield customer, kind, service, rng.choice(_OUTCOMES), to_db(at), at.date().isoformat()


def measure_decision(path: Path) -> list[Row]:
    db = open_db(path, read_only=True)
    catalog = read_catalog_file()
    scripts = default_scripts()
    rules = OfferRules()
    price = money_formatter("USD", "en_US")
    rng = random.Random(SEED + 1)
    ids = [rng.randint(1, CUSTOMERS) for _ in range(REPEAT + 10)]

    def next_id() -> Callable[[], int]:
        queue = iter(ids * 3)
        return lambda: next(queue)

    pick = next_id()

    def facts_and_decision() -> None:
        facts = load_customer_facts(db, pick(), NOW, rules)
        situation = Situation(Moment.CHECKOUT, ("standard_wash",), customer=facts)
        decide(situation, catalog, rules, NOW, scripts=scripts, format_price=price)

    pick_facts = next_id()

    def facts_only() -> None:
        load_customer_facts(db, pick_facts(), NOW, rules)

    # Facts loaded beforehand: the same customers, so decide meets the same histories.
    situations = [
        Situation(Moment.CHECKOUT, ("standard_wash",), customer=load_customer_facts(db, i, NOW, rules))
        for i in ids
    ]
    queue = iter(situations * 3)

    def decide_only() -> None:
        decide(next(queue), catalog, rules, NOW, scripts=scripts, format_price=price)

    bare = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    since = declines_since(NOW, rules)  # the very parameter load_customer_facts sends
    pick_bare = next_id()

    def bare_lookup() -> None:
        bare.execute(CUSTOMER_FACTS_SQL, {"customer_id": pick_bare(), "since": since}).fetchone()

    try:
        (decision, decision_spread), (floor_median, _) = measure_pair(
            facts_and_decision, bare_lookup, repeat=REPEAT
        )
        facts_median, facts_spread = measure(facts_only, repeat=REPEAT)
        decide_median, decide_spread = measure(decide_only, repeat=REPEAT)
    finally:
        bare.close()
        db.close()
    floor = "the same facts query, bare on sqlite3"
    return [
        row(
            f"offer decision: customer facts + decide ({EVENTS:,} offer events)",
            decision,
            decision_spread,
            floor,
            floor_median,
            # Issue 18 §3: the facts load alone is ~1.5× the bare query, so 2× is out of reach.
            "≤ 1 ms, ≤ 3×",
            samples=REPEAT,
            limit=1.0,
            max_ratio=3.0,
        ),
        row(
            f"  of which customer facts alone ({EVENTS:,} offer events)",
            facts_median,
            facts_spread,
            floor,
            floor_median,
            "— (part of the above)",
            samples=REPEAT,
        ),
        row(
            "  of which decide alone (rules, choice, script), facts in hand",
            decide_median,
            decide_spread,
            "—",
            None,
            "— (part of the above)",
            samples=REPEAT,
        ),
    ]


if __name__ == "__main__":
    for result in run():
        print(describe(result))
