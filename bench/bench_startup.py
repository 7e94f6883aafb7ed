"""A start that does not grow with the years: empty, 1-year and 10-year databases, cached and not; backups.

The databases are written once per run by bench/history.py (10 years take ~30 s there; the demo,
through the real engine, would take about an hour). For each: cold starts to the signed-in
checkout painted and idle, as bench_checkout measures them, with the background work a real
start sets off (the full check behind the window, the day's backup) running, against a bare
PySide6 window in alternating starts; then the same with the database file dropped from the
OS page cache before every checkout start (posix_fadvise DONTNEED: the first start after a
reboot). At 10 years: the start-up check against a full `PRAGMA quick_check` of the same file,
the day's backup and the closing backup against a plain file copy, and where each part of
`open_counter` goes. Run alone: `python -m bench.bench_startup`.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.bench_checkout import _BARE, _env, _start
from bench.history import build_history
from bench.timing import Row, describe, measure, row, summary

STARTS = 9
YEARS = (("empty", 0), ("1-year", 365), ("10-year", 3650))

#: bench_checkout's start, plus what run_checkout_window sets off once the window has settled
#: (QUIET_START_MS after it shows, so after these figures end): the full check (due at every one
#: of these starts: none closes cleanly) and the day's backup.
_CHECKOUT_WITH_BACKGROUND = """
import sys
from pathlib import Path
from PySide6.QtCore import QThreadPool
from posapp.counter import open_counter
from posapp.gui.main import application, build_window
from PySide6.QtCore import QTimer
from posapp.gui.startup import QUIET_START_MS, SessionHealth, start_daily_backup, start_full_check
from posapp.services.tills import TillPlace
from posapp.storage.cashiers import list_cashiers
{report}
counter = open_counter(
    sys.argv[2], settings_path=Path(sys.argv[3]), till=TillPlace(Path(sys.argv[2]).parent / "tills")
)
app = application()
window = build_window(counter)
(sam,) = (person for person in list_cashiers(counter.db) if person.name == "Sam")
window.sign_in_page.signed_in.emit(sam)
assert window.pages.currentWidget() is window.checkout, "Sam could not sign in"
watch = FirstPaint(int(sys.argv[1]))
window.checkout.installEventFilter(watch)
window.resize(1280, 800)
window.show()
pool = QThreadPool()
pool.setMaxThreadCount(1)
def background():
    start_full_check(window, counter, pool, SessionHealth())
    start_daily_backup(window, counter, pool)
QTimer.singleShot(QUIET_START_MS, window, background)
app.exec()
"""

#: The signed-in checkout on the 10-year file with a 5 ms timer ticking: how late each tick runs
#: (the GUI thread's pauses) while the full check and the day's backup run behind it, or (argv[3]
#: "idle") with nothing behind it for as long.
_PAUSES = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QThreadPool, QTimer
from posapp.counter import open_counter
from posapp.gui.main import application, build_window
from posapp.gui.startup import SessionHealth, start_daily_backup, start_full_check
from posapp.services.tills import TillPlace
from posapp.storage.cashiers import list_cashiers
counter = open_counter(
    sys.argv[1], settings_path=Path(sys.argv[2]), till=TillPlace(Path(sys.argv[1]).parent / "tills")
)
app = application()
window = build_window(counter)
(sam,) = (person for person in list_cashiers(counter.db) if person.name == "Sam")
window.sign_in_page.signed_in.emit(sam)
window.resize(1280, 800)
window.show()
for _ in range(20):
    app.processEvents()
pool = QThreadPool()
pool.setMaxThreadCount(1)
busy = sys.argv[3] == "busy"
if busy:
    start_full_check(window, counter, pool, SessionHealth())
    start_daily_backup(window, counter, pool)
late = []
clock = time.perf_counter
due = [clock() + 0.005]
ends = clock() + float(sys.argv[4])
def tick():
    now = clock()
    late.append((now - due[0]) * 1000)
    if (busy and pool.activeThreadCount() == 0) or (not busy and now > ends):
        print(json.dumps({"late": late, "seconds": now - started}), flush=True)
        app.quit()
        return
    due[0] = clock() + 0.005
    QTimer.singleShot(5, tick)
started = clock()
QTimer.singleShot(5, tick)
app.exec()
"""


def _checkout_code() -> str:
    from bench.bench_checkout import _REPORT

    return _CHECKOUT_WITH_BACKGROUND.replace("{report}", _REPORT)


def drop_from_page_cache(db_path: Path) -> None:
    """Forget the database's pages in the OS cache, as a reboot does (synced first: only clean pages go)."""
    for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        if not path.exists():
            continue
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)


def starts(
    db_paths: dict[str, Path], settings_path: Path, *, cached: bool
) -> dict[str, tuple[list[float], list[float]]]:
    """(bare, checkout) idle times in ms for each database, in rounds: a bare start, then that file's.

    Every round starts on every file in turn, so a machine shared with other work drifts over all
    of them alike and the 10-year against empty ratio compares like with like.
    """
    env = _env("offscreen")
    code = _checkout_code()
    _start(_BARE, [], env)
    for db_path in db_paths.values():
        _start(code, [str(db_path), str(settings_path)], env)  # untimed
    found: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in db_paths}
    for _ in range(STARTS):
        for name, db_path in db_paths.items():
            found[name][0].append(_start(_BARE, [], env)["idle_ms"])
            if not cached:
                drop_from_page_cache(db_path)
            found[name][1].append(_start(code, [str(db_path), str(settings_path)], env)["idle_ms"])
    return found


def start_row(name: str, size_mb: float, cached: bool, bare: list[float], checkout: list[float]) -> Row:
    median, spread = summary(checkout)
    bare_median, _ = summary(bare)
    cache = "cached" if cached else "not in the OS cache"
    return row(
        f"start to the signed-in checkout, {name} database ({size_mb:.0f} MB), {cache} (offscreen)",
        median,
        spread,
        "bare PySide6 window to first paint and idle (offscreen)",
        bare_median,
        "— (see the 10-year / empty row)",
        samples=len(checkout),
    )


def open_parts(db_path: Path) -> str:
    """Where `open_counter`'s time goes on this file (one cached reading of each part, in ms)."""
    from posapp.counter import _start_up_check, scripts_in_use
    from posapp.services.customer_data import reapply_erasures
    from posapp.services.memberships import settle_trials
    from posapp.services.tills import TillPlace, take_till
    from posapp.storage.catalog import catalog_stored, load_catalog
    from posapp.storage.db import open_db
    from posapp.storage.migrations import apply_migrations
    from posapp.storage.schema import schema_difference

    def now() -> datetime:
        return datetime.now(UTC)

    clock = time.perf_counter
    parts = []
    started = clock()
    db = open_db(db_path)
    parts.append(("open", clock() - started))
    till = TillPlace(db_path.parent / "tills-parts")
    steps = (
        ("start check", lambda: _start_up_check(db, db_path)),
        ("schema check", lambda: schema_difference(db)),
        ("migrations", lambda: apply_migrations(db)),
        ("reapply_erasures", lambda: reapply_erasures(db, db_path, now)),
        ("catalog stored?", lambda: catalog_stored(db)),
        ("take_till", lambda: take_till(db, db_path, till, "Parts", now).release()),
        ("settle_trials", lambda: settle_trials(db, now().date(), now)),
        ("load catalog", lambda: load_catalog(db)),
        ("scripts", lambda: scripts_in_use(db)),
    )
    for name, step in steps:
        started = clock()
        step()
        parts.append((name, clock() - started))
    db.conn.close()
    return ", ".join(f"{name} {seconds * 1000:.2f}" for name, seconds in parts)


def _pauses(db_path: Path, settings_path: Path, mode: str, seconds: float) -> tuple[list[float], float]:
    done = subprocess.run(
        [sys.executable, "-c", _PAUSES, str(db_path), str(settings_path), mode, str(seconds)],
        env=_env("offscreen"),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the pause child failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures["late"], figures["seconds"]


def pause_rows(db_path: Path, settings_path: Path) -> list[Row]:
    """The GUI thread's lateness (a 5 ms timer) while the full check and backup run, against idle."""
    for made in (db_path.parent / "backups").glob("counter-*.db"):
        made.unlink()  # so the day's backup is really made behind the window
    busy, seconds = _pauses(db_path, settings_path, "busy", 0)
    idle, _ = _pauses(db_path, settings_path, "idle", seconds)
    rows = []
    for name, pick in (("p99", lambda s: statistics.quantiles(s, n=100)[98]), ("worst", max)):
        rows.append(
            row(
                f"GUI thread's {name} pause while the full check and the day's backup run (10 years, "
                f"{seconds:.1f} s)",
                pick(busy),
                None,
                f"the same window idle, as long ({name})",
                pick(idle),
                "≤ 16 ms",
                samples=len(busy),
                limit=16.0,
            )
        )
    return rows


def version_row(folder: Path) -> Row:
    """`posapp --version` against `python -c pass`, alternating, run outside the source tree."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}

    def timed(*argv: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, *argv], env=env, cwd=folder, check=True, capture_output=True)
        return (time.perf_counter() - started) * 1000

    for _ in range(3):
        timed("-c", "pass")
        timed("-m", "posapp", "--version")
    bare, version = [], []
    for _ in range(15):
        bare.append(timed("-c", "pass"))
        version.append(timed("-m", "posapp", "--version"))
    median, spread = summary(version)
    return row(
        "posapp --version (imports no sub-command)",
        median,
        spread,
        "python -c pass (the same interpreter and site)",
        summary(bare)[0],
        "~40 ms: ≤ 2× python -c pass",
        samples=len(version),
        max_ratio=2.0,
    )


def ten_year_rows(db_path: Path, folder: Path) -> list[Row]:
    from posapp.counter import open_counter
    from posapp.services.backup_rotation import backups_in, closing_backup, daily_backup
    from posapp.services.db_check import start_check
    from posapp.settings import default_settings_path
    from posapp.storage.db import open_db

    settings = open_counter(db_path, settings_path=default_settings_path()).settings
    db = open_db(db_path, read_only=True)

    def full() -> None:
        db.execute("PRAGMA quick_check").fetchall()

    check_ms, check_spread = measure(lambda: start_check(db), repeat=20, warmup=2)
    full_ms, _ = measure(full, repeat=3, warmup=1)
    db.conn.close()
    size_mb = db_path.stat().st_size / 1e6

    def plain_copy() -> None:
        shutil.copyfile(db_path, folder / "plain.db")
        descriptor = os.open(folder / "plain.db", os.O_RDONLY)
        os.fsync(descriptor)
        os.close(descriptor)

    def clear_backups() -> None:
        for made in backups_in(db_path.parent / "backups"):
            made.unlink()

    copy_ms, _ = measure(plain_copy, repeat=3, warmup=1)
    daily, closing = [], []
    for _ in range(3):
        clear_backups()
        started = time.perf_counter()
        daily_backup(db_path, settings, datetime.now(UTC))
        daily.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        closing_backup(db_path, settings, datetime.now(UTC))
        closing.append((time.perf_counter() - started) * 1000)
    daily_ms, daily_spread = summary(daily)
    closing_ms, closing_spread = summary(closing)
    print(f"open_counter parts at 10 years (ms): {open_parts(db_path)}", file=sys.stderr)
    return [
        row(
            f"start-up check on the 10-year database ({size_mb:.0f} MB): small tables in full, history tails",
            check_ms,
            check_spread,
            "full PRAGMA quick_check of the same file (now behind the window)",
            full_ms,
            "— (for information)",
            samples=20,
        ),
        row(
            "the day's first backup at 10 years (copy + full check; on a worker, never in front of a sale)",
            daily_ms,
            daily_spread,
            "plain file copy + fsync",
            copy_ms,
            "— (off the GUI thread)",
            samples=len(daily),
        ),
        row(
            "closing backup at 10 years (copy + start check of the copy; after the window and till are gone)",
            closing_ms,
            closing_spread,
            "plain file copy + fsync",
            copy_ms,
            "— (the window closes at once)",
            samples=len(closing),
        ),
    ]


def run() -> list[Row]:
    from posapp.settings import default_settings_path

    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        figures: dict[str, tuple[list[float], list[float]]] = {}
        paths = {}
        for name, days in YEARS:
            path = Path(folder) / name / "counter.db"
            seconds = build_history(path, days=days)
            print(f"{name}: written in {seconds:.1f} s ({path.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
            paths[name] = path
        for cached in (True, False):
            for name, (bare, checkout) in starts(paths, default_settings_path(), cached=cached).items():
                figures[f"{name} {cached}"] = (bare, checkout)
                rows.append(start_row(name, paths[name].stat().st_size / 1e6, cached, bare, checkout))
        for cached in (True, False):
            empty = summary(figures[f"empty {cached}"][1])[0]
            ten, spread = summary(figures[f"10-year {cached}"][1])
            rows.append(
                row(
                    f"start at 10 years against the empty database's, {'cached' if cached else 'uncached'}",
                    ten,
                    spread,
                    f"start on the empty database ({'cached' if cached else 'uncached'})",
                    empty,
                    "≤ 1.2×",
                    samples=STARTS,
                    max_ratio=1.2,
                )
            )
        rows.extend(ten_year_rows(paths["10-year"], Path(folder)))
        rows.extend(pause_rows(paths["10-year"], default_settings_path()))
        rows.append(version_row(Path(folder)))
    return rows


if __name__ == "__main__":
    for result in run():
        print(describe(result))
