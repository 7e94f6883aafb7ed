"""The counter locks itself when nobody has touched it for a while: a cashier who walked away sells nothing.

A car wash cashier walks out to the cars. Left signed in, the next person at the screen would
sell, void or give change in that cashier's name. After `[security] counter_lock_idle_seconds`
without a key press, a click or a touch anywhere in the program, the counter locks as Ctrl+L
does: the ticket stays open for whoever signs in next, manager windows close unsaved, and a
dialog left open (the cash handed over, a new customer's form, a question) is closed first,
unanswered, so nobody finds it waiting over the PIN page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication, QWidget

from posapp.gui.manager_windows import PERSON_AT_WINDOW


class IdleLock(QObject):
    """Locks `window` (calling `lock`) once signed in and untouched for `idle_seconds()` (0: never).

    The idle time is read from the live settings at every tick, so a manager's change applies at once;
    the clock is the counter's, so tests move time instead of waiting for it.
    """

    #: How often the idle time is compared with the clock.
    TICK_MS = 1000

    def __init__(
        self,
        window: QWidget,
        *,
        now: Callable[[], datetime],
        idle_seconds: Callable[[], int],
        lock: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.setObjectName("counter_idle_lock")
        self.window = window
        self._now, self._idle_seconds, self._lock = now, idle_seconds, lock
        self.last_input = now()
        self.timer = QTimer(self)
        self.timer.setInterval(self.TICK_MS)
        self.timer.timeout.connect(self.check_idle)

    def start(self) -> None:
        """Someone signed in: from now, time untouched counts toward the lock."""
        self.last_input = self._now()
        self.timer.start()
        # Keys go to the focused field and touches to the button under them, in whichever window:
        # only the application sees them all. Watched only while signed in: the filter sees every
        # event, and the sign-in page needs no watching.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in PERSON_AT_WINDOW:
            self.last_input = self._now()
        return False  # only looking: every event goes on to where it was going

    @Slot()
    def check_idle(self) -> None:
        seconds = self._idle_seconds()
        if not seconds or not self.window.isVisible():
            return  # never, or a window closed or hidden: nobody sells in it
        if (self._now() - self.last_input).total_seconds() >= seconds:
            self.lock_now()

    def lock_now(self) -> None:
        """Close what is open over the checkout, unanswered, then lock."""
        # Imported here: PySide6 builds a type when its name is first imported, and the start's
        # first paint needs no dialog.
        from PySide6.QtWidgets import QDialog

        for dialog in reversed(self.window.findChildren(QDialog)):
            if dialog.isVisible():
                # done(), not reject(): a dialog's own reject() may ask "close without saving?".
                dialog.done(QDialog.DialogCode.Rejected)
        self._lock()

    def stop(self) -> None:
        """Nobody is signed in (a lock, by hand or by time): nothing to watch until the next sign-in."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
