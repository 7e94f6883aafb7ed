"""The demo site made by the real rules: how long 30 days take, and what the pause rule does.

Builds 30 days of a ~150-car site through `build_demo_site` (every offer decided by the engine,
every sale stored by `complete_sale`) twice from the same seed: once as the rules were before
"any pitch pauses" (a decline paused nothing: `decline_pause_days = 0`) and once with the
shipped 7-day pause. For each it prints the take rate (accepted / shown, every moment) and the
pitches per returning customer per week (offers shown to a known customer, answered or not,
per customer who came, per 7 days). The demo's customers tire of offers: each pitch they heard
in the past 7 days halves their chance of saying yes (`demo.FATIGUE_DAYS`); the take rate's
change rests on that assumption, the pitch count does not. It also prints the history's
membership trials: started in the 30 days, and converted or expired (recorded in them, including
the trials under way when the history begins). Run as `python -m bench.bench_demo`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.timing import Row, describe, row
from posapp.counter import open_counter
from posapp.services.demo import build_demo_site
from posapp.settings import default_settings_path

SEED = 7
DAYS = 30
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

_PITCHES = """
SELECT count(*) FILTER (WHERE outcome IN ('shown', 'accepted', 'declined')),
       count(*) FILTER (WHERE outcome = 'accepted'),
       count(*) FILTER (WHERE outcome IN ('shown', 'accepted', 'declined') AND customer_id IS NOT NULL),
       (SELECT count(DISTINCT customer_id) FROM tickets WHERE customer_id IS NOT NULL),
       count(*) FILTER (WHERE outcome = 'held_back' AND ',' || reasons || ',' LIKE '%,recent,%')
  FROM offer_events e
 WHERE e.ticket_id IS NULL OR e.ticket_id IN (SELECT id FROM tickets WHERE status = 'completed')
"""


_TRIALS = """
SELECT count(*) FILTER (WHERE ticket_id IS NOT NULL),
       count(*) FILTER (WHERE outcome = 'converted'),
       count(*) FILTER (WHERE outcome = 'expired')
  FROM trials
"""


def build(folder: Path, decline_pause_days: int) -> tuple[float, dict[str, float]]:
    """Seconds to build the 30 days, and the figures of the history it wrote."""
    counter = open_counter(folder / f"demo-{decline_pause_days}.db", settings_path=default_settings_path())
    settings = counter.settings
    settings = replace(
        settings, offer_rules=replace(settings.offer_rules, decline_pause_days=decline_pause_days)
    )
    start = time.perf_counter()
    tickets = build_demo_site(counter.db, counter.catalog, settings, now=lambda: NOW, days=DAYS, seed=SEED)
    seconds = time.perf_counter() - start
    shown, accepted, to_known, customers, recent = counter.db.execute(_PITCHES).fetchone()
    started, converted, expired = counter.db.execute(_TRIALS).fetchone()
    counter.db.conn.close()
    weeks = DAYS / 7
    return seconds, {
        "tickets": tickets,
        "take_rate": accepted / shown if shown else 0.0,
        "pitches_per_customer_week": to_known / customers / weeks if customers else 0.0,
        "shown": shown,
        "recent": recent,
        "trials_started": started,
        "converted": converted,
        "expired": expired,
    }


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        _, before = build(Path(folder), 0)
        after_s, after = build(Path(folder), 7)
    for name, figures in (("before (a decline pauses nothing)", before), ("after (7-day pause)", after)):
        print(
            f"{name}: {figures['tickets']:.0f} tickets, {figures['shown']:.0f} offers shown, take rate "
            f"{figures['take_rate']:.1%}, {figures['pitches_per_customer_week']:.2f} pitches per returning "
            f"customer per week, {figures['recent']:.0f} offers held back as 'recent'; trials: "
            f"{figures['trials_started']:.0f} started, {figures['converted']:.0f} converted, "
            f"{figures['expired']:.0f} expired",
            file=sys.stderr,
        )
    return [
        row(
            f"demo-data: {DAYS} days of ~150 cars through the real engine and complete_sale",
            after_s * 1000,
            None,
            "—",
            None,
            "≤ 10 s",
            samples=1,
            limit=10_000.0,
        ),
        row(
            "demo take rate, before → after the pause rule (%)",
            after["take_rate"] * 100,
            None,
            f"before: {before['take_rate']:.1%}",
            None,
            "— (for information)",
            samples=1,
            unit="%",
        ),
        row(
            "demo pitches per returning customer per week, before → after",
            after["pitches_per_customer_week"],
            None,
            f"before: {before['pitches_per_customer_week']:.2f}",
            None,
            "— (for information)",
            samples=1,
            unit="pitches",
        ),
    ]


if __name__ == "__main__":
    for line in run():
        print(describe(line))
