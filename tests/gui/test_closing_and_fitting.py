"""Closing asks when work would be dropped; the window opens maximized, then where it was left;
messages that no longer apply are cleared.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import ManagerApproval
from posapp.gui.main import application
from posapp.gui.manager_settings import PricesAndScriptsDialog
from posapp.storage.cashiers import get_cashier


def test_closing_with_a_ticket_open_asks_and_no_keeps_the_counter_open(
    window: CheckoutWindow, drive, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[int] = []

    def refuse(cls, parent, lines):  # type: ignore[no-untyped-def]
        asked.append(lines)
        return False

    monkeypatch.setattr(CheckoutWindow, "confirm_close", classmethod(refuse))
    assert window.close()  # an empty ticket: nothing to lose, no question
    assert asked == []
    window.show()
    drive.tap("wash_standard_wash")
    assert not window.close()  # Alt+F4 and the title bar's cross send this same close
    assert asked == [1] and window.isVisible()


def test_the_window_opens_maximized_then_where_it_was_left(
    qtbot: QtBot, make_window: Callable[..., CheckoutWindow], counter: Counter
) -> None:
    first = make_window()
    first.hide()
    first.show_where_left()
    qtbot.waitExposed(first)
    assert first.isMaximized()
    first.showNormal()
    first.setGeometry(QRect(0, 0, 800, 600))  # the offscreen screen is 800x600
    qtbot.wait(20)
    left = first.geometry()
    first.close()
    again = make_window()
    again.hide()
    again.show_where_left()
    qtbot.waitExposed(again)
    assert not again.isMaximized() and again.geometry().size() == left.size()


def test_the_window_fits_a_1024_by_768_screen(window: CheckoutWindow) -> None:
    assert window.minimumSize().width() <= 1024 - 16 and window.minimumSize().height() <= 768 - 72
    assert window.minimumSizeHint().height() <= 768 - 72


@pytest.fixture
def prices(qtbot: QtBot, counter: Counter, staff) -> PricesAndScriptsDialog:  # type: ignore[no-untyped-def]
    application()
    manager = get_cashier(counter.db, staff.manager_id)
    assert manager is not None
    made = PricesAndScriptsDialog(counter, ManagerApproval(manager, staff.manager_pin))
    qtbot.add_widget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def test_closing_the_prices_dialog_with_an_unsaved_script_asks(
    prices: PricesAndScriptsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def keep_editing(cls, parent, script):  # type: ignore[no-untyped-def]
        asked.append(script)
        return False

    monkeypatch.setattr(PricesAndScriptsDialog, "confirm_discard", classmethod(keep_editing))
    prices.form.script_text.setPlainText("Wax it today, {first_name}?")
    prices.form.buttons.rejected.emit()  # Close, or Esc
    assert asked and prices.isVisible()
    assert prices.form.script_text.toPlainText() == "Wax it today, {first_name}?"
    monkeypatch.setattr(PricesAndScriptsDialog, "confirm_discard", classmethod(lambda cls, p, s: True))
    prices.form.buttons.rejected.emit()
    assert not prices.isVisible()


def test_closing_the_prices_dialog_with_nothing_typed_does_not_ask(
    prices: PricesAndScriptsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        PricesAndScriptsDialog, "confirm_discard", classmethod(lambda cls, p, s: pytest.fail("asked"))
    )
    prices.form.buttons.rejected.emit()
    assert not prices.isVisible()


def test_a_script_refusal_is_not_carried_to_other_tabs(prices: PricesAndScriptsDialog) -> None:
    form = prices.form
    form.script_text.setPlainText("Hi {name}, upgrade?")
    form.script_save.click()
    assert form.dialog_error.text()  # refused: unknown placeholder
    form.settings_tabs.setCurrentIndex((form.settings_tabs.currentIndex() + 1) % form.settings_tabs.count())
    assert form.dialog_error.text() == ""
