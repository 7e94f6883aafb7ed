"""Tampering that `check`, `restore` and start-up catch, through the real command line (issue 13).

A backup with an extra trigger (one that zeroes every total), with an audit trigger dropped or
an index missing is refused everywhere; an audit entry edited or removed is named by `check`;
the day report carries the audit chain's head on paper and in JSON.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from posapp.counter import DamagedDatabaseError, open_counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.auth import add_cashier
from posapp.services.backup import backup_to
from posapp.services.checkout import complete_sale
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role
from posapp.storage.db import open_db
from posapp.storage.migrations import known_migration_names, migrations

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)

ZERO_TOTALS = (
    "CREATE TRIGGER zero_totals AFTER INSERT ON tickets BEGIN "
    "UPDATE tickets SET subtotal_cents = 0, tax_cents = 0, total_cents = 0 WHERE id = NEW.id; END"
)

#: Each tampering, and the difference `check` names for it.
TAMPERING: dict[str, tuple[Callable[[sqlite3.Connection], object], str]] = {
    "extra trigger": (lambda conn: conn.execute(ZERO_TOTALS), "extra trigger zero_totals"),
    "dropped audit triggers": (
        lambda conn: conn.executescript(
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
        ),
        "missing trigger audit_log_no_delete (and 1 more difference)",
    ),
    "missing index": (lambda conn: conn.execute("DROP INDEX tickets_day"), "missing index tickets_day"),
}


def posapp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args], capture_output=True, text=True, timeout=120, check=False
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def last_lines(result: subprocess.CompletedProcess[str]) -> tuple[str, str]:
    lines = result.stdout.strip().splitlines()
    return lines[-2], lines[-1]


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A shop's database: two people (two audit entries), two sales, a price change (a third)."""
    counter = open_counter(tmp_path / "live.db", settings_path=default_settings_path(), now=lambda: NOW)
    add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=NOW)
    cashier = add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=NOW)
    from posapp.storage.audit import record_audit

    record_audit(counter.db, at=NOW, cashier_id=1, action="price_changed", subject="car_waxing")
    for _ in range(2):
        draft = TicketDraft(cashier_id=cashier, opened_at=NOW).choose_wash(
            counter.catalog.get("standard_wash")
        )
        complete_sale(counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now)
    counter.db.conn.close()
    return tmp_path / "live.db"


@pytest.fixture
def backup(live: Path, tmp_path: Path) -> Path:
    db = open_db(live, read_only=True)
    try:
        return backup_to(db, tmp_path / "counter-2026-11-27-100000.db")
    finally:
        db.conn.close()


def tamper(path: Path, how: Callable[[sqlite3.Connection], object]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        how(conn)
    finally:
        conn.close()


def test_the_untouched_database_and_backup_are_healthy(live: Path, backup: Path) -> None:
    for path in (live, backup):
        result = posapp("check", "--db", str(path))
        assert result.returncode == 0, result.stdout
        assert "schema: ok" in result.stdout
        assert "audit chain: 3 entries, head " in result.stdout
        assert "sales chain: 2 sales, head " in result.stdout
        assert result.stdout.strip().endswith("healthy")


@pytest.mark.parametrize("kind", TAMPERING)
def test_a_tampered_backup_fails_check_restore_and_start_up(live: Path, backup: Path, kind: str) -> None:
    how, difference = TAMPERING[kind]
    tamper(backup, how)

    checked = posapp("check", "--db", str(backup))
    assert checked.returncode == 1, checked.stdout
    assert last_lines(checked) == (f"first problem: {difference}", "UNHEALTHY")

    before = digest(live)
    restored = posapp("restore", "--db", str(live), "--from", str(backup))
    assert restored.returncode == 2 and "Traceback" not in restored.stderr
    assert restored.stderr.strip() == "posapp: " + (
        f"The backup {backup} does not have the counter's schema ({difference}); nothing was replaced."
    )
    assert digest(live) == before
    assert not list(live.parent.glob("live.db.replaced-*"))

    # The same tampering on the till's own database: start-up refuses it before writing a byte.
    tamper(live, how)
    tampered = digest(live)
    with pytest.raises(DamagedDatabaseError, match=re.escape(f"failed its check (schema: {difference})")):
        open_counter(live, settings_path=default_settings_path())
    assert digest(live) == tampered


def test_the_zeroing_trigger_would_really_have_zeroed_the_next_sale(backup: Path) -> None:
    # The attack is real, not a name in a list: on the tampered file a sale is stored at $0.
    tamper(backup, lambda conn: conn.execute(ZERO_TOTALS))
    conn = sqlite3.connect(backup)
    conn.execute(
        "INSERT INTO tickets (number, draft_id, terminal, cashier_id, opened_at, completed_at, local_day,"
        " local_hour, payment, subtotal_cents, tax_cents, total_cents)"
        " VALUES (99, 'x', 'counter-1', 2, 'a', 'b', '2026-11-27', 10, 'card', 1500, 0, 1500)"
    )
    assert conn.execute("SELECT total_cents FROM tickets WHERE number = 99").fetchone()[0] == 0
    conn.close()


def test_an_audit_entry_edited_with_the_triggers_dropped_is_named(live: Path) -> None:
    conn = sqlite3.connect(live, isolation_level=None)
    at = conn.execute("SELECT at FROM audit_log WHERE id = 2").fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET subject = 'Mallory' WHERE id = 2")
    # Put the trigger back as the migration wrote it: the schema is the counter's again, only the chain tells.
    conn.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    conn.close()
    checked = posapp("check", "--db", str(live))
    assert checked.returncode == 1
    assert "schema: ok" in checked.stdout
    assert last_lines(checked) == (
        f"first problem: audit chain broken at entry 2 ({at}): its hash does not match its content"
        " and the entry before it (changed, or written outside the counter)",
        "UNHEALTHY",
    )


def test_a_middle_audit_entry_deleted_is_named_and_the_backup_is_not_restored(
    live: Path, backup: Path, tmp_path: Path
) -> None:
    conn = sqlite3.connect(backup, isolation_level=None)
    at = conn.execute("SELECT at FROM audit_log WHERE id = 3").fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 2")
    conn.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    conn.close()
    checked = posapp("check", "--db", str(backup))
    assert checked.returncode == 1
    assert last_lines(checked) == (
        f"first problem: audit chain broken at entry 3 ({at}): entry 2 before it removed",
        "UNHEALTHY",
    )
    before = digest(live)
    restored = posapp("restore", "--db", str(live), "--from", str(backup))
    assert restored.returncode == 2
    assert restored.stderr.strip() == "posapp: " + (
        f"The backup {backup} has an audit log broken at entry 3 ({at}): entry 2 before it removed;"
        " nothing was replaced."
    )
    assert digest(live) == before


def test_a_sale_zeroed_afterwards_is_named_by_check(live: Path) -> None:
    conn = sqlite3.connect(live, isolation_level=None)
    at = conn.execute("SELECT completed_at FROM tickets WHERE number = 2").fetchone()[0]
    conn.execute("UPDATE tickets SET subtotal_cents = 0, tax_cents = 0, total_cents = 0 WHERE number = 2")
    conn.close()
    checked = posapp("check", "--db", str(live))
    assert checked.returncode == 1
    assert last_lines(checked) == (
        f"first problem: sales chain broken at sale #2 ({at}):"
        " it, or the sale before it, was changed after it was sold",
        "UNHEALTHY",
    )


def test_a_backup_with_a_sale_zeroed_is_not_restored(live: Path, backup: Path) -> None:
    conn = sqlite3.connect(backup, isolation_level=None)
    at = conn.execute("SELECT completed_at FROM tickets WHERE number = 1").fetchone()[0]
    conn.execute("UPDATE tickets SET subtotal_cents = 0, tax_cents = 0, total_cents = 0 WHERE number = 1")
    conn.close()
    before = digest(live)
    restored = posapp("restore", "--db", str(live), "--from", str(backup))
    assert restored.returncode == 2
    assert restored.stderr.strip() == "posapp: " + (
        f"The backup {backup} has a sales chain broken at sale #1 ({at}):"
        " it, or the sale before it, was changed after it was sold; nothing was replaced."
    )
    assert digest(live) == before


@pytest.mark.parametrize("stop_before", known_migration_names()[1:])
def test_a_database_migrated_from_an_earlier_level_is_healthy(tmp_path: Path, stop_before: str) -> None:
    old = open_db(tmp_path / "old.db")
    migrations.apply(old, stop_before=stop_before)
    old.conn.close()
    counter = open_counter(tmp_path / "old.db", settings_path=default_settings_path())  # migrates it
    add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=NOW)
    counter.db.conn.close()
    checked = posapp("check", "--db", str(tmp_path / "old.db"))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.strip().endswith("healthy")


def test_the_day_report_prints_the_chain_heads_on_paper_and_in_json(live: Path, tmp_path: Path) -> None:
    checked = posapp("check", "--db", str(live))
    short = checked.stdout.split("audit chain: 3 entries, head ")[1].split()[0]
    sales = checked.stdout.split("sales chain: 2 sales, head ")[1].split()[0]
    assert len(short) == len(sales) == 16
    pdf, data = tmp_path / "day.pdf", tmp_path / "day.json"
    for fmt, output in (("pdf", pdf), ("json", data)):
        made = posapp(
            "report", "--db", str(live), "--date", "2026-11-27", "--format", fmt, "--output", str(output)
        )
        assert made.returncode == 0, made.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Audit log: 3 entries, chain head {short} · Sales chain: 2 sales, head {sales}" in text
    report = json.loads(data.read_text())
    head = report["audit_chain_head"]
    assert head["entries"] == 3 and head["hash"].startswith(short) and len(head["hash"]) == 64
    head = report["sales_chain_head"]
    assert head["entries"] == 2 and head["hash"].startswith(sales) and len(head["hash"]) == 64


@pytest.mark.parametrize("stop_before", ["m011_shifts", "m016_shifts_by_till"])
def test_a_database_not_yet_migrated_is_checked_whole_and_says_what_is_missing(
    tmp_path: Path, stop_before: str
) -> None:
    old = open_db(tmp_path / "old.db")
    migrations.apply(old, stop_before=stop_before)
    old.conn.close()
    checked = posapp("check", "--db", str(tmp_path / "old.db"))
    missing = len(known_migration_names()) - known_migration_names().index(stop_before)
    assert checked.returncode == 1 and checked.stderr == ""
    last_two = checked.stdout.splitlines()[-2:]
    assert last_two == [f"first problem: {missing} migrations not applied", "UNHEALTHY"]
    assert "integrity: ok" in checked.stdout and "held by no till" not in checked.stdout
