"""The report window: only a manager opens it, it builds in the background, and shows, prints and exports."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QTableView, QWidget
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.gui.dialogs import ManagerApproval, ManagerApprovalDialog
from posapp.gui.main import application
from posapp.gui.report_tasks import BuiltReport
from posapp.gui.report_window import ReportWindow, documents_folder, open_manager_report
from posapp.services.auth import add_cashier
from posapp.services.checkout import complete_sale
from posapp.storage.cashiers import Role

SHOTS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def sales(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    """Two tickets by Sam on 2026-11-27: one accepted waxing, one declined."""
    for utc_hour, outcome in ((15, Outcome.ACCEPTED), (16, Outcome.DECLINED)):
        clock.current = datetime(2026, 11, 27, utc_hour, tzinfo=UTC)
        draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=clock()).choose_wash(
            counter.catalog.get("standard_wash")
        )
        if outcome is Outcome.ACCEPTED:
            draft = draft.add_addon(counter.catalog.get("car_waxing"), OfferKind.CROSS_SELL)
        draft = draft.record_offer(
            OfferEvent(
                Moment.CHECKOUT, OfferKind.CROSS_SELL, "car_waxing", outcome, clock(), price_delta_cents=800
            )
        )
        complete_sale(counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=clock)
    clock.current = datetime(2026, 11, 27, 23, tzinfo=UTC)  # 18:00 in New York: closing time


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    application()
    widget = QWidget()
    qtbot.add_widget(widget)
    return widget


@pytest.fixture
def report_window(qtbot: QtBot, parent: QWidget, counter: Counter, sales: None) -> Iterator[ReportWindow]:
    window = ReportWindow(counter, parent)
    qtbot.add_widget(window)
    with qtbot.waitSignal(window.report_ready, timeout=10_000):
        window.show()
    yield window
    window.pool.waitForDone(10_000)


class TypedPins:
    """Stands in for running the manager-PIN dialog: types each PIN in turn, records what it showed."""

    def __init__(self, *pins: str) -> None:
        self.pins = list(pins)
        self.preselected: list[str] = []
        self.offered: list[str] = []
        self.shown_errors: list[str] = []

    def __call__(self, cls, parent, db, now, preselect=None, approving="") -> ManagerApproval | None:  # type: ignore[no-untyped-def]
        dialog = cls(db, now, parent, preselect, approving)
        form = dialog.form
        self.preselected.append(form.approval_manager.currentText())
        self.offered = [form.approval_manager.itemText(i) for i in range(form.approval_manager.count())]
        for pin in self.pins:
            form.approval_pin.setText(pin)
            dialog.accept()
            self.shown_errors.append(form.dialog_error.text())
            if dialog.approval is not None:
                break
        dialog.deleteLater()
        return dialog.approval  # None: the manager gave up and pressed Cancel


def report_windows(parent: QWidget) -> list[ReportWindow]:
    return parent.findChildren(ReportWindow)


def test_a_wrong_pin_is_refused_and_no_report_opens(
    parent: QWidget, counter: Counter, staff, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    pins = TypedPins(staff.cashier_pin, "0000")
    monkeypatch.setattr(ManagerApprovalDialog, "ask_approval", classmethod(pins))
    open_manager_report(parent, counter, staff.cashier_id)
    assert report_windows(parent) == []
    assert pins.offered == ["Morgan"]  # only managers are offered
    assert pins.shown_errors == ["Wrong PIN; try again.", "Wrong PIN; try again."]


def test_a_managers_pin_opens_the_report(
    qtbot: QtBot, parent: QWidget, counter: Counter, staff, sales, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    pins = TypedPins("1234", staff.manager_pin)
    monkeypatch.setattr(ManagerApprovalDialog, "ask_approval", classmethod(pins))
    open_manager_report(parent, counter, staff.manager_id)
    [window] = report_windows(parent)
    qtbot.add_widget(window)
    with qtbot.waitSignal(window.report_ready, timeout=10_000) as ready:
        pass
    assert pins.preselected == ["Morgan"]
    assert pins.shown_errors == ["Wrong PIN; try again.", ""]
    built: BuiltReport = ready.args[0]
    assert built.report.period.first == date(2026, 11, 27)  # today, in the site's time zone
    assert built.report.period.tickets == 2
    window.pool.waitForDone(10_000)


def test_the_signed_in_manager_is_chosen_first(qtbot: QtBot, counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    other = add_cashier(counter.db, name="Ali", role=Role.MANAGER, pin="2468", now=counter.now())
    for preselect, shown in ((other, "Ali"), (staff.manager_id, "Morgan"), (staff.cashier_id, "Ali")):
        dialog = ManagerApprovalDialog(counter.db, counter.now, None, preselect)
        qtbot.add_widget(dialog)
        assert dialog.form.approval_manager.currentText() == shown


def table(window: ReportWindow, key: str) -> list[list[str]]:
    model = window.models[key]
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_tables_show_the_days_figures(report_window: ReportWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    for model in report_window.models.values():
        qtmodeltester.check(model)
    summary = {row[0]: row[1:] for row in table(report_window, "summary")}
    assert summary["Tickets"] == ["2", "–"]  # nothing sold the week before
    assert summary["Revenue (before tax)"] == ["$38.00", "–"]
    assert summary["Take rate"] == ["50.0%", "–"]
    assert table(report_window, "offers") == [
        ["Car Waxing", "Cross-sell", "2", "1", "1", "50.0%", "–", "$8.00"]
    ]
    assert table(report_window, "cashiers")[0][:5] == ["Sam", "2", "2", "1", "50.0%"]
    assert report_window.pdf_document.pageCount() >= 1  # the preview shows the very PDF


def test_a_year_builds_in_the_background_with_progress(qtbot: QtBot, report_window: ReportWindow) -> None:
    seen: list[int] = []
    report_window.progress.valueChanged.connect(seen.append)
    ticks: list[float] = []
    timer = QTimer(report_window)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(5)
    report_window.set_days(date(2026, 1, 1), date(2026, 12, 31))
    started = time.perf_counter()
    with qtbot.waitSignal(report_window.report_ready, timeout=20_000) as ready:
        report_window.show_button.click()
        assert time.perf_counter() - started < 0.5  # the click returns at once: the work is elsewhere
    timer.stop()
    built: BuiltReport = ready.args[0]
    assert (built.report.period.first, built.report.period.last) == (date(2026, 1, 1), date(2026, 12, 31))
    assert table(report_window, "summary")[0] == ["Tickets", "2", "0", "–"]  # a range adds "Per day"
    assert seen[-1] == report_window.progress.maximum() and len(seen) > 2
    assert ticks  # the event loop kept running while the year was built


def test_a_newer_request_wins(qtbot: QtBot, report_window: ReportWindow) -> None:
    report_window.set_days(date(2026, 1, 1), date(2026, 12, 31))
    report_window.build()
    report_window.set_days(date(2026, 11, 26))
    with qtbot.waitSignal(report_window.report_ready, timeout=10_000) as ready:
        report_window.build()
    report_window.pool.waitForDone(10_000)
    assert ready.args[0].report.period.first == date(2026, 11, 26)
    assert report_window.built is not None and report_window.built.report.period.first == date(2026, 11, 26)


def test_export_csv_and_pdf(report_window: ReportWindow, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    chosen = iter([tmp_path / "day.csv", tmp_path / "day.pdf"])
    suggested: list[str] = []

    def choose_file(parent: QWidget, title: str, name: str, pattern: str) -> Path:
        suggested.append(name)
        return next(chosen)

    monkeypatch.setattr(ReportWindow, "choose_file", staticmethod(choose_file))
    report_window.export_csv_button.click()
    report_window.export_pdf_button.click()
    documents = documents_folder()
    assert documents != Path.cwd()  # the user's documents, not wherever the counter was started
    assert suggested == [
        str(documents / "addon-report-2026-11-27.csv"),
        str(documents / "addon-report-2026-11-27.pdf"),
    ]
    raw = (tmp_path / "day.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert ["summary", "", "revenue", "38.00", "0.00"] in rows
    assert (tmp_path / "day.pdf").read_bytes() == report_window.built.pdf  # type: ignore[union-attr]
    assert report_window.status.text() == f"Saved {tmp_path / 'day.pdf'}."


def test_print_renders_each_page_on_the_printer(
    qtbot: QtBot, report_window: ReportWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "printed.pdf"

    def pdf_printer(parent: QWidget) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setResolution(150)
        return printer

    monkeypatch.setattr(ReportWindow, "choose_printer", staticmethod(pdf_printer))
    with qtbot.waitSignal(report_window.printed, timeout=20_000) as done:
        report_window.print_button.click()
    assert done.args == [""]
    assert len(PdfReader(target).pages) == report_window.pdf_document.pageCount()
    assert report_window.status.text() == "Sent to the printer."
    page = PdfReader(target).pages[0]
    assert float(page.mediabox.width) == pytest.approx(612, abs=1)  # Letter: the shipped site is en_US
    assert float(page.mediabox.height) == pytest.approx(792, abs=1)
    # White paper with dark type, as the preview shows it: not QtPdf's transparent page printed black.
    printed = QPdfDocument()
    printed.load(str(target))
    image = printed.render(0, QSize(210, 297))
    printed.close()
    greys = [QColor(image.pixel(x, y)).lightness() for x in range(0, 210, 3) for y in range(0, 297, 3)]
    assert QColor(image.pixel(2, 2)).lightness() == 255
    assert sum(grey > 200 for grey in greys) > 0.8 * len(greys)
    assert any(grey < 60 for grey in greys)


def test_screenshot(report_window: ReportWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """Not a check of pixels: a picture for a person to look at (saved beside the test run)."""
    report_window.resize(1100, 760)
    qtbot.wait(50)
    assert report_window.grab().save(str(tmp_path / "report_window.png"))
    report_window.tabs.setCurrentWidget(report_window.preview)
    qtbot.wait(200)
    assert report_window.grab().save(str(tmp_path / "report_preview.png"))
    for view in report_window.findChildren(QTableView):
        assert view.model() is not None


def test_the_report_closes_with_its_button_and_with_esc(qtbot: QtBot, report_window: ReportWindow) -> None:
    report_window.show()
    qtbot.waitExposed(report_window)
    report_window.close_button.click()
    assert not report_window.isVisible()
    report_window.show()
    qtbot.waitExposed(report_window)
    report_window.activateWindow()
    qtbot.keyClick(report_window.tabs, Qt.Key.Key_Escape)
    assert not report_window.isVisible()
