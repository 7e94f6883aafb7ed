"""The report's SQL gives the hand-computed figures, day by day in the site's time zone."""

from __future__ import annotations

from datetime import date

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.reports.build import STEPS_PER_PERIOD, build_report, period_figures
from posapp.reports.figures import PREMIUM_WASH, Report, average_cents, rate
from posapp.storage.report_queries import QUERIES_PER_PERIOD, period_counts


def test_the_hand_computed_day(hand_day: Report, hand_figures) -> None:  # type: ignore[no-untyped-def]
    day = hand_day.period
    assert (day.first, day.last, day.days) == (date(2026, 11, 27), date(2026, 11, 27), 1)
    assert day.tickets == hand_figures["tickets"]
    assert day.revenue_cents == hand_figures["revenue_cents"]
    assert day.average_ticket_cents == hand_figures["average_ticket_cents"]
    assert day.addon_revenue_cents == hand_figures["addon_revenue_cents"]
    assert day.addon_share == hand_figures["addon_share"]
    assert (day.shown, day.accepted, day.declined) == (9, 5, 3)
    assert day.take_rate == hand_figures["take_rate"]
    assert day.premium_share == hand_figures["premium_share"]
    offers = [
        (o.kind, o.service, o.shown, o.accepted, o.declined, o.take_rate, o.revenue_cents) for o in day.offers
    ]
    assert offers == hand_figures["offers"]
    assert [o.name for o in day.offers] == ["Car Waxing", "Tire Shine", "Premium Package"]
    assert dict(day.held_back) == hand_figures["held_back"]
    assert [reason for reason, _ in day.held_back] == ["budget", "complaint", "recent"]
    cashiers = [
        (c.name, c.tickets, c.shown, c.accepted, c.take_rate, c.addon_revenue_cents) for c in day.cashiers
    ]
    assert cashiers == hand_figures["cashiers"]
    assert [(h.hour, h.tickets, h.revenue_cents) for h in day.hours] == hand_figures["hours"]


def test_the_previous_7_days_are_a_daily_average(hand_day: Report, staff) -> None:  # type: ignore[no-untyped-def]
    week = hand_day.previous
    assert (week.first, week.last) == (date(2026, 11, 20), date(2026, 11, 26))
    # One ticket of 23.00 (a standard wash and an accepted waxing) in 7 days.
    assert week.tickets == 0.14
    assert week.revenue_cents == 328.57
    assert week.average_ticket_cents == 2300
    assert week.addon_revenue_cents == 114.29
    assert (week.shown, week.accepted, week.take_rate) == (0.14, 0.14, 1.0)
    assert week.premium_share == 0.0
    assert week.offer_take_rate("cross_sell", "car_waxing") == 1.0
    assert week.offer_take_rate("upsell", "premium_package") is None
    assert week.cashier_take_rate(staff.cashier_id) == 1.0


def test_a_voided_ticket_and_its_offers_count_nowhere(counter: Counter, hand_day: Report, report_of) -> None:  # type: ignore[no-untyped-def]
    # Un-void it: the day grows by exactly that ticket, proving it was left out before.
    counter.db.execute("UPDATE tickets SET status = 'completed' WHERE status = 'voided'")
    counter.db.conn.commit()
    with_it = report_of("2026-11-27").period
    assert with_it.tickets == hand_day.period.tickets + 1
    assert with_it.revenue_cents == hand_day.period.revenue_cents + 3300
    assert with_it.addon_revenue_cents == hand_day.period.addon_revenue_cents + 800
    assert with_it.accepted == hand_day.period.accepted + 1
    assert with_it.premium_washes == hand_day.period.premium_washes + 1


def test_a_refunded_ticket_counts_nowhere_either(counter: Counter, hand_day: Report, report_of) -> None:  # type: ignore[no-untyped-def]
    counter.db.execute("UPDATE tickets SET status = 'refunded' WHERE local_hour = 16")
    counter.db.conn.commit()
    day = report_of("2026-11-27").period
    assert (day.tickets, day.revenue_cents, day.addon_revenue_cents) == (12, 20400, 3000)


def test_a_range_adds_up_its_days(hand_day: Report, report_of) -> None:  # type: ignore[no-untyped-def]
    both = report_of("2026-11-26", "2026-11-28").period
    assert both.days == 3
    # The day before (1 ticket, 23.00) + the day + just after midnight (premium 25.00 + waxing 8.00).
    assert both.tickets == 13 + 2
    assert both.revenue_cents == 22900 + 2300 + 3300
    assert both.addon_revenue_cents == 4000 + 800 + 800


def test_nothing_shown_gives_a_take_rate_of_zero(counter: Counter, staff, sell, report_of) -> None:  # type: ignore[no-untyped-def]
    sell("2026-11-27T10:00", staff.cashier_id, "express_wash")
    sell(
        "2026-11-27T11:00",
        staff.cashier_id,
        "standard_wash",
        (),
        (("cross_sell", "car_waxing", "held_back", 0, ("budget",)),),
    )
    day = report_of("2026-11-27").period
    assert (day.shown, day.accepted, day.take_rate) == (0, 0, 0.0)
    assert day.offers == ()
    assert [(c.name, c.shown, c.take_rate) for c in day.cashiers] == [("Sam", 0, 0.0)]
    assert dict(day.held_back) == {"budget": 1}


def test_an_empty_day_is_all_zeros(counter: Counter, report_of) -> None:  # type: ignore[no-untyped-def]
    report = report_of("2026-11-27")
    day = report.period
    assert (day.tickets, day.revenue_cents, day.average_ticket_cents, day.addon_share) == (0, 0, 0, 0.0)
    assert (day.premium_share, day.take_rate, day.offers, day.cashiers, day.hours) == (0.0, 0.0, (), (), ())
    assert report.previous.tickets == 0


def test_a_range_ending_before_it_starts_is_refused(counter: Counter) -> None:
    with pytest.raises(UserError, match="cannot end"):
        period_figures(counter.db, date(2026, 11, 27), date(2026, 11, 26), counter.settings.time_zone)


@pytest.mark.parametrize(
    ("part", "whole", "expected"), [(0, 0, 0.0), (3, 0, 0.0), (1, 3, 0.3333), (2, 3, 0.6667)]
)
def test_rate(part: int, whole: int, expected: float) -> None:
    assert rate(part, whole) == expected


@pytest.mark.parametrize(
    ("total", "count", "expected"), [(0, 0, 0), (30, 2, 15), (3045, 2, 1523), (3044, 2, 1522)]
)
def test_average_is_half_up_whole_cents(total: int, count: int, expected: int) -> None:
    assert average_cents(total, count) == expected


def test_an_accepted_trial_counts_as_taken_but_earns_nothing_today(
    counter: Counter,
    staff,
    sell,  # type: ignore[no-untyped-def]
    report_of,
) -> None:
    sell(
        "2026-11-27T10:00",
        staff.cashier_id,
        "standard_wash",
        (),
        (("trial_upgrade", "premium_club", "accepted", 1000, ()),),
    )
    day = report_of("2026-11-27").period
    assert (day.shown, day.accepted, day.addon_revenue_cents) == (1, 1, 0)
    assert [(o.kind, o.accepted, o.revenue_cents) for o in day.offers] == [("trial_upgrade", 1, 0)]


def test_the_figures_are_storage_s_counts_unchanged(counter: Counter, hand_day: Report) -> None:
    steps: list[None] = []
    day = date(2026, 11, 27)
    counts = period_counts(
        counter.db,
        day,
        day,
        premium_wash=PREMIUM_WASH,
        time_zone=counter.settings.time_zone,
        step=lambda: steps.append(None),
    )
    assert len(steps) == QUERIES_PER_PERIOD
    figures = hand_day.period
    assert [
        (o.kind, o.service, o.name, o.shown, o.accepted, o.declined, o.revenue_cents) for o in counts.offers
    ] == [
        (o.kind, o.service, o.name, o.shown, o.accepted, o.declined, o.revenue_cents) for o in figures.offers
    ]
    assert [(c.cashier_id, c.name, c.tickets, c.shown, c.accepted) for c in counts.cashiers] == [
        (c.cashier_id, c.name, c.tickets, c.shown, c.accepted) for c in figures.cashiers
    ]
    assert [(h.hour, h.tickets, h.revenue_cents) for h in counts.hours] == [
        (h.hour, h.tickets, h.revenue_cents) for h in figures.hours
    ]
    assert counts.held_back == figures.held_back
    assert (counts.wash_lines, counts.premium_washes) == (figures.wash_lines, figures.premium_washes)


def test_each_query_of_the_period_and_the_week_before_is_one_progress_step(counter: Counter) -> None:
    seen: list[tuple[int, int]] = []
    day = date(2026, 11, 27)
    build_report(
        counter.db,
        day,
        day,
        business="Sparkle",
        currency="USD",
        locale="en_US",
        time_zone=counter.settings.time_zone,
        progress=lambda done, total: seen.append((done, total)),
    )
    total = 2 * STEPS_PER_PERIOD
    assert seen == [(done, total) for done in range(1, total + 1)]
