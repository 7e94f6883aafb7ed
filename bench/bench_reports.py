"""The add-on report on three years of a busy site: one day and a whole year, against a bare GROUP BY.

Builds (once, cached in the temp folder by seed) a demo database of 1,095 days at ~150 cars a
day through `build_demo_site`, then times `build_report` for one day (with its previous 7-day
average) and for a year. The floor is a single hand-written GROUP BY over the same tickets.
Run as `python -m bench.bench_reports`, or through `make bench`.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from bench.timing import Row, measure, row
from posapp.app import open_counter
from posapp.reports.pdf import render_pdf
from posapp.reports.queries import site_report
from posapp.services.demo import build_demo_site
from posapp.settings import default_settings_path, load_settings
from posapp.storage.db import open_db

SEED = 20261127
DAYS = 1095
CARS_PER_DAY = 150
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DAY = date(2026, 11, 27)
YEAR = (date(2025, 11, 28), date(2026, 11, 27))

FLOOR_SQL = """
    SELECT local_day, count(*), sum(subtotal_cents)
    FROM tickets
    WHERE local_day BETWEEN ? AND ? AND status = 'completed'
    GROUP BY local_day
"""


def demo_database(seed: int = SEED) -> Path:
    """The cached demo file for this seed; built through a .part file so a broken build is never reused."""
    path = Path(tempfile.gettempdir()) / f"posapp-bench-reports-{seed}-{DAYS}d-{CARS_PER_DAY}.db"
    if path.exists():
        return path
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


def run() -> list[Row]:
    path = demo_database()
    settings = load_settings(default_settings_path())
    db = open_db(path, read_only=True, migrate=False)
    bare = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tickets = db.execute("SELECT count(*) FROM tickets").fetchone()[0]
        print(f"{tickets:,} tickets in the demo database", file=sys.stderr)

        def day_report() -> object:
            return site_report(db, DAY, DAY, settings)

        def year_report() -> object:
            return site_report(db, *YEAR, settings)

        def floor(first: date, last: date) -> object:
            return bare.execute(FLOOR_SQL, (first.isoformat(), last.isoformat())).fetchall()

        rows = []
        day_ms, day_spread = measure(day_report, repeat=200)
        day_floor, _ = measure(lambda: floor(DAY, DAY), repeat=200)
        rows.append(
            row(
                "report: one day (+ previous 7-day average)",
                day_ms,
                day_spread,
                "bare GROUP BY on the day's tickets",
                day_floor,
                "≤ 50 ms",
            )
        )
        year_ms, year_spread = measure(year_report, repeat=15, warmup=2)
        year_floor, _ = measure(lambda: floor(*YEAR), repeat=15, warmup=2)
        rows.append(
            row(
                "report: a whole year",
                year_ms,
                year_spread,
                "bare GROUP BY on the year's tickets",
                year_floor,
                "≤ 1 s",
            )
        )
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
                "off the GUI thread",
            )
        )
        return rows
    finally:
        db.conn.close()
        bare.close()


if __name__ == "__main__":
    for result in run():
        ratio = f"{result['ratio']:.1f}×" if result["ratio"] else "—"
        floor_ms = f"{result['floor_ms']:.2f} ms" if result["floor_ms"] is not None else "—"
        print(
            f"{result['figure']}: median {result['median_ms']:.2f} ms (IQR {result['spread_ms']:.2f} ms); "
            f"floor {floor_ms}; ratio {ratio}; target {result['target']}"
        )
