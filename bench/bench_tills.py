"""Several tills on one computer selling into one file: how long the slowest sales wait for their turn.

2, 4 and 8 till processes each complete sales through `complete_sale` (synchronous=FULL) on the
same database, flat out and at a busy site's pace (a sale every 0.5 s per till, jittered), and
report each sale's time from the call to its return. Writes serialise, so throughput is flat;
what matters at the counter is that no sale waits long: the p99 and the worst sale are the rows,
against one till alone selling flat out (its p99) in the same run.
Run alone: `python -m bench.bench_tills`.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.timing import Row, describe, row

SALES = 60
PACE_S = 0.5

_TILL = """
import json, random, sys, time
from pathlib import Path
from posapp.counter import open_counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale
counter = open_counter(Path(sys.argv[1]), settings_path=Path(sys.argv[2]))
sales, pace, start_at = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
wash = counter.catalog.get("standard_wash")
rng = random.Random()
while time.time() < start_at:  # every till starts together
    time.sleep(0.001)
waits = []
for _ in range(sales):
    if pace:
        time.sleep(rng.uniform(0.5 * pace, 1.5 * pace))
    draft = TicketDraft(cashier_id=1, opened_at=counter.now()).choose_wash(wash)
    started = time.perf_counter()
    complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)
    waits.append((time.perf_counter() - started) * 1000)
print(json.dumps(waits), flush=True)
"""


def _prepare(folder: Path) -> tuple[Path, Path]:
    from posapp.counter import open_counter
    from posapp.services.auth import add_cashier
    from posapp.settings import default_settings_path
    from posapp.storage.cashiers import Role

    path = folder / "tills.db"
    counter = open_counter(path, settings_path=default_settings_path())
    add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
    counter.db.conn.close()
    return path, default_settings_path()


def sell_together(db: Path, settings: Path, tills: int, pace: float) -> list[float]:
    """Every sale's time (ms) when `tills` processes sell `SALES` each at once."""
    start_at = time.time() + 1.5 + 0.15 * tills  # time for every child to import and open
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _TILL, str(db), str(settings), str(SALES), str(pace), str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(tills)
    ]
    waits: list[float] = []
    for child in children:
        out, err = child.communicate(timeout=600)
        if child.returncode != 0:
            raise RuntimeError(f"a till failed (exit status {child.returncode}):\n{err[-3000:]}")
        waits += json.loads(out.strip().splitlines()[-1])
    return waits


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def run() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        db, settings = _prepare(Path(folder))
        alone = sell_together(db, settings, 1, 0)
        floor = p99(alone)
        for pace, pace_name in ((PACE_S, f"a sale every {PACE_S:.1f} s per till"), (0.0, "flat out")):
            for tills in (2, 4, 8):
                waits = sell_together(db, settings, tills, pace)
                for name, figure in (("p99", p99(waits)), ("worst", max(waits))):
                    rows.append(
                        row(
                            f"{tills} tills on one file, {pace_name}: {name} sale",
                            figure,
                            None,
                            "one till alone, flat out (p99)",
                            floor,
                            "≤ 5000 ms (the busy budget)",
                            samples=len(waits),
                            limit=5000.0,
                        )
                    )
    return rows


if __name__ == "__main__":
    for result in run():
        print(describe(result))
