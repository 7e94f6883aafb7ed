"""The report window's background work: building a report with its PDF, and printing that PDF.

Both run on a QThreadPool, because a year of figures, a PDF or a slow printer takes far
longer than the GUI thread may wait; each reports its result or its failure as a signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QRunnable, QSize, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from posapp.domain.errors import UserError
from posapp.reports.build import STEPS_PER_PERIOD, site_report
from posapp.reports.figures import Report
from posapp.reports.pdf import render_pdf
from posapp.settings import Settings
from posapp.storage.db import open_db

#: Steps the progress bar counts: every query of the period and the week before, then the PDF.
STEPS = 2 * STEPS_PER_PERIOD + 1
MAX_PRINT_DPI = 300


@dataclass(frozen=True)
class BuiltReport:
    """A finished build: the figures and the PDF rendered from them (what preview and print show)."""

    request: int
    report: Report
    pdf: bytes


class BuildSignals(QObject):
    """What a ReportBuild tells the window.

    Signals:
        progress(int, int, int): request number, steps done, steps in all.
        finished(object): the BuiltReport.
        failed(int, str): request number and the sentence saying why not.
    """

    progress = Signal(int, int, int)
    finished = Signal(object)
    failed = Signal(int, str)


class ReportBuild(QRunnable):
    """Builds one report and its PDF on a pool thread, with a connection of its own."""

    def __init__(self, request: int, db_path: Path, settings: Settings, first: date, last: date) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window holds it until its result has arrived
        self.request = request
        self.db_path, self.settings = db_path, settings
        self.first, self.last = first, last
        self.signals = BuildSignals()

    def run(self) -> None:
        try:
            # sqlite connections belong to the thread that opened them: this one is the worker's.
            db = open_db(self.db_path, read_only=True)
            try:
                report = site_report(db, self.first, self.last, self.settings, progress=self._step)
            finally:
                db.conn.close()
            pdf = render_pdf(report, paper=self.settings.report_paper)
            self.signals.progress.emit(self.request, STEPS, STEPS)
        except UserError as error:
            self.signals.failed.emit(self.request, error.message)
        except Exception as error:  # shown to the manager rather than lost on a pool thread
            self.signals.failed.emit(
                self.request, f"The report could not be built ({type(error).__name__}: {error})."
            )
        else:
            self.signals.finished.emit(BuiltReport(self.request, report, pdf))

    def _step(self, done: int, _total: int) -> None:
        self.signals.progress.emit(self.request, done, STEPS)


def print_report_pdf(pdf: bytes, printer: QPrinter, paper: str) -> None:
    """Draw each page, rendered by QtPdf at the printer's resolution, on the printer's page."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4 if paper == "A4" else QPageSize.PageSizeId.Letter))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF carries its own margins
    document, buffer = QPdfDocument(), QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(f"The printer {printer.printerName() or 'chosen'} could not be opened.")
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            image = document.render(
                page, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            )
            target = painter.viewport()
            painter.drawImage(
                QRect(0, 0, target.width(), target.height()),
                image.convertToFormat(QImage.Format.Format_RGB32),
            )
    finally:
        painter.end()
        document.close()


class PrintSignals(QObject):
    """What a ReportPrint tells the window.

    Signals:
        done(str): empty when it printed, else the sentence saying why not.
    """

    done = Signal(str)


class ReportPrint(QRunnable):
    """Prints the report's PDF off the GUI thread: a slow printer never freezes the window."""

    def __init__(self, pdf: bytes, printer: QPrinter, paper: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.pdf, self.printer, self.paper = pdf, printer, paper
        self.signals = PrintSignals()

    def run(self) -> None:
        try:
            print_report_pdf(self.pdf, self.printer, self.paper)
        except UserError as error:
            self.signals.done.emit(error.message)
        except Exception as error:
            self.signals.done.emit(f"The report could not be printed ({type(error).__name__}: {error}).")
        else:
            self.signals.done.emit("")
