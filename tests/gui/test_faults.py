"""Real storage faults at the counter: a read-only file, a full disk, a lock held by another process.

Each time the cashier reads one sentence, the ticket stays on screen, the window keeps working,
and once the fault is gone Retry stores the sale exactly once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from posapp.counter import Counter, open_counter
from posapp.gui.checkout_window import CheckoutWindow
from posapp.services.auth import add_cashier
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role

Fault = Callable[[], AbstractContextManager[None]]


def tickets_in(counter: Counter) -> list[tuple[object, ...]]:
    rows = counter.db.execute(
        "SELECT t.number, t.payment, group_concat(l.code, ' ') FROM tickets t"
        " JOIN ticket_lines l ON l.ticket_id = t.id GROUP BY t.id ORDER BY t.number"
    )
    return [tuple(row) for row in rows.fetchall()]


def assert_one_sentence(text: str, *words: str) -> None:
    """What the cashier reads: a single sentence (no traceback, no second line) with these words."""
    assert text.endswith(".") and "\n" not in text and "Traceback" not in text, text
    for word in words:
        assert word in text, (word, text)


def sell_through(qtbot: QtBot, drive: Any, counter: Counter, fault: Fault, cause: str) -> int:
    """One sale started, the fault injected, every kind of tap tried, the fault removed, Retry.

    `drive` is the conftest's Driver on the window. Returns how many failed writes it survived.
    """
    window: CheckoutWindow = drive.window
    drive.tap("wash_standard_wash")
    drive.tap("offer_decline")
    survived = 0
    with fault():
        # A change to the ticket: shown at once, though it cannot be saved.
        drive.tap("addon_tire_shine")
        on_screen = drive.lines()
        assert on_screen == ["Standard Wash", "+ Tire Shine"]
        assert_one_sentence(window.notice.text, f"Saving the ticket failed: {cause}", "kept on screen")
        survived += 1
        drive.tap("pay_cash")
        for _ in range(2):  # the cashier tries twice before the fault is fixed
            drive.tap("complete_sale")
            assert_one_sentence(window.notice.text, f"Recording the sale failed: {cause}", "kept on screen")
            assert window.notice.action_button.text() == "Retry"
            assert window.notice.action_button.isVisibleTo(window.notice)
            assert drive.lines() == on_screen
            assert window.pages.currentWidget() is window.checkout
            survived += 1
        assert tickets_in(counter) == []
    with qtbot.waitSignal(window.sale_completed, timeout=5000):
        window.notice.action_button.click()
    assert tickets_in(counter) == [(1, "cash", "standard_wash tire_shine")]
    assert drive.lines() == []
    # A double tap after the retry finds a fresh, empty ticket: nothing more can be stored.
    assert window.notice.text == ""
    assert not drive.button("complete_sale").isEnabled()
    drive.tap("complete_sale")
    assert tickets_in(counter) == [(1, "cash", "standard_wash tire_shine")]
    assert counter.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return survived


# -- the database file turns read-only while the window runs --------------------------------


def set_immutable(paths: list[Path], on: bool) -> None:
    subprocess.run(["chattr", "+i" if on else "-i", *map(str, paths)], check=True, capture_output=True)


@pytest.fixture
def read_only_files(counter: Counter) -> Iterator[Fault]:
    """Makes the database and its WAL immutable (`chattr +i`) while the window has them open.

    Tests run as root, where chmod 0o444 stops nothing; the immutable flag refuses writes even
    to root and even through descriptors already open, as a file turned read-only under a
    running program does. The -shm file is left alone: SQLite maps it into memory, and a write
    into a mapping of an immutable file kills the process with SIGBUS (tried), which is not the
    fault under test. The flag is always taken off again, or pytest could not clean tmp up.
    """
    files = [counter.db_path, Path(f"{counter.db_path}-wal")]
    assert all(path.exists() for path in files)
    try:
        set_immutable(files, True)
    except subprocess.CalledProcessError as error:
        pytest.skip(f"this filesystem has no immutable flag (chattr: {error.stderr.strip()})")
    set_immutable(files, False)

    @contextmanager
    def read_only() -> Iterator[None]:
        set_immutable(files, True)
        try:
            yield
        finally:
            set_immutable(files, False)

    yield read_only
    set_immutable(files, False)


def test_a_database_file_turned_read_only(
    qtbot: QtBot, drive: Any, counter: Counter, read_only_files: Fault
) -> None:
    # SQLite reports a write refused on an open file as a write I/O error: said in plain words.
    cause = "the database cannot be written (read-only file or disk trouble)"
    assert sell_through(qtbot, drive, counter, read_only_files, cause) == 3


# -- the disk fills up ------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MB filesystem (tmpfs) that the test fills up: SQLite meets ENOSPC as on a full disk.

    PRAGMA max_page_count was the other way: it only fails once a write needs a new page, so
    whether a small sale fails depends on the free room left in its pages; a full disk fails
    every write, as the cashier would meet it.
    """
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"a tiny filesystem cannot be mounted here ({mounted.stderr.strip()})")
    try:
        yield disk
    finally:
        if subprocess.run(["umount", str(disk)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(disk)], check=True)  # never leave a mount behind


@pytest.fixture
def counter_on_tiny_disk(tiny_disk: Path, tmp_path: Path, clock: Any) -> Iterator[Counter]:
    counter = open_counter(
        tiny_disk / "counter.db",
        settings_path=default_settings_path(),
        now=clock,
        till=TillPlace(tmp_path / "tills"),
    )
    add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=counter.now())
    add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
    yield counter
    counter.db.conn.close()


def disk_filler(counter: Counter) -> Fault:
    @contextmanager
    def full_disk() -> Iterator[None]:
        # The WAL is emptied first: SQLite reuses a WAL's old space, and this proves a write that
        # needs new space fails, as it does once the WAL has grown to the end of a full disk.
        counter.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        filler = counter.db_path.with_name("filler")
        descriptor = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
        try:
            while True:
                os.write(descriptor, b"\0" * 65536)
        except OSError:
            pass  # ENOSPC: the disk is full
        finally:
            os.close(descriptor)
        try:
            yield
        finally:
            filler.unlink()

    return full_disk


def test_the_disk_fills_up(
    qtbot: QtBot, drive: Any, make_window: Callable[..., CheckoutWindow], counter_on_tiny_disk: Counter
) -> None:
    on_tiny_disk = type(drive)(make_window(counter_on_tiny_disk))
    on_tiny_disk.sign_in()
    fault = disk_filler(counter_on_tiny_disk)
    assert sell_through(qtbot, on_tiny_disk, counter_on_tiny_disk, fault, "the disk is full") == 3


# -- another process holds the write lock -----------------------------------------------------

LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding the write lock", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
"""


def lock_holder(db_path: Path) -> Fault:
    @contextmanager
    def locked() -> Iterator[None]:
        holder = subprocess.Popen(
            [sys.executable, "-c", LOCK_HOLDER, str(db_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdin is not None and holder.stdout is not None
        try:
            assert holder.stdout.readline().strip() == "holding the write lock"
            yield
        finally:
            holder.stdin.write("release\n")
            holder.stdin.close()
            holder.wait(timeout=10)
            holder.stdout.close()
        assert holder.returncode == 0

    return locked


def test_another_process_holds_the_lock_longer_than_the_busy_timeout(
    qtbot: QtBot, drive: Any, counter: Counter
) -> None:
    # The real wait is 5 s (BUSY_TIMEOUT_MS); the window's own connection waits 0.2 s here.
    counter.db.execute("PRAGMA busy_timeout = 200")
    assert (
        sell_through(
            qtbot, drive, counter, lock_holder(counter.db_path), "the database is busy in another program"
        )
        == 3
    )
