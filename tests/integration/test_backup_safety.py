"""Backups and restores beside a running till (issue 13): no sale lost, nothing written astray."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from posapp.counter import open_counter
from posapp.domain.errors import UserError
from posapp.services.auth import add_cashier
from posapp.services.backup import backup_to
from posapp.services.backup_rotation import restore_backup
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role
from posapp.storage.db import open_db

# The checkout as its own process, selling through the real service until told to stop (a line on
# stdin), printing each ticket number the moment complete_sale returns.
SELLER = """
import sys, threading
from datetime import UTC, datetime
from pathlib import Path
from posapp.counter import open_counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale
counter = open_counter(Path(sys.argv[1]), settings_path=Path(sys.argv[2]))
wash = counter.catalog.get("standard_wash")
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
print("ready", flush=True)
while not stop.is_set():
    draft = TicketDraft(cashier_id=1, opened_at=datetime.now(UTC)).choose_wash(wash)
    sale = complete_sale(counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now)
    print("sold", sale.number, flush=True)
counter.db.conn.close()
"""

# A program that opens the database, reads once and then sits idle until told to stop.
IDLE = """
import sys
from posapp.storage.db import open_db
db = open_db(sys.argv[1])
db.execute("SELECT count(*) FROM tickets").fetchone()
print("ready", flush=True)
sys.stdin.readline()
db.conn.close()
"""


def posapp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args], capture_output=True, text=True, timeout=120, check=False
    )


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


class Till:
    """A real second process holding the database open; `stop` returns the ticket numbers it sold."""

    def __init__(self, script: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"

    def wait_for_sales(self, count: int) -> None:
        assert self.process.stdout is not None
        self.early: list[str] = [self.process.stdout.readline() for _ in range(count)]

    def stop(self) -> set[int]:
        out, _ = self.process.communicate("stop\n", timeout=60)
        assert self.process.returncode == 0
        lines = [*getattr(self, "early", []), *out.splitlines()]
        return {int(line.split()[1]) for line in lines if line.startswith("sold")}

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def numbers_in(path: Path) -> set[int]:
    conn = sqlite3.connect(path)  # closed at once: an open connection would (rightly) stop a restore
    try:
        return {row[0] for row in conn.execute("SELECT number FROM tickets")}
    finally:
        conn.close()


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    db_path = tmp_path / "live.db"
    setup = open_counter(db_path, settings_path=default_settings_path())
    add_cashier(setup.db, name="Sam", role=Role.CASHIER, pin="1111", now=setup.now())
    setup.db.conn.close()
    return db_path


@pytest.fixture
def selling(shop: Path) -> Iterator[Till]:
    till = Till(SELLER, str(shop), str(default_settings_path()))
    till.wait_for_sales(20)
    yield till
    till.kill()


def test_backup_refuses_the_database_and_its_side_files_even_through_a_symlink(
    shop: Path, selling: Till, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for suffix in ("", "-wal", "-shm", "-journal"):
        own = Path(f"{shop}{suffix}")
        before = own.read_bytes() if suffix == "-journal" and own.exists() else None
        link = elsewhere / f"copy{suffix or '.db'}"
        link.symlink_to(own)
        for output in (own, link, elsewhere / ".." / own.name):
            said = one_sentence(posapp("backup", "--db", str(shop), "--output", str(output)))
            assert "is the database" in said and str(output) in said
        assert link.is_symlink()
        if before is not None:
            assert own.read_bytes() == before
    sold = selling.stop()
    assert sold and sold <= numbers_in(shop)  # every completed sale is there
    checked = posapp("check", "--db", str(shop))
    assert checked.returncode == 0 and checked.stdout.strip().endswith("healthy"), checked.stdout


def test_backup_refuses_a_hard_link_to_the_database(shop: Path, tmp_path: Path) -> None:
    linked = tmp_path / "linked.db"
    os.link(shop, linked)
    db = open_db(shop, read_only=True)
    try:
        with pytest.raises(UserError, match="is the database itself"):
            backup_to(db, linked)
    finally:
        db.conn.close()


def test_backup_writes_only_regular_files(shop: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    said = one_sentence(posapp("backup", "--db", str(shop), "--output", str(fifo)))
    assert str(fifo) in said and "not a regular file" in said
    assert stat.S_ISFIFO(fifo.lstat().st_mode)

    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "link.db"
    link.symlink_to(target)
    said = one_sentence(posapp("backup", "--db", str(shop), "--output", str(link)))
    assert str(link) in said and "symbolic link" in said
    assert link.is_symlink() and target.read_text() == "keep me"

    folder = tmp_path / "folder"
    folder.mkdir()
    assert "a folder" in one_sentence(posapp("backup", "--db", str(shop), "--output", str(folder)))

    existing = tmp_path / "old-backup.db"
    existing.write_text("yesterday's")
    existing.chmod(0o644)
    assert posapp("backup", "--db", str(shop), "--output", str(existing)).returncode == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    assert posapp("check", "--db", str(existing)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no staging left


@pytest.mark.skipif(not os.access("/dev/null", os.W_OK), reason="/dev/null is not writable here")
def test_backup_refuses_a_device(shop: Path) -> None:
    said = one_sentence(posapp("backup", "--db", str(shop), "--output", "/dev/null"))
    assert "/dev/null" in said and "not a regular file" in said
    assert stat.S_ISCHR(Path("/dev/null").lstat().st_mode)


def test_backup_ignores_a_symlink_planted_at_the_old_staging_name(shop: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    (tmp_path / ".copy.db.partial").symlink_to(victim)
    result = posapp("backup", "--db", str(shop), "--output", str(tmp_path / "copy.db"))
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "untouched"
    assert stat.S_IMODE((tmp_path / "copy.db").stat().st_mode) == 0o600


@pytest.mark.parametrize("script", [SELLER, IDLE], ids=["selling", "idle"])
def test_restore_refuses_while_a_till_has_the_database_open_and_loses_no_sale(
    shop: Path, tmp_path: Path, script: str
) -> None:
    backup = tmp_path / "backup.db"
    assert posapp("backup", "--db", str(shop), "--output", str(backup)).returncode == 0
    till = Till(script, str(shop), str(default_settings_path()))
    try:
        if script is SELLER:
            till.wait_for_sales(20)
        said = one_sentence(posapp("restore", "--db", str(shop), "--from", str(backup)))
        assert "has the database" in said and "close it first" in said
        assert not list(tmp_path.glob("live.db.replaced-*"))
        sold = till.stop()
    finally:
        till.kill()
    assert sold <= numbers_in(shop)
    restored = posapp("restore", "--db", str(shop), "--from", str(backup))
    assert restored.returncode == 0, restored.stderr
    (kept,) = tmp_path.glob("live.db.replaced-*")
    assert sold <= numbers_in(kept)  # every sale the till completed is in the kept file
    assert numbers_in(shop) == numbers_in(backup)
    assert posapp("check", "--db", str(shop)).returncode == 0
    assert posapp("check", "--db", str(kept)).returncode == 0


def test_restore_files_are_owner_only_and_planted_symlinks_are_not_followed(
    shop: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.db"
    db = open_db(shop, read_only=True)
    try:
        backup_to(db, backup)
    finally:
        db.conn.close()
    shop.chmod(0o644)
    at = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    planted = tmp_path / "live.db.replaced-20250501-093000"
    planted.symlink_to(victim)
    (tmp_path / ".live.db.restoring").symlink_to(victim)
    kept = restore_backup(shop, backup, at=at)
    assert kept == tmp_path / "live.db.replaced-20250501-093000-2"
    assert victim.read_text() == "untouched" and planted.is_symlink()
    for path in (kept, shop):
        assert stat.S_IMODE(path.lstat().st_mode) == 0o600 and stat.S_ISREG(path.lstat().st_mode)
    assert not list(tmp_path.glob(".posapp-*"))  # the private staging folder is gone


def test_restore_refuses_to_restore_the_database_from_itself(shop: Path, tmp_path: Path) -> None:
    link = tmp_path / "looks-like-a-backup.db"
    link.symlink_to(shop)
    said = one_sentence(posapp("restore", "--db", str(shop), "--from", str(link)))
    assert "is the database itself" in said
