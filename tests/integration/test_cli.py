"""The `posapp` command as a shop would script it: real processes, real files, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def posapp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args], capture_output=True, text=True, timeout=120
    )


def test_demo_data_then_check_reports_healthy(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    made = posapp("demo-data", "--db", str(db), "--days", "30")
    assert made.returncode == 0, made.stderr
    checked = posapp("check", "--db", str(db))
    assert checked.returncode == 0
    assert "integrity: ok" in checked.stdout and checked.stdout.strip().endswith("healthy")
    tickets = int(
        next(line for line in checked.stdout.splitlines() if line.startswith("tickets:")).split()[1]
    )
    assert 30 * 120 < tickets < 30 * 200  # ~150 cars a day


def test_demo_data_is_reproducible_from_its_seed(tmp_path: Path) -> None:
    import sqlite3

    totals = []
    for name in ("a.db", "b.db"):
        assert (
            posapp("demo-data", "--db", str(tmp_path / name), "--days", "3", "--seed", "11").returncode == 0
        )
        with sqlite3.connect(tmp_path / name) as conn:
            totals.append(
                conn.execute(
                    "SELECT count(*), sum(total_cents), group_concat(payment) FROM tickets"
                ).fetchone()
            )
    assert totals[0] == totals[1]


def test_backup_copies_a_live_database(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert posapp("demo-data", "--db", str(db), "--days", "2").returncode == 0
    result = posapp("backup", "--db", str(db), "--output", str(tmp_path / "copy.db"))
    assert result.returncode == 0, result.stderr
    assert posapp("check", "--db", str(tmp_path / "copy.db")).returncode == 0
    assert (tmp_path / "copy.db").stat().st_mode & 0o077 == 0


def test_check_fails_with_exit_1_on_a_damaged_file(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert posapp("demo-data", "--db", str(db), "--days", "2").returncode == 0
    data = bytearray(db.read_bytes())
    data[8192 : 8192 + 2000] = b"\x00" * 2000  # wipe part of a table page
    db.write_bytes(bytes(data))
    result = posapp("check", "--db", str(db))
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr


def test_check_says_a_truncated_file_is_unhealthy_with_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert posapp("demo-data", "--db", str(db), "--days", "1").returncode == 0
    (tmp_path / "cut.db").write_bytes(db.read_bytes()[:5000])  # a copy cut short
    result = posapp("check", "--db", str(tmp_path / "cut.db"))
    assert result.returncode == 1, result.stderr
    assert result.stdout.strip().endswith("UNHEALTHY")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("check", "--db", "/nonexistent/x.db"), "There is no database at /nonexistent/x.db."),
        (
            ("demo-data", "--db", "/nonexistent/dir/x.db"),
            "The folder /nonexistent/dir does not exist.",
        ),
        (("demo-data", "--db", "x.db", "--days", "many"), "--days must be a whole number"),
        (("import-customers", "--db", "/nonexistent.db", "c.csv"), "There is no database"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_user_mistakes_get_one_sentence_and_exit_2(args: tuple[str, ...], words: str) -> None:
    result = posapp(*args)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_version() -> None:
    result = posapp("--version")
    assert result.returncode == 0 and result.stdout.startswith("posapp ")
