"""Receipt speed: a 10-line receipt as PDF (80 and 58 mm) and as ESC/POS bytes, against bare floors.

The PDF floors, made in the same run: a bare one-line reportlab document (built-in Helvetica,
one Paragraph), and the same receipt's words drawn bare on reportlab's canvas (one drawString a
line, in the receipt's embedded DejaVu fonts, no layout): the least reportlab can do to print
them. The ESC/POS floor is one line of text through python-escpos's Dummy printer.
Run as `python -m bench.bench_receipts`, or through `make bench`.
"""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

from escpos.printer import Dummy
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from bench.timing import Row, describe, measure, row, summary
from posapp.receipts.data import ReceiptData, ReceiptLine, TrialNotice
from posapp.receipts.escpos_render import receipt_escpos_bytes
from posapp.receipts.fonts import register_receipt_fonts
from posapp.receipts.pdf import render_receipt_pdf

REPEAT = 100
FIRST_RUNS = 3
TARGET_PDF = "≤ 25 ms"


def ten_line_receipt() -> ReceiptData:
    """A busy ticket: a wash, nine add-ons (one with a long name), a customer and a trial notice."""
    names = ["Premium Package", "Car Waxing", "Tire Shine", "Underbody Rinse", "Paint Sealant"]
    names += ["Interior Vacuum", "Window Treatment", "Air Freshener", "Mat Shampoo"]
    names.append("Interior Deep Clean with Leather Conditioning and Odour Elimination Treatment")
    lines = tuple(
        ReceiptLine(name, 1, 500 + 100 * n, f"${5 + n}.00", n > 0, "ADD-ON" if n else "UPGRADE")
        for n, name in enumerate(names)
    )
    return ReceiptData(
        business_name="Sparkle Car Wash",
        business_address="1200 Harbor Road, Springfield",
        business_phone="(555) 010-2024",
        business_tax_id="EIN 12-3456789",
        logo_path="",
        number=4217,
        copy=False,
        status="completed",
        local_date="Nov 27, 2026",
        local_time="10:00\u202fAM",
        cashier="Sam",
        customer_first_name="Nguyễn",
        lines=lines,
        subtotal_cents=9500,
        subtotal_text="$95.00",
        tax_cents=784,
        tax_text="$7.84",
        total_cents=10284,
        total_text="$102.84",
        payment="Cash",
        paid_in_cash=True,
        trial=TrialNotice("Premium Club", date(2026, 12, 27), "Dec 27, 2026"),
        footer="Thank you for washing with us, Zoë!",
    )


def receipts_with_new_letters(receipt: ReceiptData) -> Callable[[], bytes]:
    """Render `receipt` each time for a customer with a letter the last 64 receipts did not have.

    The fonts remember the subsets (glyphs and their compressed form) of the last receipts; a
    letter beyond ASCII that none of them had makes a new subset, cut and compressed afresh.
    """
    letters = itertools.cycle(chr(code) for code in range(0x100, 0x180))  # Latin Extended-A

    def render() -> bytes:
        return render_receipt_pdf(replace(receipt, customer_first_name=f"Nguy{next(letters)}n"), 80)

    return render


def bare_reportlab_document() -> bytes:
    """The floor: the least a reportlab document can be, one line on an 80 mm page."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=(80 * mm, 100 * mm))
    document.build([Paragraph("Receipt 4217", getSampleStyleSheet()["Normal"])])
    return buffer.getvalue()


def bare_canvas_receipt(receipt: ReceiptData, width_mm: int = 80) -> bytes:
    """The second floor: the receipt's words drawn bare on reportlab's canvas, one drawString a line.

    The same embedded DejaVu faces and sizes, the same dashed rules and trial box, but no markup,
    no line breaking and no layout: the long name is one (clipped) line, the trial notice two.
    """
    regular, bold = register_receipt_fonts()
    size, leading = 8.5, 8.5 * 1.25
    width, left = (width_mm - 8) * mm, 4 * mm
    right = left + width
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width_mm * mm, 200 * mm), initialFontName=regular)
    y = 190 * mm

    def line(text: str, amount: str = "", *, font: str = regular, font_size: float = size) -> None:
        nonlocal y
        canvas.setFont(font, font_size)
        canvas.drawString(left, y, text)
        if amount:
            canvas.drawRightString(right, y, amount)
        y -= leading

    def centred(text: str, *, font: str = regular, font_size: float = size) -> None:
        nonlocal y
        canvas.setFont(font, font_size)
        canvas.drawCentredString(left + width / 2, y, text)
        y -= leading

    def rule() -> None:
        nonlocal y
        canvas.setLineWidth(0.6)
        canvas.setDash(2, 1.5)
        canvas.line(left, y + leading / 2, right, y + leading / 2)
        y -= leading

    centred(receipt.business_name, font=bold, font_size=size + 4)
    for detail in (receipt.business_address, receipt.business_phone, receipt.business_tax_id):
        centred(detail)
    rule()
    line(f"Receipt {receipt.number_text}", receipt.local_date)
    line(f"Cashier: {receipt.cashier}", receipt.local_time)
    line(f"Customer: {receipt.customer_first_name}")
    rule()
    for item in receipt.lines:
        line(item.label, item.amount_text)
        canvas.setFont(bold, size)
        canvas.drawString(left + 40 * mm, y + leading, item.mark)
    rule()
    line("Subtotal", receipt.subtotal_text)
    line(receipt.tax_label, receipt.tax_text)
    line("TOTAL", receipt.total_text, font=bold, font_size=size + 2)
    line("Paid by", receipt.payment)
    if receipt.trial is not None:
        canvas.setDash()
        y -= leading
        canvas.rect(left, y - leading - 4, width, leading + size + 6)
        centred("Membership trial", font=bold)
        centred(receipt.trial.text, font_size=size - 1)
    y -= leading
    centred(receipt.footer)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bare_escpos_line() -> bytes:
    printer = Dummy()
    printer.text("Receipt 4217\n")
    return bytes(printer.output)


_FIRST = """
import json, sys, time
from bench.bench_receipts import ten_line_receipt
from posapp.receipts.pdf import render_receipt_pdf

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

receipt = ten_line_receipt()
before = rss_mb()
start = time.perf_counter()
render_receipt_pdf(receipt, 80)
print(json.dumps({"ms": (time.perf_counter() - start) * 1000, "mb": rss_mb() - before}))
"""


def first_receipt() -> dict[str, float]:
    """The first receipt of a process, where the fonts are registered: what the first sale of a day pays."""
    done = subprocess.run(
        [sys.executable, "-c", _FIRST],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def run() -> list[Row]:
    receipt = ten_line_receipt()
    floor_ms, _ = measure(bare_reportlab_document, repeat=REPEAT)
    canvas_floor_ms, _ = measure(partial(bare_canvas_receipt, receipt), repeat=REPEAT)
    escpos_floor_ms, _ = measure(bare_escpos_line, repeat=REPEAT)
    rows = []
    for width in (80, 58):
        median, spread = measure(partial(render_receipt_pdf, receipt, width), repeat=REPEAT)
        rows.append(
            row(
                f"receipt PDF, 10 lines, {width} mm",
                median,
                spread,
                "one-line reportlab document",
                floor_ms,
                TARGET_PDF,
                samples=REPEAT,
                limit=25.0,
            )
        )
        if width == 80:
            rows.append(
                row(
                    "  the same, against its words drawn bare on reportlab's canvas",
                    median,
                    spread,
                    "the receipt's words, one drawString a line, same embedded DejaVu fonts",
                    canvas_floor_ms,
                    "— (what the layout costs)",
                    samples=REPEAT,
                )
            )
            fresh_ms, fresh_spread = measure(receipts_with_new_letters(receipt), repeat=REPEAT)
            rows.append(
                row(
                    "receipt PDF, 10 lines, 80 mm, a customer's letter no recent receipt had"
                    " (its face's subset made afresh)",
                    fresh_ms,
                    fresh_spread,
                    "one-line reportlab document",
                    floor_ms,
                    TARGET_PDF,
                    samples=REPEAT,
                    limit=25.0,
                )
            )
    firsts = [first_receipt() for _ in range(FIRST_RUNS)]
    first_ms, first_spread = summary([f["ms"] for f in firsts])
    first_mb, _ = summary([f["mb"] for f in firsts])
    rows.append(
        row(
            f"first receipt PDF of a process (fonts registered; VmRSS +{first_mb:.0f} MB)",
            first_ms,
            first_spread,
            "—",
            None,
            "— (for information)",
            samples=FIRST_RUNS,
        )
    )
    median, spread = measure(lambda: receipt_escpos_bytes(receipt, width_mm=80), repeat=REPEAT)
    rows.append(
        row(
            "receipt ESC/POS bytes, 10 lines",
            median,
            spread,
            "one escpos line",
            escpos_floor_ms,
            "≤ 5 ms",
            samples=REPEAT,
            limit=5.0,
        )
    )
    return rows


if __name__ == "__main__":
    for result in run():
        print(describe(result))
