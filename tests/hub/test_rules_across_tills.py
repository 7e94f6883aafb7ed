"""After a sync, the process's "don't" rules hold across lanes and sites, for one customer matched by keys."""

from __future__ import annotations

import json
import subprocess
import sys

from posapp.domain.matching import match_keys, phone_key, plate_key, same_customers
from posapp.domain.offer import Outcome
from posapp.services.customer_data import erase_customer
from posapp.services.customers import log_complaint, resolve_complaints
from tests.hub.conftest import Chain


def test_the_matching_rule_normalises_plates_and_phones() -> None:
    assert plate_key(" ab-12 cd ") == plate_key("AB12CD") == "AB12CD"
    assert phone_key("+1 (555) 010-2030") == phone_key("0015550102030") == "15550102030"
    assert phone_key("555-0102") != phone_key("+1 555 010 2030")  # no guessing of country codes
    assert phone_key("12") == ""  # too short to be anybody's number
    assert match_keys(plate="ab 12") == match_keys(plate="AB-12")
    assert match_keys() == ()


def test_records_sharing_a_plate_or_a_phone_are_one_customer_transitively() -> None:
    records = {
        "north/1": match_keys(plate="AB12", phone="+15550100001"),
        "south/7": match_keys(plate="ab-12"),  # the plate
        "east/3": match_keys(phone="0015550100001", plate="ZZ99"),  # the phone
        "east/4": match_keys(plate="zz 99"),  # joined through east/3's plate
        "west/2": match_keys(plate="QQ11"),  # nobody
    }
    assert same_customers(records) == [{"east/3", "east/4", "north/1", "south/7"}, {"west/2"}]


def test_a_decline_at_lane_1_pauses_offers_at_lane_2_and_at_another_site(chain: Chain) -> None:
    lane1 = chain.till("north", "lane1")
    lane2 = chain.till("north", "lane2")
    south = chain.till("south", "lane1s")
    ana1 = lane1.add_customer("Ana Ruiz", plate="AB-123", phone="+1 555 010 0001")
    ana2 = lane2.add_customer("Ana Ruiz", plate="ab123")
    ana_south = south.add_customer("Ana R.", phone="+15550100001")  # known there by her phone only
    assert "recent" not in lane2.reasons(ana2)
    lane1.answer(ana1, "car_waxing", Outcome.DECLINED)
    # Before any sync each till knows only what it saw: the pause has not travelled yet.
    assert "recent" not in lane2.reasons(ana2)
    lane1.sync()
    lane2.sync()
    south.sync()
    assert "recent" in lane2.reasons(ana2)
    assert "recent" in south.reasons(ana_south)
    assert "declined_recently" in south.reasons(ana_south)
    # A stranger at the same lane is not paused.
    ben = lane2.add_customer("Ben", plate="ZZ999")
    assert "recent" not in lane2.reasons(ben)


def test_the_pause_is_read_through_the_command_line_too(chain: Chain) -> None:
    lane1 = chain.till("north", "lane1")
    lane2 = chain.till("north", "lane2")
    ana1 = lane1.add_customer("Ana", plate="CLI1")
    ana2 = lane2.add_customer("Ana", plate="CLI1")
    lane1.answer(ana1, "car_waxing", Outcome.ACCEPTED)
    lane1.sync()
    lane2.sync()
    situation = {"moment": "checkout", "cart": ["standard_wash"], "customer": {"id": ana2}}
    decided = subprocess.run(
        [sys.executable, "-m", "posapp", "offers", "decide", "--db", str(lane2.counter.db_path)],
        input=json.dumps(situation),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    decision = json.loads(decided.stdout)
    assert decision["offer"] is None
    assert any("recent" in held["reasons"] for held in decision["held_back"])


def test_a_complaint_at_one_site_holds_offers_at_all_until_resolved(chain: Chain) -> None:
    north = chain.till("north", "lane1")
    south = chain.till("south", "lane1s")
    ana_north = north.add_customer("Ana", plate="CMP1")
    ana_south = south.add_customer("Ana", plate="CMP1")
    log_complaint(
        north.db, customer_id=ana_north, cashier_id=north.cashier_id, note="scratch", now=north.counter.now
    )
    north.sync()
    south.sync()
    assert "complaint" in south.reasons(ana_south)
    chain.clock.advance(days=1)
    resolve_complaints(north.db, customer_id=ana_north, manager_id=north.manager_id, now=north.counter.now)
    north.sync()
    south.sync()
    assert south.facts(ana_south).open_complaint is False
    chain.clock.advance(days=1)
    assert "complaint" not in south.reasons(ana_south)


def test_an_erasure_at_one_site_reaches_every_till(chain: Chain) -> None:
    north = chain.till("north", "lane1")
    south = chain.till("south", "lane1s")
    ana_north = north.add_customer("Ana Ruiz", plate="ERASE1", phone="+15550109999")
    ana_south = south.add_customer("Ana Ruiz", plate="erase 1")
    ben_south = south.add_customer("Ben Low", plate="KEEP1")
    north.sync()
    south.sync()
    erase_customer(
        north.db,
        customer_id=ana_north,
        manager_id=north.manager_id,
        manager_pin="9999",
        now=north.counter.now,
    )
    north.sync()
    result = south.sync()
    assert result.erased == (ana_south,)
    row = south.db.execute(
        "SELECT name, plate, phone, erased_at IS NOT NULL FROM customers WHERE id = ?", (ana_south,)
    )
    assert row.fetchone() == ("Erased customer", "", "", 1)
    assert south.db.execute("SELECT name FROM customers WHERE id = ?", (ben_south,)).fetchone() == (
        "Ben Low",
    )
    assert south.sync().erased == ()  # applied once
    audit = south.db.execute(
        "SELECT action FROM audit_log WHERE action = 'customer_erased_by_chain'"
    ).fetchall()
    assert len(audit) == 1


def test_a_merge_through_a_third_record_carries_the_pause(chain: Chain) -> None:
    """Site A knows the plate, site B the plate and the phone, site C the phone only: one customer."""
    a = chain.till("asite", "a1")
    b = chain.till("bsite", "b1")
    c = chain.till("csite", "c1")
    at_a = a.add_customer("Ana", plate="MRG-1")
    b.add_customer("Ana Ruiz", plate="mrg 1", phone="+1 555 010 7777")
    at_c = c.add_customer("A. Ruiz", phone="001 555 010 7777")
    stranger = c.add_customer("Zed", phone="+1 555 010 7778")
    a.answer(at_a, "car_waxing", Outcome.DECLINED)
    before = c.db.execute("SELECT name, phone, plate FROM customers WHERE id = ?", (at_c,)).fetchone()
    for till in (a, b, c):
        till.sync()
    assert "recent" in c.reasons(at_c)
    assert "recent" not in c.reasons(stranger)
    # The tills' own records are untouched by the merge: each keeps its name and keys.
    assert c.db.execute("SELECT name, phone, plate FROM customers WHERE id = ?", (at_c,)).fetchone() == before
