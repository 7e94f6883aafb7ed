"""Receipt printing at the counter: jobs print off the GUI thread, failures come back with Retry.

The sale is committed before anything here runs. The database is only touched on the GUI
thread (its connection belongs to it); the worker gets a frozen ReceiptData and the settings.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMarginsF,
    QObject,
    QRunnable,
    QSize,
    QSizeF,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.receipts.data import ReceiptData, load_receipt
from posapp.receipts.errors import PrintError
from posapp.receipts.printer_test import printer_test_receipt
from posapp.receipts.printers import PAPER_LOW, SystemPrint, print_receipt, receipt_folder
from posapp.services.faults import explain_storage_error
from posapp.settings import ReceiptSettings, Settings
from posapp.storage.catalog import load_catalog
from posapp.storage.print_jobs import (
    claim_job,
    failed_jobs,
    mark_failed,
    mark_printed,
    queue_copy,
    queue_original,
    recover_interrupted,
)

if TYPE_CHECKING:
    # Imported where used: the checkout paints first, the first receipt loads QtPdf and reportlab.
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from posapp.receipts.pdf import RenderedReceipt

#: Rendering above this adds nothing a thermal head can show, and costs memory on 1200 dpi drivers.
MAX_RENDER_DPI = 300

Notify = Callable[[str, str | None, Callable[[], object] | None], object]


class SellingWindow(Protocol):
    """What the checkout window offers receipt printing: its sale signal and its notice area."""

    sale_completed: Signal

    def show_notice(
        self, text: str, action_text: str | None = None, on_action: Callable[[], object] | None = None
    ) -> object: ...


def print_pdf_on_qprinter(rendered: RenderedReceipt, printer: QPrinter) -> None:
    """Draw each PDF page, rendered by QtPdf near the printer's dpi, on a page of the receipt's size."""
    from PySide6.QtPdf import QPdfDocument

    # Taller than wide, or Qt turns the page to landscape.
    size = QPageSize(
        QSizeF(rendered.width_mm, max(rendered.height_mm, rendered.width_mm + 1)),
        QPageSize.Unit.Millimeter,
        "Receipt",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )
    printer.setPageSize(size)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    printer.setFullPage(True)
    document = QPdfDocument()
    with tempfile.TemporaryDirectory(prefix="posapp-receipt-") as folder:
        path = Path(folder) / "receipt.pdf"
        path.write_bytes(rendered.pdf)
        if document.load(str(path)) != QPdfDocument.Error.None_:
            raise PrintError("The receipt PDF could not be opened for printing.")
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(f"The printer {printer.printerName() or 'chosen'} could not be opened.")
        try:
            for page in range(document.pageCount()):
                if page:
                    printer.newPage()
                _draw_page(painter, printer, document, page)
        finally:
            ended = painter.end()
        document.close()
    if not ended:
        raise PrintError(f"The printer {printer.printerName()} did not accept the receipt.")


def _draw_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int) -> None:
    points = document.pagePointSize(page)
    device_dpi = printer.resolution()
    dpi = min(device_dpi, MAX_RENDER_DPI)
    image = document.render(page, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi)))
    if image.isNull():
        raise PrintError("The receipt could not be rendered for the printer.")
    painter.save()
    # Scale the painter, not the image: a PDF or PostScript engine then keeps the image at its
    # own size (fast, small) and a raster driver scales it once.
    painter.scale(device_dpi / dpi, device_dpi / dpi)
    # QtPdf leaves the paper transparent; composited over white it prints as blank paper, not black.
    painter.fillRect(image.rect(), QColor(Qt.GlobalColor.white))
    painter.drawImage(0, 0, image)
    painter.restore()


def print_with_qt(rendered: RenderedReceipt, printer_name: str) -> None:
    """The system printer path where CUPS's lp is absent (Windows): QPrinter by name."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(printer_name)
    if not printer.isValid():
        raise PrintError(f"There is no printer named {printer_name} on this computer.")
    printer.setDocName("Receipt")
    print_pdf_on_qprinter(rendered, printer)


class _TaskSignals(QObject):
    finished = Signal(int, bool, str)


class _PrintTask(QRunnable):
    """Prints one receipt on a pool thread and reports (job id, printed, where or why not)."""

    def __init__(
        self,
        job_id: int,
        receipt: ReceiptData,
        settings: ReceiptSettings,
        folder: Path,
        system_print: SystemPrint | None,
    ) -> None:
        super().__init__()
        # The pool deletes the runnable once run() returns (the default); the queue keeps only
        # its signals until the result is handled, so no receipt stays in memory after printing.
        self.job_id, self.receipt, self.settings = job_id, receipt, settings
        self.folder, self.system_print = folder, system_print
        self.signals = _TaskSignals()

    def run(self) -> None:
        try:
            where = print_receipt(
                self.receipt,
                self.settings,
                folder=self.folder,
                job_id=self.job_id,
                system_print=self.system_print,
            )
        except UserError as error:
            self.signals.finished.emit(self.job_id, False, error.message)
        except Exception as error:
            self.signals.finished.emit(self.job_id, False, f"{type(error).__name__}: {error}")
        else:
            self.signals.finished.emit(self.job_id, True, where)


class PrintQueue(QObject):
    """Queues receipts as print jobs and prints them one at a time, off the GUI thread.

    Signals:
        job_done(int, bool, str): a job finished: its id, whether it printed, and where it
            went or why it failed. Emitted on the GUI thread after the database is updated.
    """

    job_done = Signal(int, bool, str)
    test_page_done = Signal(bool, str)

    def __init__(
        self,
        counter: Counter,
        *,
        notify: Notify | None = None,
        system_print: SystemPrint | None = print_with_qt,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.counter, self.notify, self.system_print = counter, notify, system_print
        # One thread: receipts come out in order and never interleave on one printer.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._running: dict[int, _TaskSignals] = {}
        self._test_pages: list[_TaskSignals] = []

    @Slot(int)
    def print_sale(self, ticket_number: int) -> None:
        """The original receipt of a sale just committed; a second call for it prints nothing more."""
        try:
            job_id = queue_original(self.counter.db, ticket_number, self.counter.now)
        except (sqlite3.Error, UserError) as error:
            # The sale is stored; only its receipt is missing, and the cashier must know.
            if self.notify is not None:
                cause = explain_storage_error(
                    error, f"Queuing receipt {ticket_number}", kept="the sale is stored"
                )
                self.notify(f"{cause} Reprint it from Ticket history.", None, None)
            return
        self.run_job(job_id)

    def reprint(self, ticket_number: int) -> int:
        """Print a copy, marked COPY, of any past receipt; returns the new job's id."""
        job_id = queue_copy(self.counter.db, ticket_number, self.counter.now)
        self.run_job(job_id)
        return job_id

    def retry(self, job_id: int) -> bool:
        """Print a failed job again; a job already printed (or printing) is left alone."""
        return self.run_job(job_id)

    def run_job(self, job_id: int) -> bool:
        """Claim the job and start it on the pool; False when it is printed or already printing."""
        db, now = self.counter.db, self.counter.now
        job = claim_job(db, job_id, now)
        if job is None:
            return False
        try:
            receipt = load_receipt(db, job.ticket_number, self.counter.settings, copy=job.copy)
        except UserError as error:
            mark_failed(db, job_id, error.message, now)
            self._report(job_id, False, error.message)
            return True
        settings = self.counter.settings.receipt
        task = _PrintTask(
            job_id, receipt, settings, receipt_folder(settings, self.counter.db_path), self.system_print
        )
        task.signals.finished.connect(self._finished)
        self._running[job_id] = task.signals
        self.pool.start(task)
        return True

    def print_test_page(self, settings: Settings, manager: str) -> None:
        """Print the printer test page as `settings` say (saved or not yet), after any receipt waiting.

        It is no print job: nothing is stored, and `test_page_done` says how it went.
        """
        catalog = load_catalog(self.counter.db)
        receipt = printer_test_receipt(settings, catalog, self.counter.now(), manager)
        folder = receipt_folder(settings.receipt, self.counter.db_path)
        task = _PrintTask(0, receipt, settings.receipt, folder, self.system_print)
        task.signals.finished.connect(self._test_page_finished)
        self._test_pages.append(task.signals)
        self.pool.start(task)

    @Slot(int, bool, str)
    def _test_page_finished(self, _job: int, printed: bool, detail: str) -> None:
        if self._test_pages:
            self._test_pages.pop(0).deleteLater()
        self.test_page_done.emit(printed, detail)

    def retry_failed(self) -> int:
        """Retry every failed job (after the printer is back); returns how many were started."""
        return sum(self.run_job(job.id) for job in failed_jobs(self.counter.db))

    def wait_for_done(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def finish_pending(self, msecs: int = 10_000) -> None:
        """Let receipts being printed finish and be recorded (on close), so none stays "printing"."""
        self.pool.waitForDone(msecs)
        # The results wait as queued calls on this object: deliver them now, not after the close.
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.finish_pending()
        return False

    @Slot(int, bool, str)
    def _finished(self, job_id: int, printed: bool, detail: str) -> None:
        signals = self._running.pop(job_id, None)
        if signals is not None:
            signals.deleteLater()
        if printed:
            mark_printed(self.counter.db, job_id, self.counter.now)
        else:
            mark_failed(self.counter.db, job_id, detail, self.counter.now)
        self._report(job_id, printed, detail)

    def _report(self, job_id: int, printed: bool, detail: str) -> None:
        if not printed and self.notify is not None:
            self.notify(f"The receipt did not print: {detail}", "Retry", partial(self.retry, job_id))
        elif detail.endswith(PAPER_LOW) and self.notify is not None:
            # Said now, between cars, rather than discovered half-way through a receipt.
            self.notify(
                "The receipt printed; the paper roll is nearly finished: put in a new one soon.", None, None
            )
        self.job_done.emit(job_id, printed, detail)


def install_receipt_printing(window: SellingWindow, counter: Counter) -> PrintQueue:
    """Print every completed sale's receipt; failures appear in the window's notice area with Retry."""
    queue = PrintQueue(
        counter, notify=window.show_notice, parent=window if isinstance(window, QObject) else None
    )
    window.sale_completed.connect(queue.print_sale)
    if isinstance(window, QObject):
        window.installEventFilter(queue)  # closing the window waits for receipts in flight
    # A counter that stopped mid-print left jobs "printing": offer them for a deliberate Retry.
    recover_interrupted(counter.db, counter.now)

    def remind_of_failures(_job: int = 0, printed: bool = True, _detail: str = "") -> None:
        # A failure's own notice may have been replaced since (the next sale clears the bar):
        # while receipts are still unprinted, the bar keeps saying so, with its Retry.
        waiting = failed_jobs(counter.db)
        if printed and waiting:
            window.show_notice(f"{len(waiting)} receipt(s) did not print.", "Retry", queue.retry_failed)

    queue.job_done.connect(remind_of_failures)
    remind_of_failures()
    return queue
