"""m007_staff_names: "Sam" and "sam" set up before are told apart, and the schema keeps names unique."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from posapp.storage.db import open_db
from posapp.storage.migrations import apply_migrations, migrations

ADD = "INSERT INTO cashiers (name, role, pin_hash, created_at) VALUES (?, 'cashier', 'x', '2026-01-01')"


def test_case_twins_set_up_before_are_told_apart_by_a_number(tmp_path: Path) -> None:
    db = open_db(tmp_path / "old.db")
    migrations.apply(db, stop_before="m007_staff_names")
    for name in ("Sam", "sam", "SAM", "Morgan", "sam (2)"):
        db.execute(ADD, (name,))
    db.conn.commit()
    apply_migrations(db)
    names = [row[0] for row in db.execute("SELECT name FROM cashiers ORDER BY id").fetchall()]
    # The first of each name keeps it; a later twin gets a free number, never a name someone has.
    assert names == ["Sam", "sam (3)", "SAM (4)", "Morgan", "sam (2)"]
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed"):
        db.execute(ADD, ("morgan",))
