"""The till's sync with the chain's hub, on a timer, off the GUI thread (through BackgroundOp).

Each run opens its own SQLite connection on the pool thread (never the GUI thread's), pushes
and pulls, and closes it. One run at a time; a failure is one sentence, shown once until a
sync succeeds again (the cashier is not told every few minutes that the network is down).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from posapp.gui.background import BackgroundOp
from posapp.hub.config import HubSettings
from posapp.hub.sync import SyncResult, sync
from posapp.settings import Settings
from posapp.storage.db import open_db

#: Minutes between two syncs when a hub is set.
SYNC_EVERY_MINUTES = 5


def sync_once(db_path: Path, hub: HubSettings, now: Callable[[], datetime], settings: Settings) -> SyncResult:
    """One sync on a connection of its own (this runs on a pool thread)."""
    db = open_db(db_path)
    try:
        return sync(db, db_path, hub, now, settings)
    finally:
        db.conn.close()


class HubSync(QObject):
    """Runs a sync every `interval_ms`; says `synced(sentence)` or `failed(sentence)` on the GUI thread."""

    synced = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        db_path: Path,
        hub: HubSettings,
        now: Callable[[], datetime],
        pool: QThreadPool,
        *,
        settings: Callable[[], Settings],
        interval_ms: int = SYNC_EVERY_MINUTES * 60_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path, self.hub, self.now, self.pool = db_path, hub, now, pool
        self.settings = settings  # read at each run, on the GUI thread: the manager's latest rules
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        self.timer.start()
        self.sync_now()

    def sync_now(self) -> None:
        if self.running:
            return
        self.running = True
        db_path, hub, now, settings = self.db_path, self.hub, self.now, self.settings()
        BackgroundOp(
            "Syncing with the hub",
            lambda: sync_once(db_path, hub, now, settings),
            receiver=self,
            success=self._done,
            failure=self._failed,
            kept="the sales are stored on this till",
        ).run_in_background(self.pool)

    def _done(self, result: SyncResult) -> None:
        self.running = False
        self.synced.emit(result.sentence())

    def _failed(self, why: str) -> None:
        self.running = False
        self.failed.emit(why)


def start_hub_sync(
    notify: Callable[[str], None],
    db_path: Path,
    hub: HubSettings | None,
    now: Callable[[], datetime],
    pool: QThreadPool,
    parent: QObject,
    *,
    settings: Callable[[], Settings],
) -> HubSync | None:
    """Sync on a timer when a hub is set; `notify` hears the first failure, and the recovery after it."""
    if hub is None:
        return None
    syncer = HubSync(db_path, hub, now, pool, settings=settings, parent=parent)
    failing = [False]

    def on_failed(why: str) -> None:
        if not failing[0]:
            notify(f"{why.rstrip('.')}. Sales go on; the till syncs again in {SYNC_EVERY_MINUTES} minutes.")
        failing[0] = True

    def on_synced(_sentence: str) -> None:
        if failing[0]:
            notify("The hub is reachable again: this till's sales are synced.")
        failing[0] = False

    syncer.failed.connect(on_failed)
    syncer.synced.connect(on_synced)
    syncer.start()
    return syncer
