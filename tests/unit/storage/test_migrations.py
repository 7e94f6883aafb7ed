"""Migrations build the same schema from a blank file and from every earlier schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from posapp.storage.db import Database, open_db
from posapp.storage.migrations import (
    apply_migrations,
    known_migration_names,
    migrations,
    open_migrated,
    schema_version,
)

NAMES = known_migration_names()


def schema(db: Database) -> list[tuple[str, str]]:
    return db.execute(
        "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL ORDER BY name"
    ).fetchall()


def test_a_blank_file_gets_every_migration(tmp_path: Path) -> None:
    db = open_migrated(tmp_path / "blank.db")
    assert schema_version(db) == (len(NAMES), len(NAMES))
    assert {
        "services",
        "customers",
        "memberships",
        "cashiers",
        "tickets",
        "ticket_lines",
        "offer_events",
        "complaints",
        "print_jobs",
        "audit_log",
        "drafts",
    } <= set(db.table_names())
    strict = db.execute("SELECT name FROM pragma_table_list WHERE strict = 1").fetchall()
    assert {"tickets", "ticket_lines", "offer_events"} <= {row[0] for row in strict}


@pytest.mark.parametrize("stop_before", NAMES[1:])
def test_every_earlier_schema_upgrades_to_the_same_schema(tmp_path: Path, stop_before: str) -> None:
    old = open_db(tmp_path / "old.db")
    migrations.apply(old, stop_before=stop_before)
    assert schema_version(old)[0] == NAMES.index(stop_before)
    apply_migrations(old)
    fresh = open_migrated(tmp_path / "fresh.db")
    assert schema(old) == schema(fresh)
    assert schema_version(old) == (len(NAMES), len(NAMES))


def test_opening_twice_applies_nothing_again(tmp_path: Path) -> None:
    open_migrated(tmp_path / "c.db").conn.close()
    db = open_migrated(tmp_path / "c.db")
    rows = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert rows == len(NAMES)


def test_the_pragmas_a_till_needs_are_set(tmp_path: Path) -> None:
    db = open_db(tmp_path / "p.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_the_database_file_is_private_to_its_owner(tmp_path: Path) -> None:
    open_db(tmp_path / "private.db")
    assert (tmp_path / "private.db").stat().st_mode & 0o077 == 0


def test_money_columns_refuse_negative_cents(tmp_path: Path) -> None:
    db = open_migrated(tmp_path / "m.db")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute("INSERT INTO services (code, name, kind, price_cents) VALUES ('x', 'X', 'wash', -1)")
    with pytest.raises(sqlite3.IntegrityError, match="cannot store"):
        db.execute("INSERT INTO services (code, name, kind, price_cents) VALUES ('y', 'Y', 'wash', 12.5)")


def test_the_audit_log_is_append_only(tmp_path: Path) -> None:
    db = open_migrated(tmp_path / "a.db")
    db.execute("INSERT INTO audit_log (at, action) VALUES ('2026-11-27T10:00:00+00:00', 'price_changed')")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_log SET action = 'nothing'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log")


def test_m010_keeps_every_offer_event_and_its_links_and_backfills_running_trials(tmp_path: Path) -> None:
    old = open_db(tmp_path / "old.db")
    migrations.apply(old, stop_before="m010_memberships")
    old.execute(
        "INSERT INTO services (code, name, kind, price_cents) VALUES"
        " ('standard_club', 'Standard Club', 'membership', 3000),"
        " ('premium_club', 'Premium Club', 'membership', 4000)"
    )
    old.execute("INSERT INTO customers (id, name, created_at) VALUES (1, 'Ben', '2026-01-01T00:00:00+00:00')")
    old.execute(
        "INSERT INTO cashiers (id, name, role, pin_hash, created_at) VALUES (1, 'Sam', 'cashier', 'x', 'now')"
    )
    old.execute(
        "INSERT INTO memberships (customer_id, plan, started_on, renews_on, trial_plan, trial_until)"
        " VALUES (1, 'standard_club', '2026-03-01', '2026-12-01', 'premium_club', '2026-12-20')"
    )
    old.execute(
        "INSERT INTO tickets (id, number, draft_id, terminal, cashier_id, customer_id, opened_at,"
        " completed_at, local_day, local_hour, payment, subtotal_cents, tax_cents, total_cents)"
        " VALUES (1, 1, 'd1', 't', 1, 1, 'a', 'b', '2026-11-20', 10, 'membership', 0, 0, 0)"
    )
    old.execute(
        "INSERT INTO offer_events (id, ticket_id, customer_id, cashier_id, moment, kind, service, outcome,"
        " at, local_day) VALUES (7, 1, 1, 1, 'renewal', 'trial_upgrade', 'premium_club', 'accepted',"
        " '2026-11-20T15:00:00+00:00', '2026-11-20')"
    )
    old.execute(
        "INSERT INTO ticket_lines (ticket_id, position, code, name, unit_price_cents, offer_kind,"
        " offer_event_id) VALUES (1, 0, 'standard_wash', 'Standard Wash', 0, 'trial_upgrade', 7)"
    )
    old.conn.commit()
    apply_migrations(old)
    assert old.execute("SELECT id, moment, service FROM offer_events").fetchall() == [
        (7, "renewal", "premium_club")
    ]
    assert old.execute("SELECT offer_event_id FROM ticket_lines").fetchall() == [(7,)]
    assert old.execute("PRAGMA foreign_key_check").fetchall() == []
    assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    trials = old.execute(
        "SELECT customer_id, from_plan, plan, started_on, until, outcome FROM trials"
    ).fetchall()
    assert trials == [(1, "standard_club", "premium_club", "2026-11-20", "2026-12-20", None)]
    # A customer's question is now a moment of its own; a made-up one is still refused.
    insert = (
        "INSERT INTO offer_events (cashier_id, moment, kind, service, outcome, at, local_day)"
        " VALUES (1, ?, 'upsell', 'premium_club', 'declined', 'x', '2026-11-27')"
    )
    old.execute(insert, ("question",))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        old.execute(insert, ("gossip",))
