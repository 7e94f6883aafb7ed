"""The X and Z slips: the shift's cash, its pay-ins and pay-outs and each cashier's selling, on the till roll.

One list of rows is made from the ShiftReport; the PDF (80 or 58 mm, as a receipt), the
ESC/POS bytes and the dialog's text are each drawn from it, so they always say the same.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from babel.dates import format_datetime

from posapp.domain.shift import ShiftReport
from posapp.receipts.errors import PrintError
from posapp.receipts.printers import SystemPrint
from posapp.reports.labels import Words, reason_label
from posapp.settings import Settings


@dataclass(frozen=True)
class Row:
    """One line of the slip: a heading, a label with its figure, plain words, or a rule."""

    left: str = ""
    right: str = ""
    heading: bool = False
    bold: bool = False
    rule: bool = False


RULE = Row(rule=True)


def slip_title(report: ShiftReport) -> str:
    return "Z REPORT - SHIFT CLOSED" if report.kind == "z" else "X REPORT - SHIFT OPEN"


def variance_words(variance_cents: int) -> str:
    """ "OVER", "SHORT" or "BALANCED": what a counted drawer was against the expected cash."""
    if variance_cents > 0:
        return "OVER"
    if variance_cents < 0:
        return "SHORT"
    return "BALANCED"


def slip_rows(report: ShiftReport, settings: Settings) -> list[Row]:
    """Every row of the slip, top to bottom."""
    words = Words(settings.currency, settings.locale)
    money, shift, cash = words.money, report.shift, report.cash

    def when(moment: datetime) -> str:
        return str(format_datetime(moment, "MMM d, HH:mm", tzinfo=settings.time_zone, locale=settings.locale))

    rows = [
        Row(settings.business.name, heading=True),
        Row(slip_title(report), heading=True),
        RULE,
        Row(f"Shift {shift.id}", shift.terminal),
        Row(f"Opened {when(shift.opened_at)}", shift.opened_by_name),
    ]
    if report.kind == "z" and shift.closed_at is not None:
        rows.append(Row(f"Closed {when(shift.closed_at)}", shift.closed_by_name))
    else:
        rows.append(Row(f"As of {when(report.as_of)}"))
    rows += [
        RULE,
        Row("CASH DRAWER", bold=True),
        Row("Float", money(cash.float_cents)),
        Row(f"Cash sales ({report.cash_tickets})", money(cash.cash_sales_cents)),
        Row("Cash refunds", money(-cash.cash_refunds_cents)),
        Row("Voided cash sales", money(-cash.cash_voids_cents)),
        Row("Pay-ins", money(cash.pay_ins_cents)),
        Row("Pay-outs", money(-cash.pay_outs_cents)),
        Row("EXPECTED CASH", money(cash.expected_cents), bold=True),
    ]
    if report.counted_cents is not None and report.variance_cents is not None:
        variance = report.variance_cents
        rows += [
            Row("Counted (blind)", money(report.counted_cents)),
            Row(variance_words(variance), money(variance), bold=True),
        ]
        if shift.approved_by_name:
            rows.append(Row(f"Difference approved by {shift.approved_by_name}"))
    rows += [
        RULE,
        Row("Card sales", money(report.card_sales_cents)),
        Row("Tickets", words.count(report.tickets)),
    ]
    if report.movements:
        rows += [RULE, Row("PAY-INS AND PAY-OUTS", bold=True)]
        for movement in report.movements:
            sign = 1 if movement.kind == "pay_in" else -1
            what = "In" if sign > 0 else "Out"
            approved = f" (ok {movement.approved_by_name})" if movement.approved_by_name else ""
            rows.append(
                Row(
                    f"{when(movement.at)[-5:]} {what}: {movement.reason}{approved}",
                    money(sign * movement.amount_cents),
                )
            )
    rows += [RULE, Row("COACHING", bold=True)]
    if not report.coaching:
        rows.append(Row("No sales in this shift."))
    for person in report.coaching:
        rows += [
            Row(person.name, bold=True),
            Row("  Opportunities (sales)", words.count(person.opportunities)),
            Row("  Offers shown", words.count(person.shown)),
            Row("  Offers taken", words.count(person.taken)),
            Row("  Take rate", words.percent(person.take_rate)),
            Row("  Site, last 30 days", words.percent(person.site_take_rate)),
        ]
        if person.held_back:
            rows.append(Row("  Held back:"))
            rows += [Row(f"    {reason_label(reason)}", words.count(n)) for reason, n in person.held_back]
    return rows


def slip_text(rows: Sequence[Row], columns: int) -> list[str]:
    """The slip as plain lines `columns` wide: what the dialog shows and the thermal printer prints."""
    from posapp.receipts.escpos_render import centred, two_columns

    lines: list[str] = []
    for row in rows:
        if row.rule:
            lines.append("-" * columns)
        elif row.heading:
            lines += [line.center(columns).rstrip() for line in centred(row.left, columns)]
        else:
            lines += [line.rstrip() for line in two_columns(row.left, row.right, columns)]
    return lines


def slip_escpos_bytes(rows: Sequence[Row], width_mm: int) -> bytes:
    """The exact bytes a thermal printer receives for the slip (text, then a cut; no drawer kick)."""
    from escpos.printer import Dummy

    from posapp.receipts.escpos_render import columns_for

    printer = Dummy()
    printer.hw("INIT")
    printer.text("".join(f"{line}\n" for line in slip_text(rows, columns_for(width_mm))))
    printer.cut()
    return bytes(printer.output)


def render_slip_pdf(rows: Sequence[Row], width_mm: int, title: str) -> tuple[bytes, float]:
    """The slip as one PDF page the roll's width, as tall as it needs; returns the PDF and its height (mm)."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, Paragraph

    from posapp.receipts.fonts import register_receipt_fonts
    from posapp.receipts.pdf import PRINTABLE_MM, TOP_BOTTOM_MARGIN, _pair, _text, fitted_height
    from posapp.receipts.pdf_styles import Rule, receipt_styles

    if width_mm not in PRINTABLE_MM:
        raise ValueError(f"slips are 80 or 58 mm wide, not {width_mm}")
    styles = receipt_styles(width_mm)
    width = PRINTABLE_MM[width_mm] * mm
    story: list[Flowable] = []
    for row in rows:
        if row.rule:
            story.append(Rule())
        elif row.heading:
            story.append(Paragraph(f"<b>{_text(row.left)}</b>", styles.centre))
        else:
            left = f"<b>{_text(row.left)}</b>" if row.bold else _text(row.left).replace("  ", "&nbsp;&nbsp;")
            story.append(_pair(left, _text(row.right), styles, width, total=row.bold and bool(row.right)))
    sizes = [flowable.wrap(width, 10_000) for flowable in story]
    page = (width_mm * mm, max(fitted_height([float(h) for _, h in sizes]), (width_mm + 1) * mm))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page, initialFontName=register_receipt_fonts()[0])
    canvas.setTitle(title)
    left_edge, top = (page[0] - width) / 2, page[1] - TOP_BOTTOM_MARGIN
    for flowable, (_, height) in zip(story, sizes, strict=True):
        top -= height
        flowable.drawOn(canvas, left_edge, top)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), page[1] / mm


def slip_file_name(report: ShiftReport, job_id: int) -> str:
    """A Z has one name per shift; each X is named for its job, so none overwrites another."""
    if report.kind == "z":
        return f"z-report-shift-{report.shift.id}.pdf"
    return f"x-report-shift-{report.shift.id}-{job_id}.pdf"


def print_slip(
    report: ShiftReport,
    settings: Settings,
    *,
    folder: Path,
    job_id: int,
    system_print: SystemPrint | None = None,
) -> str:
    """Print the slip as the receipt settings say (PDF folder, system printer, ESC/POS); where it went.

    Runs off the GUI thread on the receipt queue's one thread; never touches the database.
    """
    from posapp.receipts.printers import save_pdf, send_escpos

    receipt = settings.receipt
    rows = slip_rows(report, settings)
    title = slip_file_name(report, job_id).removesuffix(".pdf")
    if receipt.printer == "escpos":
        send_escpos(slip_escpos_bytes(rows, receipt.width_mm), receipt.escpos_backend, receipt.escpos_target)
        return f"ESC/POS {receipt.escpos_backend} {receipt.escpos_target}"
    pdf, height_mm = render_slip_pdf(rows, receipt.width_mm, title)
    if receipt.printer == "system":
        return _print_on_system_printer(
            pdf, receipt.system_printer, receipt.width_mm, height_mm, title, system_print
        )
    if receipt.printer == "pdf_folder":
        return str(save_pdf(pdf, folder / slip_file_name(report, job_id)))
    raise PrintError(f"The receipt printer setting {receipt.printer!r} is not one the counter knows.")


def _print_on_system_printer(
    pdf: bytes, queue: str, width_mm: int, height_mm: float, title: str, system_print: SystemPrint | None
) -> str:
    """As a receipt: CUPS's lp where it exists, otherwise the Qt printer path."""
    if not queue:
        raise PrintError("No system printer is chosen: set receipt.system_printer in the settings.")
    if shutil.which("lp"):
        from posapp.receipts import cups

        job = cups.print_pdf(pdf, queue=queue, width_mm=float(width_mm), height_mm=height_mm, title=title)
        return f"CUPS job {job}"
    if system_print is None:
        raise PrintError("This computer has no print system the counter can use for slips.")
    from posapp.receipts.pdf import RenderedReceipt

    system_print(RenderedReceipt(pdf, float(width_mm), height_mm), queue)
    return f"system printer {queue}"
