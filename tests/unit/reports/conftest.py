"""A hand-computed day at the counter, written through the real checkout (complete_sale).

Friday 2026-11-27 in New York, 13 completed tickets, one voided, one the day before (for
the 7-day average) and one just after midnight (the next day). Every figure the report
should show is worked out by hand in `HAND_DAY` below.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from posapp.counter import Counter
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.reports.build import build_report
from posapp.reports.figures import Report
from posapp.services.checkout import complete_sale

NEW_YORK = ZoneInfo("America/New_York")

#: (kind, service, outcome, price delta in cents, reasons)
Event = tuple[str, str, str, int, tuple[str, ...]]
#: Sells one ticket at a local time; returns its ticket id.
Sell = Callable[..., int]


@pytest.fixture
def sell(counter: Counter, clock) -> Sell:  # type: ignore[no-untyped-def]
    """Ring up a ticket at a site-local time through complete_sale, with its offer events."""

    def sell(
        local: str,
        cashier_id: int,
        wash: str,
        addons: tuple[tuple[str, str | None], ...] = (),
        events: tuple[Event, ...] = (),
        upgraded_to: str | None = None,
    ) -> int:
        clock.current = datetime.fromisoformat(local).replace(tzinfo=NEW_YORK)
        catalog = counter.catalog
        draft = TicketDraft(cashier_id=cashier_id, opened_at=clock()).choose_wash(catalog.get(wash))
        if upgraded_to:
            draft = draft.choose_wash(catalog.get(upgraded_to), OfferKind.UPSELL)
        for code, kind in addons:
            draft = draft.add_addon(catalog.get(code), OfferKind(kind) if kind else None)
        for kind, service, outcome, delta, reasons in events:
            draft = draft.record_offer(
                OfferEvent(
                    Moment.CHECKOUT,
                    OfferKind(kind),
                    service,
                    Outcome(outcome),
                    clock(),
                    price_delta_cents=delta,
                    reasons=reasons,
                )
            )
        sale = complete_sale(counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=clock)
        return sale.ticket_id

    return sell


WAX = ("cross_sell", "car_waxing")
SHINE = ("cross_sell", "tire_shine")
PREMIUM = ("upsell", "premium_package")


@pytest.fixture
def hand_day(counter: Counter, staff, sell: Sell) -> Report:  # type: ignore[no-untyped-def]
    """The day's sales; returns the report for 2026-11-27 as the code computes it."""
    sam, morgan = staff.cashier_id, staff.manager_id
    day = "2026-11-27T"
    # The day before: one ticket, one accepted waxing (the 7-day average's only sale).
    sell(
        "2026-11-26T09:00",
        sam,
        "standard_wash",
        (("car_waxing", "cross_sell"),),
        ((*WAX, "accepted", 800, ()),),
    )
    sell(day + "10:00", sam, "standard_wash", (("car_waxing", "cross_sell"),), ((*WAX, "accepted", 800, ()),))
    sell(day + "10:20", sam, "express_wash", (), ((*WAX, "declined", 800, ()),))
    sell(
        day + "10:40",
        morgan,
        "standard_wash",
        (),
        ((*PREMIUM, "accepted", 1000, ()),),
        upgraded_to="premium_package",
    )
    sell(day + "11:05", morgan, "express_wash", (), ((*PREMIUM, "declined", 1500, ()),))
    sell(day + "11:30", sam, "premium_package", (), ((*WAX, "shown", 800, ()),))
    sell(day + "12:10", sam, "standard_wash", (), ((*WAX, "held_back", 0, ("complaint",)),))
    sell(
        day + "12:45",
        morgan,
        "express_wash",
        (("car_waxing", "cross_sell"),),
        ((*PREMIUM, "held_back", 0, ("budget", "recent")), (*WAX, "accepted", 800, ())),
    )
    sell(
        day + "13:15", sam, "standard_wash", (("tire_shine", "cross_sell"),), ((*SHINE, "accepted", 400, ()),)
    )
    voided = sell(
        day + "13:30", sam, "premium_package", (("car_waxing", "cross_sell"),), ((*WAX, "accepted", 800, ()),)
    )
    sell(day + "14:00", sam, "express_wash")
    sell(day + "15:30", morgan, "premium_package")
    sell(
        day + "16:00",
        sam,
        "standard_wash",
        (),
        ((*PREMIUM, "accepted", 1000, ()),),
        upgraded_to="premium_package",
    )
    # A tire shine the customer asked for: an add-on line, but no offer, so no add-on revenue.
    sell(
        day + "17:45", morgan, "express_wash", (("tire_shine", None),), ((*WAX, "held_back", 0, ("budget",)),)
    )
    sell(day + "23:59", sam, "express_wash", (), ((*WAX, "declined", 800, ()),))
    sell(
        "2026-11-28T00:00:30",
        sam,
        "premium_package",
        (("car_waxing", "cross_sell"),),
        ((*WAX, "accepted", 800, ()),),
    )
    # Voids belong to another issue: here a ticket is voided straight in the database.
    counter.db.execute("UPDATE tickets SET status = 'voided' WHERE id = ?", (voided,))
    counter.db.conn.commit()
    return report_for(counter, "2026-11-27")


def report_for(counter: Counter, first: str, last: str | None = None) -> Report:
    from datetime import date

    settings = counter.settings
    return build_report(
        counter.db,
        date.fromisoformat(first),
        date.fromisoformat(last or first),
        business=settings.business.name,
        currency=settings.currency,
        locale=settings.locale,
        time_zone=settings.time_zone,
    )


@pytest.fixture
def report_of(counter: Counter) -> Callable[..., Report]:
    return lambda first, last=None: report_for(counter, first, last)


#: The day's figures, worked out by hand from the sales above (cents; rates to 4 decimals).
HAND_DAY = {
    "tickets": 13,
    # 2300+1000+2500+1000+2500+1500+1800+1900+1000+2500+2500+1400+1000
    "revenue_cents": 22900,
    "average_ticket_cents": 1762,  # 22900 / 13 = 1761.54
    "addon_revenue_cents": 4000,  # waxing 800 × 2 + shine 400 + upgrades 1000 × 2
    "addon_share": 0.1747,  # 4000 / 22900
    "shown": 9,
    "accepted": 5,
    "declined": 3,
    "take_rate": 0.5556,
    "premium_share": 0.3077,  # 4 Premium Packages of 13 washes
    "offers": [
        ("cross_sell", "car_waxing", 5, 2, 2, 0.4, 1600),
        ("cross_sell", "tire_shine", 1, 1, 0, 1.0, 400),
        ("upsell", "premium_package", 3, 2, 1, 0.6667, 2000),
    ],
    "held_back": {"budget": 2, "complaint": 1, "recent": 1},
    # name, tickets, shown, accepted, take rate, add-on revenue
    "cashiers": [("Morgan", 5, 3, 2, 0.6667, 1800), ("Sam", 8, 6, 3, 0.5, 2200)],
    # hour, tickets, revenue
    "hours": [
        (10, 3, 5800),
        (11, 2, 3500),
        (12, 2, 3300),
        (13, 1, 1900),
        (14, 1, 1000),
        (15, 1, 2500),
        (16, 1, 2500),
        (17, 1, 1400),
        (23, 1, 1000),
    ],
}


@pytest.fixture
def hand_figures() -> dict[str, object]:
    return HAND_DAY
