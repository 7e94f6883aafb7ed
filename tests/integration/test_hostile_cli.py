"""Hostile values on the command line and on stdin: one sentence on stderr and exit 2, never a traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from posapp.counter import open_counter
from posapp.services.auth import add_cashier
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role

TOO_BIG = str(2**63)


def posapp(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("posapp: ") and lines[0].endswith("."), lines
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An empty counter database with the default catalog."""
    path = tmp_path / "counter.db"
    open_counter(path, settings_path=default_settings_path()).db.conn.close()
    return path


@pytest.mark.parametrize("number", [TOO_BIG, "0", "-1", "9" * 5000])
def test_a_ticket_number_sqlite_cannot_hold_is_refused(db: Path, tmp_path: Path, number: str) -> None:
    result = posapp("receipt", "--db", str(db), "--ticket", number, "--output", str(tmp_path / "r.pdf"))
    assert "--ticket must be a whole number from 1 to 9223372036854775807" in one_sentence(result)


@pytest.mark.parametrize("action", ["export", "erase"])
def test_a_customer_id_sqlite_cannot_hold_is_refused(db: Path, tmp_path: Path, action: str) -> None:
    extra = ["--output", str(tmp_path / "c.json")] if action == "export" else ["--manager", "Morgan"]
    result = posapp("customer", action, "--db", str(db), "--customer", TOO_BIG, *extra)
    assert "--customer must be a whole number from 1 to 9223372036854775807" in one_sentence(result)


def test_the_largest_id_is_simply_not_found(db: Path, tmp_path: Path) -> None:
    result = posapp(
        "receipt", "--db", str(db), "--ticket", str(2**63 - 1), "--output", str(tmp_path / "r.pdf")
    )
    one_sentence(result)


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-07"])
def test_a_report_day_without_a_week_before_is_refused(db: Path, tmp_path: Path, day: str) -> None:
    result = posapp(
        "report", "--db", str(db), "--date", day, "--format", "csv", "--output", str(tmp_path / "r.csv")
    )
    assert "--date" in one_sentence(result) and "0001-01-08" in result.stderr
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("kind", ["pdf", "csv", "json"])
def test_the_report_covers_the_first_and_last_days_it_can(db: Path, tmp_path: Path, kind: str) -> None:
    output = tmp_path / f"r.{kind}"
    result = posapp(
        "report",
        "--db",
        str(db),
        "--date",
        "0001-01-08",
        "--to",
        "9999-12-31",
        "--format",
        kind,
        "--output",
        str(output),
    )
    assert result.returncode == 0, result.stderr
    assert output.stat().st_size > 0


@pytest.mark.parametrize(
    ("situation", "words"),
    [
        ("[" * 100_000, "nested too deeply"),
        ('{"moment": "checkout", "wash_changes": ' + "9" * 5000 + "}", "number too long"),
        (
            '{"moment": "checkout", "customer": {"id": ' + TOO_BIG + "}}",
            "customer.id: expected a whole number",
        ),
        ('{"moment": "checkout", "now": "0001-01-01T00:00:00+05:00"}', "now: "),
        ('{"moment": "checkout", "now": "9999-12-31T23:59:59-05:00"}', "now: "),
    ],
)
def test_offers_decide_refuses_hostile_json_in_one_sentence(db: Path, situation: str, words: str) -> None:
    result = posapp("offers", "decide", "--db", str(db), stdin=situation)
    assert words in one_sentence(result)


def staff_and_customers(path: Path) -> tuple[list[str], int]:
    with sqlite3.connect(path) as conn:
        names = sorted(row[0] for row in conn.execute("SELECT name FROM cashiers"))
        return names, conn.execute("SELECT count(*) FROM customers").fetchone()[0]


def test_demo_data_never_goes_into_a_shops_database(db: Path) -> None:
    counter = open_counter(db, settings_path=default_settings_path())
    add_cashier(counter.db, name="Priya", role=Role.MANAGER, pin="4821", now=counter.now())
    counter.db.conn.close()
    shop = db.read_bytes()
    result = posapp("demo-data", "--db", str(db), "--days", "1")
    assert one_sentence(result) == (
        f"posapp: The database {db} is in use (1 staff, 0 customers); demo data goes only into a new file."
    )
    assert staff_and_customers(db) == (["Priya"], 0)
    assert db.read_bytes() == shop  # refused before anything was written to the shop's file


def test_demo_data_never_goes_into_a_database_with_customers(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO customers (name, created_at) VALUES ('Ana', '2026-01-01T00:00:00+00:00')")
    result = posapp("demo-data", "--db", str(db), "--days", "1")
    assert "is in use (0 staff, 1 customers)" in one_sentence(result)
    assert staff_and_customers(db) == ([], 1)


def test_demo_data_twice_says_the_file_already_holds_it(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert posapp("demo-data", "--db", str(db), "--days", "1").returncode == 0
    before = staff_and_customers(db)
    result = posapp("demo-data", "--db", str(db), "--days", "1")
    assert (
        one_sentence(result)
        == f"posapp: The database {db} already holds demo data; demo data goes into a new file."
    )
    assert staff_and_customers(db) == before


def test_restore_into_a_folder_that_does_not_exist_is_one_sentence(db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.db"
    assert posapp("backup", "--db", str(db), "--output", str(backup)).returncode == 0
    result = posapp("restore", "--db", "/nonexistent/x.db", "--from", str(backup))
    assert "/nonexistent" in one_sentence(result)
    assert not Path("/nonexistent").exists()
