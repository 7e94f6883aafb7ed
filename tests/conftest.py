"""Shared fixtures: a real counter on a fresh SQLite file, a test clock, staff, a stand-in network printer."""

from __future__ import annotations

import os

# Qt must find a platform before it is first imported anywhere in the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from posapp.counter import Counter, open_counter
from posapp.services.auth import add_cashier
from posapp.services.tills import TillPlace
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
    """A till on a fresh database, its identity kept in the test's own folder (never the user's)."""
    counter = open_counter(
        tmp_path / "counter.db",
        settings_path=default_settings_path(),
        now=clock,
        till=TillPlace(tmp_path / "tills"),
    )
    yield counter
    counter.db.conn.close()
    assert counter.till is not None
    counter.till.release()


@pytest.fixture
def staff(counter: Counter, clock: Clock) -> Staff:
    manager = add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=clock())
    cashier = add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=clock())
    return Staff(manager_id=manager, cashier_id=cashier)


#: The paper sensor's answers to DLE EOT 4, as an Epson printer sends them (bits 1 and 4 always set).
PAPER_PLENTY, PAPER_NEAR_END, PAPER_OUT = b"\x12", b"\x1e", b"\x72"
PAPER_QUERY = b"\x10\x04\x04"


class NetworkReceiptPrinter:
    """A stand-in network receipt printer: accepts one connection and keeps every byte it would print.

    Like a real one it answers the paper-sensor query (DLE EOT 4) with `paper`, and does not
    print the query; with `paper=None` it never answers, like printers without status support.
    """

    def __init__(self, port: int, paper: bytes | None = PAPER_PLENTY) -> None:
        self.server = socket.create_server(("127.0.0.1", port))
        self.paper = paper
        self.received = b""
        self.queries = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.server.accept()
        with connection:
            while chunk := connection.recv(65536):
                # The query comes alone: the counter waits for its answer before sending the receipt.
                if chunk == PAPER_QUERY:
                    self.queries += 1
                    if self.paper is not None:
                        connection.sendall(self.paper)
                    continue
                self.received += chunk

    def close(self) -> bytes:
        self.thread.join(timeout=10)
        self.server.close()
        return self.received


@pytest.fixture
def free_port() -> int:
    """A localhost port nothing listens on: a printer there refuses the connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def listen_on() -> Iterator[Callable[[int], NetworkReceiptPrinter]]:
    """Starts a stand-in network printer on a port; any left open are closed after the test."""
    started: list[NetworkReceiptPrinter] = []

    def start(port: int, paper: bytes | None = PAPER_PLENTY) -> NetworkReceiptPrinter:
        started.append(NetworkReceiptPrinter(port, paper))
        return started[-1]

    yield start
    for printer in started:
        printer.server.close()


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """The window tests hand cycle collection to the GUI thread's timer; between them, collect here."""
    if not gc.isenabled():
        # Only the window tests turn automatic collection off, so Qt is already loaded here.
        from posapp.gui.gui_thread_gc import collect_if_due

        collect_if_due()
