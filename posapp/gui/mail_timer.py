"""Sends the due follow-ups and newsletter mails every few minutes, off the GUI thread.

Each run opens its own database connection on a pool thread (BackgroundOp); a mail server that
is down or slow holds that thread only, never a sale. Nothing runs while no [mail] server is set
up, and a run never starts while the last one is still going.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from posapp.counter import Counter
from posapp.gui.background import BackgroundOp

if TYPE_CHECKING:
    # Imported when a run starts: a start does not pay for the offer engine and the mail's words.
    from posapp.services.followups import SendRun

#: How often the outbox is looked at; follow-ups are due by the day, so minutes are plenty.
INTERVAL_MS = 5 * 60 * 1000


class MailSender(QObject):
    """The outbox's timer in the window.

    Signals:
        finished(str): one sentence on the run just over (what was sent, or why it failed).
    """

    finished = Signal(str)

    def __init__(
        self, counter: Counter, parent: QObject | None = None, interval_ms: int = INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self.counter = counter
        self.running = False
        self.last_run: SendRun | None = None
        self.last_problem = ""
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.send_now)

    def start(self) -> None:
        self.timer.start()

    def send_now(self) -> bool:
        """Start a run unless one is going or no mail server is set up; True when one started."""
        settings = self.counter.settings
        if self.running or not settings.mail.configured:
            return False
        from posapp.services.followups import send_from

        self.running = True
        BackgroundOp(
            "Sending follow-up e-mails",
            partial(send_from, self.counter.db_path, settings, self.counter.now),
            receiver=self,
            success=self._sent,
            failure=self._failed,
            kept="the messages wait in the outbox",
        ).run_in_background()
        return True

    def _sent(self, run: SendRun) -> None:
        self.running = False
        self.last_run, self.last_problem = run, ""
        self.finished.emit(f"E-mails: {run.summary()}")

    def _failed(self, problem: str) -> None:
        self.running = False
        self.last_problem = problem
        self.finished.emit(problem)
