"""The way to the checkout imports only what the first screen needs: a start pays for nothing else.

Each check reads `sys.modules` in a real child process that starts the counter as `posapp`
does, so this test's own imports cannot hide or add anything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from posapp.counter import open_counter
from posapp.services.auth import add_cashier
from posapp.storage.cashiers import Role

ROOT = Path(__file__).resolve().parents[2]

#: The root imported and the counter opened as a till, as run_counter does; then every module's name.
OPEN_COUNTER = """
import json, sys
from pathlib import Path
import posapp.app
from posapp.counter import open_counter
from posapp.services.tills import TillPlace
folder = Path(sys.argv[1])
counter = open_counter(folder / "counter.db", till=TillPlace(folder / "t"))
print(json.dumps(sorted(sys.modules)))
"""


def modules_after(code: str, folder: Path) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    names: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return set(names)


def packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_opening_the_counter_imports_no_sqlite_utils_nor_its_command_line(tmp_path: Path) -> None:
    # sqlite-utils with click, pluggy and dateutil cost a start ~50 ms. It applies the migrations,
    # so the first start of a new file (or of a new version) loads it; every start after does not.
    first = packages(modules_after(OPEN_COUNTER, tmp_path))
    assert "sqlite_utils" in first  # the schema was built by sqlite-utils' Migrations
    loaded = packages(modules_after(OPEN_COUNTER, tmp_path))
    assert "posapp" in loaded and "sqlite3" in loaded  # the child really opened the counter
    assert not loaded & {"sqlite_utils", "click", "click_default_group", "pluggy", "dateutil", "sqlite_fts4"}


#: `posapp`'s window built as run_checkout_window builds it, shown, and Sam signed in with his PIN.
SIGNED_IN = """
import json, sys
from pathlib import Path
from posapp.counter import open_counter
from posapp.gui.main import application, build_window
from posapp.services.auth import add_cashier
from posapp.services.tills import TillPlace
from posapp.storage.cashiers import Role
folder = Path(sys.argv[1])
counter = open_counter(folder / "counter.db", till=TillPlace(folder / "t"))
add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=counter.now())
add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
app = application()
window = build_window(counter)
window.show()
window.sign_in_page.choose("Sam")
window.sign_in_page.form.login_pin.setText("1111")
window.sign_in_page.try_sign_in()
for _ in range(10):
    app.processEvents()
assert window.pages.currentWidget() is window.checkout and window.checkout.isVisible(), "Sam is not signed in"
print(json.dumps(sorted(sys.modules)))
"""

#: Made lazy for the start: each is imported where its work is done (the dialog, the receipt, the mail).
NOT_BEFORE_USE = {
    "posapp.gui.cash_tender": "the cash dialog, at a cash sale's Complete",
    "posapp.gui.shift_dialogs": "the open-shift dialog, when a sale finds no shift open",
    "posapp.receipts.data": "a receipt's data, when a receipt prints",
    "posapp.receipts.printers": "the printers, when a receipt prints",
    "posapp.receipts.printer_test": "the printer test page",
    "posapp.receipts.saved_files": "saved receipts, when a customer is erased",
    "posapp.services.mail_delivery": "SMTP, when mail is sent",
    "posapp.services.demo": "the demo site's people, on the demo only",
    "posapp.services.voids": "voids, from the Counter menu",
    "email.message": "e-mail messages, when mail is made",
    "smtplib": "SMTP, when mail is sent",
    "ssl": "TLS, when mail is sent",
}


def test_the_signed_in_checkout_has_not_imported_what_it_has_not_used(tmp_path: Path) -> None:
    loaded = modules_after(SIGNED_IN, tmp_path)
    assert {"posapp.gui.checkout_page", "posapp.gui.printing", "posapp.services.followups"} <= loaded
    early = {name: why for name, why in NOT_BEFORE_USE.items() if name in loaded}
    assert early == {}


#: `posapp`'s window as a start shows it on a counter opened before (its catalog read from the shipped
#: file at the first start only): the sign-in page, until its first paint; then every module's name.
SIGN_IN_PAINTED = """
import json, os, sys
from pathlib import Path
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QEvent, QObject
from posapp.counter import open_counter
from posapp.gui.main import application, build_window
from posapp.services.tills import TillPlace
folder = Path(sys.argv[1])
counter = open_counter(folder / "counter.db", till=TillPlace(folder / "t"))
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            # PySide6 builds a Qt type on first use (Qt ~14 ms, QStyle ~5): the sign-in page needs none.
            types = ((QtCore, "Qt"), (QtWidgets, "QStyle"), (QtWidgets, "QMessageBox"), (QtGui, "QPageSize"))
            built = [f"{module.__name__}.{name}" for module, name in types if name in vars(module)]
            print(json.dumps(sorted(sys.modules) + built), flush=True)
            os._exit(0)
        return False
app = application()
window = build_window(counter)
watch = FirstPaint()
window.sign_in_page.installEventFilter(watch)
window.show()
app.exec()
"""

#: Not needed to paint the sign-in page: each is imported where its work is done, after that paint.
NOT_BEFORE_SIGN_IN = {
    "posapp.services.followups": "follow-ups, when a sale plans them or the mail timer sends",
    "posapp.gui.dialogs": "the manager's and customer dialogs, when one is opened",
    "posapp.gui.checkout_page": "the checkout page, built after the sign-in page's first paint",
    "posapp.storage.report_queries": "the report's queries, when a shift slip or a report is made",
    "PySide6.QtCore.Qt": "Qt's namespace (~14 ms to build), first read by the checkout page's forms",
    "PySide6.QtWidgets.QStyle": "the style type (~5 ms), built by setStyle: Fusion is named at QApplication",
    "posapp.gui.ticket_keeper": "the ticket in progress, taken up (one left open restored) with the checkout",
    "posapp.services.checkout": "the sale's services, with the ticket keeper after the first paint",
    "posapp.services.offer_session": "the offer session, with the ticket keeper after the first paint",
    "babel": "babel (~6 ms, with pickle) and its data: the settings' checks know CLDR's names without it",
    "posapp.offers.model": "the engine's model (~4 ms of dataclasses): the settings read offers.tuning",
    "posapp.storage.outbox": "the outbox, when a customer is erased or mail is made",
    "posapp.storage.shifts": "the shift's storage (~6 ms with domain.shift), at a sale or a slip",
    "PySide6.QtWidgets.QMessageBox": "the message box type (~1 ms), when a question or About is shown",
    "PySide6.QtGui.QPageSize": "the page size type (~1 ms, ~120 sizes), at the first receipt",
}


def test_the_sign_in_page_paints_before_the_dialogs_the_mail_the_ticket_and_qt_load(tmp_path: Path) -> None:
    opened = open_counter(tmp_path / "counter.db")  # the first start: the schema and catalog made
    add_cashier(opened.db, name="Morgan", role=Role.MANAGER, pin="9999", now=opened.now())
    opened.db.conn.close()
    loaded = modules_after(SIGN_IN_PAINTED, tmp_path)
    assert "posapp.gui.sign_in" in loaded  # the child really built the window
    early = {name: why for name, why in NOT_BEFORE_SIGN_IN.items() if name in loaded}
    assert early == {}


#: The application as a start makes it, asked for another style; its base style once the theme's sheet is off.
STYLE = """
from posapp.gui.main import application
app = application()
app.setStyleSheet("")  # the sheet wraps the style in Qt's own proxy: take it off to see the base
print(app.style().metaObject().className())
"""


def test_the_counter_draws_with_fusion_whatever_style_the_desktop_asks_for(tmp_path: Path) -> None:
    # Fusion is named when the QApplication is made (not with setStyle, which builds PySide6's QStyle
    # type): it must still win over the desktop's choice, as setStyle did.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env["QT_STYLE_OVERRIDE"] = "Windows"  # what this machine's Qt would otherwise draw with
    done = subprocess.run([sys.executable, "-c", STYLE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "QFusionStyle"
