"""The receipt PDF: the roll's width, one page fitted to its content, every line, Unicode names in DejaVu."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from posapp.app import Counter
from posapp.receipts.data import ReceiptData, ReceiptLine, load_receipt
from posapp.receipts.pdf import render_receipt, render_receipt_pdf

MM = 72 / 25.4
LONG_NAME = "Interior Deep Clean with Leather Conditioning and Odour Elimination Treatment"


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in _reader(pdf).pages)


def _fonts(pdf: bytes) -> set[str]:
    fonts = _reader(pdf).pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]) for font in fonts.values()}


@pytest.fixture
def receipt(counter: Counter, sale) -> ReceiptData:
    number = sale(
        customer="Nguyễn Văn An",
        wash="premium_package",
        upsell=True,
        addons=("car_waxing",),
        trial="premium_club",
    )
    return load_receipt(counter.db, number, counter.settings, copy=False)


def test_every_line_marker_and_total_is_printed(receipt: ReceiptData) -> None:
    text = _text(render_receipt_pdf(receipt))
    for expected in (
        "Sparkle Car Wash",
        "1200 Harbor Road, Springfield",
        "(555) 010-2024",
        "EIN 12-3456789",
        "Receipt 000001",
        "Nov 27, 2026",
        "10:00",
        "Cashier: Sam",
        "Customer: Nguyễn",
        "Premium Package UPGRADE",
        "+ Car Waxing ADD-ON",
        "$25.00",
        "$8.00",
        "Subtotal",
        "$33.00",
        "$2.72",
        "TOTAL",
        "$35.72",
        "Paid by",
        "Cash",
        "Your free Premium Club trial runs until Dec 27, 2026.",
        "Thank you for washing with us!",
    ):
        assert expected in " ".join(text.split()), expected
    assert "COPY" not in text


@pytest.mark.parametrize("name", ["Łukasz", "Nguyễn Văn An", "Zoë"])
def test_unicode_names_print_in_dejavu_not_helvetica(counter: Counter, sale, name: str) -> None:
    receipt = load_receipt(counter.db, sale(customer=name), counter.settings, copy=False)
    receipt = replace(receipt, footer=f"Thanks, {name}!")
    pdf = render_receipt_pdf(receipt)

    assert f"Thanks, {name}!" in _text(pdf)
    fonts = _fonts(pdf)
    assert fonts and all("DejaVuSans" in font for font in fonts), fonts
    assert not any("Helvetica" in font for font in fonts)


@pytest.mark.parametrize(("width_mm", "points"), [(80, 226.77), (58, 164.41)])
def test_the_page_is_the_rolls_width_on_one_page(receipt: ReceiptData, width_mm: int, points: float) -> None:
    rendered = render_receipt(receipt, width_mm)
    reader = _reader(rendered.pdf)

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(points, abs=0.01)
    assert float(box.height) > float(box.width)
    assert float(box.height) == pytest.approx(rendered.height_mm * MM, abs=0.01)


def test_more_lines_make_a_taller_page_still_one_page(receipt: ReceiptData) -> None:
    extra = tuple(
        ReceiptLine(f"Extra service {n}", 1, 100, "$1.00", True, "ADD-ON") for n in range(30)
    )
    short = render_receipt(receipt, 80)
    tall = render_receipt(replace(receipt, lines=receipt.lines + extra), 80)

    assert tall.height_mm > short.height_mm + 30 * 3
    assert len(_reader(tall.pdf).pages) == 1
    assert "Extra service 29" in _text(tall.pdf)


@pytest.mark.parametrize("width_mm", [80, 58])
def test_a_long_name_wraps_inside_its_column(receipt: ReceiptData, width_mm: int) -> None:
    long_line = ReceiptLine(LONG_NAME, 1, 12000, "$120.00", True, "ADD-ON")
    pdf = render_receipt_pdf(replace(receipt, lines=(long_line,)), width_mm)

    lines = [" ".join(line.split()) for line in _text(pdf).splitlines()]
    name_lines = [line for line in lines if any(word in line for word in ("Interior", "Leather", "Treatment"))]
    # Wrapped over several lines, and the price stays on the first one, beside the name.
    assert len(name_lines) >= 2
    assert name_lines[0].startswith("+ Interior") and name_lines[0].endswith("$120.00")
    assert "ADD-ON" in lines[lines.index(name_lines[-1])] or "ADD-ON" in " ".join(lines)
    assert _all_text_inside_page(pdf)


def _all_text_inside_page(pdf: bytes) -> bool:
    page = _reader(pdf).pages[0]
    width = float(page.mediabox.width)
    positions: list[float] = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: positions.append(tm[4] + cm[4]) if text.strip() else None)
    return bool(positions) and all(0 <= x < width for x in positions)


def test_a_reprint_says_copy_at_top_and_bottom(receipt: ReceiptData) -> None:
    text = _text(render_receipt_pdf(replace(receipt, copy=True)))
    assert text.splitlines()[0].strip() == "COPY"
    assert "Reprint of receipt 000001" in text
    assert text.rstrip().endswith("*** COPY ***")
    assert "(COPY)" in str(_reader(render_receipt_pdf(replace(receipt, copy=True))).metadata.title)
