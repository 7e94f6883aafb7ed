"""The add-on report's reads: one GROUP BY per figure, on the indexed site-local day.

Every query reads completed tickets only; offer events join their ticket so that the
events of a voided or refunded ticket drop out too. A line refunded on its own leaves the
ticket counted but takes out that line: its wash, its share of the revenue, and the add-on
money of the offer that sold it. This returns the counts a period's
figures are made of; what they mean, and the figures themselves, are `posapp.reports`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

#: The counted queries per period: each is one step of the report's progress bar.
QUERIES_PER_PERIOD = 6


@dataclass(frozen=True)
class OfferCounts:
    """One offer (kind and service): shown, accepted and declined events, and what it earned."""

    kind: str
    service: str
    name: str
    shown: int
    accepted: int
    declined: int
    revenue_cents: int


@dataclass(frozen=True)
class CashierCounts:
    """One cashier's completed tickets, offers shown and accepted, and the add-on money earned."""

    cashier_id: int
    name: str
    tickets: int
    shown: int
    accepted: int
    addon_revenue_cents: int


@dataclass(frozen=True)
class HourCounts:
    """Completed tickets and their subtotal in one hour of the site's day."""

    hour: int
    tickets: int
    revenue_cents: int


@dataclass(frozen=True)
class PeriodCounts:
    """Everything stored about the days from `first` to `last` that the report counts."""

    #: By kind, then service.
    offers: tuple[OfferCounts, ...]
    #: Each reason of each held-back event once, most frequent first.
    held_back: tuple[tuple[str, int], ...]
    #: Everyone who rang up a ticket or made an offer, by name.
    cashiers: tuple[CashierCounts, ...]
    wash_lines: int
    premium_washes: int
    #: Only the hours with a ticket, in order.
    hours: tuple[HourCounts, ...]


# Offer events that count: on a completed ticket, or on no ticket at all (a renewal talk).
_COUNTED_EVENTS = """
    WHERE e.local_day BETWEEN :first AND :last
      AND (e.ticket_id IS NULL OR t.status = 'completed')
"""

# An accepted offer whose line was refunded on its own earned nothing (line_refunds is small).
_NOT_REFUNDED = """AND NOT EXISTS (SELECT 1 FROM line_refunds r JOIN ticket_lines l ON l.id = r.line_id
                                          WHERE r.ticket_id = e.ticket_id AND l.offer_event_id = e.id)"""

# Service names are looked up apart: joining them per event doubled the time of a year's report.
_OFFERS = f"""
    SELECT e.kind, e.service,
           sum(e.outcome IN ('shown', 'accepted', 'declined')),
           sum(e.outcome = 'accepted'),
           sum(e.outcome = 'declined'),
           coalesce(sum(CASE WHEN e.outcome = 'accepted' AND e.kind != 'trial_upgrade'
                             {_NOT_REFUNDED} THEN e.price_delta_cents END), 0)
    FROM offer_events e
    LEFT JOIN tickets t ON t.id = e.ticket_id
    {_COUNTED_EVENTS}
      AND e.outcome != 'held_back'
    GROUP BY e.kind, e.service
    ORDER BY e.kind, e.service
"""

# Reasons are stored comma-separated; the few distinct combinations are split in Python.
_HELD_BACK = f"""
    SELECT e.reasons, count(*)
    FROM offer_events e
    LEFT JOIN tickets t ON t.id = e.ticket_id
    {_COUNTED_EVENTS}
      AND e.outcome = 'held_back'
    GROUP BY e.reasons
"""

_CASHIER_TICKETS = """
    SELECT cashier_id, count(*)
    FROM tickets
    WHERE local_day BETWEEN :first AND :last AND status = 'completed'
    GROUP BY cashier_id
"""

_CASHIER_OFFERS = f"""
    SELECT e.cashier_id,
           sum(e.outcome IN ('shown', 'accepted', 'declined')),
           sum(e.outcome = 'accepted'),
           coalesce(sum(CASE WHEN e.outcome = 'accepted' AND e.kind != 'trial_upgrade'
                             {_NOT_REFUNDED} THEN e.price_delta_cents END), 0)
    FROM offer_events e
    LEFT JOIN tickets t ON t.id = e.ticket_id
    {_COUNTED_EVENTS}
      AND e.outcome != 'held_back'
    GROUP BY e.cashier_id
"""

_WASHES = """
    SELECT count(*), coalesce(sum(l.code = :premium), 0)
    FROM tickets t
    JOIN ticket_lines l ON l.ticket_id = t.id
    WHERE t.local_day BETWEEN :first AND :last AND t.status = 'completed' AND l.is_addon = 0
      AND NOT EXISTS (SELECT 1 FROM line_refunds r WHERE r.line_id = l.id)
"""

_HOURS = """
    SELECT local_hour, count(*),
           coalesce(sum(subtotal_cents - (SELECT coalesce(sum(r.subtotal_cents), 0) FROM line_refunds r
                                          WHERE r.ticket_id = tickets.id)), 0)
    FROM tickets
    WHERE local_day BETWEEN :first AND :last AND status = 'completed'
    GROUP BY local_hour
    ORDER BY local_hour
"""


def period_counts(
    db: Database, first: date, last: date, *, premium_wash: str, step: Callable[[], None] | None = None
) -> PeriodCounts:
    """The counts for the days `first`..`last` (site-local, both included).

    `step` is called after each of the QUERIES_PER_PERIOD counted queries; `premium_wash` is
    the wash whose share of wash lines the report shows.
    """
    span = {"first": first.isoformat(), "last": last.isoformat(), "premium": premium_wash}

    def run(sql: str) -> list[tuple[Any, ...]]:
        rows = db.execute(sql, span).fetchall()
        if step is not None:
            step()
        return rows

    offer_rows = run(_OFFERS)
    names = _service_names(db, {str(row[1]) for row in offer_rows})
    offers = tuple(
        OfferCounts(
            str(kind),
            str(service),
            names.get(service, service),
            int(shown),
            int(accepted),
            int(declined),
            int(revenue_cents),
        )
        for kind, service, shown, accepted, declined, revenue_cents in offer_rows
    )
    held_back = _count_reasons(run(_HELD_BACK))
    cashiers = _cashiers(db, run(_CASHIER_TICKETS), run(_CASHIER_OFFERS))
    wash_lines, premium = run(_WASHES)[0]
    hours = tuple(HourCounts(int(h), int(n), int(c)) for h, n, c in run(_HOURS))
    return PeriodCounts(
        offers=offers,
        held_back=held_back,
        cashiers=cashiers,
        wash_lines=int(wash_lines),
        premium_washes=int(premium),
        hours=hours,
    )


def _service_names(db: Database, codes: set[str]) -> dict[str, str]:
    """Menu names of the offered services; a code no longer on the menu shows as itself."""
    if not codes:
        return {}
    marks = ",".join("?" * len(codes))
    rows = db.execute(f"SELECT code, name FROM services WHERE code IN ({marks})", sorted(codes))
    return {str(code): str(name) for code, name in rows.fetchall()}


def _count_reasons(rows: list[tuple[Any, ...]]) -> tuple[tuple[str, int], ...]:
    """Each reason of each held-back event once, most frequent first."""
    counts: Counter[str] = Counter()
    for reasons, events in rows:
        for reason in str(reasons).split(","):
            counts[reason.strip() or "unspecified"] += int(events)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _cashiers(
    db: Database, ticket_rows: list[tuple[Any, ...]], offer_rows: list[tuple[Any, ...]]
) -> tuple[CashierCounts, ...]:
    """Everyone who rang up a ticket or made an offer, by name."""
    tickets = {int(c): int(n) for c, n in ticket_rows}
    offers = {int(row[0]): tuple(int(v) for v in row[1:]) for row in offer_rows}
    ids = sorted(set(tickets) | set(offers))
    if not ids:
        return ()
    marks = ",".join("?" * len(ids))
    names = dict(db.execute(f"SELECT id, name FROM cashiers WHERE id IN ({marks})", ids).fetchall())
    counts = [
        CashierCounts(
            cashier_id,
            str(names.get(cashier_id, f"#{cashier_id}")),
            tickets.get(cashier_id, 0),
            *offers.get(cashier_id, (0, 0, 0)),
        )
        for cashier_id in ids
    ]
    return tuple(sorted(counts, key=lambda c: c.name.casefold()))
