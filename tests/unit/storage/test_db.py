"""`open_db` only opens: the schema is the caller's explicit step, and db.py depends on nothing above it."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

import posapp.storage.db
from posapp.domain.errors import UserError
from posapp.storage.db import open_db
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
