"""Our migration set, applied by sqlite-utils: older files read the same; sqlite-utils reads ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from posapp.storage.db import Database, open_db
from posapp.storage.migration_set import Migrations
from posapp.storage.migrations import known_migration_names, migrations, open_migrated
from posapp.storage.schema import compare_objects, read_schema, schema_difference


def test_the_record_table_is_built_by_the_same_sql_as_sqlite_utils_builds_it() -> None:
    theirs = sqlite_utils.Database(memory=True)
    sqlite_utils.Migrations("posapp").ensure_migrations_table(theirs)
    ours = Database(sqlite3.connect(":memory:"))
    migrations.ensure_migrations_table(ours)
    assert compare_objects(read_schema(Database(theirs.conn)).objects, read_schema(ours).objects) == []


def test_sqlite_utils_reads_our_record_step_by_step(tmp_path: Path) -> None:
    db = open_migrated(tmp_path / "ours.db")
    applied = sqlite_utils.Migrations("posapp").applied(sqlite_utils.Database(db.conn))
    assert [step.name for step in applied] == known_migration_names()
    assert all(step.applied_at for step in applied)


def test_a_file_migrated_by_sqlite_utils_passes_our_start_checks_with_nothing_pending(tmp_path: Path) -> None:
    """As the counters' files were migrated before this version: by sqlite-utils' own Migrations."""
    theirs = sqlite_utils.Migrations("posapp")
    for step in migrations.steps:
        theirs(name=step.name)(lambda wrapped, fn=step.fn: fn(Database(wrapped.conn)))
    db = open_db(tmp_path / "theirs.db")
    theirs.apply(sqlite_utils.Database(db.conn))
    assert migrations.pending(db) == []
    assert schema_difference(db) is None


def test_stopping_before_a_step_already_applied_is_refused(tmp_path: Path) -> None:
    db = open_migrated(tmp_path / "done.db")
    with pytest.raises(ValueError, match="already been applied"):
        migrations.apply(db, stop_before=known_migration_names()[0])


def test_a_failing_step_leaves_neither_its_changes_nor_its_record(tmp_path: Path) -> None:
    steps = Migrations("trial")

    @steps()
    def m001_table(db: Database) -> None:
        db.execute("CREATE TABLE kept (x INTEGER)")

    @steps()
    def m002_broken(db: Database) -> None:
        db.execute("CREATE TABLE half (x INTEGER)")
        db.execute("INSERT INTO no_such_table VALUES (1)")

    db = open_db(tmp_path / "trial.db")
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        steps.apply(db)
    assert steps.applied(db) == ["m001_table"]
    assert "half" not in db.table_names() and "kept" in db.table_names()
    assert not db.conn.in_transaction


def test_two_steps_of_one_name_are_refused() -> None:
    steps = Migrations("twice")

    def m001(db: Database) -> None:
        """A step."""

    steps()(m001)
    with pytest.raises(ValueError, match="already in the set"):
        steps()(m001)
