"""The start-up check reads what a sale needs; the full check finds damage deep in the history."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from posapp.counter import Counter, DamagedDatabaseError, open_counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.backup_rotation import automatic_backup, backup_folder_for, closing_backup
from posapp.services.checkout import complete_sale
from posapp.services.db_check import (
    damage_found_earlier,
    full_check,
    full_check_due,
    last_full_check,
    record_clean_close,
    record_damage,
    start_check,
)
from posapp.settings import default_settings_path
from tests.conftest import Staff


def sell(counter: Counter, cashier_id: int, sales: int) -> None:
    wash = counter.catalog.get("standard_wash")
    for _ in range(sales):
        draft = TicketDraft(cashier_id=cashier_id, opened_at=counter.now()).choose_wash(wash)
        complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)


def wreck_page(db_path: Path, table: str, *, first_leaf: bool) -> None:
    """Overwrite one page of `table` with garbage: its first leaf (old history) or its root."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if first_leaf:
            query = "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path LIMIT 1"
        else:
            query = "SELECT rootpage FROM sqlite_master WHERE name = ?"
        page = int(conn.execute(query, (table,)).fetchone()[0])
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()
    with db_path.open("r+b") as data:
        data.seek((page - 1) * size)
        data.write(b"\xa5" * size)


@pytest.fixture
def old_history(counter: Counter, staff: Staff) -> Path:
    """400 sales (tickets over many pages), then the checkout's connection closed (checkpointed)."""
    sell(counter, staff.cashier_id, 400)
    counter.db.conn.close()
    assert counter.till is not None
    counter.till.release()
    return counter.db_path


def reopen(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(db_path)


def test_damage_deep_in_the_history_passes_the_start_check_and_fails_the_full_one(old_history: Path) -> None:
    wreck_page(old_history, "tickets", first_leaf=True)
    from posapp.storage.db import open_db

    db = open_db(old_history, read_only=True)
    try:
        assert start_check(db) == "ok"  # the start does not read years of old tickets
    finally:
        db.conn.close()
    assert full_check(old_history) != "ok"  # the background check does


def test_the_start_check_finds_damage_where_a_sale_is_written(old_history: Path) -> None:
    wreck_page(old_history, "tickets", first_leaf=False)  # the root: every new sale passes through it
    from posapp.storage.db import open_db

    db = open_db(old_history, read_only=True)
    try:
        assert start_check(db) != "ok"
    finally:
        db.conn.close()


def test_the_start_check_reads_the_small_tables_in_full(old_history: Path) -> None:
    wreck_page(old_history, "services", first_leaf=False)  # the catalog: a sale cannot be rung up without it
    from posapp.storage.db import open_db

    db = open_db(old_history, read_only=True)
    try:
        assert start_check(db) != "ok"
    finally:
        db.conn.close()


def test_a_full_check_is_due_after_an_unclean_close_or_a_day(tmp_path: Path) -> None:
    db_path = tmp_path / "counter.db"
    now = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert last_full_check(db_path) is None  # never closed cleanly: check
    assert full_check_due(None, now)
    record_clean_close(db_path, now - timedelta(hours=3))
    last = last_full_check(db_path)
    assert last == now - timedelta(hours=3)
    assert not full_check_due(last, now)  # closed cleanly, checked 3 hours ago: no need
    assert last_full_check(db_path) is None  # reading the marker took it: a crash now means "unclean"
    assert full_check_due(now - timedelta(days=1, minutes=1), now)  # the nightly check
    assert full_check_due(now + timedelta(hours=1), now)  # a clock set back does not skip it


def test_damage_found_in_the_background_is_checked_first_at_the_next_start(
    old_history: Path, tmp_path: Path
) -> None:
    settings_path = default_settings_path()
    counter = open_counter(old_history, settings_path=settings_path)
    folder = backup_folder_for(old_history, counter.settings.backup_folder)
    good = automatic_backup(counter.db, folder, keep=5, at=datetime.now(UTC), zone=counter.settings.time_zone)
    counter.db.conn.close()
    wreck_page(old_history, "tickets", first_leaf=True)
    open_counter(old_history, settings_path=settings_path).db.conn.close()  # the start alone sees nothing
    verdict = full_check(old_history)
    record_damage(old_history, verdict)  # what the window's background check does on damage
    with pytest.raises(DamagedDatabaseError) as refused:
        open_counter(old_history, settings_path=settings_path)
    assert refused.value.backup == good
    assert "failed its check" in refused.value.message
    assert damage_found_earlier(old_history)


def test_a_finding_that_no_longer_holds_is_forgotten(old_history: Path) -> None:
    record_damage(old_history, "a finding from before the file was restored")
    counter = open_counter(old_history, settings_path=default_settings_path())
    counter.db.conn.close()
    assert not damage_found_earlier(old_history)


def test_the_closing_backup_reads_on_its_own_connection_with_the_checkout_closed(old_history: Path) -> None:
    counter = open_counter(old_history, settings_path=default_settings_path())
    counter.db.conn.close()
    made = closing_backup(old_history, counter.settings, datetime.now(UTC))
    assert made is not None
    copy = reopen(made)
    try:
        assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM tickets").fetchone()[0] == 400
    finally:
        copy.close()
