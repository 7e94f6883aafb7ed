"""Receipt speed: a 10-line receipt as PDF (80 and 58 mm) and as ESC/POS bytes, against bare floors.

The PDF floor is a bare one-line reportlab document (built-in Helvetica, one Paragraph) made
in the same run; the ESC/POS floor is one line of text through python-escpos's Dummy printer.
Run as `python -m bench.bench_receipts`, or through `make bench`.
"""

from __future__ import annotations

import io
from datetime import date
from functools import partial

from escpos.printer import Dummy
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from bench.timing import Row, measure, row
from posapp.receipts.data import ReceiptData, ReceiptLine, TrialNotice
from posapp.receipts.escpos_render import receipt_escpos_bytes
from posapp.receipts.pdf import render_receipt_pdf

REPEAT = 60
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


def bare_reportlab_document() -> bytes:
    """The floor: the least a reportlab document can be, one line on an 80 mm page."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=(80 * mm, 100 * mm))
    document.build([Paragraph("Receipt 4217", getSampleStyleSheet()["Normal"])])
    return buffer.getvalue()


def bare_escpos_line() -> bytes:
    printer = Dummy()
    printer.text("Receipt 4217\n")
    return bytes(printer.output)


def run() -> list[Row]:
    receipt = ten_line_receipt()
    floor_ms, _ = measure(bare_reportlab_document, repeat=REPEAT)
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
            )
        )
    median, spread = measure(lambda: receipt_escpos_bytes(receipt, width_mm=80), repeat=REPEAT)
    rows.append(
        row("receipt ESC/POS bytes, 10 lines", median, spread, "one escpos line", escpos_floor_ms, "≤ 5 ms")
    )
    return rows


if __name__ == "__main__":
    for result in run():
        ratio = f"{result['ratio']:.2f}×" if result["ratio"] is not None else "—"
        print(
            f"{result['figure']}: median {result['median_ms']:.2f} ms (IQR {result['spread_ms']:.2f} ms), "
            f"floor {result['floor']} {result['floor_ms']:.2f} ms, ratio {ratio}, target {result['target']}"
        )
