"""The manager's add-on report window: pick days, see the tables, preview the very PDF, print or export.

Only a manager opens it (`open_manager_report` asks the PIN first, through the product's one
ManagerApprovalDialog). The report is built on a pool thread (report_tasks, run by
posapp.gui.background) and its figures
fill one ReportTableModel per table (report_models).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QDate,
    QIODevice,
    QSize,
    QStandardPaths,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.gui.background import BackgroundOp
from posapp.gui.dialogs import ManagerApprovalDialog
from posapp.gui.manager_windows import watch_manager_window
from posapp.gui.report_models import ReportTableModel
from posapp.gui.report_tasks import STEPS, BuiltReport, ReportBuild, ReportPrint
from posapp.gui.screen_fit import fit_to_screen
from posapp.reports.export import report_csv_bytes, write_atomically
from posapp.reports.figures import DailyAverage, PeriodFigures, Report
from posapp.reports.labels import Words
from posapp.reports.tables import report_tables


def documents_folder() -> Path:
    """Where exports are offered first: the user's documents folder (home when the system has none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class ReportWindow(QMainWindow):
    """Days to report on, the figures as tables, the PDF preview, and Print / Export buttons.

    Signals:
        report_ready(object): a build finished and is on screen (its BuiltReport).
        report_failed(str): a build failed; the sentence is shown in the window too.
        printed(str): a print job ended: empty when it printed, else why not.
    """

    report_ready = Signal(object)
    report_failed = Signal(str)
    printed = Signal(str)

    def __init__(self, counter: Counter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.setObjectName("report_window")
        self.setWindowTitle(f"Add-on report – {counter.settings.business.name}")
        self.pool = QThreadPool(self)
        self._request = 0
        self.built: BuiltReport | None = None
        today = counter.now().astimezone(counter.settings.time_zone).date()
        self._build_controls(today)
        self._build_views()
        fit_to_screen(self, QSize(1000, 720))
        self.build()

    def _build_controls(self, today: date) -> None:
        self.first_day, self.last_day = QDateEdit(), QDateEdit()
        for edit, name in ((self.first_day, "report_from"), (self.last_day, "report_to")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")  # the site's ISO days, never the host's locale
            edit.setDate(QDate(today.year, today.month, today.day))
            edit.setAccessibleName(
                "First day of the report" if name == "report_from" else "Last day of the report"
            )
        self.show_button = QPushButton("Show")
        self.show_button.setObjectName("report_show")
        self.show_button.clicked.connect(self.build)
        self.progress = QProgressBar()
        self.progress.setObjectName("report_progress")
        self.progress.setRange(0, STEPS)
        self.progress.setMaximumWidth(200)
        self.status = QLabel()
        self.status.setObjectName("report_status")
        row = QHBoxLayout()
        for widget in (
            QLabel("From"),
            self.first_day,
            QLabel("to"),
            self.last_day,
            self.show_button,
            self.progress,
        ):
            row.addWidget(widget)
        row.addWidget(self.status, 1)
        self._controls = row

    def _build_views(self) -> None:
        words = Words(self.counter.settings.currency, self.counter.settings.locale)
        self.tabs = QTabWidget()
        self.models: dict[str, ReportTableModel] = {}
        empty = self._empty_report()
        for table in report_tables(empty, words):
            model = ReportTableModel(table, self)
            view = QTableView()
            view.setObjectName(f"report_{table.key}")
            view.setModel(model)
            view.setAlternatingRowColors(True)
            view.verticalHeader().hide()
            header = view.horizontalHeader()
            # Names take the spare width; figures stay as wide as their longest value.
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(False)
            view.setWordWrap(False)
            self.models[table.key] = model
            self.tabs.addTab(view, table.title)
        self.pdf_document = QPdfDocument(self)
        self._pdf_buffer = QBuffer(self)
        self.preview = QPdfView()
        self.preview.setObjectName("report_preview")
        self.preview.setDocument(self.pdf_document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.tabs.addTab(self.preview, "Preview")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.print_button = QPushButton("Print…")
        self.export_pdf_button = QPushButton("Export PDF…")
        self.export_csv_button = QPushButton("Export CSV…")
        for button, name, slot in (
            (self.print_button, "report_print", self.print_report),
            (self.export_pdf_button, "report_export_pdf", self.export_pdf),
            (self.export_csv_button, "report_export_csv", self.export_csv),
        ):
            button.setObjectName(name)
            button.setEnabled(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("report_close")
        self.close_button.setAccessibleName("Close the report")
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.close_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(self._controls)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.setCentralWidget(body)

    def _empty_report(self) -> Report:
        """Headers for the tables before the first build has arrived."""
        today = self.counter.now().astimezone(self.counter.settings.time_zone).date()
        period = PeriodFigures(today, today, 0, 0, 0, 0, 0, (), (), (), ())
        settings = self.counter.settings
        return Report(
            period, DailyAverage.of(period), settings.business.name, settings.currency, settings.locale
        )

    def days(self) -> tuple[date, date]:
        first, last = self.first_day.date(), self.last_day.date()
        return date(first.year(), first.month(), first.day()), date(last.year(), last.month(), last.day())

    def set_days(self, first: date, last: date | None = None) -> None:
        last = last or first
        self.first_day.setDate(QDate(first.year, first.month, first.day))
        self.last_day.setDate(QDate(last.year, last.month, last.day))

    @Slot()
    def build(self) -> None:
        """Build the chosen days' report in the background; an older build still running is ignored."""
        first, last = self.days()
        if last < first:
            self._say(f"The last day ({last}) is before the first ({first}).")
            return
        self._request += 1
        request = self._request
        days = f"{first}{'' if first == last else f' to {last}'}"
        self.progress.setValue(0)
        self.progress.show()
        self._say(f"Building the report for {days}…")
        BackgroundOp(
            f"Building the report for {days}",
            ReportBuild(request, self.counter.db_path, self.counter.settings, first, last),
            receiver=self,
            success=self._on_built,
            failure=partial(self._on_failed, request),
            progress=partial(self._on_progress, request),
        ).run_in_background(self.pool)

    def _on_progress(self, request: int, done: int, _total: int) -> None:
        if request == self._request:
            self.progress.setValue(done)

    def _on_built(self, built: BuiltReport) -> None:
        if built.request != self._request:
            return  # the manager has since asked for other days
        self.built = built
        self.progress.hide()  # a bar left at 100 % reads as still working
        words = Words(built.report.currency, built.report.locale)
        for table in report_tables(built.report, words):
            self.models[table.key].set_table(table)
        for view in self.tabs.findChildren(QTableView):
            view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._show_pdf(built.pdf)
        for button in (self.print_button, self.export_pdf_button, self.export_csv_button):
            button.setEnabled(True)
        period = built.report.period
        self._say(f"{words.days(period.first, period.last)}: {words.count(period.tickets)} tickets.")
        self.report_ready.emit(built)

    def _on_failed(self, request: int, message: str) -> None:
        if request == self._request:
            self.progress.hide()
            self._say(message)
            self.report_failed.emit(message)

    def _show_pdf(self, pdf: bytes) -> None:
        self.pdf_document.close()
        self._pdf_buffer.close()
        self._pdf_buffer.setData(QByteArray(pdf))
        self._pdf_buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf_document.load(self._pdf_buffer)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _file_stem(self) -> str:
        assert self.built is not None
        period = self.built.report.period
        return f"addon-report-{period.first}" + ("" if period.days == 1 else f"-to-{period.last}")

    @classmethod
    def choose_file(cls, parent: QWidget, title: str, suggested: str, pattern: str) -> Path | None:
        """Asks where to save; a test replaces this classmethod instead of clicking a file dialog."""
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
        return Path(name) if name else None

    @classmethod
    def choose_printer(cls, parent: QWidget) -> QPrinter | None:
        """Asks which printer; a test replaces this classmethod with a PDF printer of its own."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _save(self, title: str, suffix: str, content: bytes) -> None:
        path = self.choose_file(
            self,
            title,
            str(documents_folder() / f"{self._file_stem()}.{suffix}"),
            f"{suffix.upper()} (*.{suffix})",
        )
        if path is None:
            return
        try:
            write_atomically(path, content)
        except UserError as error:
            self._say(error.message)
        else:
            self._say(f"Saved {path}.")

    @Slot()
    def export_pdf(self) -> None:
        if self.built is not None:
            self._save("Export the report as PDF", "pdf", self.built.pdf)

    @Slot()
    def export_csv(self) -> None:
        if self.built is not None:
            self._save("Export the report as CSV", "csv", report_csv_bytes(self.built.report))

    @Slot()
    def print_report(self) -> None:
        if self.built is None:
            return
        printer = self.choose_printer(self)
        if printer is None:
            return
        printer.setDocName(self._file_stem())
        self._say("Printing…")
        BackgroundOp(
            "Printing the report",
            ReportPrint(self.built.pdf, printer, self.counter.settings.report_paper),
            receiver=self,
            success=self._on_printed,
            failure=self._on_printed,
        ).run_in_background(self.pool)

    def _on_printed(self, problem: str | None) -> None:
        """After a print: `problem` is None when it printed (the work's result), else why not."""
        self._say(problem or "Sent to the printer.")
        self.printed.emit(problem or "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the report, as it closes every dialog of the counter."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: Any) -> None:
        # A build still running must not report to a window that is gone.
        self.pool.waitForDone(10_000)
        super().closeEvent(event)


def open_manager_report(parent: QWidget | None, counter: Counter, cashier_id: int | None = None) -> None:
    """Ask a manager's PIN (the signed-in person chosen first, if a manager), then open the report window."""
    manager = ManagerApprovalDialog.ask(
        parent, counter.db, counter.now, preselect=cashier_id, approving="Manager report"
    )
    if manager is None:
        return
    window = ReportWindow(counter, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    watch_manager_window(window, counter)  # closed at a lock, or when left untouched
    window.show()
