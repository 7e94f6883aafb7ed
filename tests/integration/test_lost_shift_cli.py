"""`posapp check` counts the shifts no till holds; `posapp shift` lists them and a manager closes one."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from posapp.counter import open_counter
from posapp.services.auth import add_cashier
from posapp.services.shifts import current_shift, open_shift
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role
from posapp.storage.db import write_transaction
from tests.conftest import Staff
from tests.unit.services.test_shifts import sell


def posapp(*args: str, pin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args], input=pin + "\n", capture_output=True, text=True, timeout=120
    )


def database_with_a_lost_shift(tmp_path: Path) -> tuple[Path, int]:
    """A float of 100.00 and one cash wash (16.24) in a shift m016 left to no till, under "Old lane"."""
    path = tmp_path / "counter.db"
    counter = open_counter(path, settings_path=default_settings_path(), till=TillPlace(tmp_path / "tills"))
    manager = add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=counter.now())
    cashier = add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
    open_shift(counter.db, till_id=counter.till_id, cashier_id=cashier, float_cents=100_00, now=counter.now)
    sold = sell(counter, Staff(manager_id=manager, cashier_id=cashier), "standard_wash")
    assert sold.totals.total_cents == 16_24
    shift = current_shift(counter.db, counter.till_id)
    assert shift is not None
    with write_transaction(counter.db):
        counter.db.execute(
            "UPDATE shifts SET till_id = NULL, terminal = 'Old lane' WHERE id = ?", (shift.id,)
        )
    counter.db.conn.close()
    assert counter.till is not None
    counter.till.release()
    return path, shift.id


def test_check_counts_it_shift_lost_lists_it_and_a_manager_closes_it(tmp_path: Path) -> None:
    path, shift = database_with_a_lost_shift(tmp_path)

    check = posapp("check", "--db", str(path))
    assert check.returncode == 0, check.stderr
    assert "shifts: 1 open shift is held by no till" in check.stdout
    assert check.stdout.splitlines()[-1] == "healthy"  # cash to count, not damage

    listed = posapp("shift", "lost", "--db", str(path))
    assert listed.returncode == 0, listed.stderr
    assert f"shift {shift} at Old lane" in listed.stdout and "by Sam: 1 ticket," in listed.stdout
    assert "should hold $116.24" in listed.stdout

    close_lost = ("shift", "close-lost", "--db", str(path), "--shift", str(shift), "--manager", "Morgan")
    wrong_pin = posapp(*close_lost, "--counted", "110", pin="0000")
    assert wrong_pin.returncode == 2 and "Traceback" not in wrong_pin.stderr
    no_pin = posapp(*close_lost, "--counted", "110", pin="")  # Enter alone, or an empty pipe
    assert no_pin.returncode == 2
    assert no_pin.stderr.strip() == "posapp: No PIN was given for Morgan; nothing was changed."
    with closing(sqlite3.connect(path)) as conn:  # a wrong try counted toward the lock-out; none given, not
        assert conn.execute("SELECT failed_attempts FROM cashiers WHERE name = 'Morgan'").fetchone() == (1,)
    bad_amount = posapp(*close_lost, "--counted", "1O0", pin="9999")
    assert bad_amount.returncode == 2
    assert bad_amount.stderr.strip().splitlines() == [
        "posapp: --counted: '1O0' is not a price; write it like 12.50."
    ]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT closed_at FROM shifts WHERE id = ?", (shift,)).fetchone() == (None,)

    closed = posapp(*close_lost, "--counted", "110.00", pin="9999")
    assert closed.returncode == 0, closed.stderr
    assert closed.stdout.strip() == (
        f"Shift {shift} at Old lane is closed by Morgan: expected $116.24, counted $110.00, short $6.24"
        " (1 ticket, cards $0.00)."
    )
    with closing(sqlite3.connect(path)) as conn:
        stored = conn.execute(
            "SELECT counted_cents, expected_cents FROM shifts WHERE id = ?", (shift,)
        ).fetchone()
    assert stored == (110_00, 116_24)

    assert "Every open shift is held by a till" in posapp("shift", "lost", "--db", str(path)).stdout
    assert "held by no till" not in posapp("check", "--db", str(path)).stdout
