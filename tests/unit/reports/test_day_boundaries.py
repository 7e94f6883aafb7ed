"""A report's day is the site's calendar day: 23:59 local belongs to it, also when the clocks go back."""

from __future__ import annotations

from datetime import UTC, datetime

from posapp.counter import Counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale


def test_23_59_local_belongs_to_the_day_not_to_the_utc_date(counter: Counter, staff, sell, report_of) -> None:  # type: ignore[no-untyped-def]
    sell("2026-11-27T23:59", staff.cashier_id, "express_wash")  # 04:59 UTC on the 28th
    sell("2026-11-28T00:00", staff.cashier_id, "standard_wash")
    assert report_of("2026-11-27").period.tickets == 1
    assert [(h.hour, h.tickets) for h in report_of("2026-11-27").period.hours] == [(23, 1)]
    assert report_of("2026-11-28").period.revenue_cents == 1500


def test_the_day_the_clocks_go_back(counter: Counter, staff, sell, report_of) -> None:  # type: ignore[no-untyped-def]
    """2026-11-01 in New York has 25 hours: 01:00-01:59 happens twice (EDT, then EST)."""
    cashier = staff.cashier_id
    sell("2026-10-31T23:59", cashier, "express_wash")  # 03:59 UTC on Nov 1: still Oct 31 here
    sell("2026-11-01T00:30", cashier, "standard_wash")
    sell("2026-11-01T01:30", cashier, "express_wash")  # the first 01:30, still EDT
    sell("2026-11-01T23:59", cashier, "premium_package")  # 04:59 UTC on Nov 2
    sell("2026-11-02T00:00:30", cashier, "express_wash")
    day = report_of("2026-11-01").period
    assert day.tickets == 3
    assert day.revenue_cents == 1500 + 1000 + 2500
    assert [(h.hour, h.tickets) for h in day.hours] == [(0, 1), (1, 1), (23, 1)]
    assert report_of("2026-10-31").period.tickets == 1
    assert report_of("2026-11-02").period.tickets == 1


def test_both_01_30s_of_the_long_night_count_in_hour_1(counter: Counter, staff, report_of) -> None:  # type: ignore[no-untyped-def]
    for utc_hour in (5, 6):  # 01:30 EDT is 05:30 UTC, 01:30 EST is 06:30 UTC
        counter.now.current = datetime(2026, 11, 1, utc_hour, 30, tzinfo=UTC)
        draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now()).choose_wash(
            counter.catalog.get("express_wash")
        )
        complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)
    day = report_of("2026-11-01").period
    assert [(h.hour, h.tickets) for h in day.hours] == [(1, 2)]
