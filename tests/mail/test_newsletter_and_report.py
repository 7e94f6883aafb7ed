"""The monthly newsletter through the outbox, redemption at the counter, and the report's figures."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from posapp.domain.errors import UserError
from posapp.reports.build import site_report
from posapp.reports.export import report_csv_bytes, report_json
from posapp.reports.pdf import render_pdf
from posapp.services.customer_data import erase_customer
from posapp.services.customers import log_complaint
from posapp.services.followups import create_newsletter, queue_newsletter, redeem_code, send_due
from posapp.storage import outbox


def _newsletter(shop, clock) -> int:
    return create_newsletter(
        shop.db,
        subject="$shop news for December",
        body="Hi again, $first_name! Winter salt eats paint: here is what keeps it off.",
        services=("premium_package", "underbody_rinse"),
        catalog=shop.counter.catalog,
        manager_id=shop.manager_id,
        now=clock,
    )


def test_the_newsletter_goes_once_to_each_consenting_customer_skipping_complaints_and_pauses(
    shop, smtp_server, clock
):
    ana = shop.customer("Ana Lopez", "ana@example.com")
    shop.customer("Bo Ray", "bo@example.com")
    cy = shop.customer("Cy Dee", "cy@example.com")
    shop.customer("Di No", "di@example.com", consent=False)
    log_complaint(shop.db, customer_id=cy.id, cashier_id=shop.cashier_id, note="", now=clock)
    shop.sell(ana)  # ana's follow-up is planned for 3 days on
    clock.advance(days=3)
    send_due(shop.db, shop.setup(), clock)  # ... and sent: she is in the pause window now
    smtp_server.received.clear()

    newsletter = _newsletter(shop, clock)
    run = queue_newsletter(
        shop.db, newsletter, settings=shop.counter.settings, now=clock, manager_id=shop.manager_id
    )
    assert (run.queued, run.skipped) == (1, {"complaint": 1, "recent": 1})
    again = queue_newsletter(shop.db, newsletter, settings=shop.counter.settings, now=clock, manager_id=None)
    assert again.queued == 0  # a run cut short and started again adds nobody twice
    send_due(shop.db, shop.setup(), clock)
    [got] = smtp_server.received
    assert got.recipients == ["bo@example.com"]
    assert got.message["Subject"] == "Sparkle Car Wash news for December"
    text = got.message.get_body(("plain",)).get_content()
    html = got.message.get_body(("html",)).get_content()
    catalog = shop.counter.catalog
    for part in (text, html):
        assert "Hi again, Bo!" in part
        for code in ("premium_package", "underbody_rinse"):
            assert catalog.get(code).name in part
            assert shop.setup().price(catalog.get(code).price_cents) in part
    assert got.message["List-Unsubscribe"].startswith("<mailto:")
    assert send_due(shop.db, shop.setup(), clock).sent == []


def test_a_newsletter_features_only_premium_washes_and_add_ons(shop, clock):
    with pytest.raises(UserError, match="not a premium wash or an add-on"):
        create_newsletter(shop.db, subject="x", body="y", services=("express_wash",),
                          catalog=shop.counter.catalog, manager_id=None, now=clock)  # fmt: skip
    with pytest.raises(UserError, match=r"\$price_list"):
        create_newsletter(shop.db, subject="x", body="See $price_list", services=(),
                          catalog=shop.counter.catalog, manager_id=None, now=clock)  # fmt: skip


def test_the_report_counts_follow_ups_against_a_hand_computed_day(shop, smtp_server, clock):
    # Monday 2026-11-23, 10:00 in New York: four consenting customers buy a Standard Wash.
    clock.current = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    ana, bo, cy, di = (shop.customer(n, f"{n.split()[0].lower()}@example.com") for n in
                       ("Ana Lopez", "Bo Ray", "Cy Dee", "Di No"))  # fmt: skip
    for person in (ana, bo, cy, di):
        shop.sell(person)
    clock.advance(days=1)  # Tuesday: Cy complains, Di asks to be erased
    log_complaint(shop.db, customer_id=cy.id, cashier_id=shop.cashier_id, note="", now=clock)
    erase_customer(shop.db, customer_id=di.id, manager_id=shop.manager_id, manager_pin="9999", now=clock)
    clock.advance(days=2)  # Thursday 2026-11-26 10:00: Ana's and Bo's follow-ups go; Cy's is held back
    send_due(shop.db, shop.setup(), clock)
    clock.advance(hours=4)  # 14:00: Ana buys the car waxing she was mailed about ...
    shop.sell(ana, "standard_wash", "car_waxing")
    # ... and Bo shows his code on an express wash (no waxing: redeemed, no revenue from it).
    sale = shop.sell(bo, "express_wash")
    bo_code = next(row.code for row in outbox.messages(shop.db) if row.customer_id == bo.id)
    redeem_code(
        shop.db, bo_code.lower().replace("-", " "), ticket_number=sale.number, settings=shop.counter.settings
    )
    with pytest.raises(UserError, match="already used"):
        redeem_code(shop.db, bo_code, ticket_number=sale.number, settings=shop.counter.settings)

    wax = shop.counter.catalog.get("car_waxing").price_cents
    settings = shop.counter.settings
    thursday = report_json(site_report(shop.db, date(2026, 11, 26), date(2026, 11, 26), settings))
    assert thursday["follow_ups"] == {
        "planned": 0,  # Ana's and Bo's sales that day fall in the pause of the mails just sent
        "sent": 2,
        "cancelled": {"complaint": 1},
        "failed": 0,
        "redeemed": 2,
        "redemption_rate": 1.0,
        "revenue_cents": wax,
        "possible_duplicates": 0,
        "newsletter": {"planned": 0, "sent": 0, "cancelled": {}, "failed": 0, "redeemed": 0,
                       "redemption_rate": 0.0, "revenue_cents": 0, "possible_duplicates": 0},
    }  # fmt: skip
    week = report_json(site_report(shop.db, date(2026, 11, 23), date(2026, 11, 26), settings))["follow_ups"]
    assert (week["planned"], week["sent"], week["cancelled"]) == (4, 2, {"complaint": 1, "erased": 1})
    report = site_report(shop.db, date(2026, 11, 23), date(2026, 11, 26), settings)
    rows = list(csv.reader(io.StringIO(report_csv_bytes(report).decode("utf-8-sig"))))
    figures = {(row[1], row[2]): row[3] for row in rows if row[0] == "follow_ups"}
    assert figures[("follow_up", "planned")] == "4" and figures[("follow_up", "cancelled_erased")] == "1"
    assert figures[("follow_up", "redeemed")] == "2"
    pdf = PdfReader(io.BytesIO(render_pdf(report))).pages
    words = " ".join(page.extract_text() for page in pdf)
    assert "Follow-up e-mails and newsletter" in words and "Follow-ups: redeemed" in words
    assert json.dumps(week)  # plain data
