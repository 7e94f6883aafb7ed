"""A sale is stored whole or not at all, exactly once, and read back as sold."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale, redeem_membership
from posapp.storage.catalog import set_price
from posapp.storage.drafts import load_draft, save_draft
from posapp.storage.tickets import line_offer_outcomes, load_ticket


def sale_with_waxing(counter: Counter, cashier_id: int) -> TicketDraft:
    at = counter.now()
    waxing = counter.catalog.get("car_waxing")
    event = OfferEvent(
        Moment.CHECKOUT,
        OfferKind.CROSS_SELL,
        "car_waxing",
        Outcome.ACCEPTED,
        at,
        script="Hi there, ...",
        price_delta_cents=waxing.price_cents,
    )
    draft = TicketDraft(cashier_id=cashier_id, opened_at=at).choose_wash(counter.catalog.get("standard_wash"))
    return draft.add_addon(waxing, OfferKind.CROSS_SELL).record_offer(event)


def count(counter: Counter, table: str) -> int:
    return int(counter.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_sale_stores_ticket_lines_and_offer_event_together(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    sale = complete_sale(
        counter.db,
        sale_with_waxing(counter, staff.cashier_id),
        payment=Payment.CASH,
        settings=counter.settings,
        now=counter.now,
    )
    assert (sale.number, sale.totals.total_cents) == (
        1,
        2490,
    )  # 23.00 + 1.90 tax (8.25 % of 23.00 = 1.8975)
    ticket = load_ticket(counter.db, sale.number)
    assert ticket is not None
    assert [(line.code, line.unit_price_cents, line.is_addon) for line in ticket.lines] == [
        ("standard_wash", 1500, False),
        ("car_waxing", 800, True),
    ]
    assert [(e.service, e.outcome) for e in ticket.offer_events] == [("car_waxing", Outcome.ACCEPTED)]
    linked = counter.db.execute(
        "SELECT e.outcome FROM ticket_lines l JOIN offer_events e ON e.id = l.offer_event_id"
    ).fetchall()
    assert linked == [("accepted",)]
    assert ticket.cashier_name == "Sam"


def test_each_line_reads_back_with_the_outcome_of_the_offer_that_sold_it(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    draft = sale_with_waxing(counter, staff.cashier_id)
    sale = complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)
    assert line_offer_outcomes(counter.db, sale.number) == [
        ("standard_wash", False, None),
        ("car_waxing", True, "accepted"),
    ]
    assert line_offer_outcomes(counter.db, sale.number + 1) == []


def test_a_failure_midway_leaves_nothing(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    # A real failure from inside SQLite while the second line is written.
    counter.db.execute(
        "CREATE TRIGGER fail_second_line BEFORE INSERT ON ticket_lines WHEN NEW.position = 1 "
        "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )
    draft = sale_with_waxing(counter, staff.cashier_id)
    save_draft(counter.db, counter.settings.terminal, draft, counter.now())
    with pytest.raises(sqlite3.IntegrityError, match="disk trouble"):
        complete_sale(counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now)
    assert (
        count(counter, "tickets"),
        count(counter, "ticket_lines"),
        count(counter, "offer_events"),
    ) == (0, 0, 0)
    assert load_draft(counter.db, counter.settings.terminal) == draft  # the ticket in progress survives


def test_completing_the_same_draft_twice_records_one_sale(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    draft = sale_with_waxing(counter, staff.cashier_id)
    first = complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)
    again = complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)
    assert again.already_recorded and again.number == first.number
    assert count(counter, "tickets") == 1 and count(counter, "ticket_lines") == 2


def test_a_price_change_never_rewrites_a_past_ticket(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    sale = complete_sale(
        counter.db,
        sale_with_waxing(counter, staff.cashier_id),
        payment=Payment.CASH,
        settings=counter.settings,
        now=counter.now,
    )
    set_price(counter.db, "standard_wash", 1900)
    ticket = load_ticket(counter.db, sale.number)
    assert ticket is not None and ticket.lines[0].unit_price_cents == 1500 and ticket.total_cents == 2490


def test_an_empty_ticket_and_a_non_member_redemption_are_refused(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    empty = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now())
    with pytest.raises(UserError, match="empty"):
        complete_sale(counter.db, empty, payment=Payment.CASH, settings=counter.settings, now=counter.now)
    with pytest.raises(UserError, match="member"):
        redeem_membership(
            replace(empty).choose_wash(counter.catalog.get("standard_wash")),
            counter.catalog,
            date(2026, 11, 27),
        )
    assert count(counter, "tickets") == 0


def test_the_draft_survives_a_restart(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    draft = sale_with_waxing(counter, staff.cashier_id)
    save_draft(counter.db, "counter-1", draft, counter.now())
    assert load_draft(counter.db, "counter-1") == draft
    complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)
    assert load_draft(counter.db, "counter-1") is None


def test_an_accepted_trial_starts_on_the_membership(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from posapp.domain.customer import Customer, Membership
    from posapp.services.customers import add_customer
    from posapp.storage.customers import get_customer

    member = add_customer(
        counter.db,
        Customer(
            None, "Ben Okafor", membership=Membership("standard_club", date(2026, 3, 1), date(2026, 12, 1))
        ),
        counter.now,
    )
    trial = OfferEvent(
        Moment.RENEWAL,
        OfferKind.TRIAL_UPGRADE,
        "premium_club",
        Outcome.ACCEPTED,
        counter.now(),
        script="Hi Ben, ...",
        price_delta_cents=1000,
    )
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now(), customer=member)
    draft = draft.choose_wash(counter.catalog.get("standard_wash"))
    draft = redeem_membership(draft, counter.catalog, date(2026, 11, 27)).record_offer(trial)
    complete_sale(counter.db, draft, payment=Payment.MEMBERSHIP, settings=counter.settings, now=counter.now)
    stored = get_customer(counter.db, member.id or 0)
    assert stored is not None and stored.membership is not None
    assert (stored.membership.trial_plan, stored.membership.trial_until) == (
        "premium_club",
        date(2026, 12, 27),
    )


def member_on_ticket(counter: Counter, cashier_id: int, plan: str, renews: date, wash: str) -> TicketDraft:
    from posapp.domain.customer import Customer, Membership
    from posapp.services.customers import add_customer

    member = add_customer(
        counter.db,
        Customer(None, f"Member {plan} {renews}", membership=Membership(plan, date(2026, 1, 5), renews)),
        counter.now,
    )
    draft = TicketDraft(cashier_id=cashier_id, opened_at=counter.now(), customer=member)
    return draft.choose_wash(counter.catalog.get(wash))


TODAY = date(2026, 11, 27)


def test_a_plan_redeems_only_the_washes_it_covers(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    standard = member_on_ticket(
        counter, staff.cashier_id, "standard_club", date(2026, 12, 5), "premium_package"
    )
    with pytest.raises(UserError, match="The Standard Club does not cover the Premium Package"):
        redeem_membership(standard, counter.catalog, TODAY)
    premium = member_on_ticket(
        counter, staff.cashier_id, "premium_club", date(2026, 12, 5), "premium_package"
    )
    assert redeem_membership(premium, counter.catalog, TODAY).totals(counter.settings.tax).total_cents == 0


def test_a_lapsed_membership_redeems_nothing(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    lapsed = member_on_ticket(counter, staff.cashier_id, "standard_club", date(2026, 11, 1), "standard_wash")
    with pytest.raises(UserError, match="lapsed on 2026-11-01"):
        redeem_membership(lapsed, counter.catalog, TODAY)


def test_a_club_wash_is_charged_again_when_the_customer_changes(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    draft = member_on_ticket(counter, staff.cashier_id, "standard_club", date(2026, 12, 5), "standard_wash")
    redeemed = redeem_membership(draft, counter.catalog, TODAY)
    assert [(line.name, line.unit_price_cents) for line in redeemed.lines] == [("Standard Wash (club)", 0)]
    walk_in = redeemed.with_customer(None)
    assert [(line.name, line.unit_price_cents) for line in walk_in.lines] == [("Standard Wash", 1500)]
