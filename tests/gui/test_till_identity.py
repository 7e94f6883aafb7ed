"""Two checkout windows on one database file, as two tills: each keeps its own ticket and receipts.

Also: the manager's Settings show this till's identity and rename it, and a till already
running is refused at start-up with one sentence on screen.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from posapp.app import run_counter
from posapp.counter import Counter, open_counter, this_installation
from posapp.domain.errors import UserError
from posapp.domain.ticket import Payment, TicketDraft
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import ManagerApproval
from posapp.gui.main import application
from posapp.gui.manager_settings import PricesAndScriptsDialog
from posapp.gui.printing import PrintQueue
from posapp.gui.startup import StartupProblemDialog
from posapp.services.checkout import complete_sale
from posapp.services.shifts import current_shift, open_shift
from posapp.services.tills import TillInUseError, TillPlace
from posapp.settings import default_settings_path
from posapp.storage.cashiers import get_cashier
from posapp.storage.print_jobs import claim_job, get_job, queue_original
from posapp.storage.tickets import load_ticket


def lane_b_of(counter: Counter) -> Counter:
    """A second till on the counter's database file: another installation, the same shipped settings."""
    return open_counter(
        counter.db_path,
        settings_path=default_settings_path(),
        now=counter.now,
        till=TillPlace(counter.db_path.parent / "lane-b"),
    )


@pytest.fixture
def lane_b(counter: Counter, staff: object) -> Iterator[Counter]:
    made = lane_b_of(counter)
    yield made
    made.db.conn.close()
    assert made.till is not None
    made.till.release()


def test_a_sale_on_one_till_leaves_the_ticket_rung_up_on_the_other(
    qtbot: QtBot,
    window: CheckoutWindow,
    drive,
    make_window: Callable[..., CheckoutWindow],
    counter: Counter,
    lane_b: Counter,
) -> None:  # type: ignore[no-untyped-def]
    window_b = make_window(lane_b)
    drive_b = type(drive)(window_b)
    drive_b.sign_in()
    drive_b.tap("wash_premium_package")  # lane B's customer is being rung up

    drive.tap("wash_standard_wash")
    drive.tap("pay_card")
    with qtbot.waitSignal(window.sale_completed):
        drive.tap("complete_sale")

    # Lane B's till crashes and starts again: its ticket comes back.
    window_b.close()
    lane_b.db.conn.close()
    assert lane_b.till is not None
    lane_b.till.release()
    again = lane_b_of(counter)
    try:
        restarted = make_window(again)
        assert "restored" in restarted.notice.text
        restarted_drive = type(drive)(restarted)
        restarted_drive.sign_in()
        assert restarted_drive.lines() == ["Premium Package"]
        restarted.close()
    finally:
        again.db.conn.close()
        assert again.till is not None
        again.till.release()


def test_a_till_starting_leaves_alone_the_receipt_another_till_is_printing(
    window: CheckoutWindow, make_window: Callable[..., CheckoutWindow], counter: Counter, lane_b: Counter
) -> None:
    draft = TicketDraft(cashier_id=window.cashier.id, opened_at=counter.now())
    draft = draft.choose_wash(counter.catalog.get("standard_wash"))
    sold = complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)
    job_id = queue_original(counter.db, sold.number, counter.now, till_id=counter.till_id)
    assert claim_job(counter.db, job_id, counter.now, till_id=counter.till_id) is not None  # lane A prints

    window_b = make_window(lane_b)  # lane B starts: it recovers its own interrupted receipts only

    assert "did not print" not in window_b.notice.text
    job = get_job(lane_b.db, job_id)
    assert job is not None and (job.status, job.attempts) == ("printing", 1)
    queue_b = window_b.findChild(PrintQueue)
    assert queue_b is not None
    assert queue_b.retry(job_id) is False  # Retry on lane B cannot print a second original
    assert queue_b.retry_failed() == 0
    job = get_job(lane_b.db, job_id)
    assert job is not None and (job.status, job.attempts) == ("printing", 1)


@pytest.fixture
def dialog(qtbot: QtBot, counter: Counter, staff) -> PricesAndScriptsDialog:  # type: ignore[no-untyped-def]
    application()
    manager = get_cashier(counter.db, staff.manager_id)
    assert manager is not None
    made = PricesAndScriptsDialog(counter, ManagerApproval(manager, staff.manager_pin))
    qtbot.add_widget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def test_settings_show_this_tills_identity_and_the_other_tills(
    dialog: PricesAndScriptsDialog, counter: Counter, lane_b: Counter
) -> None:
    form = dialog.form
    form.settings_tabs.setCurrentWidget(form.till_tab)
    assert form.settings_tabs.tabText(form.settings_tabs.currentIndex()) == "This till"
    assert counter.till is not None and counter.till_id.startswith("till-")
    assert form.till_id.text() == counter.till_id
    assert form.till_name.text() == "counter-1"
    assert form.till_database.text() == str(counter.db_path)
    assert form.till_others.text() == "none yet"  # the dialog was opened before lane B started
    dialog._show_other_tills()
    assert form.till_others.text() == f"counter-2 ({lane_b.till_id})"


def test_a_manager_renames_the_till_and_its_next_ticket_carries_the_name(
    dialog: PricesAndScriptsDialog, counter: Counter, staff
) -> None:  # type: ignore[no-untyped-def]
    form = dialog.form
    form.settings_tabs.setCurrentWidget(form.till_tab)
    form.till_name.setText("Lane 1")
    form.till_save.click()
    assert form.settings_status.text() == "This till is now called Lane 1; its next tickets carry that name."
    assert form.dialog_error.text() == ""
    assert counter.settings.terminal == "Lane 1"
    [(before, after)] = counter.db.execute(
        "SELECT before, after FROM audit_log WHERE action = 'till_renamed'"
    ).fetchall()
    assert (json.loads(before), json.loads(after)) == ({"name": "counter-1"}, {"name": "Lane 1"})
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now())
    draft = draft.choose_wash(counter.catalog.get("express_wash"))
    sold = complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)
    ticket = load_ticket(counter.db, sold.number)
    assert ticket is not None and ticket.terminal == "Lane 1"

    form.till_name.setText("")
    form.till_save.click()
    assert "Type a name for this till" in form.dialog_error.text()
    assert counter.settings.terminal == "Lane 1"


def test_a_till_renamed_in_settings_mid_shift_sells_on_into_the_same_shift(
    dialog: PricesAndScriptsDialog, counter: Counter, staff
) -> None:  # type: ignore[no-untyped-def]
    opened = open_shift(
        counter.db, till_id=counter.till_id, cashier_id=staff.cashier_id, float_cents=100_00, now=counter.now
    )
    form = dialog.form
    form.settings_tabs.setCurrentWidget(form.till_tab)
    form.till_name.setText("Lane 1")
    form.till_save.click()
    assert counter.settings.terminal == "Lane 1" and form.dialog_error.text() == ""

    shift = current_shift(counter.db, counter.till_id)
    assert shift is not None and (shift.id, shift.terminal) == (opened.id, "Lane 1")
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now())
    draft = draft.choose_wash(counter.catalog.get("express_wash"))
    sold = complete_sale(
        counter.db,
        draft,
        payment=Payment.CASH,
        settings=counter.settings,
        now=counter.now,
        till_id=counter.till_id,
    )
    assert counter.db.execute("SELECT shift_id FROM tickets WHERE number = ?", (sold.number,)).fetchone() == (
        opened.id,
    )


def test_the_settings_tab_fits_and_shows_the_identity(
    qtbot: QtBot, dialog: PricesAndScriptsDialog, counter: Counter, tmp_path: Path
) -> None:
    """Not a check of pixels: the picture (1024x768) is for a person to look at."""
    dialog.resize(1024, 768)
    dialog.form.settings_tabs.setCurrentWidget(dialog.form.till_tab)
    qtbot.wait(50)
    assert dialog.form.till_id.isVisible() and dialog.form.till_id.width() > 200
    assert dialog.grab().save(str(tmp_path / "till-settings.png"))


def test_a_till_already_running_is_refused_at_start_up_with_one_sentence(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "XDG_DATA_HOME", str(tmp_path / "user-data")
    )  # this person's data folder, for the test
    db_path = tmp_path / "counter.db"
    running = open_counter(db_path, settings_path=default_settings_path(), till=this_installation())
    seen: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        StartupProblemDialog,
        "ask",
        lambda sentence, details, can_restore: seen.append((sentence, can_restore)),
    )
    try:
        with pytest.raises(TillInUseError) as refused:  # the command line prints it and exits 2
            run_counter(
                argparse.Namespace(db=db_path, settings=default_settings_path(), demo=False, till=None)
            )
        assert refused.value.message.startswith(
            f"The till counter-1 ({running.till_id}) is already running on"
        )
        assert seen == [(f"The counter cannot start: {refused.value.message}", False)]
        assert isinstance(refused.value, UserError)
    finally:
        running.db.conn.close()
        assert running.till is not None
        running.till.release()
