"""Shared fixtures: a real counter on a fresh SQLite file, a clock the test controls, staff with PINs."""

from __future__ import annotations

import os

# Qt must find a platform before it is first imported anywhere in the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from posapp.app import Counter, open_counter
from posapp.services.auth import add_cashier
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role


class Clock:
    """A clock the test sets and moves: rules and reports are checked at any date."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass(frozen=True)
class Staff:
    manager_id: int
    cashier_id: int
    manager_pin: str = "9999"
    cashier_pin: str = "1111"


@pytest.fixture
def clock() -> Clock:
    # 10:00 in New York (the default settings' time zone) on a weekday.
    return Clock(datetime(2026, 11, 27, 15, 0, tzinfo=UTC))


@pytest.fixture
def counter(tmp_path: Path, clock: Clock) -> Iterator[Counter]:
    counter = open_counter(tmp_path / "counter.db", settings_path=default_settings_path(), now=clock)
    yield counter
    counter.db.conn.close()


@pytest.fixture
def staff(counter: Counter, clock: Clock) -> Staff:
    manager = add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=clock())
    cashier = add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=clock())
    return Staff(manager_id=manager, cashier_id=cashier)
