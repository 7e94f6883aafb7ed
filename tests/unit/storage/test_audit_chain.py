"""The audit log as a hash chain: no entry rewritten by REPLACE, and any edit or removal named (issue 13)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from posapp.storage.audit import (
    GENESIS,
    ChainBreak,
    ChainHead,
    audit_chain_head,
    record_audit,
    verify_audit_chain,
)
from posapp.storage.db import Database, open_db
from posapp.storage.migrations import apply_migrations, migrations, open_migrated

START = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def write_entries(db: Database, count: int) -> None:
    for number in range(1, count + 1):
        record_audit(
            db,
            at=START + timedelta(minutes=number),
            cashier_id=None,
            action="price_changed",
            subject=f"service {number}",
            before={"price_cents": 1000},
            after={"price_cents": 1000 + number},
        )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    db = open_migrated(tmp_path / "counter.db")
    write_entries(db, 5)
    db.conn.close()
    return tmp_path / "counter.db"


def raw(path: Path) -> sqlite3.Connection:
    """A plain connection, as a person with a SQL tool has: the append-only triggers dropped first."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def verdict(path: Path) -> ChainHead | ChainBreak | None:
    db = open_db(path, read_only=True)
    try:
        return verify_audit_chain(db)
    finally:
        db.conn.close()


def test_an_untouched_log_verifies_and_its_head_is_the_newest_hash(path: Path) -> None:
    head = verdict(path)
    assert isinstance(head, ChainHead) and head.entries == 5 and len(head.hash) == 64
    db = open_db(path, read_only=True)
    assert audit_chain_head(db) == head
    assert head.short == head.hash[:16]


def test_an_empty_log_has_the_genesis_head(tmp_path: Path) -> None:
    db = open_migrated(tmp_path / "empty.db")
    assert verify_audit_chain(db) == ChainHead(0, GENESIS)


@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
@pytest.mark.parametrize("recursive_triggers", ["OFF", "ON"])
def test_insert_or_replace_is_refused_and_the_entry_is_unchanged(
    path: Path, verb: str, recursive_triggers: str
) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA recursive_triggers = {recursive_triggers}")
    before = conn.execute("SELECT * FROM audit_log WHERE id = 3").fetchone()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(
            f"{verb} INTO audit_log (id, at, action, subject) VALUES (3, '2026-01-01', 'nothing', 'x')"
        )
    assert conn.execute("SELECT * FROM audit_log WHERE id = 3").fetchone() == before
    conn.close()
    assert isinstance(verdict(path), ChainHead)


def test_an_entry_edited_through_a_raw_connection_is_named(path: Path) -> None:
    conn = raw(path)
    conn.execute("UPDATE audit_log SET after = '{\"price_cents\": 1}' WHERE id = 3")
    at = conn.execute("SELECT at FROM audit_log WHERE id = 3").fetchone()[0]
    conn.close()
    broken = verdict(path)
    assert isinstance(broken, ChainBreak) and (broken.id, broken.at) == (3, at)
    assert str(broken).startswith(f"broken at entry 3 ({at}): its hash does not match its content")


def test_an_edit_whose_hash_was_recomputed_breaks_the_next_entry(path: Path) -> None:
    from posapp.storage.audit import entry_hash

    conn = raw(path)
    row = conn.execute(
        "SELECT id, at, cashier_id, action, subject, before, after FROM audit_log WHERE id = 3"
    )
    entry = list(row.fetchone())
    entry[6] = '{"price_cents": 1}'
    previous = conn.execute("SELECT chain_hash FROM audit_log WHERE id = 2").fetchone()[0]
    conn.execute(
        "UPDATE audit_log SET after = ?, chain_hash = ? WHERE id = 3",
        (entry[6], entry_hash(previous, tuple(entry))),
    )
    conn.close()
    broken = verdict(path)
    assert isinstance(broken, ChainBreak) and broken.id == 4


def test_a_middle_entry_deleted_is_named(path: Path) -> None:
    conn = raw(path)
    conn.execute("DELETE FROM audit_log WHERE id = 3")
    conn.close()
    broken = verdict(path)
    assert isinstance(broken, ChainBreak) and broken.id == 4
    assert broken.why == "entry 3 before it removed"


def test_an_entry_slipped_in_is_named(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO audit_log (id, at, action) VALUES (6, '2026-11-27T16:00:00+00:00', 'void')")
    conn.close()
    broken = verdict(path)
    assert isinstance(broken, ChainBreak) and broken.id == 6


def test_the_migration_chains_the_entries_written_before_it(tmp_path: Path) -> None:
    old = open_db(tmp_path / "old.db")
    migrations.apply(old, stop_before="m006_audit_chain")
    for number in range(3):
        old.execute(
            "INSERT INTO audit_log (at, action, subject) VALUES (?, 'price_changed', ?)",
            (f"2026-11-2{number}T10:00:00+00:00", f"service {number}"),
        )
    assert verify_audit_chain(old) is None  # no chain yet: nothing to check, nothing broken
    apply_migrations(old)
    head = verify_audit_chain(old)
    assert isinstance(head, ChainHead) and head.entries == 3
    write_entries(old, 2)
    head = verify_audit_chain(old)
    assert isinstance(head, ChainHead) and head.entries == 5


def test_an_entry_written_outside_a_transaction_still_chains(tmp_path: Path) -> None:
    db = open_migrated(tmp_path / "c.db")
    write_entries(db, 2)  # record_audit takes its own write transaction when none is open
    assert not db.conn.in_transaction
    assert verify_audit_chain(db) == audit_chain_head(db)
