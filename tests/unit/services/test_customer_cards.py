"""A customer's membership card number: its match key, found by a scan, exported, erased, synced."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from posapp.counter import Counter
from posapp.domain.customer import Customer, normalise_card
from posapp.domain.errors import UserError
from posapp.domain.matching import hashed, match_keys
from posapp.services.customer_data import erase_customer, export_customer
from posapp.services.customers import add_customer, change_card
from posapp.storage.customers import find_customers, get_customer
from posapp.storage.db import open_db
from posapp.storage.migrations import known_migration_names, migrations, open_migrated
from posapp.storage.sync_outbox import changed_versions, customer_keys, customers_with_keys
from tests.conftest import Staff


def _add(counter: Counter, name: str, *, plate: str = "", card: str = "") -> Customer:
    return add_customer(counter.db, Customer(None, name, plate=plate, card=card), counter.now)


def test_a_card_number_is_kept_as_its_match_key() -> None:
    assert normalise_card(" 4417-0012 ab ") == "44170012AB"
    assert normalise_card("") == ""
    with pytest.raises(UserError, match=r"Card number: '#-/' has no letters or digits"):
        normalise_card("#-/")
    with pytest.raises(UserError, match="up to 32"):
        normalise_card("9" * 33)


def test_a_new_customer_with_a_card_is_found_by_scanning_it_exactly(counter: Counter) -> None:
    ana = _add(counter, "Ana Ruiz", plate="AB123", card="4417 0012 ab")
    _add(counter, "Ben", plate="ZZ999")
    assert ana.card == "44170012AB"
    # A scanner types the number as printed; a cashier may type it with dashes or in lower case.
    for typed in ("44170012AB", "4417-0012-ab", " 4417 0012 AB "):
        assert [c.id for c in find_customers(counter.db, typed)] == [ana.id]
    # Part of a card is nobody's card.
    assert find_customers(counter.db, "44170012") == []


def test_a_card_with_symbols_only_or_already_taken_is_one_sentence_and_nothing_saved(
    counter: Counter,
) -> None:
    _add(counter, "Ana", card="CARD-1")
    with pytest.raises(UserError) as symbols:
        _add(counter, "Ben", plate="BEN1", card="--//--")
    assert symbols.value.message == (
        "Customer: card number: '--//--' has no letters or digits; type the number printed on the card."
    )
    with pytest.raises(UserError) as taken:
        _add(counter, "Cy", plate="CY1", card="card 1")
    assert taken.value.message == (
        "The card CARD1 is already on another customer; scan it in the search to find them."
    )
    names = [row[0] for row in counter.db.execute("SELECT name FROM customers ORDER BY id")]
    assert names == ["Ana"]


def test_a_known_customer_is_given_a_card_and_another_card_is_refused(counter: Counter) -> None:
    ana = _add(counter, "Ana", plate="AN1", card="A-1")
    ben = _add(counter, "Ben", plate="BE1")
    assert ben.id is not None and ana.id is not None
    assert change_card(counter.db, ben.id, "b 2").card == "B2"
    with pytest.raises(UserError, match="The card A1 is already on another customer"):
        change_card(counter.db, ben.id, "a1")
    stored = get_customer(counter.db, ben.id)
    assert stored is not None and stored.card == "B2"
    assert change_card(counter.db, ana.id, "A1").card == "A1"  # their own card again: no clash
    assert change_card(counter.db, ben.id, "").card == ""


def test_the_database_refuses_a_second_holder_of_a_card_whatever_the_caller(counter: Counter) -> None:
    _add(counter, "Ana", card="X1")
    _add(counter, "Ben")
    _add(counter, "Cy")  # many customers without a card: "" is nobody's card
    with pytest.raises(sqlite3.IntegrityError):
        counter.db.execute("INSERT INTO customers (name, created_at, card) VALUES ('Dee', 'x', 'X1')")


def test_the_export_holds_the_card_and_the_erasure_scrubs_it(counter: Counter, staff: Staff) -> None:
    ana = _add(counter, "Ana Ruiz", plate="AB123", card="LOYAL-777")
    assert ana.id is not None
    assert export_customer(counter.db, ana.id)["card"] == "LOYAL777"
    erase_customer(
        counter.db,
        customer_id=ana.id,
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        now=counter.now,
    )
    card = counter.db.execute("SELECT card FROM customers WHERE id = ?", (ana.id,)).fetchone()[0]
    assert card == ""
    assert find_customers(counter.db, "LOYAL777") == []
    # The card is free again for whoever is given it next.
    assert _add(counter, "Ben", card="LOYAL777").card == "LOYAL777"


def test_the_card_goes_to_the_hub_as_a_hashed_key(counter: Counter) -> None:
    ana = _add(counter, "Ana", plate="AB123")
    assert ana.id is not None
    (sent,) = [row for local_id, _, row in changed_versions(counter.db, "customers") if local_id == ana.id]
    assert sent[1] == list(match_keys(plate="AB123"))
    change_card(counter.db, ana.id, "CARD-9")
    (changed,) = [row for local_id, _, row in changed_versions(counter.db, "customers") if local_id == ana.id]
    card_hash = hashed("card", "CARD9")
    assert card_hash in changed[1] and "CARD9" not in str(changed)
    assert card_hash in customer_keys(counter.db, ana.id)
    # A customer known elsewhere by the card alone is found here by it (e.g. to apply an erasure).
    assert customers_with_keys(counter.db, {card_hash}) == [ana.id]


def test_m017_gives_every_existing_customer_no_card(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = open_db(path)
    migrations.apply(db, stop_before="m017_customer_cards")
    db.execute("INSERT INTO customers (name, plate, created_at) VALUES ('Ana', 'AB1', 'x'), ('Ben', '', 'x')")
    db.conn.close()
    db = open_migrated(path)
    assert db.execute("SELECT card FROM customers ORDER BY id").fetchall() == [("",), ("",)]
    assert "m017_customer_cards" in known_migration_names()
    db.conn.close()
