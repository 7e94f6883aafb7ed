"""`posapp offers decide` as a shop's script runs it: a real process, a real database file."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from posapp.storage.catalog import read_catalog_file, seed_catalog
from posapp.storage.db import write_transaction
from posapp.storage.migrations import open_migrated

CREATED = "2026-01-01T00:00:00.000000+00:00"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A counter database with the default catalog and Ana (id 1): money is tight for her."""
    path = tmp_path / "counter.db"
    db = open_migrated(path)
    seed_catalog(db, read_catalog_file())
    with write_transaction(db):
        db.execute(
            "INSERT INTO cashiers (id, name, role, pin_hash, created_at)"
            " VALUES (1, 'Sam', 'cashier', 'x', ?)",
            [CREATED],
        )
        db.execute(
            "INSERT INTO customers (id, name, budget_sensitive, created_at) VALUES (1, 'Ana López', 1, ?)",
            [CREATED],
        )
        db.execute(
            "INSERT INTO offer_events (customer_id, cashier_id, moment, kind, service, outcome, at,"
            " local_day) VALUES (1, 1, 'checkout', 'cross_sell', 'car_waxing', 'declined',"
            " '2026-11-20T15:00:00.000000+00:00', '2026-11-20')"
        )
    db.close()
    return path


def posapp(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def decide(db_path: Path, situation: dict[str, Any]) -> dict[str, Any]:
    result = posapp("offers", "decide", "--db", str(db_path), stdin=json.dumps(situation))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_a_walk_in_is_offered_car_waxing(db_path: Path) -> None:
    document = decide(
        db_path, {"moment": "checkout", "now": "2026-11-27T10:00:00", "cart": ["standard_wash"]}
    )
    offer = document["offer"]
    assert {k: offer[k] for k in ("kind", "service", "name", "price_delta_cents")} == {
        "kind": "cross_sell",
        "service": "car_waxing",
        "name": "Car Waxing",
        "price_delta_cents": 800,
    }
    assert offer["script"].startswith("Hi there, I noticed you've chosen our Standard Wash")
    assert "$8.00 more" in offer["script"]
    assert {(h["service"], tuple(h["reasons"])) for h in document["held_back"]} == {
        ("tire_shine", ("not_chosen",)),
        ("underbody_rinse", ("not_chosen",)),
        ("premium_package", ("not_chosen",)),
    }


def test_the_stored_customer_is_held_back_and_a_what_if_overrides_it(db_path: Path) -> None:
    stored = decide(
        db_path,
        {
            "moment": "checkout",
            "now": "2026-11-27T10:00:00",
            "cart": ["standard_wash"],
            "customer": {"id": 1},
        },
    )
    assert stored["offer"] is None
    waxing = next(h for h in stored["held_back"] if h["service"] == "car_waxing")
    assert waxing["reasons"] == ["budget", "declined_recently"]
    assert waxing["explanation"] == (
        "The customer has told us money is tight. The customer declined Car Waxing on 2026-11-20."
    )
    what_if = decide(
        db_path,
        {
            "moment": "checkout",
            "now": "2026-11-27T10:00:00",
            "cart": ["standard_wash"],
            "customer": {"id": 1, "budget_sensitive": False},
        },
    )
    assert what_if["offer"]["service"] == "tire_shine"
    assert what_if["offer"]["script"].startswith("Hi Ana, ")


def test_deciding_never_changes_the_database_file(db_path: Path) -> None:
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    decide(db_path, {"moment": "checkout", "cart": ["express_wash"], "customer": {"id": 1}})
    decide(db_path, {"moment": "renewal", "customer": {"id": 1}})
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"moment": ', "posapp: The situation is not valid JSON (line 1, column 12"),
        (
            '{"moment": "checkout", "customer": {"member_since": "2026-13-01"}}',
            "posapp: customer.member_since: '2026-13-01' is not a date (YYYY-MM-DD).",
        ),
        ('{"moment": "checkout", "cart": ["foam"]}', "posapp: cart[0]: 'foam' is not a service code"),
        (
            '{"moment": "checkout", "customer": {"id": 209}}',
            "posapp: customer.id: there is no customer 209 in this database;",
        ),
    ],
    ids=["malformed", "bad date", "unknown code", "unknown customer"],
)
def test_bad_input_is_one_sentence_and_exit_2(db_path: Path, stdin: str, message: str) -> None:
    result = posapp("offers", "decide", "--db", str(db_path), stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_missing_database_is_exit_2(tmp_path: Path) -> None:
    result = posapp("offers", "decide", "--db", str(tmp_path / "none.db"), stdin="{}")
    assert result.returncode == 2
    assert result.stderr == f"posapp: There is no database at {tmp_path / 'none.db'}.\n"


@pytest.mark.parametrize("declined_at", ["2026-11-27T08:00:00", "2026-11-24T10:00:00"])
def test_a_decline_two_hours_or_three_days_ago_gives_no_offer_for_a_recent_pitch(
    db_path: Path, declined_at: str
) -> None:
    # A walk-in's what-if: no stored facts, only the declined list with its time.
    document = decide(
        db_path,
        {
            "moment": "checkout",
            "now": "2026-11-27T10:00:00",
            "cart": ["standard_wash"],
            "customer": {"first_name": "Desmond", "declined": [{"service": "car_waxing", "at": declined_at}]},
        },
    )
    assert document["offer"] is None
    held = {h["service"]: h["reasons"] for h in document["held_back"]}
    assert held["car_waxing"] == ["recent", "declined_recently"]
    assert held["tire_shine"] == ["recent"]
    assert held["premium_package"] == ["recent"]


def test_a_complaint_resolved_this_morning_still_holds_offers_back(db_path: Path) -> None:
    document = decide(
        db_path,
        {
            "moment": "checkout",
            "now": "2026-11-27T16:00:00",
            "cart": ["standard_wash"],
            "customer": {"first_name": "Desmond", "complaint_resolved_at": "2026-11-27T09:30:00"},
        },
    )
    assert document["offer"] is None
    assert {tuple(h["reasons"]) for h in document["held_back"] if h["service"]} == {("complaint",)}
