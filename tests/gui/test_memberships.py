"""Memberships at the counter as the cashier sees them: the badge's buttons, its words in each state,
and a customer question whose yes is rung up like any sale."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer, Membership
from posapp.gui.checkout_window import CheckoutWindow
from posapp.reports.build import period_figures
from posapp.services.customers import add_customer

#: Ben's badge while he tries the Premium Club.
TRYING = (
    "Ben Okafor · BEN42\n★ Standard Club · 8 months · renews 2026-12-03\nTrying Premium Club until 2026-12-27"
)


def _rows(counter: Counter, sql: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in counter.db.execute(sql).fetchall()]


def badge(window: CheckoutWindow) -> str:
    return window.checkout.customer_box.form.customer_badge.text()


def complete(qtbot: QtBot, window: CheckoutWindow, drive) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")


def sell_from_menu(window: CheckoutWindow, code: str) -> None:
    """What a tap on "Sell a plan" then on a plan in its menu does."""
    box = window.checkout.customer_box
    box.plans_menu.aboutToShow.emit()
    action = next(action for action in box.plans_menu.actions() if action.data() == code)
    action.trigger()


def test_a_walk_in_has_no_plan_buttons_and_a_customer_can_buy_a_plan(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, ana: Customer
) -> None:
    assert not drive.button("plan_sell").isVisible() and not drive.button("plan_renew").isVisible()
    drive.choose_customer("Ana")
    assert drive.button("plan_sell").isVisible()
    assert not drive.button("plan_renew").isVisible() and not drive.button("plan_upgrade").isVisible()
    box = window.checkout.customer_box
    box.plans_menu.aboutToShow.emit()
    assert [a.text() for a in box.plans_menu.actions()] == [
        "Standard Club · $30.00 a month",
        "Premium Club · $40.00 a month",
    ]
    sell_from_menu(window, "standard_club")
    assert drive.lines() == ["Standard Club to 2026-12-27"]
    assert drive.total() == "$32.48"  # taxed like any sale
    drive.tap("pay_card")
    complete(qtbot, window, drive)
    assert _rows(counter, "SELECT code, unit_price_cents, plan_change FROM ticket_lines") == [
        ("standard_club", 3000, "sell")
    ]
    assert _rows(counter, "SELECT plan, started_on, renews_on FROM memberships") == [
        ("standard_club", "2026-11-27", "2026-12-27")
    ]
    drive.choose_customer("Ana")
    assert badge(window) == "Ana García · ABC123\n★ Standard Club · 0 months · renews 2026-12-27"
    assert not drive.button("plan_sell").isVisible() and drive.button("plan_renew").isEnabled()


def test_renewing_at_the_month_end_from_the_badge(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.current = datetime(2027, 1, 29, 15, 0, tzinfo=UTC)
    membership = Membership("standard_club", date(2026, 7, 31), date(2027, 1, 31))
    add_customer(counter.db, Customer(None, "Cleo Park", plate="CLEO1", membership=membership), counter.now)
    drive.choose_customer("CLEO1")
    drive.tap("plan_renew")
    assert drive.lines() == ["Standard Club renewal to 2027-02-28"]
    drive.tap("pay_cash")
    complete(qtbot, window, drive)
    assert _rows(counter, "SELECT renews_on FROM memberships") == [("2027-02-28",)]


def test_upgrading_from_the_badge_pays_the_difference(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, member: Customer
) -> None:
    drive.choose_customer("BEN42")
    drive.tap("plan_upgrade")
    assert drive.lines() == ["Premium Club upgrade"]
    assert drive.total() == "$10.83"
    drive.tap("plan_renew")  # one change of plan per ticket
    assert "already holds Premium Club upgrade" in window.notice.text
    drive.tap("pay_card")
    complete(qtbot, window, drive)
    assert _rows(counter, "SELECT plan, renews_on FROM memberships") == [("premium_club", "2026-12-03")]


def test_a_trial_alone_completes_and_a_kept_trial_converts_once(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, member: Customer, clock
) -> None:  # type: ignore[no-untyped-def]
    drive.choose_customer("BEN42")
    assert drive.panel("offer_title") == "Free trial of Premium Club"
    drive.tap("offer_accept")
    complete(qtbot, window, drive)  # nothing to pay: no payment asked
    assert _rows(counter, "SELECT payment, total_cents FROM tickets") == [("membership", 0)]
    drive.choose_customer("BEN42")
    assert badge(window) == TRYING
    assert drive.button("plan_upgrade").text() == "Keep Premium Club"
    drive.tap("plan_upgrade")
    assert drive.lines() == ["Keep Premium Club after trial"]
    complete(qtbot, window, drive)
    drive.choose_customer("BEN42")
    assert badge(window).endswith("Trying Premium Club until 2026-12-27 · keeps it after")
    assert not drive.button("plan_upgrade").isEnabled()
    drive.tap("plan_renew")
    drive.tap("pay_card")
    complete(qtbot, window, drive)
    clock.current = datetime(2026, 12, 28, 15, 0, tzinfo=UTC)  # the day after the trial's last day
    drive.choose_customer("BEN42")
    assert badge(window) == "Ben Okafor · BEN42\n★ Premium Club · 9 months · renews 2027-01-03"
    drive.choose_customer("BEN42")
    assert _rows(counter, "SELECT plan, outcome FROM trials") == [("premium_club", "converted")]
    assert _rows(counter, "SELECT plan, trial_plan FROM memberships") == [("premium_club", None)]


def test_a_trial_not_kept_expires_when_the_member_is_next_seen(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, member: Customer, clock
) -> None:  # type: ignore[no-untyped-def]
    drive.choose_customer("BEN42")
    drive.tap("offer_accept")
    complete(qtbot, window, drive)
    clock.current = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    drive.choose_customer("BEN42")
    assert badge(window) == TRYING
    clock.current = datetime(2026, 12, 28, 15, 0, tzinfo=UTC)
    drive.choose_customer("BEN42")
    assert _rows(counter, "SELECT outcome FROM trials") == [("expired",)]
    assert badge(window) == "Ben Okafor · BEN42\n★ Standard Club · lapsed on 2026-12-03"


def test_a_lapsed_plan_says_so_and_its_wash_is_paid(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:
    membership = Membership("standard_club", date(2026, 3, 1), date(2026, 11, 1))
    add_customer(counter.db, Customer(None, "Dee Lopez", plate="DEE7", membership=membership), counter.now)
    drive.choose_customer("DEE7")
    assert badge(window) == "Dee Lopez · DEE7\n★ Standard Club · lapsed on 2026-11-01"
    assert window.checkout.customer_box.form.customer_badge.property("lapsed") is True
    drive.tap("wash_standard_wash")
    assert not drive.button("pay_membership").isEnabled()
    assert drive.total() == "$16.24"  # the club wash is not free
    drive.tap("complete_sale")
    assert "Cash (F5) or Card (F6)" in window.notice.text
    assert drive.button("plan_renew").isEnabled() and not drive.button("plan_upgrade").isEnabled()
    drive.tap("plan_renew")
    assert drive.lines() == ["Standard Wash", "Standard Club renewal to 2026-12-27"]
    # Renewed on this very ticket, the plan covers today's wash again.
    assert drive.button("pay_membership").isEnabled()
    drive.tap("pay_membership")
    assert drive.lines() == ["Standard Wash (club)", "Standard Club renewal to 2026-12-27"]
    window.checkout.form.ticket_table.selectRow(1)
    drive.tap("remove_line")  # no renewal after all: the wash is charged again
    assert drive.lines() == ["Standard Wash"]
    assert drive.total() == "$16.24"


def test_a_yes_at_a_customer_question_is_rung_up_and_earns_only_when_completed(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:
    membership = Membership("standard_club", date(2026, 3, 20), date(2027, 1, 3))  # no renewal due
    add_customer(counter.db, Customer(None, "Eve Stone", plate="EVE5", membership=membership), counter.now)
    drive.choose_customer("EVE5")
    drive.tap("customer_question")
    assert drive.panel("offer_moment") == "Customer question"
    assert drive.panel("offer_title") == "Upgrade to Premium Club"
    drive.tap("offer_accept")
    assert drive.lines() == ["Premium Club upgrade  ★ offer"]
    day = date(2026, 11, 27)
    figures = period_figures(counter.db, day, day, counter.settings.time_zone)
    assert (figures.tickets, figures.accepted, figures.addon_revenue_cents) == (0, 0, 0)
    drive.tap("pay_card")
    complete(qtbot, window, drive)
    figures = period_figures(counter.db, day, day, counter.settings.time_zone)
    assert (figures.tickets, figures.addon_revenue_cents) == (1, 1000)
    assert _rows(
        counter, "SELECT moment, kind, service, outcome FROM offer_events WHERE outcome = 'accepted'"
    ) == [("question", "upsell", "premium_club", "accepted")]
    assert _rows(counter, "SELECT plan FROM memberships") == [("premium_club",)]
