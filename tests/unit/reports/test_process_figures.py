"""The figures a manager needs to trust, against a small day worked out by hand.

Friday 2026-11-27 in New York, written through the real services: complete_sale, a question
recorded without a sale, void_ticket, log_complaint and resolve_complaints.

    T1 10:00 Sam     Standard + Car Waxing (offer accepted, $8.00); held back: Premium
                     (another offer chosen), Tire Shine (one offer per ticket)      -> not counted
    T2 10:30 Sam     Express; held back: Waxing (budget), Tire Shine (budget),
                     Standard (budget, recent)                            -> budget 1, recent 1
    T3 11:00 Morgan  Standard + Tire Shine the customer asked for ($4.00, unprompted);
                     renewal: Premium Club trial accepted ($0); checkout: Waxing declined
    T4 11:30 Sam     Premium; held back: Waxing, Tire Shine (not relevant)  -> not_relevant 1
    T5 12:00 Sam     Express; held back: Waxing (complaint, declined recently),
                     Tire Shine (budget)        -> complaint 1, declined_recently 1, budget 2
    T6 13:00 Sam     Standard + Waxing (accepted) — refunded at 14:00 by Morgan: $23.00 + 8.25%
                     tax (1.8975 → 1.90) = $24.90; its offer counts nowhere
    T7 15:00 Morgan  Express — voided at 15:10 by Morgan: $10.00 + 0.825 → 0.83 = $10.83
    16:00 Sam, a question (no sale): Premium Package declined; held back: Premium Club
                     (tenure), twice at the same moment                            -> tenure 1
    16:30 Sam, a follow-up held back (no consent)                               -> no_consent 1

Complaints (walk-ins, each on its own ticket in progress), times in New York:
    C1 opened 11-26 15:00, resolved 11-27 09:00      resolved in the day
    C2 opened 11-27 12:00, resolved 11-27 12:20      opened and resolved in the day
    C3 opened 11-27 17:00, never resolved            opened, open at the end
    C4 opened 11-27 23:30 (04:30 UTC on the 28th)    opened (the site's day), open at the end
    C5 opened 11-28 00:10                            the next day: not counted
    C6 opened 11-20 10:00, resolved 11-28 08:00      open at the end of the 27th
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from posapp.counter import Counter
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.reports.build import build_report
from posapp.reports.export import report_csv_bytes, report_json
from posapp.reports.figures import Report
from posapp.reports.pdf import render_pdf
from posapp.services.checkout import complete_sale, record_interaction
from posapp.services.customers import log_complaint, resolve_complaints
from posapp.services.voids import VoidKind, void_ticket

NEW_YORK = ZoneInfo("America/New_York")


#: (moment, kind, service, outcome, price delta, reasons)
Event = tuple[Moment, str, str, str, int, tuple[str, ...]]

CHECKOUT, RENEWAL, QUESTION, FOLLOW_UP = Moment.CHECKOUT, Moment.RENEWAL, Moment.SERVICE, Moment.FOLLOW_UP

#: The day's figures, worked out by hand from the story above.
HAND = {
    "tickets": 5,  # T1-T5; T6 refunded and T7 voided count nowhere
    # budget: T2 and T5 (T2 three times, counted once); one_per_ticket and not_chosen never count.
    "held_back": {
        "budget": 2,
        "complaint": 1,
        "declined_recently": 1,
        "no_consent": 1,
        "not_relevant": 1,
        "recent": 1,
        "tenure": 1,
    },
    "addon_revenue_cents": 800,  # T1's waxing; T6's was refunded
    "unprompted_addon_revenue_cents": 400,  # T3's tire shine
    "offer_share_of_addons": 0.6667,  # 800 / (800 + 400)
    "by_moment": {
        "checkout": {"shown": 2, "accepted": 1, "declined": 1, "take_rate": 0.5, "revenue_cents": 800},
        "renewal": {"shown": 1, "accepted": 1, "declined": 0, "take_rate": 1.0, "revenue_cents": 0},
        "question": {"shown": 1, "accepted": 0, "declined": 1, "take_rate": 0.0, "revenue_cents": 0},
        "follow_up": {"shown": 0, "accepted": 0, "declined": 0, "take_rate": 0.0, "revenue_cents": 0},
    },
    "voids": {
        "count": 1,
        "amount_cents": 1083,
        "by_manager": [{"name": "Morgan", "count": 1, "amount_cents": 1083}],
    },
    "refunds": {
        "count": 1,
        "amount_cents": 2490,
        "by_manager": [{"name": "Morgan", "count": 1, "amount_cents": 2490}],
    },
    "complaints": {"opened": 3, "resolved": 2, "open": 3},
}


def at(local: str) -> datetime:
    return datetime.fromisoformat(local).replace(tzinfo=NEW_YORK)


@pytest.fixture
def process_day(counter: Counter, staff, clock) -> Report:  # type: ignore[no-untyped-def]
    sam, morgan = staff.cashier_id, staff.manager_id
    catalog, settings = counter.catalog, counter.settings

    def sell(
        local: str,
        cashier: int,
        wash: str,
        addons: tuple[tuple[str, str | None], ...],
        events: tuple[Event, ...],
    ) -> int:
        clock.current = at(local)
        draft = TicketDraft(cashier_id=cashier, opened_at=clock()).choose_wash(catalog.get(wash))
        for code, kind in addons:
            draft = draft.add_addon(catalog.get(code), OfferKind(kind) if kind else None)
        for moment, kind, service, outcome, delta, reasons in events:
            draft = draft.record_offer(
                OfferEvent(
                    moment,
                    OfferKind(kind),
                    service,
                    Outcome(outcome),
                    clock(),
                    price_delta_cents=delta,
                    reasons=reasons,
                )
            )
        return complete_sale(counter.db, draft, payment=Payment.CARD, settings=settings, now=clock).number

    def talk(local: str, events: tuple[Event, ...]) -> None:
        when = at(local)
        record_interaction(
            counter.db,
            tuple(
                OfferEvent(
                    moment,
                    OfferKind(kind),
                    service,
                    Outcome(outcome),
                    when,
                    price_delta_cents=delta,
                    reasons=reasons,
                )
                for moment, kind, service, outcome, delta, reasons in events
            ),
            customer_id=None,
            cashier_id=sam,
            zone=settings.time_zone,
        )

    def take_back(number: int, kind: VoidKind, local: str) -> None:
        clock.current = at(local)
        void_ticket(
            counter.db,
            ticket_number=number,
            kind=kind,
            reason="Customer drove off",
            manager_id=morgan,
            manager_pin=staff.manager_pin,
            time_zone=settings.time_zone,
            now=clock,
        )

    def complaint(ticket: str, opened: str, resolved: str | None = None) -> None:
        clock.current = at(opened)
        log_complaint(
            counter.db, customer_id=None, cashier_id=sam, note="Missed a spot", now=clock, draft_id=ticket
        )
        if resolved is not None:
            clock.current = at(resolved)
            resolve_complaints(counter.db, customer_id=None, manager_id=morgan, now=clock, draft_id=ticket)

    day = "2026-11-27T"
    wax, shine = ("cross_sell", "car_waxing"), ("cross_sell", "tire_shine")
    sell(
        day + "10:00",
        sam,
        "standard_wash",
        (("car_waxing", "cross_sell"),),
        (
            (CHECKOUT, *wax, "accepted", 800, ()),
            (CHECKOUT, "upsell", "premium_package", "held_back", 0, ("not_chosen",)),
            (CHECKOUT, *shine, "held_back", 0, ("one_per_ticket",)),
        ),
    )
    sell(
        day + "10:30",
        sam,
        "express_wash",
        (),
        (
            (CHECKOUT, *wax, "held_back", 0, ("budget",)),
            (CHECKOUT, *shine, "held_back", 0, ("budget",)),
            (CHECKOUT, "upsell", "standard_wash", "held_back", 0, ("budget", "recent")),
        ),
    )
    sell(
        day + "11:00",
        morgan,
        "standard_wash",
        (("tire_shine", None),),
        (
            (RENEWAL, "trial_upgrade", "premium_club", "accepted", 1000, ()),
            (CHECKOUT, *wax, "declined", 800, ()),
        ),
    )
    sell(
        day + "11:30",
        sam,
        "premium_package",
        (),
        (
            (CHECKOUT, *wax, "held_back", 0, ("not_relevant",)),
            (CHECKOUT, *shine, "held_back", 0, ("not_relevant",)),
        ),
    )
    sell(
        day + "12:00",
        sam,
        "express_wash",
        (),
        (
            (CHECKOUT, *wax, "held_back", 0, ("complaint", "declined_recently")),
            (CHECKOUT, *shine, "held_back", 0, ("budget",)),
        ),
    )
    refunded = sell(
        day + "13:00",
        sam,
        "standard_wash",
        (("car_waxing", "cross_sell"),),
        ((CHECKOUT, *wax, "accepted", 800, ()),),
    )
    voided = sell(day + "15:00", morgan, "express_wash", (), ((CHECKOUT, *wax, "held_back", 0, ("tenure",)),))
    take_back(refunded, VoidKind.REFUND, day + "14:00")
    take_back(voided, VoidKind.VOID, day + "15:10")
    talk(
        day + "16:00",
        (
            (QUESTION, "upsell", "premium_package", "declined", 1000, ()),
            (QUESTION, "trial_upgrade", "premium_club", "held_back", 0, ("tenure",)),
            (QUESTION, "upsell", "premium_club", "held_back", 0, ("tenure",)),
        ),
    )
    talk(day + "16:30", ((FOLLOW_UP, *wax, "held_back", 0, ("no_consent",)),))
    complaint("c1", "2026-11-26T15:00", day + "09:00")
    complaint("c2", day + "12:00", day + "12:20")
    complaint("c3", day + "17:00")
    complaint("c4", day + "23:30")
    complaint("c5", "2026-11-28T00:10")
    complaint("c6", "2026-11-20T10:00", "2026-11-28T08:00")
    return build_report(
        counter.db,
        date(2026, 11, 27),
        date(2026, 11, 27),
        business="Sparkle",
        currency="USD",
        locale="en_US",
        time_zone=settings.time_zone,
    )


def test_held_back_counts_tickets_and_only_the_process_reasons(process_day: Report) -> None:
    assert process_day.period.tickets == HAND["tickets"]
    assert dict(process_day.period.held_back) == HAND["held_back"]
    assert process_day.period.held_back[0] == ("budget", 2)  # most frequent first
    assert report_json(process_day)["held_back"] == HAND["held_back"]


def test_offer_and_unprompted_add_on_revenue_side_by_side(process_day: Report) -> None:
    period = process_day.period
    assert period.addon_revenue_cents == HAND["addon_revenue_cents"]
    assert period.unprompted_addon_revenue_cents == HAND["unprompted_addon_revenue_cents"]
    assert period.offer_share_of_addons == HAND["offer_share_of_addons"]
    data = report_json(process_day)
    assert (data["addon_revenue_cents"], data["unprompted_addon_revenue_cents"]) == (800, 400)


def test_offers_split_by_moment(process_day: Report) -> None:
    assert report_json(process_day)["by_moment"] == HAND["by_moment"]
    # The split adds up to the offers table.
    period = process_day.period
    assert sum(m.shown for m in period.moments) == period.shown == 4


def test_voids_and_refunds_have_their_own_sections(process_day: Report) -> None:
    data = report_json(process_day)
    assert data["voids"] == HAND["voids"]
    assert data["refunds"] == HAND["refunds"]


def test_complaints_opened_resolved_and_open(process_day: Report) -> None:
    assert report_json(process_day)["complaints"] == HAND["complaints"]


def test_the_csv_carries_the_new_sections(process_day: Report) -> None:
    text = report_csv_bytes(process_day).decode("utf-8-sig")
    lines = set(text.splitlines())
    for line in (
        "summary,,unprompted_addon_revenue,4.00,0.00",
        "held_back,budget,tickets,2,",
        "moment,question,declined,1,",
        "moment,renewal,take_rate,1.0,",
        "voids,,amount,10.83,",
        "refunds,Morgan,tickets,1,",
        "complaints,,opened,3,",
        "complaints,,resolved,2,",
        "complaints,,open,3,",
    ):
        assert line in lines, line
    assert "not_chosen" not in text and "one_per_ticket" not in text


def test_the_pdf_shows_the_new_sections(process_day: Report, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.reports.test_pdf import line_with, pdf_text

    pdf = render_pdf(process_day, paper="A4")
    (tmp_path / "process_day.pdf").write_bytes(pdf)  # kept under pytest's basetemp, to look at
    text = pdf_text(pdf)
    assert line_with(text, "Unprompted add-on revenue") == "Unprompted add-on revenue $4.00 –"
    assert line_with(text, "Offers' share of add-on money") == "Offers' share of add-on money 66.7% –"
    assert line_with(text, "Offers held back") == "Offers held back 8 –"
    assert line_with(text, "At the checkout") == "At the checkout 2 1 1 50.0% $8.00"
    assert line_with(text, "At a renewal") == "At a renewal 1 1 0 100.0% $0.00"
    assert line_with(text, "At a customer question") == "At a customer question 1 0 1 0.0% $0.00"
    assert line_with(text, "In a follow-up") == "In a follow-up 0 0 0 0.0% $0.00"
    assert line_with(text, "Void Morgan") == "Void Morgan 1 $10.83"
    assert line_with(text, "Refund Morgan") == "Refund Morgan 1 $24.90"
    assert line_with(text, "Opened") == "Opened 3"
    assert line_with(text, "Resolved") == "Resolved 2"
    assert line_with(text, "Still open at the end") == "Still open at the end 3"
