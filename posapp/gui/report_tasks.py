"""The report window's background work: building a report with its PDF, and printing that PDF.

Both are plain callables the window runs with posapp.gui.background, because a year of
figures, a PDF or a slow printer takes far longer than the GUI thread may wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from posapp.gui.background import report_progress
from posapp.gui.pdf_printing import print_pdf
from posapp.reports.build import STEPS_PER_PERIOD, site_report
from posapp.reports.figures import Report
from posapp.reports.pdf import render_pdf
from posapp.settings import Settings
from posapp.storage.db import open_db

#: Steps the progress bar counts: every query of the period and the week before, then the PDF.
STEPS = 2 * STEPS_PER_PERIOD + 1


@dataclass(frozen=True)
class BuiltReport:
    """A finished build: the figures and the PDF rendered from them (what preview and print show)."""

    request: int
    report: Report
    pdf: bytes


@dataclass(frozen=True)
class ReportBuild:
    """Builds one report and its PDF, with a connection of its own; reports its steps as it goes."""

    request: int
    db_path: Path
    settings: Settings
    first: date
    last: date

    def __call__(self) -> BuiltReport:
        # sqlite connections belong to the thread that opened them: this one is the worker's.
        db = open_db(self.db_path, read_only=True)
        try:
            report = site_report(db, self.first, self.last, self.settings, progress=_step)
        finally:
            db.conn.close()
        pdf = render_pdf(report, paper=self.settings.report_paper)
        report_progress(STEPS, STEPS)
        return BuiltReport(self.request, report, pdf)


def _step(done: int, _total: int) -> None:
    report_progress(done, STEPS)  # out of every step, the PDF's too


@dataclass(frozen=True)
class ReportPrint:
    """Prints the report's PDF on the chosen printer, on the report's paper."""

    pdf: bytes
    printer: QPrinter
    paper: str

    def __call__(self) -> None:
        size = QPageSize.PageSizeId.A4 if self.paper == "A4" else QPageSize.PageSizeId.Letter
        print_pdf(self.pdf, self.printer, QPageSize(size), "report")
