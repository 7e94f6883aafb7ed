"""Runs Python's cycle collector on the GUI thread only, so no Qt object is ever freed on a worker.

Python collects reference cycles on whichever thread happens to allocate when a threshold is
crossed. With receipts and reports rendered on pool threads, that is often a worker, and a
cycle holding a closed dialog or window would then be destroyed off the GUI thread: Qt
crashes ("Segmentation fault" while "Garbage-collecting" in a reportlab call, seen in CI).
So automatic collection is turned off and the GUI thread collects, with the same thresholds
Python would use, from a timer; workers still free their own acyclic garbage as ever.

Installed once, by `application()` in posapp/gui/main.py, on every launch path (the counter,
the self-test, the bench); the test suite collects between tests with `collect_if_due`.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the collector's counts (a look costs microseconds; a collection
#: only happens when one is due). At 500 ms, garbage of ~20 receipts piled up between looks and
#: the 1,000-sale session ended 2 MB higher (119.2 MB against 117.2 MB at 100 ms).
CHECK_INTERVAL_MS = 100


def collect_if_due(thresholds: tuple[int, int, int] | None = None) -> int | None:
    """Collect the oldest generation whose count passed its threshold; the generation, or None.

    `thresholds` defaults to the interpreter's own (gc.get_threshold()).
    """
    if thresholds is None:
        threshold0, threshold1, threshold2 = gc.get_threshold()
        thresholds = (threshold0, threshold1, threshold2)
    counts = gc.get_count()
    if counts[0] <= thresholds[0]:
        return None
    generation = 0
    if counts[1] > thresholds[1]:
        generation = 2 if counts[2] > thresholds[2] else 1
    gc.collect(generation)
    return generation


class GuiThreadCollector(QObject):
    """Owns the cycle collector for the QApplication it is a child of; one per process."""

    def __init__(self, parent: QObject, interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("gui_thread_collector")
        threshold0, threshold1, threshold2 = gc.get_threshold()
        self.thresholds = (threshold0, threshold1, threshold2)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        collect_if_due(self.thresholds)


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector on `app` once; later calls return the one already there."""
    existing = app.findChild(GuiThreadCollector, "gui_thread_collector")
    if isinstance(existing, GuiThreadCollector):
        return existing
    return GuiThreadCollector(app)
