"""Receipt printer: the manager prints a test page with the choices on screen, then saves them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from posapp.counter import Counter, open_counter
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import ManagerApproval, ManagerApprovalDialog
from posapp.gui.main import application
from posapp.gui.printer_setup import PrinterSetupDialog
from posapp.gui.printing import PrintQueue
from posapp.services.auth import add_cashier
from posapp.services.checkout import complete_sale
from posapp.services.receipt_setup import ESC_POS_TARGET_HINTS
from posapp.services.tills import TillPlace
from posapp.settings import load_settings
from posapp.storage.cashiers import Role, get_cashier
from tests.conftest import Clock

WAIT_MS = 15_000


def pdf_text(path: Path) -> str:
    return " ".join(PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text().split())


@pytest.fixture
def own_counter(tmp_path: Path, clock: Clock) -> Iterator[Counter]:
    """A real counter with its own settings.toml beside the database, and Morgan its manager."""
    made = open_counter(tmp_path / "counter.db", now=clock, till=TillPlace(tmp_path / "tills"))
    add_cashier(made.db, name="Morgan", role=Role.MANAGER, pin="9999", now=clock())
    yield made
    made.db.conn.close()
    assert made.till is not None
    made.till.release()


@pytest.fixture
def queue(qtbot: QtBot, own_counter: Counter) -> Iterator[PrintQueue]:
    application()
    owner = QWidget()
    qtbot.add_widget(owner)
    made = PrintQueue(own_counter, parent=owner)
    yield made
    made.wait_for_done(WAIT_MS)


@pytest.fixture
def dialog(qtbot: QtBot, queue: PrintQueue, own_counter: Counter) -> PrinterSetupDialog:
    manager = get_cashier(own_counter.db, 1)
    assert manager is not None
    made = PrinterSetupDialog(queue, ManagerApproval(manager, "9999"))
    qtbot.add_widget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def choose(dialog: PrinterSetupDialog, kind: str) -> None:
    dialog.form.printer_kind.setCurrentIndex(dialog.form.printer_kind.findData(kind))


def sell(counter: Counter) -> int:
    now = counter.now()
    draft = TicketDraft(cashier_id=1, opened_at=now).choose_wash(counter.catalog.get("standard_wash"))
    draft = draft.add_addon(counter.catalog.get("car_waxing"), OfferKind.CROSS_SELL)
    draft = draft.record_offer(
        OfferEvent(Moment.CHECKOUT, OfferKind.CROSS_SELL, "car_waxing", Outcome.ACCEPTED, now)
    )
    return complete_sale(
        counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now
    ).number


def test_the_dialog_shows_the_choices_in_force(dialog: PrinterSetupDialog) -> None:
    form = dialog.form
    assert form.printer_kind.currentText() == "PDF files in a folder"
    assert form.printer_pages.currentWidget() is form.pdf_page
    assert form.roll_width.currentData() == 80
    assert form.receipt_footer.text() == "Thank you for washing with us!"
    choose(dialog, "escpos")
    assert form.printer_pages.currentWidget() is form.escpos_page
    assert form.escpos_target.text() == ""  # no made-up address that looks real: a hint instead
    assert form.escpos_target.placeholderText() == ESC_POS_TARGET_HINTS["network"]
    form.escpos_backend.setCurrentIndex(form.escpos_backend.findData("usb"))
    assert form.escpos_target.placeholderText() == "vendor:product in hex, like 04b8:0202"


def test_a_test_page_prints_the_choices_on_screen_and_stores_nothing(
    qtbot: QtBot, dialog: PrinterSetupDialog, queue: PrintQueue, own_counter: Counter, tmp_path: Path
) -> None:
    folder = tmp_path / "tried"
    dialog.form.pdf_folder.setText(str(folder))
    dialog.form.roll_width.setCurrentIndex(dialog.form.roll_width.findData(58))
    with qtbot.waitSignal(queue.test_page_done, timeout=WAIT_MS) as done:
        dialog.form.printer_test.click()
        assert not dialog.form.printer_test.isEnabled()
    assert done.args == [True, str(folder / "printer-test.pdf")]
    assert dialog.form.printer_test.isEnabled()
    assert dialog.form.settings_status.text() == (
        f"The test page went to {folder / 'printer-test.pdf'}. If it looks right, press Save."
    )
    text = pdf_text(folder / "printer-test.pdf")
    assert "PRINTER TEST" in text and "Not a sale: a test of the receipt printer." in text
    assert "+ Car Waxing ADD-ON" in text and "Customer: Nguyễn" in text
    width_pt = float(PdfReader(folder / "printer-test.pdf").pages[0].mediabox.width)
    assert round(width_pt / 72 * 25.4) == 58
    assert own_counter.db.execute("SELECT count(*) FROM print_jobs").fetchone()[0] == 0
    assert load_settings(own_counter.settings.source).receipt.pdf_folder == ""  # tried, not saved


def test_a_test_page_on_a_thermal_printer_keeps_the_drawer_shut(
    qtbot: QtBot, dialog: PrinterSetupDialog, queue: PrintQueue, free_port: int, listen_on
) -> None:  # type: ignore[no-untyped-def]
    choose(dialog, "escpos")
    dialog.form.escpos_target.setText(f"127.0.0.1:{free_port}")
    printer = listen_on(free_port)
    with qtbot.waitSignal(queue.test_page_done, timeout=WAIT_MS) as done:
        dialog.form.printer_test.click()
    received = printer.close()
    assert done.args == [True, f"ESC/POS network 127.0.0.1:{free_port}"]
    assert b"PRINTER TEST" in received and b"+ Car Waxing  ADD-ON" in received
    assert b"\x1bp" not in received  # no sale, no cash: the drawer stays shut


def test_a_test_page_that_fails_says_why(
    qtbot: QtBot, dialog: PrinterSetupDialog, queue: PrintQueue, free_port: int
) -> None:
    choose(dialog, "escpos")
    dialog.form.escpos_target.setText(f"127.0.0.1:{free_port}")
    with qtbot.waitSignal(queue.test_page_done, timeout=WAIT_MS):
        dialog.form.printer_test.click()
    error = dialog.form.dialog_error.text()
    assert error.startswith(f"The test page did not print: The receipt printer at 127.0.0.1:{free_port}")
    assert "nothing answered at that address" in error and "Errno" not in error


def test_saved_choices_are_written_and_the_next_receipt_follows_them(
    qtbot: QtBot, dialog: PrinterSetupDialog, queue: PrintQueue, own_counter: Counter, tmp_path: Path
) -> None:
    folder = tmp_path / "shop-receipts"
    dialog.form.pdf_folder.setText(str(folder))
    dialog.form.receipt_footer.setText("See you next week, Zoë!")
    dialog.form.business_name.setText("Bubbles Auto Spa")
    dialog.form.business_phone.setText("+33 4 72 00 00 00")
    with qtbot.waitSignal(dialog.settings_saved) as saved:
        dialog.form.printer_save.click()
    assert dialog.form.settings_status.text() == f"Saved: the next receipt goes to a PDF in {folder}."
    stored = load_settings(own_counter.settings.source)
    assert (stored.receipt.pdf_folder, stored.receipt.footer) == (str(folder), "See you next week, Zoë!")
    assert (stored.business.name, stored.business.phone) == ("Bubbles Auto Spa", "+33 4 72 00 00 00")
    assert saved.args[0].receipt == stored.receipt == queue.counter.settings.receipt
    assert saved.args[0].business == stored.business == queue.counter.settings.business

    number = sell(own_counter)
    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS) as printed:
        queue.print_sale(number)
    assert printed.args[1] is True
    text = pdf_text(folder / f"receipt-{number:06d}.pdf")
    assert "Bubbles Auto Spa" in text and "Sparkle" not in text
    assert "See you next week, Zoë!" in text


def test_the_test_page_shows_the_header_typed_and_a_chosen_logo(
    qtbot: QtBot, dialog: PrinterSetupDialog, queue: PrintQueue, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QImage

    logo = tmp_path / "logo.png"
    picture = QImage(120, 60, QImage.Format.Format_RGB32)
    picture.fill(QColor("#2f7fc1"))
    assert picture.save(str(logo))
    monkeypatch.setattr(PrinterSetupDialog, "ask_logo", classmethod(lambda cls, *a: str(logo)))
    dialog.form.business_logo_choose.click()
    assert dialog.form.business_logo.text() == str(logo)
    dialog.form.business_name.setText("Bubbles Auto Spa")
    dialog.form.pdf_folder.setText(str(tmp_path / "tried"))
    with qtbot.waitSignal(queue.test_page_done, timeout=WAIT_MS) as done:
        dialog.form.printer_test.click()
    assert done.args[0] is True
    page = PdfReader(tmp_path / "tried" / "printer-test.pdf").pages[0]
    assert "Bubbles Auto Spa" in page.extract_text()
    assert len(page.images) == 1  # the logo, drawn at the top


def test_a_header_without_a_name_is_refused(dialog: PrinterSetupDialog, own_counter: Counter) -> None:
    text = own_counter.settings.source.read_bytes()
    dialog.form.business_name.setText("   ")
    dialog.form.printer_save.click()
    assert dialog.form.dialog_error.text() == "Type the business name: it heads every receipt and report."
    assert own_counter.settings.source.read_bytes() == text


def test_an_incomplete_choice_is_refused_and_nothing_is_saved(
    dialog: PrinterSetupDialog, own_counter: Counter
) -> None:
    text = own_counter.settings.source.read_bytes()
    choose(dialog, "system")
    dialog.form.system_printer.setCurrentText("")
    dialog.form.printer_save.click()
    assert dialog.form.dialog_error.text() == "Choose which printer of this computer prints the receipts."
    assert own_counter.settings.source.read_bytes() == text


def test_the_menu_entry_needs_a_manager(window: CheckoutWindow, counter: Counter, staff, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[int | None] = []

    def nobody(cls, parent, db, now, preselect=None, approving=""):  # type: ignore[no-untyped-def]
        asked.append(preselect)

    monkeypatch.setattr(ManagerApprovalDialog, "ask_approval", classmethod(nobody))
    next(a for a in window.counter_menu.actions() if a.objectName() == "menu_receipt_printer").trigger()
    assert asked == [staff.cashier_id] and window.findChild(PrinterSetupDialog) is None

    manager = get_cashier(counter.db, staff.manager_id)
    monkeypatch.setattr(
        ManagerApprovalDialog,
        "ask_approval",
        classmethod(lambda cls, *a, **k: ManagerApproval(manager, "9999")),
    )
    next(a for a in window.counter_menu.actions() if a.objectName() == "menu_receipt_printer").trigger()
    opened = window.findChild(PrinterSetupDialog)
    assert opened is not None and opened.windowTitle() == "Receipts – Morgan"
    # The window's counter runs on the shipped settings, as the demo does: nothing is written there.
    assert opened.form.settings_status.text().startswith("The demo keeps these choices")
    opened.close()


def test_screenshot(qtbot: QtBot, dialog: PrinterSetupDialog, tmp_path: Path) -> None:
    """Not a check of pixels: a picture for a person to look at."""
    choose(dialog, "escpos")
    qtbot.wait(50)
    assert dialog.grab().save(str(tmp_path / "printer-setup.png"))


def test_a_new_install_is_reminded_to_put_in_its_own_header(
    qtbot: QtBot, own_counter: Counter, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from posapp.gui.main import build_window

    application()
    window = build_window(own_counter)
    qtbot.add_widget(window)
    assert window.notice.text == "Receipts still print the sample shop's name and address: put in your own."
    assert window.notice.action_button.text() == "Set up"
    manager = get_cashier(own_counter.db, 1)
    monkeypatch.setattr(
        ManagerApprovalDialog,
        "ask_approval",
        classmethod(lambda cls, *a, **k: ManagerApproval(manager, "9999")),
    )
    window.notice.action_button.click()  # straight to the dialog, after the manager's PIN
    dialog = window.findChild(PrinterSetupDialog)
    assert dialog is not None
    dialog.form.business_name.setText("Bubbles Auto Spa")
    dialog.form.printer_save.click()
    dialog.close()
    window.close()
    assert own_counter.till is not None
    own_counter.till.release()  # the till is closed, then started again

    again = build_window(
        open_counter(
            own_counter.db_path, now=own_counter.now, till=TillPlace(own_counter.db_path.parent / "tills")
        )
    )
    qtbot.add_widget(again)
    assert not again.notice.text  # the shop's own name is in: no reminder at the next start
    again.close()
    again.counter.db.conn.close()


def test_the_printer_list_says_so_when_the_computer_has_none(dialog: PrinterSetupDialog) -> None:
    from PySide6.QtPrintSupport import QPrinterInfo

    choose(dialog, "system")
    names = QPrinterInfo.availablePrinterNames()
    box = dialog.form.system_printer
    assert [box.itemText(i) for i in range(box.count())] == names
    if not names:  # this test machine's own CUPS is not running: the usual case here
        assert box.lineEdit().placeholderText() == "No printer found on this computer; type its name"


def test_the_choices_are_as_tall_as_the_printer_chosen(qtbot: QtBot, dialog: PrinterSetupDialog) -> None:
    # Sized by its tallest page, a PDF setup showed a hand's breadth of empty form under "Folder".
    pages = dialog.form.printer_pages
    choose(dialog, "escpos")
    qtbot.waitUntil(lambda: pages.height() >= dialog.form.escpos_page.sizeHint().height())
    escpos_height = pages.height()
    choose(dialog, "pdf_folder")
    qtbot.waitUntil(lambda: pages.height() < escpos_height)
    choose(dialog, "escpos")
    qtbot.waitUntil(lambda: pages.height() == escpos_height)
