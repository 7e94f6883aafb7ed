"""The add-on report on three years of a busy site: one day and a whole year, against a bare GROUP BY.

Builds (once, cached in the temp folder by seed) a demo database of 1,095 days at ~150 cars a
day through `build_demo_site`, then times `site_report` for one day (with its previous 7-day
average) and for a year. The floor is the report's own SQL: every statement `site_report` sends
for that period is recorded once, with its parameters, and replayed raw through sqlite3 with
`fetchall()`. The ratio is then what our Python around the same aggregates costs.
Run as `python -m bench.bench_reports`, or through `make bench`.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench.timing import Row, describe, measure, measure_pair, row
from posapp.counter import open_counter
from posapp.reports.build import site_report
from posapp.reports.pdf import render_pdf
from posapp.services.demo import build_demo_site
from posapp.settings import default_settings_path, load_settings
from posapp.storage.db import Database, open_db
from posapp.storage.migrations import migrations

SEED = 20261127
DAYS = 1095
CARS_PER_DAY = 150
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DAY = date(2026, 11, 27)
YEAR = (date(2025, 11, 28), date(2026, 11, 27))

Statement = tuple[str, Any]


def recorded_statements(db: Database, report: Callable[[], object]) -> list[Statement]:
    """Every statement `report` sends through the database, with its parameters, in order.

    Checked against SQLite's own trace, so no statement slips past the recording.
    """
    recorded: list[Statement] = []
    traced: list[str] = []
    original = db.execute

    def recording(sql: str, parameters: Any = ()) -> Any:
        recorded.append((sql, parameters))
        return original(sql, parameters)

    db.execute = recording  # type: ignore[method-assign]
    db.conn.set_trace_callback(traced.append)
    try:
        report()
    finally:
        db.conn.set_trace_callback(None)
        del db.execute
    # SQLite traces a table-valued pragma's inner statement too, as "-- PRAGMA …": not a statement sent.
    traced = [sql for sql in traced if not sql.startswith("-- ")]
    if len(traced) != len(recorded):
        raise RuntimeError(f"the report ran {len(traced)} statements, {len(recorded)} were recorded")
    return recorded


def replay(bare: sqlite3.Connection, statements: list[Statement]) -> None:
    for sql, parameters in statements:
        bare.execute(sql, parameters).fetchall()


def demo_database(seed: int = SEED) -> Path:
    """The cached demo file for this seed and schema; built via a .part file: a broken build is never reused.

    Named by the newest migration too: a file cached by an older version lacks the newer tables
    (the report opens it read-only, so it cannot be migrated), and it is removed, not reused.
    """
    schema = migrations.steps[-1].name
    prefix = f"posapp-bench-reports-{seed}-{DAYS}d-{CARS_PER_DAY}"
    path = Path(tempfile.gettempdir()) / f"{prefix}-{schema}.db"
    if path.exists():
        return path
    for older in Path(tempfile.gettempdir()).glob(f"{prefix}*.db*"):
        older.unlink(missing_ok=True)
    part = path.with_suffix(".part")
    for leftover in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
        leftover.unlink(missing_ok=True)
    print(f"building {DAYS} days of demo sales in {path} (once) ...", file=sys.stderr, flush=True)
    counter = open_counter(part, settings_path=default_settings_path(), now=lambda: NOW)
    # A throwaway benchmark file: durability would only slow the build, not change the reads.
    counter.db.execute("PRAGMA synchronous = OFF")
    build_demo_site(
        counter.db,
        counter.catalog,
        counter.settings,
        now=lambda: NOW,
        days=DAYS,
        seed=seed,
        cars_per_day=CARS_PER_DAY,
    )
    counter.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counter.db.execute("ANALYZE")
    counter.db.conn.close()
    part.replace(path)
    return path


def opening_row(path: Path) -> Row:
    """Opening the counter on three years of sales, against SQLite's own integrity scan of the file.

    The start-up check (PRAGMA quick_check) reads every page, so this is the part of a start
    that grows with the shop's history; the day's first backup no longer waits in front of it.
    """

    def open_and_close() -> None:
        counter = open_counter(path, settings_path=default_settings_path())
        counter.db.conn.close()

    def bare_check() -> None:
        bare = sqlite3.connect(path)
        try:
            bare.execute("PRAGMA quick_check").fetchall()
        finally:
            bare.close()

    (open_ms, open_spread), (check_ms, _) = measure_pair(
        open_and_close, bare_check, repeat=5, warmup=1, rounds=3
    )
    size_mb = path.stat().st_size / 1e6
    return row(
        f"opening the counter on the 3-year database ({size_mb:.0f} MB): check, migrations, catalog",
        open_ms,
        open_spread,
        "bare PRAGMA quick_check of the same file",
        check_ms,
        "— (for information: the start check reads the small tables, not the whole file)",
        samples=15,
    )


def run() -> list[Row]:
    path = demo_database()
    settings = load_settings(default_settings_path())
    db = open_db(path, read_only=True)
    bare = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tickets = db.execute("SELECT count(*) FROM tickets").fetchone()[0]
        print(f"{tickets:,} tickets in the demo database", file=sys.stderr)

        def day_report() -> object:
            return site_report(db, DAY, DAY, settings)

        def year_report() -> object:
            return site_report(db, *YEAR, settings)

        day_sql = recorded_statements(db, day_report)
        year_sql = recorded_statements(db, year_report)
        print(
            f"the report sends {len(day_sql)} statements for a day, {len(year_sql)} for a year",
            file=sys.stderr,
        )
        rows = []
        (day_ms, day_spread), (day_floor, _) = measure_pair(
            day_report, lambda: replay(bare, day_sql), repeat=200
        )
        rows.append(
            row(
                "report: one day (+ previous 7-day average), 3-year database",
                day_ms,
                day_spread,
                f"the report's {len(day_sql)} SQL statements replayed bare on sqlite3",
                day_floor,
                "≤ 50 ms, ≤ 2×",
                samples=200,
                limit=50.0,
                max_ratio=2.0,
            )
        )
        (year_ms, year_spread), (year_floor, _) = measure_pair(
            year_report, lambda: replay(bare, year_sql), repeat=15, warmup=1, rounds=3
        )
        rows.append(
            row(
                "report: a whole year (+ previous 7-day average), same database",
                year_ms,
                year_spread,
                f"the report's {len(year_sql)} SQL statements replayed bare on sqlite3",
                year_floor,
                "≤ 1 s, ≤ 2×",
                samples=15,
                limit=1000.0,
                max_ratio=2.0,
            )
        )
        rows.append(opening_row(path))
        year = site_report(db, *YEAR, settings)
        pdf_ms, pdf_spread = measure(
            lambda: render_pdf(year, paper=settings.report_paper), repeat=10, warmup=1
        )
        rows.append(
            row(
                "report PDF with charts (a year's figures)",
                pdf_ms,
                pdf_spread,
                "—",
                None,
                "— (built off the GUI thread)",
                samples=10,
            )
        )
        return rows
    finally:
        db.conn.close()
        bare.close()


if __name__ == "__main__":
    for result in run():
        print(describe(result))
