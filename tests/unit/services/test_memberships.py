"""Memberships at the counter, through the real checkout on a real SQLite file: sell, renew,
upgrade, trials that start, convert or expire exactly once, lapsed plans, and the report's trials."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from posapp.counter import Counter, open_counter
from posapp.domain.customer import Customer, Membership, add_months
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, PlanChange, TicketDraft, TicketLine
from posapp.offers.scripts import money_formatter
from posapp.receipts.data import load_receipt
from posapp.receipts.escpos_render import receipt_escpos_bytes
from posapp.receipts.pdf import render_receipt_pdf
from posapp.reports.build import period_figures
from posapp.reports.export import report_csv_bytes, report_json
from posapp.reports.figures import DailyAverage, Report
from posapp.reports.pdf import render_pdf
from posapp.services import memberships
from posapp.services.checkout import CompletedSale, complete_sale, record_interaction, redeem_membership
from posapp.services.customers import add_customer
from posapp.services.offer_session import OfferSession
from posapp.services.voids import VoidKind, void_ticket
from posapp.settings import default_settings_path
from posapp.storage.customers import get_customer
from posapp.storage.drafts import load_draft, save_draft
from posapp.storage.tickets import load_ticket

ROOT = Path(__file__).resolve().parents[3]


def at_ten(day: date) -> datetime:
    """10:00 in New York (the default site) on `day`."""
    return datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)


def new_member(counter: Counter, name: str, plan: str, started: date, renews: date) -> Customer:
    return add_customer(
        counter.db, Customer(None, name, membership=Membership(plan, started, renews)), counter.now
    )


def fresh(counter: Counter, customer: Customer) -> Customer:
    stored = get_customer(counter.db, customer.id or 0)
    assert stored is not None
    return stored


def ring_up(
    counter: Counter, cashier_id: int, customer: Customer, line: TicketLine, payment: Payment = Payment.CARD
) -> CompletedSale:
    draft = TicketDraft(cashier_id=cashier_id, opened_at=counter.now(), customer=fresh(counter, customer))
    draft = draft.add_plan_line(line)
    return complete_sale(counter.db, draft, payment=payment, settings=counter.settings, now=counter.now)


def today(counter: Counter) -> date:
    return counter.now().astimezone(counter.settings.time_zone).date()


# -- the month arithmetic -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started", "renews", "expected"),
    [
        (date(2026, 7, 31), date(2027, 1, 31), date(2027, 2, 28)),  # Jan 31 → Feb 28
        (date(2027, 7, 31), date(2028, 1, 31), date(2028, 2, 29)),  # a leap year: Feb 29
        (date(2026, 7, 31), date(2027, 2, 28), date(2027, 3, 31)),  # back on the 31st after February
        (date(2026, 7, 30), date(2027, 2, 28), date(2027, 3, 30)),  # ... or on the 30th
        (date(2026, 3, 15), date(2026, 12, 15), date(2027, 1, 15)),  # across the year
    ],
)
def test_a_renewal_adds_one_month_on_the_plan_s_day(started: date, renews: date, expected: date) -> None:
    membership = Membership("standard_club", started, renews)
    assert membership.next_renewal(renews) == expected


def test_a_lapsed_plan_starts_its_new_cycle_today() -> None:
    membership = Membership("standard_club", date(2026, 1, 31), date(2026, 10, 31))
    assert membership.lapsed(date(2026, 11, 27))
    assert membership.next_renewal(date(2026, 11, 27)) == date(2026, 12, 27)
    assert add_months(date(2026, 12, 31), 2, 31) == date(2027, 2, 28)


# -- sell, renew, upgrade: lines paid like any sale, the plan changed with it -------------------


def test_selling_a_plan_is_a_paid_line_and_makes_a_member(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    ana = add_customer(counter.db, Customer(None, "Ana García", plate="ABC123"), counter.now)
    line = memberships.sell_line(fresh(counter, ana), "premium_club", counter.catalog, today(counter))
    assert (line.name, line.unit_price_cents, line.plan_change) == (
        "Premium Club to 2026-12-27",
        4000,
        PlanChange.SELL,
    )
    sale = ring_up(counter, staff.cashier_id, ana, line)
    assert sale.totals.subtotal_cents == 4000 and sale.totals.total_cents > 4000  # taxed like any sale
    membership = fresh(counter, ana).membership
    assert membership == Membership("premium_club", date(2026, 11, 27), date(2026, 12, 27))
    stored = load_ticket(counter.db, sale.number)
    assert stored is not None
    assert [(line.code, line.plan_change, line.amount_cents) for line in stored.lines] == [
        ("premium_club", "sell", 4000)
    ]
    with pytest.raises(UserError, match="already has a membership"):
        memberships.sell_line(fresh(counter, ana), "standard_club", counter.catalog, today(counter))


def test_renewing_at_the_month_end_is_month_end_safe(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    clock.current = at_ten(date(2027, 1, 29))
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 7, 31), date(2027, 1, 31))
    line = memberships.renew_line(fresh(counter, ben), counter.catalog, today(counter))
    assert (line.name, line.unit_price_cents) == ("Standard Club renewal to 2027-02-28", 3000)
    ring_up(counter, staff.cashier_id, ben, line, Payment.CASH)
    assert fresh(counter, ben).membership.renews_on == date(2027, 2, 28)  # type: ignore[union-attr]
    clock.current = at_ten(date(2027, 2, 27))
    ring_up(
        counter,
        staff.cashier_id,
        ben,
        memberships.renew_line(fresh(counter, ben), counter.catalog, today(counter)),
    )
    assert fresh(counter, ben).membership.renews_on == date(2027, 3, 31)  # type: ignore[union-attr]


def test_upgrading_pays_the_difference_and_changes_the_plan_now(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2026, 12, 20))
    line = memberships.upgrade_line(fresh(counter, ben), counter.catalog, today(counter))
    assert (line.code, line.name, line.unit_price_cents) == (
        "premium_club",
        "Premium Club upgrade",
        1000,
    )
    ring_up(counter, staff.cashier_id, ben, line)
    membership = fresh(counter, ben).membership
    assert membership is not None
    assert (membership.plan, membership.renews_on) == ("premium_club", date(2026, 12, 20))
    with pytest.raises(UserError, match="already our top plan"):
        memberships.upgrade_line(fresh(counter, ben), counter.catalog, today(counter))


def test_a_plan_line_and_its_sale_are_one_transaction(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    """Selling a plan to someone who meanwhile became a member is refused whole: no ticket, no plan."""
    ana = add_customer(counter.db, Customer(None, "Ana García"), counter.now)
    line = memberships.sell_line(fresh(counter, ana), "standard_club", counter.catalog, today(counter))
    stale = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now(), customer=fresh(counter, ana))
    ring_up(counter, staff.cashier_id, ana, line)  # another till sold her the plan first
    with pytest.raises(UserError, match="already has a membership"):
        complete_sale(
            counter.db,
            stale.add_plan_line(line),
            payment=Payment.CARD,
            settings=counter.settings,
            now=counter.now,
        )
    assert counter.db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    assert counter.db.execute("SELECT count(*) FROM memberships").fetchone()[0] == 1


def test_a_ticket_holding_only_a_trial_completes(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2026, 12, 3))
    line = memberships.trial_line(fresh(counter, ben), counter.catalog, today(counter), 30)
    assert (line.name, line.unit_price_cents) == ("Premium Club trial to 2026-12-27", 0)
    sale = ring_up(counter, staff.cashier_id, ben, line, Payment.MEMBERSHIP)
    assert sale.totals.total_cents == 0
    membership = fresh(counter, ben).membership
    assert membership is not None
    assert (membership.plan, membership.trial_plan, membership.trial_until) == (
        "standard_club",
        "premium_club",
        date(2026, 12, 27),
    )
    row = counter.db.execute(
        "SELECT from_plan, plan, started_on, until, ticket_id, outcome FROM trials"
    ).fetchall()
    assert [tuple(r) for r in row] == [
        ("standard_club", "premium_club", "2026-11-27", "2026-12-27", sale.ticket_id, None)
    ]
    # The receipt's trial box, for a trial rung up from the badge (no offer event on the ticket).
    notice = load_receipt(counter.db, sale.number, counter.settings, copy=False).trial
    assert notice is not None and notice.ends_on == date(2026, 12, 27)
    assert notice.after == (
        "To keep it, tell us before it ends: $40.00 a month from your next renewal."
        " Otherwise you stay on your Standard Club."
    )


def test_a_ticket_holding_only_a_renewal_completes(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2026, 12, 3))
    sale = ring_up(
        counter,
        staff.cashier_id,
        ben,
        memberships.renew_line(fresh(counter, ben), counter.catalog, today(counter)),
    )
    assert sale.totals.subtotal_cents == 3000


# -- trials end once: converted or expired --------------------------------------------------


def start_trial(counter: Counter, cashier_id: int, customer: Customer) -> None:
    line = memberships.trial_line(fresh(counter, customer), counter.catalog, today(counter), 30)
    ring_up(counter, cashier_id, customer, line, Payment.MEMBERSHIP)


def test_a_kept_trial_converts_exactly_once(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2027, 1, 20))
    start_trial(counter, staff.cashier_id, ben)
    keep = memberships.upgrade_line(fresh(counter, ben), counter.catalog, today(counter))
    assert (keep.name, keep.unit_price_cents, keep.plan_change) == (
        "Keep Premium Club after trial",
        0,
        PlanChange.KEEP,
    )
    ring_up(counter, staff.cashier_id, ben, keep, Payment.MEMBERSHIP)
    assert fresh(counter, ben).membership.trial_kept  # type: ignore[union-attr]
    clock.current = at_ten(date(2026, 12, 27))  # the trial's last day: still running
    assert memberships.settle_trials(counter.db, today(counter), counter.now) == []
    clock.current = at_ten(date(2026, 12, 28))
    assert memberships.settle_trials(counter.db, today(counter), counter.now) == [(ben.id, "converted")]
    assert memberships.settle_trials(counter.db, today(counter), counter.now) == []  # never twice
    membership = fresh(counter, ben).membership
    assert membership is not None
    # The higher tier stays, paid from the next renewal on.
    assert (membership.plan, membership.trial_plan, membership.renews_on) == (
        "premium_club",
        None,
        date(2027, 1, 20),
    )
    assert (
        memberships.renew_line(fresh(counter, ben), counter.catalog, today(counter)).unit_price_cents == 4000
    )
    rows = counter.db.execute("SELECT outcome FROM trials").fetchall()
    assert [tuple(r) for r in rows] == [("converted",)]


def test_a_trial_not_kept_expires_exactly_once_back_to_the_old_plan(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2027, 1, 20))
    start_trial(counter, staff.cashier_id, ben)
    clock.current = at_ten(date(2027, 1, 3))
    # Choosing the customer settles it: the counter sees the plan of today.
    seen = memberships.customer_as_of(counter.db, fresh(counter, ben), today(counter), counter.now)
    assert seen is not None and seen.membership is not None
    assert (seen.membership.plan, seen.membership.trial_plan) == ("standard_club", None)
    assert memberships.settle_trials(counter.db, today(counter), counter.now) == []
    rows = counter.db.execute("SELECT outcome FROM trials").fetchall()
    assert [tuple(r) for r in rows] == [("expired",)]


def test_trials_that_ended_while_closed_are_settled_at_start_up(
    counter: Counter, staff, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2027, 1, 20))
    start_trial(counter, staff.cashier_id, ben)
    later = open_counter(
        counter.db_path, settings_path=default_settings_path(), now=lambda: at_ten(date(2027, 1, 3))
    )
    try:
        rows = later.db.execute("SELECT outcome FROM trials").fetchall()
        assert [tuple(r) for r in rows] == [("expired",)]
    finally:
        later.db.conn.close()


def test_the_cli_settles_trials_once(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    clock.current = at_ten(date(2026, 1, 5))  # long ago: the trial has ended by the real today
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2025, 6, 20), date(2026, 1, 20))
    start_trial(counter, staff.cashier_id, ben)
    command = [
        sys.executable,
        "-m",
        "posapp",
        "--settings",
        str(default_settings_path()),
        "trials",
        "settle",
        "--db",
        str(counter.db_path),
    ]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert (first.returncode, first.stdout.strip()) == (
        0,
        "1 trials recorded as ended: 0 converted, 1 expired.",
    ), first.stderr
    again = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert again.stdout.strip() == "0 trials recorded as ended: 0 converted, 0 expired."


# -- a lapsed plan ----------------------------------------------------------------------------


def test_a_lapsed_plan_is_not_redeemable(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 1), date(2026, 11, 1))
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now(), customer=fresh(counter, ben))
    draft = draft.choose_wash(counter.catalog.get("standard_wash"))
    with pytest.raises(UserError, match="lapsed on 2026-11-01"):
        redeem_membership(draft, counter.catalog, today(counter))
    with pytest.raises(UserError, match="renew it first"):
        memberships.upgrade_line(fresh(counter, ben), counter.catalog, today(counter))
    actions = memberships.badge_actions(fresh(counter, ben), counter.catalog, today(counter))
    assert (actions.can_sell, actions.can_renew, actions.can_upgrade) == (False, True, False)
    # Renewing restarts the cycle today, and the club wash is free again.
    ring_up(
        counter,
        staff.cashier_id,
        ben,
        memberships.renew_line(fresh(counter, ben), counter.catalog, today(counter)),
    )
    assert fresh(counter, ben).membership.renews_on == date(2026, 12, 27)  # type: ignore[union-attr]
    draft = draft.with_customer(fresh(counter, ben))
    assert (
        redeem_membership(draft, counter.catalog, today(counter)).totals(counter.settings.tax).total_cents
        == 0
    )


# -- the report's trials, against a hand-computed month ----------------------------------------


def test_the_trials_section_matches_a_hand_computed_month(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    """November: A, B, C and E start trials; December: D starts; settled on Jan 5.

    A kept it and is in good standing on its last day (Dec 1): converted.
    B (ends Dec 5) and C (ends Dec 10) did not keep it: expired.
    E kept it but let the plan lapse on Dec 10, before its last day (Dec 20): expired.
    D ends Jan 2: January's, not December's.
    December: started 1 (D); ended 4 (A, B, C, E); converted 1; expired 3; rate 1/4 = 0.25.
    November: started 4; nothing ended; rate 0.
    """
    people = {
        "A": (date(2026, 11, 1), date(2026, 12, 1), True),
        "B": (date(2026, 11, 5), date(2027, 1, 5), False),
        "C": (date(2026, 11, 10), date(2027, 1, 10), False),
        "E": (date(2026, 11, 20), date(2026, 12, 10), True),
        "D": (date(2026, 12, 3), date(2027, 1, 3), False),
    }
    for name, (start, renews, keeps) in people.items():
        clock.current = at_ten(start)
        customer = new_member(counter, name, "standard_club", date(2026, 1, 1), renews)
        start_trial(counter, staff.cashier_id, customer)
        if keeps:
            keep = memberships.upgrade_line(fresh(counter, customer), counter.catalog, today(counter))
            ring_up(counter, staff.cashier_id, customer, keep, Payment.MEMBERSHIP)
    clock.current = at_ten(date(2027, 1, 5))
    outcomes = sorted(memberships.settle_trials(counter.db, today(counter), counter.now))
    assert len(outcomes) == 5
    december = period_figures(
        counter.db, date(2026, 12, 1), date(2026, 12, 31), counter.settings.time_zone
    ).trials
    assert (december.started, december.ended, december.converted, december.expired) == (1, 4, 1, 3)
    assert december.conversion_rate == 0.25
    november = period_figures(
        counter.db, date(2026, 11, 1), date(2026, 11, 30), counter.settings.time_zone
    ).trials
    assert (november.started, november.ended, november.conversion_rate) == (4, 0, 0.0)
    period = period_figures(counter.db, date(2026, 12, 1), date(2026, 12, 31), counter.settings.time_zone)
    week = period_figures(counter.db, date(2026, 11, 24), date(2026, 11, 30), counter.settings.time_zone)
    report = Report(period, DailyAverage.of(week), "Shine", "USD", "en_US")
    assert report_json(report)["trials"] == {
        "started": 1,
        "ended": 4,
        "converted": 1,
        "expired": 3,
        "conversion_rate": 0.25,
    }
    csv_text = report_csv_bytes(report).decode("utf-8-sig")
    assert "trials,,conversion_rate,0.25," in csv_text
    assert "trials,,converted,1," in csv_text
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(report))).pages)
    pdf_words = " ".join(pdf_text.split())
    assert "Membership trials" in pdf_words
    assert "Trials ended 4 Converted (kept the higher plan) 1 Expired (back to their plan) 3" in pdf_words
    assert "Conversion rate 25.0%" in pdf_words
    # The plan lines are no washes: December's wash count holds none of them.
    assert period.wash_lines == 0


# -- a customer question that sells, sells ------------------------------------------------------


def session_for(counter: Counter) -> OfferSession:
    settings = counter.settings
    return OfferSession(
        counter.catalog,
        settings.offer_rules,
        scripts=counter.setup.scripts,
        format_price=money_formatter(settings.currency, settings.locale),
        now=counter.now,
        time_zone=settings.time_zone,
    )


def test_a_plan_upgrade_accepted_at_a_question_is_a_line_and_earns_only_when_sold(
    counter: Counter, staff
) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2027, 1, 20))
    session = session_for(counter)
    session.use_customer(counter.db, fresh(counter, ben))
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now(), customer=fresh(counter, ben))
    view, _ = session.question(draft)
    assert view.moment is Moment.QUESTION
    assert view.offer is not None and (view.offer.kind, view.offer.service) == (
        OfferKind.UPSELL,
        "premium_club",
    )
    accepted = session.accept(draft, view)
    line = accepted.plan_line
    assert line is not None
    assert (line.code, line.unit_price_cents, line.plan_change, line.offer_kind) == (
        "premium_club",
        1000,
        PlanChange.UPGRADE,
        OfferKind.UPSELL,
    )
    assert [(e.moment, e.outcome) for e in accepted.offer_events] == [(Moment.QUESTION, Outcome.ACCEPTED)]
    day = today(counter)
    before = period_figures(counter.db, day, day, counter.settings.time_zone)
    assert (before.tickets, before.addon_revenue_cents, before.accepted) == (0, 0, 0)  # nothing sold yet
    complete_sale(counter.db, accepted, payment=Payment.CARD, settings=counter.settings, now=counter.now)
    after = period_figures(counter.db, day, day, counter.settings.time_zone)
    assert (after.tickets, after.addon_revenue_cents, after.accepted) == (1, 1000, 1)
    assert fresh(counter, ben).membership.plan == "premium_club"  # type: ignore[union-attr]
    rows = counter.db.execute("SELECT moment, outcome, ticket_id IS NOT NULL FROM offer_events").fetchall()
    assert [tuple(r) for r in rows] == [("question", "accepted", 1)]


def test_a_yes_without_a_completed_ticket_earns_nothing(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    """The report once showed 0 tickets and $25.00 add-on revenue from a question's Accept."""
    event = OfferEvent(
        Moment.QUESTION,
        OfferKind.UPSELL,
        "premium_package",
        Outcome.ACCEPTED,
        counter.now(),
        price_delta_cents=2500,
    )
    record_interaction(
        counter.db, (event,), customer_id=None, cashier_id=staff.cashier_id, zone=counter.settings.time_zone
    )
    day = today(counter)
    figures = period_figures(counter.db, day, day, counter.settings.time_zone)
    assert (figures.tickets, figures.accepted, figures.addon_revenue_cents) == (0, 1, 0)
    assert [c.addon_revenue_cents for c in figures.cashiers] == [0]


def test_a_walk_in_s_question_puts_the_premium_package_on_the_ticket(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    session = session_for(counter)
    session.use_customer(counter.db, None)
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now())
    draft = draft.choose_wash(counter.catalog.get("standard_wash"))
    view, _ = session.question(draft)
    assert view.offer is not None and view.offer.service == "premium_package"
    accepted = session.accept(draft, view)
    assert accepted.codes == ("premium_package",)
    sale = complete_sale(
        counter.db, accepted, payment=Payment.CASH, settings=counter.settings, now=counter.now
    )
    figures = period_figures(counter.db, today(counter), today(counter), counter.settings.time_zone)
    assert (figures.tickets, figures.addon_revenue_cents) == (1, 1000)
    assert sale.totals.subtotal_cents == 2500


def test_a_plan_line_is_printed_on_the_receipt(counter: Counter, staff, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2026, 12, 3))
    sale = ring_up(
        counter,
        staff.cashier_id,
        ben,
        memberships.renew_line(fresh(counter, ben), counter.catalog, today(counter)),
    )
    receipt = load_receipt(counter.db, sale.number, counter.settings, copy=False)
    assert [(line.label, line.mark, line.amount_text) for line in receipt.lines] == [
        ("Standard Club renewal to 2027-01-03", "MEMBERSHIP", "$30.00")
    ]
    pdf = render_receipt_pdf(receipt)
    (tmp_path / "receipt.pdf").write_bytes(pdf)
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Standard Club renewal to 2027-01-03 MEMBERSHIP $30.00" in text
    # The thermal printer wraps the name at 48 columns, the price flush right on its first line.
    printed = b" ".join(receipt_escpos_bytes(receipt).split())
    assert b"Standard Club renewal to 2027-01-03 $30.00 MEMBERSHIP" in printed


def test_a_plan_line_and_a_kept_trial_survive_a_restored_draft(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2027, 1, 20))
    start_trial(counter, staff.cashier_id, ben)
    keep = memberships.upgrade_line(fresh(counter, ben), counter.catalog, today(counter))
    ring_up(counter, staff.cashier_id, ben, keep, Payment.MEMBERSHIP)
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now(), customer=fresh(counter, ben))
    draft = draft.add_plan_line(memberships.renew_line(fresh(counter, ben), counter.catalog, today(counter)))
    save_draft(counter.db, "counter-1", draft, counter.now())
    restored = load_draft(counter.db, "counter-1")
    assert restored == draft
    assert restored is not None and restored.customer is not None and restored.customer.membership is not None
    assert restored.customer.membership.trial_kept
    assert restored.plan_line is not None and restored.plan_line.plan_change is PlanChange.RENEW
    assert restored.wash is None  # a plan line is never the wash


def test_a_member_trying_the_next_plan_is_not_sold_it_at_a_question(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2027, 1, 20))
    start_trial(counter, staff.cashier_id, ben)
    session = session_for(counter)
    session.use_customer(counter.db, fresh(counter, ben))
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now(), customer=fresh(counter, ben))
    view, held_back = session.question(draft)
    assert view.offer is None
    assert (
        view.not_offered == "Not offered: the customer is already trying the Premium Club until 2026-12-27."
    )
    assert [(e.moment, e.service, e.reasons) for e in held_back] == [
        (Moment.QUESTION, "premium_club", ("not_relevant",))
    ]


# -- a voided or refunded membership sale ------------------------------------------------------


def void(counter: Counter, staff, number: int, kind: VoidKind = VoidKind.VOID) -> None:  # type: ignore[no-untyped-def]
    void_ticket(
        counter.db,
        ticket_number=number,
        kind=kind,
        reason="rang up by mistake",
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        time_zone=counter.settings.time_zone,
        now=counter.now,
    )


def test_voiding_a_renewal_puts_the_old_renewal_day_back(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2026, 12, 3))
    sale = ring_up(
        counter,
        staff.cashier_id,
        ben,
        memberships.renew_line(fresh(counter, ben), counter.catalog, today(counter)),
    )
    assert fresh(counter, ben).membership.renews_on == date(2027, 1, 3)  # type: ignore[union-attr]
    void(counter, staff, sale.number, VoidKind.REFUND)
    assert fresh(counter, ben).membership == Membership("standard_club", date(2026, 3, 20), date(2026, 12, 3))


def test_voiding_a_plan_sold_ends_it_and_the_customer_is_no_member(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    ana = add_customer(counter.db, Customer(None, "Ana García"), counter.now)
    line = memberships.sell_line(fresh(counter, ana), "standard_club", counter.catalog, today(counter))
    sale = ring_up(counter, staff.cashier_id, ana, line)
    void(counter, staff, sale.number)
    assert fresh(counter, ana).membership is None
    assert counter.db.execute("SELECT ended_on FROM memberships").fetchall() == [("2026-11-27",)]


def test_a_voided_trial_is_cancelled_and_counts_in_no_report(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2027, 1, 20))
    start_trial(counter, staff.cashier_id, ben)
    void(counter, staff, 1)
    membership = fresh(counter, ben).membership
    assert membership is not None and membership.trial_plan is None
    assert counter.db.execute("SELECT outcome FROM trials").fetchall() == [("cancelled",)]
    day = today(counter)
    assert period_figures(counter.db, day, day, counter.settings.time_zone).trials.started == 0
    clock.current = at_ten(date(2027, 1, 3))
    assert memberships.settle_trials(counter.db, today(counter), counter.now) == []


def test_only_the_latest_change_of_plan_can_be_voided(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    ben = new_member(counter, "Ben Okafor", "standard_club", date(2026, 3, 20), date(2026, 12, 3))
    first = ring_up(
        counter,
        staff.cashier_id,
        ben,
        memberships.renew_line(fresh(counter, ben), counter.catalog, today(counter)),
    )
    second = ring_up(
        counter,
        staff.cashier_id,
        ben,
        memberships.upgrade_line(fresh(counter, ben), counter.catalog, today(counter)),
    )
    with pytest.raises(UserError, match=f"ticket {second.number} changed again"):
        void(counter, staff, first.number)
    assert counter.db.execute("SELECT status FROM tickets ORDER BY number").fetchall() == [
        ("completed",),
        ("completed",),
    ]
    void(counter, staff, second.number)
    void(counter, staff, first.number)
    assert fresh(counter, ben).membership == Membership("standard_club", date(2026, 3, 20), date(2026, 12, 3))
