"""Manager windows last as long as the manager is there: a lock closes them, and so does time untouched.

A manager's PIN opens the Staff, prices, receipts, customer-data, audit and report windows.
Left open behind a locked screen, or while the manager has walked away, they would let
whoever comes next act in that manager's name. So each such window is watched: the counter's
lock closes it, and so does `[security] manager_dialog_idle_seconds` without a key press, a
click or a touch inside it. Closing rejects: nothing typed there is saved, and a dialog it
opened (a PIN being asked, an "Erase?" question) is rejected first, so no answer is taken
from a screen nobody is looking at.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from posapp.counter import Counter

#: What counts as someone being at the window (a mouse merely moved over it does not).
PERSON_AT_WINDOW = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
#: The counter window's Lock action, offered inside manager windows too (Ctrl+L works there).
LOCK_ACTION_NAME = "menu_lock"


class ManagerWindowWatch(QObject):
    """Watches one manager window: closes it at a lock, or after it sat untouched too long.

    A child of the window, so it goes with it; `close_manager_windows` finds every watch
    under the counter window. With `idle_seconds` None the window only closes at a lock.

    Signals:
        timed_out(): the window closed itself after sitting untouched.
    """

    timed_out = Signal()
    #: How often the idle time is compared with the clock; the clock itself is the counter's.
    TICK_MS = 1000

    def __init__(
        self,
        window: QWidget,
        now: Callable[[], datetime],
        idle_seconds: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(window)
        self.setObjectName("manager_window_watch")
        self.watched = window
        self._now, self._idle_seconds = now, idle_seconds
        self.last_input = now()
        self.timer = QTimer(self)
        self.timer.setInterval(self.TICK_MS)
        self.timer.timeout.connect(self.check_idle)
        # Watched only while on screen: a window hidden (and not yet deleted) costs nothing.
        window.installEventFilter(self)
        if window.isVisible():
            self._start()
        self._offer_lock_inside()

    def _start(self) -> None:
        self.last_input = self._now()
        if self._idle_seconds is None:
            return  # closed at a lock only: nothing to time
        self.timer.start()
        # Keys go to the focused field and clicks to the button under them, and a PIN dialog
        # opened from this window is a window of its own: only the application sees them all.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _offer_lock_inside(self) -> None:
        """Ctrl+L locks the counter from inside the window too, not only from the checkout behind it."""
        outermost = self.watched
        while outermost.parentWidget() is not None:
            outermost = outermost.parentWidget()
        lock = outermost.findChild(QAction, LOCK_ACTION_NAME)
        if lock is not None and outermost is not self.watched:
            self.watched.addAction(lock)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if "watched" not in self.__dict__:
            # Qt can still call a filter whose Python side was collected with its window (PySide then
            # hands over a bare wrapper): it has nothing left to watch, so it stops listening.
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            return False
        kind = event.type()
        if watched is self.watched and kind in (QEvent.Type.Show, QEvent.Type.Hide):
            (self._start if kind == QEvent.Type.Show else self._stop)()
        elif kind in PERSON_AT_WINDOW and isinstance(watched, QWidget) and self._inside(watched):
            self.last_input = self._now()
        return False  # only looking: every event goes on to where it was going

    def _inside(self, widget: QWidget) -> bool:
        """The widget is part of the window or of a dialog it opened (parents across windows)."""
        here: QWidget | None = widget
        while here is not None:
            if here is self.watched:
                return True
            here = here.parentWidget()
        return False

    def idle_for(self) -> float:
        """Seconds since the last key press, click or touch inside the window."""
        return (self._now() - self.last_input).total_seconds()

    @Slot()
    def check_idle(self) -> None:
        if self._idle_seconds is None or not self.watched.isVisible():
            return
        if self.idle_for() >= self._idle_seconds():
            self.close_window()
            self.timed_out.emit()

    def close_window(self) -> None:
        """Close the window unsaved; the dialogs it opened go first, their questions unanswered."""
        self._stop()
        for nested in reversed(self.watched.findChildren(QDialog)):
            if nested.isVisible():
                nested.reject()
        if isinstance(self.watched, QDialog):
            # done(), not reject(): a dialog's own reject() may ask a question ("close without
            # saving?") that would then wait, with the window, behind the locked screen.
            self.watched.done(QDialog.DialogCode.Rejected)
        else:
            self.watched.close()


def watch_manager_window(window: QWidget, counter: Counter) -> ManagerWindowWatch:
    """Watch a window opened under a manager's approval: closed at a lock and after the idle time.

    The idle time is read from the live settings each time it is checked, so a manager's
    change applies to the windows already open.
    """
    return ManagerWindowWatch(window, counter.now, lambda: counter.settings.manager_dialog_idle_seconds)


def close_manager_windows(owner: QWidget) -> int:
    """Close every watched window opened over `owner` (the counter window, at a lock); how many were open."""
    watches = [watch for watch in owner.findChildren(ManagerWindowWatch) if watch.watched.isVisible()]
    for watch in reversed(watches):  # the innermost first: a PIN dialog before the window that asked it
        if watch.watched.isVisible():
            watch.close_window()
    return len(watches)
