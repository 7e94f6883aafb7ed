"""The add-on report's reads: one GROUP BY per figure, on the indexed site-local day.

Every query reads completed tickets only; offer events join their ticket so that the
events of a voided or refunded ticket drop out too. A line refunded on its own leaves the
ticket counted but takes out that line: its wash, its share of the revenue, and the add-on
money of the offer that sold it. Voids, refunds and complaints are read on their own, so that
they are shown rather than silently left out. This returns the counts a period's
figures are made of; what they mean, and the figures themselves, are `posapp.reports`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from posapp.domain.offer import HOLDING_REASONS, Moment
from posapp.storage.clock import to_db
from posapp.storage.db import Database

#: The counted queries per period: each is one step of the report's progress bar.
QUERIES_PER_PERIOD = 8


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
class MomentCounts:
    """Offers made at one moment of the customer's journey (checkout, renewal, question, follow-up)."""

    moment: str
    shown: int
    accepted: int
    declined: int
    revenue_cents: int


@dataclass(frozen=True)
class VoidCounts:
    """Tickets one manager voided or refunded in the period (by the day of the void), and their total."""

    kind: str
    manager: str
    count: int
    amount_cents: int


@dataclass(frozen=True)
class ComplaintCounts:
    """Complaints opened and resolved in the period, and those still open at its end."""

    opened: int
    resolved: int
    open: int


#: A period without a complaint.
NO_COMPLAINTS = ComplaintCounts(0, 0, 0)


@dataclass(frozen=True)
class PeriodCounts:
    """Everything stored about the days from `first` to `last` that the report counts."""

    #: By kind, then service.
    offers: tuple[OfferCounts, ...]
    #: Tickets (or ticketless talks) on which each of the process's reasons held an offer back,
    #: most frequent first; a reason that held nothing back is left out.
    held_back: tuple[tuple[str, int], ...]
    #: Everyone who rang up a ticket or made an offer, by name.
    cashiers: tuple[CashierCounts, ...]
    wash_lines: int
    premium_washes: int
    #: Only the hours with a ticket, in order.
    hours: tuple[HourCounts, ...]
    #: Every moment, in the journey's order, with zeros where nothing was offered.
    moments: tuple[MomentCounts, ...] = ()
    #: Add-on lines the cashier rang up without an offer (the customer asked): money too.
    unprompted_addon_revenue_cents: int = 0
    #: By kind (refund, void) and manager.
    voids: tuple[VoidCounts, ...] = ()
    complaints: ComplaintCounts = NO_COMPLAINTS


# Offer events that count: on a completed ticket, or on no ticket at all (a renewal talk).
_COUNTED_EVENTS = """
    WHERE e.local_day BETWEEN :first AND :last
      AND (e.ticket_id IS NULL OR t.status = 'completed')
"""

# An accepted offer earns only on a completed ticket that sold it: a yes at a customer question
# or a renewal talk without a sale is counted as accepted, never as money. An accepted offer whose
# line was refunded on its own earned nothing (line_refunds is small).
_EARNED = """e.outcome = 'accepted' AND e.kind != 'trial_upgrade' AND t.status = 'completed'
             AND NOT EXISTS (SELECT 1 FROM line_refunds r JOIN ticket_lines l ON l.id = r.line_id
                             WHERE r.ticket_id = e.ticket_id AND l.offer_event_id = e.id)"""

# Service names are looked up apart: joining them per event doubled the time of a year's report.
_OFFERS = f"""
    SELECT e.kind, e.service, e.moment,
           sum(e.outcome IN ('shown', 'accepted', 'declined')),
           sum(e.outcome = 'accepted'),
           sum(e.outcome = 'declined'),
           coalesce(sum(CASE WHEN {_EARNED} THEN e.price_delta_cents END), 0)
    FROM offer_events e
    LEFT JOIN tickets t ON t.id = e.ticket_id
    {_COUNTED_EVENTS}
      AND e.outcome != 'held_back'
    GROUP BY e.kind, e.service, e.moment
    ORDER BY e.kind, e.service, e.moment
"""

# One visit: a ticket, or (a question asked without a sale) the cashier's talk at one moment.
_VISIT = "coalesce('ticket ' || e.ticket_id, 'talk ' || e.cashier_id || ' ' || e.at)"

# Reasons are stored comma-separated: each process reason counts the visits it held back once,
# however many offers it held back there and whatever other reasons came with it. The shift
# slip's coaching counts with the same columns (read back with `held_back_by_reason`).
HELD_BACK_COLUMNS = ", ".join(
    f"count(DISTINCT CASE WHEN instr(',' || e.reasons || ',', ',{reason.value},') THEN {_VISIT} END)"
    for reason in HOLDING_REASONS
)
_HELD_BACK = f"""
    SELECT {HELD_BACK_COLUMNS}
    FROM offer_events e
    LEFT JOIN tickets t ON t.id = e.ticket_id
    {_COUNTED_EVENTS}
      AND e.outcome = 'held_back'
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
           coalesce(sum(CASE WHEN {_EARNED} THEN e.price_delta_cents END), 0)
    FROM offer_events e
    LEFT JOIN tickets t ON t.id = e.ticket_id
    {_COUNTED_EVENTS}
      AND e.outcome != 'held_back'
    GROUP BY e.cashier_id
"""

_LINES = """
    SELECT coalesce(sum(l.is_addon = 0), 0),
           coalesce(sum(l.is_addon = 0 AND l.code = :premium), 0),
           coalesce(sum(CASE WHEN l.is_addon = 1 AND l.offer_kind IS NULL
                             THEN l.unit_price_cents * l.quantity END), 0)
    FROM tickets t
    JOIN ticket_lines l ON l.ticket_id = t.id
    WHERE t.local_day BETWEEN :first AND :last AND t.status = 'completed'
      AND l.plan_change IS NULL
      AND NOT EXISTS (SELECT 1 FROM line_refunds r WHERE r.line_id = l.id)
"""

# By the day of the void or refund: the day the money went back is the day a manager checks.
_VOIDS = """
    SELECT v.kind, coalesce(k.name, '#' || v.manager_id), count(*), sum(v.amount_cents)
    FROM voids v
    LEFT JOIN cashiers k ON k.id = v.manager_id
    WHERE v.local_day BETWEEN :first AND :last
    GROUP BY v.kind, v.manager_id
    ORDER BY v.kind, k.name COLLATE NOCASE
"""

# Complaints are kept by time (UTC text), not by site day: the period's bounds are given as times.
_COMPLAINTS = """
    SELECT coalesce(sum(opened_at >= :start AND opened_at < :end), 0),
           coalesce(sum(resolved_at >= :start AND resolved_at < :end), 0),
           coalesce(sum(opened_at < :end AND (resolved_at IS NULL OR resolved_at >= :end)), 0)
    FROM complaints
    WHERE opened_at < :end
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


@dataclass(frozen=True)
class TrialCounts:
    """Membership trials: started in the period, and those whose last day fell in it, by outcome."""

    started: int = 0
    converted: int = 0
    expired: int = 0

    @property
    def ended(self) -> int:
        return self.converted + self.expired


# A trial has ended once its outcome is recorded (the day after its last day at the earliest);
# it counts in the period holding its last day. Started counts the day it began.
_TRIALS = """
    SELECT
        (SELECT count(*) FROM trials WHERE started_on BETWEEN :first AND :last
                                       AND coalesce(outcome, '') != 'cancelled'),
        (SELECT count(*) FROM trials WHERE until BETWEEN :first AND :last AND outcome = 'converted'),
        (SELECT count(*) FROM trials WHERE until BETWEEN :first AND :last AND outcome = 'expired')
"""


def trial_counts(db: Database, first: date, last: date) -> TrialCounts:
    """The trials figures for the days `first`..`last` (site-local, both included)."""
    started, converted, expired = db.execute(
        _TRIALS, {"first": first.isoformat(), "last": last.isoformat()}
    ).fetchone()
    return TrialCounts(int(started), int(converted), int(expired))


def period_counts(
    db: Database,
    first: date,
    last: date,
    *,
    premium_wash: str,
    time_zone: tzinfo,
    step: Callable[[], None] | None = None,
) -> PeriodCounts:
    """The counts for the days `first`..`last` (site-local, both included).

    `step` is called after each of the QUERIES_PER_PERIOD counted queries; `premium_wash` is
    the wash whose share of wash lines the report shows; `time_zone` is the site's, for the
    records kept by time rather than by site day (complaints).
    """
    span = {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "premium": premium_wash,
        "start": _midnight(first, time_zone, beyond=""),
        "end": _midnight(last, time_zone, beyond="~", days_after=1),
    }

    def run(sql: str) -> list[tuple[Any, ...]]:
        rows = db.execute(sql, span).fetchall()
        if step is not None:
            step()
        return rows

    offer_rows = run(_OFFERS)
    held_back = held_back_by_reason(run(_HELD_BACK)[0])
    cashiers = _cashiers(db, run(_CASHIER_TICKETS), run(_CASHIER_OFFERS))
    wash_lines, premium, unprompted = run(_LINES)[0]
    hours = tuple(HourCounts(int(h), int(n), int(c)) for h, n, c in run(_HOURS))
    voids = tuple(VoidCounts(str(k), str(name), int(n), int(c)) for k, name, n, c in run(_VOIDS))
    opened, resolved, still_open = run(_COMPLAINTS)[0]
    return PeriodCounts(
        offers=_offers(db, offer_rows),
        held_back=held_back,
        cashiers=cashiers,
        wash_lines=int(wash_lines),
        premium_washes=int(premium),
        hours=hours,
        moments=_moments(offer_rows),
        unprompted_addon_revenue_cents=int(unprompted),
        voids=voids,
        complaints=ComplaintCounts(int(opened), int(resolved), int(still_open)),
    )


def _midnight(day: date, time_zone: tzinfo, *, beyond: str, days_after: int = 0) -> str:
    """The site's midnight starting `day` + `days_after`, as stored times are written (UTC text).

    At the calendar's very ends (a report up to 9999-12-31) there is no such time: `beyond`,
    a text before ("") or after ("~") every stored time, stands in.
    """
    try:
        return to_db(datetime.combine(day + timedelta(days=days_after), time(0), tzinfo=time_zone))
    except OverflowError:
        return beyond


def _offers(db: Database, rows: list[tuple[Any, ...]]) -> tuple[OfferCounts, ...]:
    """Per (kind, service): the rows come per moment too, and are added up here."""
    names = _service_names(db, {str(row[1]) for row in rows})
    totals: dict[tuple[str, str], list[int]] = {}
    for kind, service, _moment, *counts in rows:
        into = totals.setdefault((str(kind), str(service)), [0, 0, 0, 0])
        for index, value in enumerate(counts):
            into[index] += int(value)
    return tuple(
        OfferCounts(kind, service, names.get(service, service), *counts)
        for (kind, service), counts in totals.items()
    )


def _moments(rows: list[tuple[Any, ...]]) -> tuple[MomentCounts, ...]:
    """Per moment; a question is counted under `service`, where it was kept before `question` existed."""
    totals = {moment.value: [0, 0, 0, 0] for moment in Moment if moment is not Moment.QUESTION}
    for _kind, _service, moment, *counts in rows:
        key = Moment.SERVICE.value if str(moment) == Moment.QUESTION.value else str(moment)
        into = totals.setdefault(key, [0, 0, 0, 0])
        for index, value in enumerate(counts):
            into[index] += int(value)
    return tuple(MomentCounts(moment, *counts) for moment, counts in totals.items())


def _service_names(db: Database, codes: set[str]) -> dict[str, str]:
    """Menu names of the offered services; a code no longer on the menu shows as itself."""
    if not codes:
        return {}
    marks = ",".join("?" * len(codes))
    rows = db.execute(f"SELECT code, name FROM services WHERE code IN ({marks})", sorted(codes))
    return {str(code): str(name) for code, name in rows.fetchall()}


def held_back_by_reason(row: tuple[Any, ...]) -> tuple[tuple[str, int], ...]:
    """The process's reasons with the visits each held back, most frequent first."""
    counts = [(reason.value, int(count)) for reason, count in zip(HOLDING_REASONS, row, strict=True)]
    return tuple(sorted(((r, n) for r, n in counts if n), key=lambda item: (-item[1], item[0])))


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
