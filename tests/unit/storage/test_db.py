"""`open_db` only opens: the schema is the caller's explicit step, and db.py depends on nothing above it."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

import posapp.storage.db
from posapp.domain.errors import UserError
from posapp.storage.db import open_db, write_transaction
from posapp.storage.migrations import apply_migrations, known_migration_names, open_migrated, schema_version


def posapp_imports(path: Path) -> set[str]:
    """Every posapp module the file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "posapp"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "posapp":
            found.add(str(node.module))
    return found


def test_db_is_a_leaf_importing_only_the_errors() -> None:
    assert posapp_imports(Path(posapp.storage.db.__file__)) == {"posapp.domain.errors"}


def test_the_leaf_check_would_see_a_lazy_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from posapp.storage.migrations import apply_migrations\n")
    assert posapp_imports(sample) == {"posapp.storage.migrations"}


def test_opening_leaves_the_schema_to_the_caller(tmp_path: Path) -> None:
    db = open_db(tmp_path / "bare.db")
    assert db.table_names() == []
    apply_migrations(db)
    assert schema_version(db) == (len(known_migration_names()), len(known_migration_names()))


def test_a_read_only_open_never_migrates(tmp_path: Path) -> None:
    open_db(tmp_path / "old.db").conn.close()
    db = open_db(tmp_path / "old.db", read_only=True)
    assert db.table_names() == []


def test_open_migrated_reports_a_file_that_is_no_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(UserError, match="cannot be opened as the counter's database"):
        open_migrated(path)


def test_open_migrated_writes_through_the_pragmas_open_db_sets(tmp_path: Path) -> None:
    db = open_migrated(tmp_path / "m.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute(
            "INSERT INTO memberships (customer_id, plan, started_on, renews_on) VALUES (99, 'x', 'a', 'b')"
        )


def other_connection_sees(path: Path, sql: str) -> list[tuple[object, ...]]:
    """What a second connection (another till, a report) reads from the file right now."""
    with sqlite3.connect(path) as other:
        rows = other.execute(sql).fetchall()
    other.close()
    return rows


def test_a_write_outside_a_transaction_is_committed_at_once(tmp_path: Path) -> None:
    # Python's sqlite3 opens a transaction before an INSERT by itself: left open, it would hold
    # the write lock and swallow every later write of this connection (sqlite-utils commits too).
    db = open_db(tmp_path / "w.db")
    db.execute("CREATE TABLE t (x INTEGER)")
    db.execute("INSERT INTO t VALUES (?)", (1,))
    assert not db.conn.in_transaction
    assert other_connection_sees(tmp_path / "w.db", "SELECT x FROM t") == [(1,)]


def test_a_failed_write_outside_a_transaction_leaves_none_open(tmp_path: Path) -> None:
    db = open_db(tmp_path / "f.db")
    db.execute("CREATE TABLE t (x INTEGER NOT NULL)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t VALUES (NULL)")
    assert not db.conn.in_transaction


def test_a_write_inside_a_transaction_waits_for_its_commit(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.db")
    db.execute("CREATE TABLE t (x INTEGER)")
    with write_transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
        assert other_connection_sees(tmp_path / "t.db", "SELECT x FROM t") == []
    assert other_connection_sees(tmp_path / "t.db", "SELECT x FROM t") == [(1,)]


def test_explicit_transaction_statements_are_left_to_the_caller(tmp_path: Path) -> None:
    db = open_db(tmp_path / "b.db")
    db.execute("CREATE TABLE t (x INTEGER)")
    db.execute("/* a comment first */ BEGIN")
    db.execute("INSERT INTO t VALUES (1)")
    assert db.conn.in_transaction
    db.execute("ROLLBACK")
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 0


def test_a_replace_fires_the_delete_triggers_as_the_files_were_made_with(tmp_path: Path) -> None:
    # recursive_triggers: sqlite-utils set it on every connection; the audit triggers rely on it.
    db = open_db(tmp_path / "r.db")
    assert db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
    db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
    db.execute("CREATE TABLE gone (k INTEGER)")
    db.execute("CREATE TRIGGER t_gone AFTER DELETE ON t BEGIN INSERT INTO gone VALUES (old.k); END")
    db.execute("INSERT INTO t VALUES (1, 'a')")
    db.execute("REPLACE INTO t VALUES (1, 'b')")
    assert db.execute("SELECT k FROM gone").fetchall() == [(1,)]
