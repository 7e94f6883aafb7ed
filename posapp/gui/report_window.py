"""The manager's add-on report window: pick days, see the tables, preview the very PDF, print or export.

Only a manager opens it (`open_manager_report` asks the PIN first). The report is built on a
pool thread with its own read-only connection, because a year of figures plus the PDF takes
longer than the GUI thread may wait; the result comes back as a signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QBuffer,
    QByteArray,
    QDate,
    QIODevice,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from posapp.app import Counter
from posapp.domain.errors import UserError
from posapp.reports.export import report_csv_bytes, write_atomically
from posapp.reports.figures import DailyAverage, PeriodFigures, Report
from posapp.reports.labels import Words
from posapp.reports.pdf import render_pdf
from posapp.reports.queries import STEPS_PER_PERIOD, site_report
from posapp.reports.tables import ReportTable, report_tables
from posapp.services.auth import require_manager
from posapp.settings import Settings
from posapp.storage.cashiers import list_cashiers
from posapp.storage.db import open_db

Index = QModelIndex | QPersistentModelIndex
#: Steps the progress bar counts: every query of the period and the week before, then the PDF.
STEPS = 2 * STEPS_PER_PERIOD + 1
MAX_PRINT_DPI = 300


class ReportTableModel(QAbstractTableModel):
    """One report table (summary, offers, cashiers, ...) for a QTableView: text, figures right-aligned."""

    def __init__(self, table: ReportTable, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table

    def set_table(self, table: ReportTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(index.column())
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.table.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(section)
        return None

    def _alignment(self, column: int) -> int:
        side = Qt.AlignmentFlag.AlignRight if self.table.numeric[column] else Qt.AlignmentFlag.AlignLeft
        return int(side | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class BuiltReport:
    """A finished build: the figures and the PDF rendered from them (what preview and print show)."""

    request: int
    report: Report
    pdf: bytes


class _BuildSignals(QObject):
    progress = Signal(int, int, int)  # request, steps done, steps in all
    finished = Signal(object)  # BuiltReport
    failed = Signal(int, str)


class ReportBuild(QRunnable):
    """Builds one report and its PDF on a pool thread, with a connection of its own."""

    def __init__(self, request: int, db_path: Path, settings: Settings, first: date, last: date) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window holds it until its result has arrived
        self.request, self.db_path, self.settings, self.first, self.last = (
            request,
            db_path,
            settings,
            first,
            last,
        )
        self.signals = _BuildSignals()

    def run(self) -> None:
        try:
            # sqlite connections belong to the thread that opened them: this one is the worker's.
            db = open_db(self.db_path, read_only=True, migrate=False)
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


class _PrintSignals(QObject):
    done = Signal(str)  # empty when printed, else why not


class ReportPrint(QRunnable):
    """Prints the report's PDF off the GUI thread: a slow printer never freezes the window."""

    def __init__(self, pdf: bytes, printer: QPrinter, paper: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.pdf, self.printer, self.paper = pdf, printer, paper
        self.signals = _PrintSignals()

    def run(self) -> None:
        try:
            print_report_pdf(self.pdf, self.printer, self.paper)
        except UserError as error:
            self.signals.done.emit(error.message)
        except Exception as error:
            self.signals.done.emit(f"The report could not be printed ({type(error).__name__}: {error}).")
        else:
            self.signals.done.emit("")


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
        self._running: dict[int, QRunnable] = {}
        self.built: BuiltReport | None = None
        today = counter.now().astimezone(counter.settings.time_zone).date()
        self._build_controls(today)
        self._build_views()
        self.resize(1000, 720)
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
        task = ReportBuild(self._request, self.counter.db_path, self.counter.settings, first, last)
        task.signals.progress.connect(self._on_progress)
        task.signals.finished.connect(self._on_built)
        task.signals.failed.connect(self._on_failed)
        self._running[self._request] = task
        self.progress.setValue(0)
        self._say(f"Building the report for {first}{'' if first == last else f' to {last}'}…")
        self.pool.start(task)

    @Slot(int, int, int)
    def _on_progress(self, request: int, done: int, total: int) -> None:
        if request == self._request:
            self.progress.setValue(done)

    @Slot(object)
    def _on_built(self, built: BuiltReport) -> None:
        self._running.pop(built.request, None)
        if built.request != self._request:
            return  # the manager has since asked for other days
        self.built = built
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

    @Slot(int, str)
    def _on_failed(self, request: int, message: str) -> None:
        self._running.pop(request, None)
        if request == self._request:
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
            self, title, f"{self._file_stem()}.{suffix}", f"{suffix.upper()} (*.{suffix})"
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
        task = ReportPrint(self.built.pdf, printer, self.counter.settings.report_paper)
        task.signals.done.connect(self._on_printed)
        self._running[-id(task)] = task
        self._say("Printing…")
        self.pool.start(task)

    @Slot(str)
    def _on_printed(self, problem: str) -> None:
        for key in [key for key, task in self._running.items() if isinstance(task, ReportPrint)]:
            self._running.pop(key)
        self._say(problem or "Sent to the printer.")
        self.printed.emit(problem)

    def closeEvent(self, event: Any) -> None:
        # A build still running must not report to a window that is gone.
        self.pool.waitForDone(10_000)
        super().closeEvent(event)


class ManagerPinDialog(QDialog):
    """Which manager and their PIN, before the report opens; the last refusal is shown in it."""

    def __init__(
        self, managers: list[tuple[int, str]], chosen: int | None, error: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Manager PIN")
        self.manager = QComboBox()
        self.manager.setObjectName("report_manager")
        for manager_id, name in managers:
            self.manager.addItem(name, manager_id)
        if chosen is not None and self.manager.findData(chosen) >= 0:
            self.manager.setCurrentIndex(self.manager.findData(chosen))
        self.pin = QLineEdit()
        self.pin.setObjectName("report_pin")
        self.pin.setAccessibleName("Manager PIN")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(error)
        self.error.setObjectName("dialog_error")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel("The add-on report is for managers."))
        form.addRow("Manager", self.manager)
        form.addRow("PIN", self.pin)
        form.addRow(self.error)
        form.addRow(buttons)

    @classmethod
    def ask(
        cls, parent: QWidget | None, managers: list[tuple[int, str]], chosen: int | None, error: str = ""
    ) -> tuple[int, str] | None:
        """(manager id, PIN) typed, or None when cancelled; a test replaces this classmethod."""
        dialog = cls(managers, chosen, error, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.manager.currentData() is None:
            return None
        return int(dialog.manager.currentData()), dialog.pin.text()


def open_manager_report(parent: QWidget | None, counter: Counter, cashier_id: int) -> None:
    """Ask a manager's PIN (the signed-in person first, if a manager), then open the report window."""
    managers = [(person.id, person.name) for person in list_cashiers(counter.db) if person.is_manager]
    error = ""
    while True:
        answer = ManagerPinDialog.ask(parent, managers, cashier_id, error)
        if answer is None:
            return
        try:
            require_manager(counter.db, answer[0], answer[1], counter.now)
        except UserError as refusal:
            error = refusal.message
            continue
        break
    window = ReportWindow(counter, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
