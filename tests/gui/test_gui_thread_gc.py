"""Cycles holding Qt objects are freed on the GUI thread, never on a print or report worker."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject, QRunnable, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from posapp.gui.gui_thread_gc import GuiThreadCollector, collect_if_due, collect_on_gui_thread
from posapp.gui.main import application


class Churn(QRunnable):
    """A worker that allocates container objects the way reportlab does while laying out a PDF."""

    def __init__(self) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.kept: list[list[int]] = []

    def run(self) -> None:
        # Kept alive, so the collector's count passes its threshold many times over.
        self.kept = [[number] for number in range(100_000)]


def test_the_application_hands_collection_to_the_gui_thread(qapp: QApplication) -> None:
    first = collect_on_gui_thread(application())
    assert not gc.isenabled()
    assert collect_on_gui_thread(qapp) is first  # one per process
    assert qapp.findChildren(GuiThreadCollector) == [first]


def test_a_cycle_holding_a_qt_object_dies_on_the_gui_thread(qtbot: QtBot, qapp: QApplication) -> None:
    collect_on_gui_thread(qapp)
    freed_on: list[int] = []
    holder = QObject()
    cycle: list[object] = [holder]
    cycle.append(cycle)
    watch = weakref.ref(holder, lambda _ref: freed_on.append(threading.get_ident()))
    del holder, cycle

    pool, churn = QThreadPool(), Churn()
    pool.start(churn)
    assert pool.waitForDone(30_000)
    assert len(churn.kept) == 100_000
    assert freed_on == []  # the worker's allocations did not collect anything

    qtbot.waitUntil(lambda: bool(freed_on), timeout=5_000)  # the GUI thread's timer did
    del churn
    assert freed_on == [threading.get_ident()]
    assert watch() is None


def test_nothing_is_collected_before_a_threshold_is_passed() -> None:
    gc.collect()
    assert collect_if_due((10_000_000, 10, 10)) is None
    junk = [[n] for n in range(50)]
    assert collect_if_due((10, 10_000_000, 10)) == 0
    del junk
