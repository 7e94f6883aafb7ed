"""Receipt printing at the counter: jobs print off the GUI thread, failures come back with Retry.

The sale is committed before anything here runs. The database is only touched on the GUI
thread (its connection belongs to it); the worker gets a frozen ReceiptData and the settings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, QSizeF, QThreadPool, Signal, Slot

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.gui.background import BackgroundOp, wait_and_deliver
from posapp.receipts.errors import PrintError
from posapp.services.faults import explain_storage_error
from posapp.settings import ReceiptSettings, Settings
from posapp.storage.print_jobs import (
    claim_job,
    failed_jobs,
    mark_failed,
    mark_printed,
    queue_copy,
    queue_original,
    queue_void_slip,
    recover_interrupted,
)

if TYPE_CHECKING:
    # Imported where used: the checkout paints first; the first receipt loads the receipt's data
    # and printers (babel's dates, sockets), then QtPdf and reportlab.
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    from posapp.receipts.data import ReceiptData
    from posapp.receipts.pdf import RenderedReceipt
    from posapp.receipts.printers import SystemPrint

Notify = Callable[[str, str | None, Callable[[], object] | None], object]


class SellingWindow(Protocol):
    """What the checkout window offers receipt printing: its sale signal and its notice area."""

    sale_completed: Signal

    def show_notice(
        self, text: str, action_text: str | None = None, on_action: Callable[[], object] | None = None
    ) -> object: ...


def receipt_page_size(rendered: RenderedReceipt) -> QPageSize:
    """Paper of the receipt's own width and length."""
    # PySide6 builds QPageSize's type (its ~120 page sizes, ~1 ms) when first imported: at the first receipt.
    from PySide6.QtGui import QPageSize

    # Taller than wide, or Qt turns the page to landscape.
    return QPageSize(
        QSizeF(rendered.width_mm, max(rendered.height_mm, rendered.width_mm + 1)),
        QPageSize.Unit.Millimeter,
        "Receipt",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )


def print_pdf_on_qprinter(rendered: RenderedReceipt, printer: QPrinter) -> None:
    """Print the receipt's PDF on `printer`, on a page of the receipt's size."""
    from posapp.gui.pdf_printing import print_pdf

    print_pdf(rendered.pdf, printer, receipt_page_size(rendered), "receipt")


def print_with_qt(rendered: RenderedReceipt, printer_name: str) -> None:
    """The system printer path where CUPS's lp is absent (Windows): QPrinter by name."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(printer_name)
    if not printer.isValid():
        raise PrintError(f"There is no printer named {printer_name} on this computer.")
    printer.setDocName("Receipt")
    print_pdf_on_qprinter(rendered, printer)


class PrintQueue(QObject):
    """Queues receipts as print jobs and prints them one at a time, off the GUI thread.

    Signals:
        job_done(int, bool, str): a job finished: its id, whether it printed, and where it
            went or why it failed. Emitted on the GUI thread after the database is updated.
    """

    job_done = Signal(int, bool, str)
    test_page_done = Signal(bool, str)
    #: An X or Z slip finished: its job id, whether it printed, where it went or why not.
    slip_done = Signal(int, bool, str)

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
        self._slips_recovered = False

    @Slot(int)
    def print_sale(self, ticket_number: int) -> None:
        """The original receipt of a sale just committed; a second call for it prints nothing more."""
        try:
            job_id = queue_original(
                self.counter.db, ticket_number, self.counter.now, till_id=self.counter.till_id
            )
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
        job_id = queue_copy(self.counter.db, ticket_number, self.counter.now, till_id=self.counter.till_id)
        self.run_job(job_id)
        return job_id

    def print_slip(self, ticket_number: int, slip: str, line_refund_id: int | None) -> int:
        """Print the slip of a void or refund just recorded ("void" or "refund"); returns the job's id."""
        job_id = queue_void_slip(
            self.counter.db,
            ticket_number,
            slip,
            line_refund_id,
            self.counter.now,
            till_id=self.counter.till_id,
        )
        self.run_job(job_id)
        return job_id

    def retry(self, job_id: int) -> bool:
        """Print a failed job again; a job already printed (or printing) is left alone."""
        return self.run_job(job_id)

    def run_job(self, job_id: int) -> bool:
        """Claim the job and start it on the pool; False when it is printed or already printing."""
        db, now = self.counter.db, self.counter.now
        job = claim_job(db, job_id, now, till_id=self.counter.till_id)
        if job is None:
            return False
        from posapp.receipts.data import paper_for_job

        try:
            receipt = paper_for_job(db, job, self.counter.settings)
        except UserError as error:
            mark_failed(db, job_id, error.message, now)
            self._report(job_id, False, error.message)
            return True
        self._print(
            f"Printing receipt {job.ticket_number}",
            job_id,
            receipt,
            self.counter.settings.receipt,
            partial(self._finished, job_id, True),
            partial(self._finished, job_id, False),
        )
        return True

    def _print(
        self,
        doing: str,
        job_id: int,
        receipt: ReceiptData,
        settings: ReceiptSettings,
        success: Callable[[str], object],
        failure: Callable[[str], object],
    ) -> None:
        """Print on the queue's one thread: `success` hears where it went, `failure` the sentence why not."""
        from posapp.receipts.printers import print_receipt, receipt_folder

        work = partial(
            print_receipt,
            receipt,
            settings,
            folder=receipt_folder(settings, self.counter.db_path),
            job_id=job_id,
            system_print=self.system_print,
        )
        BackgroundOp(
            doing, work, receiver=self, success=success, failure=failure, kept="the sale is stored"
        ).run_in_background(self.pool)

    def print_test_page(self, settings: Settings, manager: str) -> None:
        """Print the printer test page as `settings` say (saved or not yet), after any receipt waiting.

        It is no print job: nothing is stored, and `test_page_done` says how it went.
        """
        from posapp.receipts.printer_test import printer_test_receipt

        receipt = printer_test_receipt(settings, self.counter.catalog, self.counter.now(), manager)
        self._print(
            "Printing the test page",
            0,
            receipt,
            settings.receipt,
            partial(self.test_page_done.emit, True),
            partial(self.test_page_done.emit, False),
        )

    def recover_interrupted_slips(self) -> None:
        """This till's slips left "printing" when it stopped: failed, for a deliberate Retry.

        Once, before this queue's first slip work (nothing else reads a till's slips): a start
        that prints no slip does not load the shift's modules (~6 ms) before the sign-in page.
        """
        if self._slips_recovered:
            return
        from posapp.storage.shifts import recover_interrupted_slips

        recover_interrupted_slips(self.counter.db, self.counter.till_id, self.counter.now)
        self._slips_recovered = True

    def print_shift_slip(self, shift_id: int, report: str, as_of: datetime) -> int:
        """Queue and print a shift's X or Z slip (its figures as at `as_of`); returns the job's id."""
        from posapp.storage.shifts import queue_slip

        self.recover_interrupted_slips()
        job_id = queue_slip(self.counter.db, shift_id, report, as_of, self.counter.now)
        self.run_slip(job_id)
        return job_id

    def run_slip(self, job_id: int) -> bool:
        """Claim a slip and print it on the receipts' thread; False when it is printed or printing."""
        from posapp.receipts.printers import receipt_folder
        from posapp.reports.shift_slip import print_slip
        from posapp.services.shifts import slip_report
        from posapp.storage.shifts import claim_slip

        self.recover_interrupted_slips()
        db, now, settings = self.counter.db, self.counter.now, self.counter.settings
        job = claim_slip(db, job_id, now)
        if job is None:
            return False
        try:
            report = slip_report(db, job, settings)
        except (sqlite3.Error, UserError) as error:
            self._slip_finished(job_id, False, explain_storage_error(error, "Reading the shift"))
            return True
        work = partial(
            print_slip,
            report,
            settings,
            folder=receipt_folder(settings.receipt, self.counter.db_path),
            job_id=job_id,
            system_print=self.system_print,
        )
        BackgroundOp(
            f"Printing the {job.report.upper()} slip",
            work,
            receiver=self,
            success=partial(self._slip_finished, job_id, True),
            failure=partial(self._slip_finished, job_id, False),
            kept="the shift is stored",
        ).run_in_background(self.pool)
        return True

    def _slip_finished(self, job_id: int, printed: bool, detail: str) -> None:
        from posapp.storage.shifts import finish_slip

        finish_slip(self.counter.db, job_id, printed, detail, self.counter.now)
        if not printed and self.notify is not None:
            self.notify(f"The shift slip did not print: {detail}", "Retry", partial(self.run_slip, job_id))
        self.slip_done.emit(job_id, printed, detail)

    def retry_failed(self) -> int:
        """Retry every failed job and slip (after the printer is back); returns how many were started."""
        from posapp.storage.shifts import failed_slip_jobs

        self.recover_interrupted_slips()
        receipts = sum(self.run_job(job.id) for job in failed_jobs(self.counter.db, self.counter.till_id))
        return receipts + sum(
            self.run_slip(job.id) for job in failed_slip_jobs(self.counter.db, self.counter.till_id)
        )

    def wait_for_done(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def finish_pending(self, msecs: int = 10_000) -> None:
        """Let receipts being printed finish and be recorded (on close), so none stays "printing"."""
        # The results wait as queued calls: deliver them now, not after the close.
        wait_and_deliver(self.pool, msecs)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.finish_pending()
        return False

    def _finished(self, job_id: int, printed: bool, detail: str) -> None:
        if printed:
            mark_printed(self.counter.db, job_id, self.counter.now)
        else:
            mark_failed(self.counter.db, job_id, detail, self.counter.now)
        self._report(job_id, printed, detail)

    def _report(self, job_id: int, printed: bool, detail: str) -> None:
        from posapp.receipts.printers import PAPER_LOW

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
    # This till stopped mid-print and left jobs "printing": offer them for a deliberate Retry
    # (its slips: before the queue's first slip work, PrintQueue.recover_interrupted_slips).
    recover_interrupted(counter.db, counter.till_id, counter.now)

    def remind_of_failures(_job: int = 0, printed: bool = True, _detail: str = "") -> None:
        # A failure's own notice may have been replaced since (the next sale clears the bar):
        # while receipts are still unprinted, the bar keeps saying so, with its Retry.
        waiting = failed_jobs(counter.db, counter.till_id)
        if printed and waiting:
            window.show_notice(f"{len(waiting)} receipt(s) did not print.", "Retry", queue.retry_failed)

    queue.job_done.connect(remind_of_failures)
    remind_of_failures()
    return queue
