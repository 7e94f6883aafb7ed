"""The print queue at the counter: off-thread printing, a failure offers Retry, reprints say COPY.

The checkout window is stood in for by a small widget with its interface (the `sale_completed`
signal and `show_notice`); the database, the printers and the PDFs are real.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.gui.printing import PrintQueue, install_receipt_printing, print_pdf_on_qprinter
from posapp.gui.ticket_history import open_ticket_history
from posapp.receipts.data import load_receipt
from posapp.receipts.escpos_render import receipt_escpos_bytes
from posapp.receipts.pdf import render_receipt
from posapp.services.checkout import complete_sale
from posapp.storage.print_jobs import claim_job, queue_original
from tests.conftest import PAPER_NEAR_END, PAPER_OUT

WAIT_MS = 15_000


class StandInCheckout(QWidget):
    """The checkout window's interface to printing, and nothing else."""

    sale_completed = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.notices: list[tuple[str, str | None, Callable[[], object] | None]] = []

    def show_notice(
        self, text: str, action_text: str | None = None, on_action: Callable[[], object] | None = None
    ) -> None:
        self.notices.append((text, action_text, on_action))


def _sell(counter: Counter, cashier_id: int, payment: Payment = Payment.CASH) -> int:
    now = counter.now()
    draft = TicketDraft(cashier_id=cashier_id, opened_at=now).choose_wash(counter.catalog.get("express_wash"))
    draft = draft.add_addon(counter.catalog.get("car_waxing"), OfferKind.CROSS_SELL)
    draft = draft.record_offer(
        OfferEvent(Moment.CHECKOUT, OfferKind.CROSS_SELL, "car_waxing", Outcome.ACCEPTED, now)
    )
    return complete_sale(
        counter.db, draft, payment=payment, settings=counter.settings, now=counter.now
    ).number


def _jobs(counter: Counter) -> list[tuple[int, str, int, str]]:
    return [
        (int(copy), status, attempts, error)
        for copy, status, attempts, error in counter.db.execute(
            "SELECT copy, status, attempts, error FROM print_jobs ORDER BY id"
        ).fetchall()
    ]


def _on_network_printer(counter: Counter, port: int) -> Counter:
    """The counter printing ESC/POS to a network printer on this machine's `port`."""
    return _with_printer(
        counter, printer="escpos", escpos_backend="network", escpos_target=f"127.0.0.1:{port}"
    )


def _with_printer(counter: Counter, **receipt: object) -> Counter:
    """The same counter, its receipts now going where `receipt` says (as a manager's Save does)."""
    settings = counter.settings
    counter.setup.change(settings=replace(settings, receipt=replace(settings.receipt, **receipt)))
    return counter


@pytest.fixture
def window(qtbot: QtBot) -> StandInCheckout:
    widget = StandInCheckout()
    qtbot.add_widget(widget)
    return widget


def test_a_completed_sale_prints_its_receipt_off_the_gui_thread(
    qtbot: QtBot, window: StandInCheckout, counter: Counter, staff, tmp_path: Path
) -> None:
    queue = install_receipt_printing(window, counter)
    number = _sell(counter, staff.cashier_id)

    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS) as done:
        window.sale_completed.emit(number)
        # The result can only arrive through the event loop: the emit returned before it was stored.
        assert _jobs(counter) == [(0, "printing", 1, "")]

    assert done.args[1] is True
    assert _jobs(counter) == [(0, "printed", 1, "")]
    text = (
        PdfReader(io.BytesIO((tmp_path / "receipts" / "receipt-000001.pdf").read_bytes()))
        .pages[0]
        .extract_text()
    )
    assert "+ Car Waxing ADD-ON" in " ".join(text.split())
    assert window.notices == []


def test_a_printer_that_is_off_leaves_a_notice_with_retry_and_the_sale_stored(
    qtbot: QtBot, window: StandInCheckout, counter: Counter, staff, free_port: int, listen_on
) -> None:
    port = free_port
    counter = _on_network_printer(counter, port)
    queue = install_receipt_printing(window, counter)
    number = _sell(counter, staff.cashier_id)

    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS):
        window.sale_completed.emit(number)

    [(text, action, retry)] = window.notices
    assert (
        text.startswith("The receipt did not print: The receipt printer at 127.0.0.1:")
        and "nothing answered at that address" in text
    )
    assert action == "Retry" and retry is not None
    assert _jobs(counter)[0][:3] == (0, "failed", 1)
    assert counter.db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1

    listener = listen_on(port)
    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS) as done:
        retry()
    assert done.args[1] is True
    receipt = load_receipt(counter.db, number, counter.settings, copy=False)
    assert listener.close() == receipt_escpos_bytes(receipt, width_mm=80, cash_drawer=True)
    assert _jobs(counter) == [(0, "printed", 2, "")]

    # The same sale announced again, or Retry pressed again, prints no second original.
    window.sale_completed.emit(number)
    assert retry() is False
    assert _jobs(counter) == [(0, "printed", 2, "")]
    assert len(window.notices) == 1


def test_ticket_history_lists_tickets_and_reprints_a_copy(
    qtbot: QtBot, qtmodeltester, window: StandInCheckout, counter: Counter, staff, tmp_path: Path
) -> None:
    queue = install_receipt_printing(window, counter)
    first = _sell(counter, staff.cashier_id)
    second = _sell(counter, staff.cashier_id, Payment.CARD)

    dialog = open_ticket_history(window, counter)
    qtbot.add_widget(dialog)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    assert [model.data(model.index(row, 0)) for row in range(model.rowCount())] == ["000002", "000001"]
    assert [model.data(model.index(0, column)) for column in range(4)] == [
        "000002",
        "Nov 27, 2026 10:00\u202fAM",
        "$19.49",
        "Completed",
    ]

    dialog.table.selectRow(1)
    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS) as done:
        dialog.reprint_button.click()

    assert done.args[1] is True and (first, second) == (1, 2)
    assert _jobs(counter) == [(1, "printed", 1, "")]
    copy = next((tmp_path / "receipts").glob("receipt-000001-copy-*.pdf"))
    text = PdfReader(io.BytesIO(copy.read_bytes())).pages[0].extract_text()
    assert text.splitlines()[0].strip() == "COPY" and "Reprint of receipt 000001" in text


def test_jobs_cut_short_by_a_stop_are_offered_again_at_start(
    qtbot: QtBot, window: StandInCheckout, counter: Counter, staff
) -> None:
    job_id = queue_original(
        counter.db, _sell(counter, staff.cashier_id), counter.now, till_id=counter.till_id
    )
    # The counter stopped while this was printing.
    claim_job(counter.db, job_id, counter.now, till_id=counter.till_id)

    queue = install_receipt_printing(window, counter)

    [(text, action, retry)] = window.notices
    assert (text, action) == ("1 receipt(s) did not print.", "Retry")
    assert isinstance(queue, PrintQueue) and retry is not None
    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS):
        retry()
    assert _jobs(counter) == [(0, "printed", 2, "")]


@pytest.mark.parametrize("width_mm", [80, 58])
def test_qt_prints_the_pdf_on_a_page_of_the_receipts_own_size(
    counter: Counter, staff, tmp_path: Path, width_mm: int
) -> None:
    receipt = load_receipt(counter.db, _sell(counter, staff.cashier_id), counter.settings, copy=False)
    rendered = render_receipt(receipt, width_mm)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "qt.pdf"))

    print_pdf_on_qprinter(rendered, printer)

    page = PdfReader(io.BytesIO((tmp_path / "qt.pdf").read_bytes())).pages[0]
    assert float(page.mediabox.width) == pytest.approx(width_mm * 72 / 25.4, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(rendered.height_mm * 72 / 25.4, abs=0.5)
    assert float(page.mediabox.height) > float(page.mediabox.width)
    assert len(page["/Resources"]["/XObject"]) == 1  # the rendered receipt image, drawn once
    # Printed as a receipt looks: white paper with black type, not a black (transparent) page.
    printed = QPdfDocument()
    printed.load(str(tmp_path / "qt.pdf"))
    image = printed.render(0, QSize(200, round(200 * rendered.height_mm / width_mm)))
    printed.close()
    greys = [
        QColor(image.pixel(x, y)).lightness() for x in range(0, 200, 3) for y in range(0, image.height(), 3)
    ]
    assert QColor(image.pixel(2, 2)).lightness() == 255
    assert sum(grey > 200 for grey in greys) > 0.8 * len(greys)
    assert any(grey < 60 for grey in greys)


def test_a_receipt_that_did_not_print_is_not_forgotten_after_the_next_sale(
    qtbot: QtBot, window: StandInCheckout, counter: Counter, staff, free_port: int, listen_on
) -> None:
    port = free_port
    counter = _on_network_printer(counter, port)
    queue = install_receipt_printing(window, counter)
    first = _sell(counter, staff.cashier_id)
    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS):
        window.sale_completed.emit(first)
    # The printer is back in time for the next sale, which prints.
    listener = listen_on(port)
    second = _sell(counter, staff.cashier_id)
    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS) as done:
        window.sale_completed.emit(second)
    assert done.args[1] is True
    listener.close()
    text, action, retry = window.notices[-1]
    assert (text, action) == ("1 receipt(s) did not print.", "Retry") and retry is not None
    again = listen_on(port)
    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS) as done:
        assert retry() == 1
    assert done.args[1] is True and again.close()
    assert [status for _, status, _, _ in _jobs(counter)] == ["printed", "printed"]


def test_the_cashier_hears_of_an_empty_roll_and_of_one_nearly_finished(
    qtbot: QtBot, window: StandInCheckout, counter: Counter, staff, free_port: int, listen_on
) -> None:
    counter = _on_network_printer(counter, free_port)
    queue = install_receipt_printing(window, counter)
    number = _sell(counter, staff.cashier_id)

    empty = listen_on(free_port, paper=PAPER_OUT)
    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS):
        window.sale_completed.emit(number)
    assert empty.close() == b""
    [(text, action, retry)] = window.notices
    assert text == (
        f"The receipt did not print: The receipt printer at 127.0.0.1:{free_port} is out of paper;"
        " put in a new roll, then press Retry."
    )
    assert action == "Retry" and retry is not None

    last_roll = listen_on(free_port, paper=PAPER_NEAR_END)
    with qtbot.waitSignal(queue.job_done, timeout=WAIT_MS) as done:
        retry()
    assert done.args[1] is True
    assert last_roll.close() == receipt_escpos_bytes(
        load_receipt(counter.db, number, counter.settings, copy=False), width_mm=80, cash_drawer=True
    )
    assert window.notices[-1] == (
        "The receipt printed; the paper roll is nearly finished: put in a new one soon.",
        None,
        None,
    )
