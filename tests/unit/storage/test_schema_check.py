"""The schema check: what the applied migrations build, nothing more, nothing less (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from posapp.storage.db import Database, open_db
from posapp.storage.migrations import apply_migrations, known_migration_names, migrations, open_migrated
from posapp.storage.schema import normalise_sql, schema_difference

NAMES = known_migration_names()

ZERO_TOTALS = (
    "CREATE TRIGGER zero_totals AFTER INSERT ON tickets BEGIN "
    "UPDATE tickets SET subtotal_cents = 0, tax_cents = 0, total_cents = 0 WHERE id = NEW.id; END"
)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_migrated(tmp_path / "counter.db")


def test_a_freshly_migrated_database_has_exactly_the_expected_schema(db: Database) -> None:
    assert schema_difference(db) is None


def test_a_blank_file_has_nothing_to_differ(tmp_path: Path) -> None:
    assert schema_difference(open_db(tmp_path / "blank.db")) is None


@pytest.mark.parametrize("stop_before", NAMES[1:])
def test_every_earlier_level_is_healthy_before_and_after_it_is_migrated(
    tmp_path: Path, stop_before: str
) -> None:
    old = open_db(tmp_path / "old.db")
    migrations.apply(old, stop_before=stop_before)
    assert schema_difference(old) is None  # compared with its own level: it may still migrate
    apply_migrations(old)
    assert schema_difference(old) is None


def test_an_extra_trigger_is_named(db: Database) -> None:
    db.execute(ZERO_TOTALS)
    assert schema_difference(db) == "extra trigger zero_totals"


def test_a_dropped_audit_trigger_is_named(db: Database) -> None:
    db.execute("DROP TRIGGER audit_log_no_delete")
    assert schema_difference(db) == "missing trigger audit_log_no_delete"


def test_a_missing_index_is_named(db: Database) -> None:
    db.execute("DROP INDEX tickets_day")
    assert schema_difference(db) == "missing index tickets_day"


def test_a_trigger_with_the_right_name_and_other_words_is_named(db: Database) -> None:
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN 0 BEGIN SELECT 1; END")
    assert schema_difference(db) == "changed trigger audit_log_no_delete"


def test_an_extra_column_an_extra_view_and_every_difference_is_counted(db: Database) -> None:
    db.execute("ALTER TABLE tickets ADD COLUMN skimmed_cents INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE VIEW takings AS SELECT sum(total_cents) FROM tickets")
    db.execute(ZERO_TOTALS)
    assert schema_difference(db) == "extra trigger zero_totals (and 2 more differences)"
    db.execute("DROP TRIGGER zero_totals")
    assert schema_difference(db) == "extra view takings (and 1 more difference)"
    db.execute("DROP VIEW takings")
    assert schema_difference(db) == "changed table tickets"


def test_a_migration_this_version_does_not_know_is_named(db: Database) -> None:
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('posapp', 'm999_future', 'x')"
    )
    assert schema_difference(db) == "migration m999_future is not one this version of the counter knows"


def test_sqlites_own_statistics_are_not_a_difference(db: Database) -> None:
    db.execute("ANALYZE")
    assert schema_difference(db) is None


def test_layout_comments_and_keyword_case_do_not_count_but_literals_do() -> None:
    assert normalise_sql("CREATE TABLE x(a INT CHECK (a IN ('wash')))") == normalise_sql(
        "create  table X (\n  a int -- the amount\n  check(a in ('wash'))\n)"
    )
    assert normalise_sql("CHECK (kind IN ('wash'))") != normalise_sql("CHECK (kind IN ('WASH'))")
    assert normalise_sql("CHECK (a >= 0)") != normalise_sql("CHECK (a >= 1)")
    assert normalise_sql("SELECT a FROM b") != normalise_sql("SELECT ab FROM b")


def test_the_same_trigger_typed_again_with_another_layout_is_no_difference(db: Database) -> None:
    # Compared as typed first (the same migrations made both), then normalised: layout is no tampering.
    name, sql = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%END' ORDER BY name LIMIT 1"
    ).fetchone()
    db.execute(f"DROP TRIGGER {name}")
    db.execute(sql[: -len("END")] + "/* typed again */\n    END")
    assert db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0] != sql
    assert schema_difference(db) is None
