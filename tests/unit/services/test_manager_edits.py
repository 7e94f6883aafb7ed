"""A manager's prices and scripts: the PIN is re-asked, bad input is refused whole, all is audited."""

from __future__ import annotations

import json
import sqlite3

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale
from posapp.services.manager_edits import (
    change_price,
    change_script,
    reset_script_to_default,
    script_in_use,
    script_keys,
)
from posapp.storage.catalog import load_catalog
from posapp.storage.offer_scripts import default_scripts, load_scripts
from posapp.storage.tickets import load_ticket

WAXING_SCRIPT = "checkout.cross_sell.car_waxing"


def audit_rows(counter: Counter, action: str) -> list[tuple[int, str, object, object]]:
    rows = counter.db.execute(
        "SELECT cashier_id, subject, before, after FROM audit_log WHERE action = ? ORDER BY id", (action,)
    ).fetchall()
    return [(who, subject, json.loads(before), json.loads(after)) for who, subject, before, after in rows]


def price_of(counter: Counter, code: str) -> int:
    return load_catalog(counter.db).get(code).price_cents


def test_a_manager_changes_a_price_and_the_audit_log_says_from_what_to_what(
    counter: Counter, staff, clock
) -> None:  # type: ignore[no-untyped-def]
    new = change_price(
        counter.db,
        code="car_waxing",
        price_text=" 12.50 ",
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        now=clock,
    )
    assert new == 1250 == price_of(counter, "car_waxing")
    assert audit_rows(counter, "price_changed") == [
        (staff.manager_id, "car_waxing", {"price_cents": 800}, {"price_cents": 1250})
    ]


def test_the_same_price_again_is_not_a_change(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    change_price(
        counter.db, code="car_waxing", price_text="8", manager_id=staff.manager_id,
        manager_pin=staff.manager_pin, now=clock,
    )  # fmt: skip
    assert audit_rows(counter, "price_changed") == []


@pytest.mark.parametrize(
    ("who", "pin", "refusal"),
    [("cashier", "1111", "Only a manager can do this."), ("manager", "0000", "Wrong PIN; try again.")],
)
def test_a_price_needs_a_managers_pin(
    counter: Counter, staff, clock, who: str, pin: str, refusal: str
) -> None:  # type: ignore[no-untyped-def]
    person = staff.cashier_id if who == "cashier" else staff.manager_id
    with pytest.raises(UserError) as refused:
        change_price(
            counter.db, code="car_waxing", price_text="1", manager_id=person, manager_pin=pin, now=clock
        )
    assert refused.value.message == refusal
    assert price_of(counter, "car_waxing") == 800
    assert audit_rows(counter, "price_changed") == []


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("twelve", "Car Waxing: 'twelve' is not a price; write it like 12.50."),
        ("-1", "Car Waxing: a price cannot be negative (-1)."),
        ("8.999", "Car Waxing: a price has at most two decimals (8.999)."),
        ("1e9", "Car Waxing: 1e9 is far larger than any price at a car wash."),
        ("", "Car Waxing: '' is not a price; write it like 12.50."),
    ],
)
def test_a_bad_price_is_refused_in_one_sentence_and_nothing_is_written(
    counter: Counter, staff, clock, typed: str, sentence: str
) -> None:  # type: ignore[no-untyped-def]
    entries_before = counter.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(UserError) as refused:
        change_price(
            counter.db, code="car_waxing", price_text=typed, manager_id=staff.manager_id,
            manager_pin=staff.manager_pin, now=clock,
        )  # fmt: skip
    assert refused.value.message == sentence
    assert price_of(counter, "car_waxing") == 800
    assert counter.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == entries_before


def test_an_unknown_service_is_refused(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="no service with the code 'hover_wash'"):
        change_price(
            counter.db, code="hover_wash", price_text="5", manager_id=staff.manager_id,
            manager_pin=staff.manager_pin, now=clock,
        )  # fmt: skip


def test_a_past_ticket_keeps_the_price_it_was_sold_at(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=clock()).choose_wash(
        counter.catalog.get("standard_wash")
    )
    sale = complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=clock)
    change_price(
        counter.db, code="standard_wash", price_text="19", manager_id=staff.manager_id,
        manager_pin=staff.manager_pin, now=clock,
    )  # fmt: skip
    ticket = load_ticket(counter.db, sale.number)
    assert ticket is not None and ticket.lines[0].unit_price_cents == 1500
    assert price_of(counter, "standard_wash") == 1900


def test_the_price_and_its_audit_entry_are_one_transaction(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    # An audit log that cannot take the entry must leave the price as it was.
    counter.db.execute(
        "CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'price_changed'"
        " BEGIN SELECT RAISE(ABORT, 'audit log full'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        change_price(
            counter.db, code="car_waxing", price_text="9", manager_id=staff.manager_id,
            manager_pin=staff.manager_pin, now=clock,
        )  # fmt: skip
    assert price_of(counter, "car_waxing") == 800


def test_a_script_change_is_stored_and_audited(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    old = load_scripts(counter.db).templates[WAXING_SCRIPT]
    stored = change_script(
        counter.db, key=WAXING_SCRIPT, text="  Hi {first_name}, wax for {price}?  ",
        manager_id=staff.manager_id, manager_pin=staff.manager_pin, now=clock,
    )  # fmt: skip
    assert stored == "Hi {first_name}, wax for {price}?"
    assert load_scripts(counter.db).templates[WAXING_SCRIPT] == stored
    assert audit_rows(counter, "script_changed") == [
        (staff.manager_id, WAXING_SCRIPT, {"text": old}, {"text": stored})
    ]


def test_a_bad_placeholder_is_refused_and_nothing_is_stored(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match=r"unknown placeholder \{name\}; use one of \{first_name\}"):
        change_script(
            counter.db, key=WAXING_SCRIPT, text="Hi {name}!", manager_id=staff.manager_id,
            manager_pin=staff.manager_pin, now=clock,
        )  # fmt: skip
    assert counter.db.execute("SELECT count(*) FROM offer_scripts").fetchone()[0] == 0
    assert audit_rows(counter, "script_changed") == []


def test_a_cashier_cannot_change_a_script(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="Only a manager"):
        change_script(
            counter.db, key=WAXING_SCRIPT, text="Hi {first_name}!", manager_id=staff.cashier_id,
            manager_pin=staff.cashier_pin, now=clock,
        )  # fmt: skip
    assert counter.db.execute("SELECT count(*) FROM offer_scripts").fetchone()[0] == 0


def test_reset_to_default_brings_the_shipped_script_back_and_is_audited(
    counter: Counter, staff, clock
) -> None:  # type: ignore[no-untyped-def]
    shipped = default_scripts().templates[WAXING_SCRIPT]
    change_script(
        counter.db, key=WAXING_SCRIPT, text="Wax for {price}?", manager_id=staff.manager_id,
        manager_pin=staff.manager_pin, now=clock,
    )  # fmt: skip
    in_use = reset_script_to_default(
        counter.db, key=WAXING_SCRIPT, manager_id=staff.manager_id, manager_pin=staff.manager_pin, now=clock
    )
    assert in_use == shipped == load_scripts(counter.db).templates[WAXING_SCRIPT]
    last = audit_rows(counter, "script_changed")[-1]
    assert last == (
        staff.manager_id,
        WAXING_SCRIPT,
        {"text": "Wax for {price}?"},
        {"text": shipped, "default": True},
    )
    # Resetting a script nobody edited changes nothing and logs nothing.
    reset_script_to_default(
        counter.db, key=WAXING_SCRIPT, manager_id=staff.manager_id, manager_pin=staff.manager_pin, now=clock
    )
    assert len(audit_rows(counter, "script_changed")) == 2


def test_every_kind_of_offer_has_an_editable_script(counter: Counter) -> None:
    keys = script_keys(counter.db)
    assert {"checkout.cross_sell", "checkout.upsell", "renewal.trial_upgrade", WAXING_SCRIPT} <= set(keys)
    scripts = load_scripts(counter.db)
    # A service's own script that was never written falls back to its kind's.
    assert (
        script_in_use(scripts, "checkout.cross_sell.tire_shine") == scripts.templates["checkout.cross_sell"]
    )
