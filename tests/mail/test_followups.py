"""Follow-ups end to end through a real SMTP server: planned with the sale, decided again, sent once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from posapp.domain.errors import UserError
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.services.checkout import record_interaction
from posapp.services.customer_data import erase_customer
from posapp.services.customers import log_complaint, remember_budget
from posapp.services.followups import (
    MAX_ATTEMPTS,
    consent_history_for,
    record_consent,
    retry_failed_messages,
    send_due,
)
from posapp.storage import outbox

from .conftest import free_port

CODE = re.compile(r"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")


def test_a_sale_to_a_consenting_customer_plans_one_follow_up_three_days_on(shop, clock):
    ana = shop.customer("Ana Lopez", "ana@example.com")
    sale = shop.sell(ana, "standard_wash", "tire_shine")
    [row] = outbox.messages(shop.db)
    assert (row.kind, row.state, row.customer_id, row.ticket_id) == (
        "follow_up",
        "planned",
        ana.id,
        sale.ticket_id,
    )
    assert row.due_at == clock() + timedelta(days=3)
    assert row.service == "car_waxing"  # a complement, never what was bought
    assert CODE.match(row.code) and row.message_id.startswith("<") and row.address == "ana@example.com"


def test_no_follow_up_without_consent_an_address_or_a_customer(shop):
    shop.sell(shop.customer("Bo Ray", "bo@example.com", consent=False))
    shop.sell(shop.customer("Cy Dee", "", consent=True))
    shop.sell(None)
    assert outbox.messages(shop.db) == []


def test_a_second_sale_in_the_window_plans_no_second_follow_up(shop, clock):
    ana = shop.customer("Ana Lopez", "ana@example.com")
    shop.sell(ana)
    clock.advance(hours=2)
    shop.sell(ana)
    assert len(outbox.messages(shop.db)) == 1


def test_the_follow_up_arrives_at_a_real_server_with_both_parts_headers_name_and_code(
    shop, smtp_server, clock
):
    ana = shop.customer("Ana Lopez", "ana@example.com")
    shop.sell(ana, "standard_wash")
    clock.advance(days=3)
    run = send_due(shop.db, shop.setup(), clock)
    [row] = outbox.messages(shop.db)
    assert run.sent == [(row.id, "ana@example.com")]
    [got] = smtp_server.received
    message = got.message
    assert got.recipients == ["ana@example.com"] and got.sender == "hello@sparkle.example"
    assert message["To"] == "ana@example.com"
    assert message["From"] == "Sparkle Car Wash <hello@sparkle.example>"
    assert message["Reply-To"] == "office@sparkle.example"
    assert message["Message-ID"] == row.message_id
    assert message["List-Unsubscribe"] == "<mailto:office@sparkle.example?subject=unsubscribe>"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Ana" in part and row.code in part and "Car Waxing" in part
        assert "1200 Harbor Road" in part  # the shop's postal address
    assert "unsubscribe" in text and "office@sparkle.example" in text
    assert "<img" not in html and "http" not in html  # nothing to download, no tracking
    assert row.state == "sent" and row.sent_at == clock() and row.attempts == 1


def test_two_sends_in_a_row_send_nothing_new(shop, smtp_server, clock):
    shop.sell(shop.customer("Ana Lopez", "ana@example.com"))
    clock.advance(days=3)
    send_due(shop.db, shop.setup(), clock)
    again = send_due(shop.db, shop.setup(), clock)
    assert (again.sent, again.cancelled, again.retried, again.failed) == ([], [], [], [])
    assert len(smtp_server.received) == 1


def test_nothing_goes_before_its_day(shop, smtp_server, clock):
    shop.sell(shop.customer("Ana Lopez", "ana@example.com"))
    clock.advance(days=2, hours=23)
    assert send_due(shop.db, shop.setup(), clock).sent == []
    assert smtp_server.received == []


def _complaint(shop, customer, clock):
    log_complaint(shop.db, customer_id=customer.id, cashier_id=shop.cashier_id, note="scratched", now=clock)


def _budget(shop, customer, clock):
    remember_budget(shop.db, customer.id, True)


def _pitched(shop, customer, clock):
    event = OfferEvent(Moment.RENEWAL, OfferKind.TRIAL_UPGRADE, "premium_club", Outcome.DECLINED, clock())
    record_interaction(shop.db, (event,), customer_id=customer.id, cashier_id=shop.cashier_id,
                       zone=shop.counter.settings.time_zone)  # fmt: skip


def _withdrawn(shop, customer, clock):
    record_consent(
        shop.db, customer.id, given=False, cashier_id=shop.cashier_id, channel="counter", now=clock
    )


def _erased(shop, customer, clock):
    erase_customer(
        shop.db, customer_id=customer.id, manager_id=shop.manager_id, manager_pin="9999", now=clock
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [(_complaint, "complaint"), (_budget, "budget"), (_pitched, "recent"), (_withdrawn, "no_consent"),
     (_erased, "erased")],
)  # fmt: skip
def test_decided_again_at_send_time_a_changed_customer_is_cancelled_with_its_reason(
    shop, smtp_server, clock, change, reason
):
    ana = shop.customer("Ana Lopez", "ana@example.com")
    shop.sell(ana)
    clock.advance(days=1)
    change(shop, ana, clock)
    clock.advance(days=2)
    send_due(shop.db, shop.setup(), clock)
    [row] = outbox.messages(shop.db)
    assert (row.state, row.reason) == ("cancelled", reason)
    assert smtp_server.received == []


def test_an_erased_customer_leaves_no_address_in_the_outbox(shop, clock):
    ana = shop.customer("Ana Lopez", "ana@example.com")
    shop.sell(ana)
    erase_customer(shop.db, customer_id=ana.id, manager_id=shop.manager_id, manager_pin="9999", now=clock)
    [row] = outbox.messages(shop.db)
    assert (row.state, row.reason, row.address) == ("cancelled", "erased", "")
    dump = "\n".join(shop.db.conn.iterdump())
    assert "ana@example.com" not in dump


def test_a_sent_follow_up_pauses_the_next_one(shop, smtp_server, clock):
    ana = shop.customer("Ana Lopez", "ana@example.com")
    shop.sell(ana)
    clock.advance(days=3)
    send_due(shop.db, shop.setup(), clock)
    clock.advance(hours=1)
    shop.sell(ana)  # planned for 3 days on: within the 7-day pause of the mail just sent
    assert len(outbox.messages(shop.db)) == 1  # the engine holds it back when planning


def test_a_server_that_says_try_later_leaves_the_message_planned_with_back_off(shop, smtp_server, clock):
    shop.sell(shop.customer("Ana Lopez", "ana@example.com"))
    clock.advance(days=3)
    smtp_server.handler.mode = "rcpt_451"
    run = send_due(shop.db, shop.setup(), clock)
    [row] = outbox.messages(shop.db)
    assert [message for message, _ in run.retried] == [row.id]
    assert (row.state, row.attempts) == ("planned", 1) and "451" in row.last_error
    smtp_server.handler.mode = "accept"
    assert send_due(shop.db, shop.setup(), clock).sent == []  # backing off
    clock.advance(minutes=6)
    assert len(send_due(shop.db, shop.setup(), clock).sent) == 1
    assert len(smtp_server.received) == 1


@pytest.mark.parametrize("mode", ["drop", "stall"])
def test_a_dropped_or_stalled_connection_is_retried_never_lost_never_doubled(shop, smtp_server, clock, mode):
    shop.sell(shop.customer("Ana Lopez", "ana@example.com"))
    clock.advance(days=3)
    smtp_server.handler.mode = mode
    run = send_due(shop.db, shop.setup(), clock)
    assert run.retried and run.stopped.startswith("the mail server is unavailable")
    assert outbox.messages(shop.db)[0].state == "planned"
    smtp_server.handler.mode = "accept"
    clock.advance(minutes=6)
    send_due(shop.db, shop.setup(), clock)
    received = list(smtp_server.received)
    # The data had gone out when the connection failed: the server may have it (a stalled one takes
    # it after the client gave up), so the one retry is marked as a possible duplicate, never silent.
    [row] = outbox.messages(shop.db)
    assert 1 <= len(received) <= (2 if mode == "stall" else 1)
    assert row.state == "sent" and row.possible_duplicate
    assert len({got.message["Message-ID"] for got in received}) == 1


def test_a_server_that_is_down_fails_softly_and_stops_the_run(make_shop, clock):
    shop = make_shop(free_port())  # nobody listens there: the connection is refused
    shop.sell(shop.customer("Ana Lopez", "ana@example.com"))
    shop.sell(shop.customer("Bo Ray", "bo@example.com"))
    clock.advance(days=3)
    run = send_due(shop.db, shop.setup(), clock)
    assert len(run.retried) == 1 and run.stopped.startswith("the mail server is unavailable")
    assert [row.state for row in outbox.messages(shop.db)] == ["planned", "planned"]
    assert [row.attempts for row in outbox.messages(shop.db)] == [1, 0]  # the second was never tried


def test_a_refused_recipient_marks_the_address_undeliverable(shop, smtp_server, clock):
    ana = shop.customer("Ana Lopez", "ana@example.com")
    shop.sell(ana)
    clock.advance(days=3)
    smtp_server.handler.mode = "rcpt_550"
    run = send_due(shop.db, shop.setup(), clock)
    [row] = outbox.messages(shop.db)
    assert run.failed == [(row.id, "undeliverable")] and row.state == "failed"
    assert outbox.is_undeliverable(shop.db, "ana@example.com")
    smtp_server.handler.mode = "accept"
    clock.advance(days=10)
    shop.sell(ana)
    assert len(outbox.messages(shop.db)) == 1  # nothing more is planned to that address


def test_after_the_last_try_a_message_waits_for_a_manager(shop, smtp_server, clock):
    shop.sell(shop.customer("Ana Lopez", "ana@example.com"))
    clock.advance(days=3)
    smtp_server.handler.mode = "rcpt_451"
    for _ in range(MAX_ATTEMPTS):
        send_due(shop.db, shop.setup(), clock)
        clock.advance(hours=9)
    [row] = outbox.messages(shop.db)
    assert (row.state, row.reason, row.attempts) == ("failed", "gave_up", MAX_ATTEMPTS)
    assert send_due(shop.db, shop.setup(), clock).sent == []
    smtp_server.handler.mode = "accept"
    assert retry_failed_messages(shop.db, now=clock, manager_id=shop.manager_id) == 1
    assert len(send_due(shop.db, shop.setup(), clock).sent) == 1
    assert len(smtp_server.received) == 1


def test_consent_is_recorded_with_its_proof_and_withdrawn_the_same_way(shop, clock):
    ana = shop.customer("Ana Lopez", "ana@example.com")
    clock.advance(days=1)
    record_consent(shop.db, ana.id, given=False, cashier_id=shop.manager_id, channel="counter", now=clock)
    withdrawn, given = consent_history_for(shop.db, ana.id)
    assert (given.given, given.cashier, given.channel, given.at) == (
        True,
        "Sam",
        "counter",
        clock() - timedelta(days=1),
    )
    assert "e-mail you" in given.wording
    assert (withdrawn.given, withdrawn.cashier, withdrawn.at) == (False, "Morgan", clock())
    with pytest.raises(UserError):
        record_consent(shop.db, ana.id, given=True, cashier_id=None, channel="pigeon", now=clock)


def test_quiet_hours_send_nothing(make_shop, smtp_server, clock):
    shop = make_shop(smtp_server.port, quiet=(9, 17))  # 10:00 in New York is inside
    shop.sell(shop.customer("Ana Lopez", "ana@example.com"))
    clock.advance(days=3)
    run = send_due(shop.db, shop.setup(), clock)
    assert run.sent == [] and run.stopped == "quiet hours (9:00 to 17:00)"
    clock.advance(hours=7)  # 17:00 local
    assert len(send_due(shop.db, shop.setup(), clock).sent) == 1


def test_the_daily_cap_holds_the_rest_for_the_next_day(make_shop, smtp_server, clock):
    shop = make_shop(smtp_server.port, cap=2)
    for n in range(3):
        shop.sell(shop.customer(f"Person{n} Test", f"p{n}@example.com"))
    clock.advance(days=3)
    run = send_due(shop.db, shop.setup(), clock)
    assert len(run.sent) == 2 and run.stopped == "the daily cap of 2 messages is reached"
    assert send_due(shop.db, shop.setup(), clock).sent == []  # the same day: still capped
    clock.advance(days=1)
    assert len(send_due(shop.db, shop.setup(), clock).sent) == 1
    assert len(smtp_server.received) == 3


def test_a_sale_never_reaches_the_mail_server(make_shop, clock):
    import socket
    import time

    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    try:
        shop = make_shop(listener.getsockname()[1])  # a server that would take connections and say nothing
        started = time.perf_counter()
        for n in range(20):
            shop.sell(shop.customer(f"Person{n} Test", f"p{n}@example.com"))
        elapsed = time.perf_counter() - started
        try:
            listener.accept()
            connected = True
        except BlockingIOError:
            connected = False
    finally:
        listener.close()
    assert not connected and len(outbox.messages(shop.db)) == 20
    assert elapsed < 5  # 20 sales and customers; one SMTP timeout alone would be 1 s each
