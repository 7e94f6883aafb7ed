"""Work for a pool thread: its result, or one sentence saying why not, is handed back on the GUI thread.

Every piece of background work in the window goes through `BackgroundOp`: printing a receipt,
making the day's backup, building and printing a report. The work is a plain Python callable
that must not touch widgets or the GUI thread's database connection; `success` and `failure`
are called on the GUI thread, through a queued signal, once the work is over.

An exception never leaves this module as anything but one sentence (`explain_failure`), which
names what was being done, so every caller words a failure the same way.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6

# QtCore.Qt is read when a first operation runs, not at import: PySide6 builds that namespace on
# first use (~14 ms), and the sign-in page paints without it.
from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, Signal, Slot

from posapp.domain.errors import UserError
from posapp.services.faults import NOTHING_CHANGED, explain_storage_error

T = TypeVar("T")

#: Ops started and not yet delivered, by token; read and written on the GUI thread only. Holding them
#: here (not in the runnable) is what makes the GUI thread, never a worker, free them and what they hold.
_IN_FLIGHT: dict[int, BackgroundOp[Any]] = {}
_TOKENS = itertools.count(1)

#: The delivery object of the op running on this worker thread, for `report_progress`.
_running_here = threading.local()


def explain_failure(error: Exception, doing: str, kept: str = NOTHING_CHANGED) -> str:
    """The one sentence a person reads when `doing` (e.g. "Printing receipt 12") raised `error`."""
    if isinstance(error, UserError):
        return error.message
    if isinstance(error, sqlite3.Error | OSError):
        return explain_storage_error(error, doing, kept=kept)
    return f"{doing} failed ({type(error).__name__}: {error})."


def report_progress(done: int, total: int) -> None:
    """Called by work on a pool thread: the op's `progress` hears it on the GUI thread; elsewhere a no-op."""
    delivery = getattr(_running_here, "delivery", None)
    if delivery is not None:
        delivery.moved.emit(done, total)


def in_flight() -> int:
    """How many ops have started and not yet been delivered."""
    return len(_IN_FLIGHT)


def wait_and_deliver(pool: QThreadPool, msecs: int = -1) -> bool:
    """Wait for `pool`'s work, then deliver the results it posted now, not whenever the event loop runs.

    For a window about to close: its results must be recorded before it goes. False when the
    work was still running after `msecs`.
    """
    finished = pool.waitForDone(msecs)
    for op in [op for op in _IN_FLIGHT.values() if op.pool is pool]:
        QCoreApplication.sendPostedEvents(op.delivery, QEvent.Type.MetaCall)
    return finished


class _Delivery(QObject):
    """Lives on the GUI thread: the worker only emits, and Qt queues the calls to this thread.

    It holds nothing but its token, so a worker dropping the last Python reference to it frees
    no callback, no result and no widget; deleteLater hands the Qt object to Qt first, so that
    drop cannot delete it either.
    """

    ready = Signal()
    moved = Signal(int, int)

    def __init__(self, token: int) -> None:
        super().__init__()
        self.token = token
        # Queued even if emitted on this thread: the result always arrives through the event loop.
        queued = QtCore.Qt.ConnectionType.QueuedConnection
        self.ready.connect(self._deliver, queued)
        self.moved.connect(self._move, queued)

    @Slot()
    def _deliver(self) -> None:
        self.deleteLater()
        op = _IN_FLIGHT.pop(self.token, None)
        if op is not None:
            op._hand_over()

    @Slot(int, int)
    def _move(self, done: int, total: int) -> None:
        op = _IN_FLIGHT.get(self.token)
        if op is not None:
            op._step(done, total)


class _Runner(QRunnable):
    """Runs one op on a pool thread; the pool deletes it there, so it lets go of the op first."""

    def __init__(self, op: BackgroundOp[Any]) -> None:
        super().__init__()
        self._op: BackgroundOp[Any] | None = op

    def run(self) -> None:
        op, self._op = self._op, None
        assert op is not None and op.delivery is not None
        delivery = op.delivery
        try:
            op._attempt()
        finally:
            # The op is in _IN_FLIGHT until delivered: dropping this reference before the signal
            # leaves the GUI thread the last one, whatever the work, its result or callbacks hold.
            del op
            delivery.ready.emit()


class BackgroundOp(Generic[T]):
    """One piece of work for a pool thread, and what to do on the GUI thread when it is over.

    `doing` says what is being done ("Printing receipt 12"), for the failure sentence; `kept`
    says what is safe when storage fails ("the sale is stored"). `receiver` is the object the
    result is for: once it is destroyed, nothing is delivered. `progress(done, total)` hears
    the work's `report_progress` calls.
    """

    def __init__(
        self,
        doing: str,
        work: Callable[[], T],
        *,
        receiver: QObject,
        success: Callable[[T], object],
        failure: Callable[[str], object],
        progress: Callable[[int, int], object] | None = None,
        kept: str = NOTHING_CHANGED,
    ) -> None:
        self.doing, self.work, self.kept = doing, work, kept
        self.receiver, self.success, self.failure, self.progress = receiver, success, failure, progress
        self.pool: QThreadPool | None = None
        self.delivery: _Delivery | None = None
        self._result: tuple[T] | None = None  # in a tuple, as the result may well be None
        # A result the work never gave (it was stopped) is a failure too, not silence.
        self._problem = f"{doing} stopped before it finished."

    def run_in_background(self, pool: QThreadPool | None = None) -> None:
        """Start the work on `pool` (the global pool by default); call on the GUI thread."""
        self.pool = pool if pool is not None else QThreadPool.globalInstance()
        token = next(_TOKENS)
        self.delivery = _Delivery(token)  # created here, so it lives on the GUI thread
        _IN_FLIGHT[token] = self
        self.pool.start(_Runner(self))

    def _attempt(self) -> None:
        """Run the work on this (pool) thread; keep its result or the sentence saying why not."""
        _running_here.delivery = self.delivery
        try:
            self._result = (self.work(),)
        except Exception as error:  # said once, on screen, rather than lost on a pool thread
            self._problem = explain_failure(error, self.doing, self.kept)
        finally:
            _running_here.delivery = None

    def _step(self, done: int, total: int) -> None:
        if self.progress is not None and shiboken6.isValid(self.receiver):
            self.progress(done, total)

    def _hand_over(self) -> None:
        """On the GUI thread: the result to `success`, or the sentence to `failure`."""
        if not shiboken6.isValid(self.receiver):
            return
        if self._result is None:
            self.failure(self._problem)
        else:
            self.success(self._result[0])
