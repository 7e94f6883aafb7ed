"""`make bench`: run every benchmark module, print the table, write docs/benchmarks.md.

`python -m bench` exits 0 when every module ran, whatever the figures (a missed target is a
row marked MISSES, not a failure), and 1 when a module crashed. `python -m bench bench_offers`
runs the named modules only and leaves docs/benchmarks.md alone.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import platform
import sqlite3
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench.timing import Row, amount

#: Each module exposes run() -> list[Row].
MODULES = [
    "bench_checkout",
    "bench_startup",
    "bench_offers",
    "bench_sales",
    "bench_tills",
    "bench_receipts",
    "bench_reports",
    "bench_memory",
    "bench_demo",
    "bench_hub",
]
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"

HOW = """\
How each floor is made (always in the same run, on the same data, as the figure it is compared with):

- cold start: a child process from spawn until the signed-in checkout has painted and the event
  loop is next idle (a zero timer posted from the first paint has run), against a child showing a
  bare 1280×800 PySide6 `QWidget` to the same point, on the same Qt platform: offscreen, then a
  real X server (an Xvfb the benchmark starts and stops itself). Bare and checkout starts
  alternate. Sam is signed in as a right PIN does it, minus the PIN's deliberate scrypt check
  (paid after the PIN is typed, not at start). Python's and Qt's teardown are not counted.
  The sign-in rows start the window as `posapp` does, on its sign-in page: its first paint
  against the bare window's first paint, then until the checkout page built behind it is in
  the window and the event loop is free again.
- starts over the years: the empty, 1-year and 10-year databases are written once per run
  straight into the schema (bench/history.py: 150 sales a day with their lines and offer events,
  4,000 customers, the sales chain made by the storage's own `chain_every_sale`); each start
  is the cold start above plus the background work a real start sets off (the full check, the
  day's backup), against a bare window in alternating starts; "not in the OS cache" drops the
  database file from the page cache (fsync, then posix_fadvise DONTNEED) before every start.
  The backups at 10 years are compared with a plain file copy with fsync.
- wash tap: click on the wash button until the event loop has repainted the offer panel
  (decide + draft saved with synchronous=NORMAL + repaint), 1,000 taps in one process.
- offer decision: `load_customer_facts` + `decide` against the same facts query run bare on
  sqlite3 with the same parameters, on 1,000,000 offer events.
- sale: `complete_sale` against a bare sqlite3 transaction inserting the same rows (ticket,
  lines, offer event) with the same values, synchronous=FULL, on the real disk.
- tills on one file: 2, 4 and 8 processes each complete 60 sales (`complete_sale`, FULL) on the
  same database, all starting at once, flat out and at a sale every 0.5 s per till (jittered);
  every sale's time from the call to its return, against one till alone selling flat out.
- receipt PDF: `render_receipt_pdf` against a one-line reportlab document.
  A second floor: the same receipt's words drawn bare on reportlab's canvas in the same
  embedded fonts (one drawString a line), which separates the layout's cost from the fonts'.
- reports: `site_report` against every SQL statement the report sends (recorded from the
  report itself), replayed raw through sqlite3 with `fetchall()`: the ratio is our overhead.
- demo-data: 30 days of ~150 cars through the offer session and `complete_sale` (no floor: the
  figure is the time a newcomer waits); the same seed built with `decline_pause_days = 0` and 7
  gives the take rate and pitches per returning customer per week before and after the pause.
- memory: the real signed-in window on a temporary database, 1,000 sales through its own
  buttons (wash, accept the offer, pay, complete), receipts saved as PDF in a temporary folder;
  VmRSS after 100 and after 1,000 sales, against a bare PySide6 window's VmRSS at first paint.
- PySide6 6.12.0 drops a reference to True on every signal emit (and to None on every void
  call); posapp.gui.refcount_guard makes them immortal on Python 3.11, as 3.12 does itself.
  Without it the 1,000-sale session aborts ("bool_dealloc") near sale 550. The row "references
  to True dropped per sale" counts what PySide6 still drops, harmlessly.
"""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) // 1024 // 1024 + 1} GB RAM"
                break
    except (OSError, ValueError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{_versions('PySide6-Essentials', 'sqlite-utils', 'reportlab')}"
    )


def _versions(*names: str) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def table(rows: list[Row]) -> str:
    lines = [
        "| figure | median | spread (IQR) | n | floor | floor median | ratio | target | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—"
        unit = r["unit"]
        lines.append(
            f"| {r['figure']} | {amount(r['median'], unit)} | {amount(r['spread'], unit)} | {r['samples']}"
            f" | {r['floor']} | {amount(r['floor_value'], unit)} | {ratio} | {r['target']} | {r['verdict']} |"
        )
    return "\n".join(lines)


def run_modules(names: list[str]) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    problems: list[str] = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            rows.extend(module.run())
        except Exception:  # a broken benchmark must not hide the others' figures
            problems.append(f"{name}: crashed\n{traceback.format_exc()}")
        print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return rows, problems


def compile_as_installed() -> None:
    """posapp's bytecode, as an installed app has it (`make bytecode`): starts are measured as installed.

    With PYTHONDONTWRITEBYTECODE=1 (set on some machines) Python never writes it itself, and
    every child start would compile every module again.
    """
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "posapp"), quiet=1)


def kept_sections(docs: Path) -> str:
    """The hand-written sections after the generated table (`## ...` onwards): a full run keeps them.

    They hold single-module runs, before/after comparisons and what stands between a row and its
    target; a whole `make bench` refreshes the table above them, it does not own them.
    """
    if not docs.exists():
        return ""
    text = docs.read_text(encoding="utf-8")
    start = text.find("\n## ")
    return "" if start < 0 else "\n" + text[start:].lstrip("\n")


def main(argv: list[str]) -> int:
    names = argv or MODULES
    compile_as_installed()
    unknown = [name for name in names if name not in MODULES]
    if unknown:
        print(f"no benchmark module {', '.join(unknown)}; choose from {', '.join(MODULES)}", file=sys.stderr)
        return 2
    rows, problems = run_modules(names)
    text = table(rows)
    print(text)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not argv:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        misses = sum(r["verdict"] == "MISSES" for r in rows)
        DOCS.parent.mkdir(exist_ok=True)
        DOCS.write_text(
            f"# Benchmarks\n\nMeasured {stamp} by `make bench` on {machine()}.\n\n"
            "Each figure is the median of n runs after a warm-up; the floor is measured in the same run."
            f" {len(rows) - misses} of {len(rows)} rows meet their target.\n\n"
            f"{text}\n"
            + "".join(f"\n- not measured: {p.splitlines()[0]}" for p in problems)
            + f"\n\n{HOW}"
            + kept_sections(DOCS),
            encoding="utf-8",
        )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
