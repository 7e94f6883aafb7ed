"""Refunds and voids that read as what they are: the dialog shows the ticket first, refunds one line,
keeps its buttons after a refusal, and the slip says REFUND or VOID; the report stays true.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.gui import counter_menu
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.printing import PrintQueue
from posapp.gui.void_dialog import REFUND_LINE, VoidDialog
from posapp.storage.report_queries import period_counts


def sell_wash_and_wax(qtbot: QtBot, drive) -> None:  # type: ignore[no-untyped-def]
    drive.tap("wash_standard_wash")
    drive.tap("offer_accept")  # + Car Waxing
    drive.tap("pay_card")
    drive.complete_and_print(qtbot, timeout_ms=20_000)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def shown_lines(dialog: VoidDialog) -> list[str]:
    return [dialog.lines.item(row, 0).text() for row in range(dialog.lines.rowCount())]


def approve(dialog: VoidDialog, reason: str = "Wax streaked the bonnet") -> None:
    dialog.reason.setText(reason)
    dialog.manager.setCurrentIndex(dialog.manager.findText("Morgan"))
    dialog.pin.setText("9999")


def test_the_dialog_opens_on_the_last_sale_with_its_lines_and_totals(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:  # type: ignore[no-untyped-def]
    sell_wash_and_wax(qtbot, drive)
    sell_wash_and_wax(qtbot, drive)
    dialog = VoidDialog(counter, window)
    qtbot.add_widget(dialog)
    assert dialog.ticket.value() == 2
    assert "Receipt 000002" in dialog.summary.text() and "Card" in dialog.summary.text()
    assert shown_lines(dialog) == ["Standard Wash", "+ Car Waxing"]
    assert "Total $24.90" in dialog.totals.text()
    assert dialog.ok_button.text() == "Void ticket 2"
    assert counter.db.execute("SELECT count(*) FROM voids").fetchone()[0] == 0  # nothing happened yet


def test_one_line_is_refunded_its_slip_says_refund_and_the_report_drops_it(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:  # type: ignore[no-untyped-def]
    sell_wash_and_wax(qtbot, drive)
    day = counter.now().astimezone(counter.settings.time_zone).date()
    before = period_counts(
        counter.db, day, day, premium_wash="premium_package", time_zone=counter.settings.time_zone
    )
    dialog = VoidDialog(counter, window)
    qtbot.add_widget(dialog)
    dialog.lines.selectRow(1)  # only the waxing
    assert dialog.kind.currentData() == REFUND_LINE and dialog.ok_button.text() == "Refund Car Waxing"
    approve(dialog)
    dialog.accept()
    record = dialog.record
    assert record is not None and record.line_name == "Car Waxing"
    assert record.amount_cents == 866  # $8.00 and its share of the tax: 2490 * 800 / 2300
    assert counter.db.execute("SELECT status FROM tickets").fetchone()[0] == "completed"

    queue = window.findChild(PrintQueue)
    assert queue is not None
    with qtbot.waitSignal(queue.job_done, timeout=20_000):
        queue.print_slip(record.ticket_number, record.kind.value, record.line_refund_id)
    slips = sorted((counter.db_path.parent / "receipts").glob("refund-000001-*.pdf"))
    assert len(slips) == 1
    text = pdf_text(slips[0])
    assert "REFUND" in text and "Car Waxing" in text and "$8.66" in text
    assert "Wax streaked the bonnet" in text and "Approved by: Morgan" in text
    assert "Standard Wash" not in text  # only what went back
    assert "COPY" not in text and "Thank you" not in text and "Reprint" not in text

    after = period_counts(
        counter.db, day, day, premium_wash="premium_package", time_zone=counter.settings.time_zone
    )
    assert [h.revenue_cents for h in before.hours] == [2300]
    assert [h.revenue_cents for h in after.hours] == [1500]  # the waxing's $8.00 left the revenue
    assert sum(o.revenue_cents for o in after.offers) == 0
    assert sum(o.accepted for o in after.offers) == 1  # it was accepted; its money came back

    again = VoidDialog(counter, window)
    qtbot.add_widget(again)
    assert shown_lines(again) == ["Standard Wash", "+ Car Waxing (refunded)"]
    again.kind.setCurrentIndex(again.kind.findData("refund"))
    approve(again, "Customer unhappy with the wash too")
    again.accept()
    assert again.record is not None and again.record.amount_cents == 2490 - 866
    assert (
        period_counts(
            counter.db, day, day, premium_wash="premium_package", time_zone=counter.settings.time_zone
        ).hours
        == ()
    )


def test_a_void_slip_is_named_and_says_void_with_every_line(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:  # type: ignore[no-untyped-def]
    sell_wash_and_wax(qtbot, drive)
    window.findChild(PrintQueue).wait_for_done(5000)  # type: ignore[union-attr]
    dialog = VoidDialog(counter, window)
    qtbot.add_widget(dialog)
    approve(dialog, "Customer drove off before the wash")
    queue = window.findChild(PrintQueue)
    assert queue is not None
    dialog.accept()
    assert dialog.record is not None
    with qtbot.waitSignal(queue.job_done, timeout=20_000):
        queue.print_slip(1, dialog.record.kind.value, None)
    (slip,) = (counter.db_path.parent / "receipts").glob("void-000001-*.pdf")
    text = pdf_text(slip)
    assert "VOID" in text and "Standard Wash" in text and "Car Waxing" in text and "$24.90" in text
    assert "Customer drove off" in text and "Morgan" in text
    assert PdfReader(slip).metadata.title == "Void of receipt 000001"  # type: ignore[union-attr]
    notice = counter_menu.void_notice(dialog.record, counter)
    assert notice == "Ticket 1 is voided ($24.90); the void slip is printing."


def test_a_refusal_keeps_the_buttons_on_screen(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:  # type: ignore[no-untyped-def]
    sell_wash_and_wax(qtbot, drive)
    dialog = VoidDialog(counter, window)
    qtbot.add_widget(dialog)
    dialog.resize(dialog.sizeHint())
    dialog.show()
    qtbot.waitExposed(dialog)
    approve(dialog)
    dialog.pin.setText("0000")
    dialog.accept()
    dialog.error.setText(dialog.error.text() + " " + "A very long explanation. " * 40)
    qtbot.wait(10)
    assert dialog.error.text().startswith("Wrong PIN")
    assert dialog.height() <= 700
    buttons = dialog.buttons.geometry()
    assert dialog.rect().contains(buttons) and dialog.ok_button.isVisible()
    assert dialog.isVisible()


def test_refunding_a_line_without_choosing_one_says_so(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:  # type: ignore[no-untyped-def]
    sell_wash_and_wax(qtbot, drive)
    dialog = VoidDialog(counter, window)
    qtbot.add_widget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(REFUND_LINE))
    approve(dialog)
    dialog.accept()
    assert dialog.error.text() == "Choose the line to refund in the table above."
    assert dialog.record is None
