"""A start paints the sign-in page first; the checkout is built and a ticket left open restored behind it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.ticket import TicketDraft
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.main import application, build_window
from posapp.offers.tuning import Policy
from posapp.storage.drafts import load_draft, save_draft
from tests.conftest import Staff
from tests.gui.conftest import Driver


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


class NoticeAtFirstPaint(QObject):
    """What the window's notice said when the sign-in page first painted."""

    def __init__(self, window: CheckoutWindow) -> None:
        super().__init__()
        self.window = window
        self.text: str | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.text is None:
            self.text = self.window.notice.text
        return False


def leave_a_ticket_open(counter: Counter, cashier_id: int) -> None:
    """What a till that crashed mid-sale leaves: a Standard Wash with Car Waxing, saved as the draft."""
    draft = TicketDraft(cashier_id=cashier_id, opened_at=counter.now())
    draft = draft.choose_wash(counter.catalog.get("standard_wash"))
    draft = draft.add_addon(counter.catalog.get("car_waxing"))
    save_draft(counter.db, counter.till_id, draft, counter.now())


def started(qtbot: QtBot, counter: Counter) -> tuple[CheckoutWindow, NoticeAtFirstPaint]:
    """The window as a start shows it, watched at its first paint, until the checkout is built behind it."""
    application()
    window = build_window(counter)
    qtbot.add_widget(window)
    watch = NoticeAtFirstPaint(window)
    window.sign_in_page.installEventFilter(watch)
    window.resize(1024, 768)
    window.show()
    qtbot.waitUntil(lambda: window.pages.count() == 2)
    return window, watch


def test_a_ticket_left_open_is_restored_just_after_the_sign_in_page_paints(
    qtbot: QtBot, counter: Counter, staff: Staff
) -> None:
    leave_a_ticket_open(counter, staff.cashier_id)
    window, watch = started(qtbot, counter)
    assert watch.text == ""  # the first paint did not wait for the ticket's services
    assert window.notice.text == "The ticket in progress was restored: carry on where you left off."
    assert window.pages.currentWidget() is window.sign_in_page
    Driver(window).sign_in()
    assert window.notice.text == ""  # signed in, the ticket is on screen
    assert Driver(window).lines() == ["Standard Wash", "+ Car Waxing"]
    window.close()


def test_a_pin_typed_before_the_checkout_is_built_gets_the_ticket_left_open(
    qtbot: QtBot, counter: Counter, staff: Staff
) -> None:
    leave_a_ticket_open(counter, staff.cashier_id)
    application()
    window = build_window(counter)
    qtbot.add_widget(window)
    assert window.pages.count() == 1  # nothing built behind the sign-in page yet
    Driver(window).sign_in()  # typed before the first paint's build had its turn
    assert window.pages.currentWidget() is window.checkout
    assert Driver(window).lines() == ["Standard Wash", "+ Car Waxing"]
    assert window.keeper.draft is not None and window.keeper.draft.cashier_id == staff.cashier_id
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.pages.count() == 2 and Driver(window).lines() == ["Standard Wash", "+ Car Waxing"]
    window.close()


def test_a_ticket_that_cannot_be_restored_is_one_sentence_just_after_the_first_paint(
    qtbot: QtBot, counter: Counter, staff: Staff
) -> None:
    leave_a_ticket_open(counter, staff.cashier_id)
    # Saved by a newer version, say, with an offer kind this one does not know.
    with closing(sqlite3.connect(counter.db_path)) as other:
        other.execute("UPDATE drafts SET body = json_set(body, '$.lines[0].offer_kind', 'teleport')")
        other.commit()
    window, watch = started(qtbot, counter)
    assert watch.text == ""
    assert window.notice.text.startswith("The ticket left open could not be restored (")
    assert "Traceback" not in window.notice.text
    drive = Driver(window)
    drive.sign_in()  # a fresh ticket: selling goes on
    assert drive.lines() == []
    drive.tap("wash_standard_wash")
    assert drive.lines() == ["Standard Wash"]
    kept = load_draft(counter.db, counter.till_id)
    assert kept is not None and kept.codes == ("standard_wash",)  # the next start restores this one
    window.close()


def refuse_reading(table: str) -> Callable[[int, str | None, str | None, str | None, str | None], int]:
    """A SQLite authorizer that refuses every read of `table`: a database failing as the checkout is built."""

    def authorize(action: int, arg1: str | None, *_: str | None) -> int:
        return sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_READ and arg1 == table else sqlite3.SQLITE_OK

    return authorize


def test_a_database_failing_as_the_checkout_is_built_is_one_sentence_and_a_later_sign_in_opens_it(
    qtbot: QtBot, counter: Counter, staff: Staff
) -> None:
    # Under the best-value policy, the checkout's offer session reads the season's take rates.
    rules = replace(counter.settings.offer_rules, policy=Policy.BEST_VALUE)
    counter.setup.change(settings=replace(counter.settings, offer_rules=rules))
    counter.db.conn.set_authorizer(refuse_reading("offer_events"))
    application()
    window = build_window(counter)
    qtbot.add_widget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitUntil(lambda: window.notice.text != "")
    assert window.notice.text.startswith("Preparing the checkout failed: the database refused it (")
    assert window.notice.text.endswith("; nothing was changed, try again in a moment.")
    assert window.pages.count() == 1  # no checkout half-built

    drive = Driver(window)
    drive.sign_in(open_shift=False)  # still failing: nobody is signed in, the sign-in page stays
    assert window.notice.text.startswith("Opening the checkout failed: the database refused it (")
    assert window.cashier is None and window.pages.currentWidget() is window.sign_in_page

    counter.db.conn.set_authorizer(None)  # the fault passes
    drive.sign_in()
    assert window.cashier is not None and window.pages.currentWidget() is window.checkout
    assert window.notice.text == ""  # the failure is not left on the checkout as if it were current
    drive.tap("wash_standard_wash")
    assert drive.lines() == ["Standard Wash"]
    window.close()


def test_a_database_failing_as_the_cashiers_ticket_is_opened_signs_nobody_in(
    qtbot: QtBot, counter: Counter, staff: Staff
) -> None:
    window, _ = started(qtbot, counter)  # the checkout is built behind the sign-in page
    counter.db.conn.set_authorizer(refuse_reading("experiments"))  # read as the new ticket's offer is decided
    drive = Driver(window)
    drive.sign_in(open_shift=False)
    assert window.notice.text.startswith("Opening the checkout failed: the database refused it (")
    assert window.cashier is None and window.pages.currentWidget() is window.sign_in_page
    assert window.keeper.draft is None  # no ticket half-made for nobody

    counter.db.conn.set_authorizer(None)
    drive.sign_in()
    assert window.cashier is not None and window.pages.currentWidget() is window.checkout
    assert window.notice.text == "" and window.keeper.draft is not None
    window.close()
