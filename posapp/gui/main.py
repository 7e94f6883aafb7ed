"""Builds the checkout: the one Qt application (themed, collecting on its own thread) and the wired window.

The launch path itself (damaged-database check, daily backup, event loop) is posapp/gui/startup.py,
called by the composition root, posapp/app.py.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from posapp.counter import Counter
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.counter_menu import install_counter_menu
from posapp.gui.gui_thread_gc import collect_on_gui_thread
from posapp.gui.printing import install_receipt_printing
from posapp.gui.theme import FUSION, apply_theme


def application() -> QApplication:
    """The one QApplication of the process, themed; reused if a test already made one."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # Fusion named as the application is made: setStyle("Fusion") makes PySide6 build its
        # QStyle type first (~5 ms of a start), which the sign-in page never needs.
        app = QApplication([*sys.argv[:1], "-style", FUSION])
        apply_theme(app, style_chosen=True)
    else:
        apply_theme(app)
    collect_on_gui_thread(app)  # workers print and render: they must never free a Qt object
    return app


def build_window(counter: Counter) -> CheckoutWindow:
    """The window ready to show: receipts print, a manager exists; a ticket left open follows its paint."""
    window = CheckoutWindow(counter)
    queue = install_receipt_printing(window, counter)
    install_counter_menu(window, counter, queue)
    window.ensure_manager()
    # The ticket left open is restored after the sign-in page's first paint (CheckoutWindow.keeper).
    window.sign_in_page.reload()
    return window
