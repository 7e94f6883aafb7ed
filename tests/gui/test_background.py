"""Background work runs on a pool thread; its result, or one sentence why not, comes back on the GUI thread.

"One sentence": a UserError's message, the house wording for a storage error, else "<doing> failed (Type: …)".
"""

from __future__ import annotations

import errno
import sqlite3
import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool
from pytestqt.qtbot import QtBot

from posapp.domain.errors import UserError
from posapp.gui.background import BackgroundOp, in_flight, report_progress, wait_and_deliver
from posapp.receipts.errors import PrintError

WAIT_MS = 10_000


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


class Heard:
    """What the GUI thread heard from one op, and on which thread each call came."""

    def __init__(self) -> None:
        self.results: list[object] = []
        self.failures: list[str] = []
        self.steps: list[tuple[int, int]] = []
        self.on_gui_thread: list[bool] = []

    def success(self, result: object) -> None:
        self.on_gui_thread.append(on_gui_thread())
        self.results.append(result)

    def failure(self, sentence: str) -> None:
        self.on_gui_thread.append(on_gui_thread())
        self.failures.append(sentence)

    def progress(self, done: int, total: int) -> None:
        self.on_gui_thread.append(on_gui_thread())
        self.steps.append((done, total))

    @property
    def over(self) -> bool:
        return bool(self.results or self.failures)


@pytest.fixture
def receiver(qtbot: QtBot) -> QObject:
    return QObject()


def start(
    doing: str, work: Callable[[], Any], receiver: QObject, heard: Heard, pool: QThreadPool | None = None
) -> BackgroundOp[Any]:
    op = BackgroundOp(
        doing, work, receiver=receiver, success=heard.success, failure=heard.failure, progress=heard.progress
    )
    op.run_in_background(pool)
    return op


def test_the_work_runs_off_the_gui_thread_and_its_result_comes_back_on_it(
    qtbot: QtBot, receiver: QObject
) -> None:
    ran_on: list[int] = []
    worker_was_gui: list[bool] = []

    def work() -> int:
        ran_on.append(threading.get_ident())
        worker_was_gui.append(on_gui_thread())
        return 42

    heard = Heard()
    start("Counting the cars", work, receiver, heard)
    assert heard.results == []  # never delivered inside the call: only through the event loop

    qtbot.waitUntil(lambda: heard.over, timeout=WAIT_MS)
    assert heard.results == [42] and heard.failures == []
    assert heard.on_gui_thread == [True]
    assert ran_on != [threading.get_ident()] and len(ran_on) == 1
    assert worker_was_gui == [False]


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (UserError("The backup folder is full."), "The backup folder is full."),
        (PrintError("The receipt printer is out of paper."), "The receipt printer is out of paper."),
        (
            sqlite3.OperationalError("database is locked"),
            "Counting the cars failed: the database is busy in another program; nothing was changed,"
            " try again in a moment.",
        ),
        (
            OSError(errno.EROFS, "Read-only file system"),
            "Counting the cars failed: the database cannot be written (read-only file or disk trouble);"
            " nothing was changed, try again once it is fixed.",
        ),
        (KeyError("wash"), "Counting the cars failed (KeyError: 'wash')."),
        (
            ZeroDivisionError("division by zero"),
            "Counting the cars failed (ZeroDivisionError: division by zero).",
        ),
    ],
)
def test_a_failure_comes_back_as_one_sentence_on_the_gui_thread(
    qtbot: QtBot, receiver: QObject, error: Exception, sentence: str
) -> None:
    def work() -> int:
        raise error

    heard = Heard()
    start("Counting the cars", work, receiver, heard)
    qtbot.waitUntil(lambda: heard.over, timeout=WAIT_MS)
    assert heard.failures == [sentence]
    assert heard.results == []
    assert heard.on_gui_thread == [True]


def test_what_is_safe_is_said_by_the_caller(qtbot: QtBot, receiver: QObject) -> None:
    def work() -> None:
        raise sqlite3.OperationalError("database is locked")

    failures: list[str] = []
    BackgroundOp(
        "Printing receipt 12",
        work,
        receiver=receiver,
        success=lambda _: None,
        failure=failures.append,
        kept="the sale is stored",
    ).run_in_background()
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert failures == [
        "Printing receipt 12 failed: the database is busy in another program; the sale is stored,"
        " try again in a moment."
    ]


def test_nothing_is_left_alive_once_the_result_is_delivered(qtbot: QtBot, receiver: QObject) -> None:
    class Work:
        def __call__(self) -> str:
            return "done"

    work = Work()
    heard = Heard()
    op = start("Counting the cars", work, receiver, heard)
    delivery = op.delivery
    assert delivery is not None and in_flight() == 1
    destroyed_on: list[bool] = []
    delivery.destroyed.connect(lambda: destroyed_on.append(on_gui_thread()))
    watch_op, watch_work = weakref.ref(op), weakref.ref(work)
    del op, work

    qtbot.waitUntil(lambda: heard.over, timeout=WAIT_MS)
    assert heard.results == ["done"]
    assert in_flight() == 0
    assert watch_op() is None and watch_work() is None  # freed by reference counting, not a collection
    qtbot.waitUntil(lambda: not shiboken6.isValid(delivery), timeout=WAIT_MS)  # its deleteLater ran
    assert destroyed_on == [True]  # and on the GUI thread


def test_a_failure_leaves_nothing_alive_either(qtbot: QtBot, receiver: QObject) -> None:
    def work() -> None:
        raise ValueError("no")

    heard = Heard()
    op = start("Counting the cars", work, receiver, heard)
    delivery, watch_op = op.delivery, weakref.ref(op)
    del op
    qtbot.waitUntil(lambda: heard.over, timeout=WAIT_MS)
    assert heard.failures == ["Counting the cars failed (ValueError: no)."]
    assert in_flight() == 0 and watch_op() is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(delivery), timeout=WAIT_MS)


def test_progress_arrives_on_the_gui_thread_in_order_before_the_result(
    qtbot: QtBot, receiver: QObject
) -> None:
    def work() -> str:
        for done in range(1, 4):
            report_progress(done, 3)
        return "built"

    heard = Heard()
    start("Building the report", work, receiver, heard)
    qtbot.waitUntil(lambda: heard.over, timeout=WAIT_MS)
    assert heard.steps == [(1, 3), (2, 3), (3, 3)]
    assert heard.results == ["built"]
    assert heard.on_gui_thread == [True] * 4


def test_progress_outside_background_work_is_not_heard() -> None:
    report_progress(1, 2)  # e.g. a report built by the command line: nothing to tell, nothing raised
    assert in_flight() == 0


def test_a_chosen_pool_of_one_thread_keeps_the_order_and_its_results_can_be_delivered_at_once(
    qtbot: QtBot, receiver: QObject
) -> None:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    order: list[int] = []
    heard = Heard()

    def printing(number: int) -> int:
        order.append(number)
        return number

    for number in range(5):
        start(f"Printing receipt {number}", partial(printing, number), receiver, heard, pool)

    # As a window closing does: wait for the pool, then deliver without running the event loop.
    assert wait_and_deliver(pool, WAIT_MS)
    assert order == [0, 1, 2, 3, 4]
    assert heard.results == [0, 1, 2, 3, 4]
    assert heard.on_gui_thread == [True] * 5
    assert in_flight() == 0


def test_nothing_is_delivered_to_a_receiver_that_is_gone(qtbot: QtBot) -> None:
    receiver = QObject()
    release = threading.Event()
    pool = QThreadPool()
    heard = Heard()
    start("Counting the cars", lambda: release.wait(WAIT_MS / 1000), receiver, heard, pool)

    shiboken6.delete(receiver)  # the window closed while the work ran
    release.set()
    assert wait_and_deliver(pool, WAIT_MS)
    assert not heard.over and heard.on_gui_thread == []
    assert in_flight() == 0  # dropped, not kept waiting for a receiver that never comes back
