"""Storage failures read as one plain sentence: what failed, why, what is safe, when to try again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from posapp.domain.errors import UserError
from posapp.services.faults import NOTHING_CHANGED, explain_storage_error


def real_error(action: str, path: Path) -> sqlite3.Error:
    """Provoke the failure for real on a small database file."""
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE IF NOT EXISTS t (x)")
    setup.commit()
    try:
        if action == "locked":
            setup.execute("BEGIN IMMEDIATE")
            other = sqlite3.connect(path, timeout=0.05)
            other.execute("BEGIN IMMEDIATE")
        elif action == "read-only":
            reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            reader.execute("INSERT INTO t VALUES (1)")
    except sqlite3.Error as error:
        return error
    finally:
        setup.close()
    raise AssertionError(f"{action} did not fail")


@pytest.mark.parametrize(
    ("action", "words"),
    [
        (
            "locked",
            "Recording the sale failed: the database is busy in another program; the ticket is kept "
            "on screen, try again in a moment.",
        ),
        (
            "read-only",
            "Recording the sale failed: the database cannot be written (read-only file or disk "
            "trouble); the ticket is kept on screen, try again once it is fixed.",
        ),
    ],
)
def test_real_failures_in_plain_words(tmp_path: Path, action: str, words: str) -> None:
    assert explain_storage_error(real_error(action, tmp_path / "x.db"), "Recording the sale") == words


def test_a_damaged_file_and_a_users_mistake(tmp_path: Path) -> None:
    damaged = tmp_path / "d.db"
    damaged.write_bytes(b"this is not a database" * 300)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        sqlite3.connect(damaged).execute("SELECT * FROM sqlite_master")
    assert explain_storage_error(caught.value, "Changing the price", kept=NOTHING_CHANGED) == (
        "Changing the price failed: the database file is damaged, call the manager; nothing was changed, "
        "try again after it is restored."
    )
    assert explain_storage_error(UserError("A PIN is 4 to 8 digits.")) == "A PIN is 4 to 8 digits."
