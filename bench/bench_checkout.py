"""The checkout window: cold start to an interactive, signed-in checkout, and a wash tap to the offer shown.

Both run in child processes (offscreen Qt), so this module imports no Qt itself:
(1) start-up, from spawning Python to the first paint of the signed-in checkout, against a
    bare PySide6 window to first paint measured in the same run;
(2) ~200 wash taps, each until the offer panel is redrawn (decide + draft saved + repaint),
    against the one FULL-sync SQLite commit of the draft that every tap must make.

Run alone: `python -m bench.bench_checkout`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.timing import Row, row

STARTS = 7
TAPS = 200
#: Taps run in batches of separate processes: PySide6 6.12.0 on CPython 3.11 drops a reference
#: to None on every void Qt call, and one process aborts after roughly 11,000 such calls (about 60 taps here).
BATCH = 20

_BARE = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
window = QWidget()
window.resize(1280, 800)
watch = FirstPaint()
window.installEventFilter(watch)
window.show()
app.exec()
"""

_CHECKOUT = """
import sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from posapp.app import open_counter
from posapp.gui.main import application, build_window
counter = open_counter(sys.argv[1], settings_path=Path(sys.argv[2]))
app = application()
window = build_window(counter)
window.sign_in_page.choose("Sam")
window.sign_in_page.form.login_pin.setText("1111")
window.sign_in_page.try_sign_in()
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
watch = FirstPaint()
window.checkout.installEventFilter(watch)
window.resize(1280, 800)
window.show()
app.exec()
"""

_TAPS = """
import json, statistics, sys, time
from pathlib import Path
from posapp.app import open_counter
from posapp.gui.main import application, build_window
from posapp.storage.drafts import save_draft
counter = open_counter(sys.argv[1], settings_path=Path(sys.argv[2]))
taps = int(sys.argv[3])
app = application()
window = build_window(counter)
window.resize(1280, 800)
window.show()
window.sign_in_page.choose("Sam")
window.sign_in_page.form.login_pin.setText("1111")
window.sign_in_page.try_sign_in()
app.processEvents()
buttons = window.checkout.wash_menu.wash_buttons
panel = window.checkout.offer_panel
samples, floor = [], []
for number in range(taps + 5):
    window.keeper.draft = None
    window.keeper.sign_in(window.cashier.id)  # a fresh ticket: no wash changes piling up
    app.processEvents()
    start = time.perf_counter()
    buttons["standard_wash"].click()
    app.processEvents()
    elapsed = (time.perf_counter() - start) * 1000
    assert panel.has_offer
    start = time.perf_counter()
    save_draft(counter.db, counter.settings.terminal, window.keeper.draft, counter.now())
    commit = (time.perf_counter() - start) * 1000
    if number >= 5:
        samples.append(elapsed)
        floor.append(commit)
print(json.dumps({"tap": samples, "floor": floor}))
"""


def _prepare(folder: Path) -> tuple[Path, Path]:
    from posapp.app import open_counter
    from posapp.services.auth import add_cashier
    from posapp.settings import default_settings_path
    from posapp.storage.cashiers import Role

    path = folder / "counter.db"
    counter = open_counter(path, settings_path=default_settings_path())
    add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=counter.now())
    add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
    counter.db.conn.close()
    return path, default_settings_path()


def _child_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _start_times(code: str, args: list[str]) -> tuple[float, float]:
    samples = []
    for _ in range(STARTS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], env=_child_env(), check=True, timeout=60)
        samples.append((time.perf_counter() - start) * 1000)
    return _summary(samples)


def _summary(samples: list[float]) -> tuple[float, float]:
    quartiles = statistics.quantiles(samples, n=4)
    return statistics.median(samples), quartiles[2] - quartiles[0]


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        db_path, settings_path = _prepare(Path(folder))
        args = [str(db_path), str(settings_path)]
        bare_median, _ = _start_times(_BARE, [])
        start_median, start_spread = _start_times(_CHECKOUT, args)
        taps: list[float] = []
        floor: list[float] = []
        for _ in range(TAPS // BATCH):
            batch = subprocess.run(
                [sys.executable, "-c", _TAPS, *args, str(BATCH)],
                env=_child_env(),
                check=True,
                timeout=300,
                capture_output=True,
                text=True,
            )
            figures = json.loads(batch.stdout.strip().splitlines()[-1])
            taps += figures["tap"]
            floor += figures["floor"]
    tap_median, tap_spread = _summary(taps)
    floor_median, _ = _summary(floor)
    return [
        row(
            "checkout: cold start to the signed-in checkout painted (offscreen)",
            start_median,
            start_spread,
            "bare PySide6 window to first paint",
            bare_median,
            "< 1 s",
        ),
        row(
            f"checkout: wash tap to offer panel redrawn (median of {TAPS})",
            tap_median,
            tap_spread,
            "the draft's one FULL-sync SQLite commit",
            floor_median,
            "< 20 ms",
        ),
    ]


if __name__ == "__main__":
    for result in run():
        print(json.dumps(result))
