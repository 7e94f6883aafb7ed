"""bench_reports replays exactly the statements a report sent: none missed, none counted twice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench.bench_reports import recorded_statements, replay
from posapp.storage.db import open_db


def test_statements_without_parameters_and_table_valued_pragmas_are_recorded_once(tmp_path: Path) -> None:
    db = open_db(tmp_path / "counter.db")
    db.conn.execute("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, chain_hash TEXT)")

    def report() -> None:
        # The shapes the day report sends: bare, named parameters, and a pragma function.
        db.execute("SELECT count(*) FROM audit_log").fetchone()
        db.execute("SELECT id FROM audit_log WHERE id > :after", {"after": 0}).fetchall()
        db.execute("SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'chain_hash'").fetchone()

    statements = recorded_statements(db, report)

    assert [sql for sql, _ in statements] == [
        "SELECT count(*) FROM audit_log",
        "SELECT id FROM audit_log WHERE id > :after",
        "SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'chain_hash'",
    ]
    db.conn.close()
    bare = sqlite3.connect(tmp_path / "counter.db")
    replay(bare, statements)
    bare.close()


def test_a_statement_sent_around_the_recorder_is_caught(tmp_path: Path) -> None:
    db = open_db(tmp_path / "counter.db")

    def sneaky_report() -> None:
        db.conn.execute("SELECT 1").fetchone()

    with pytest.raises(RuntimeError, match="1 statements, 0 were recorded"):
        recorded_statements(db, sneaky_report)
