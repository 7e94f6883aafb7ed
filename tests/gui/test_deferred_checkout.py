"""A start paints the sign-in page first; the checkout is built behind it before anyone signs in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.gui.main import application, build_window


class PagesAtFirstPaint(QObject):
    """How many pages the window's stack held when the sign-in page first painted."""

    def __init__(self, count: object) -> None:
        super().__init__()
        self.count = count
        self.pages: int | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.pages is None:
            self.pages = self.count()  # type: ignore[operator]
        return False


def test_the_sign_in_page_paints_before_the_checkout_is_built_then_it_is_built(
    qtbot: QtBot, counter: Counter, staff: object
) -> None:
    application()
    window = build_window(counter)
    qtbot.add_widget(window)
    assert window.pages.count() == 1  # only the sign-in page: the checkout waits for its paint
    watch = PagesAtFirstPaint(window.pages.count)
    window.sign_in_page.installEventFilter(watch)
    window.resize(1024, 768)
    window.show()
    qtbot.waitUntil(lambda: window.pages.count() == 2)
    assert watch.pages == 1
    assert window.pages.currentWidget() is window.sign_in_page  # built behind it, not shown
    assert window.pages.widget(1) is window.checkout
    window.close()
