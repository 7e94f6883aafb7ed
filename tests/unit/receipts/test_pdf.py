"""The receipt PDF: the roll's width, one page fitted to its content, every line, Unicode names in DejaVu."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from posapp.counter import Counter
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
    extra = tuple(ReceiptLine(f"Extra service {n}", 1, 100, "$1.00", True, "ADD-ON") for n in range(30))
    short = render_receipt(receipt, 80)
    tall = render_receipt(replace(receipt, lines=receipt.lines + extra), 80)

    assert tall.height_mm > short.height_mm + 30 * 3
    assert len(_reader(tall.pdf).pages) == 1
    assert "Extra service 29" in _text(tall.pdf)


@pytest.mark.parametrize("width_mm", [80, 58])
def test_a_long_name_wraps_inside_its_column(receipt: ReceiptData, width_mm: int) -> None:
    long_line = ReceiptLine(LONG_NAME, 1, 12000, "$120.00", True, "ADD-ON")
    pdf = render_receipt_pdf(replace(receipt, lines=(long_line,)), width_mm)

    runs = _text_runs(pdf)
    price_x, price_y = next((x, y) for text, x, y, _ in runs if text.strip() == "$120.00")
    name_runs = [(text, x, y, right) for text, x, y, right in runs if y >= price_y - 40 and x < price_x]
    name_runs = [run for run in name_runs if any(word in run[0] for word in [*LONG_NAME.split(), "ADD-ON"])]
    # The name takes several lines, starts level with its price, and never runs into the price column.
    assert len({y for _, _, y, _ in name_runs}) >= 2
    assert max(y for _, _, y, _ in name_runs) == pytest.approx(price_y)
    assert all(right <= price_x for _, _, _, right in name_runs)
    assert "ADD-ON" in "".join(text for text, *_ in name_runs)


def _text_runs(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """Each text run with its x, y and right edge (x plus its width in the bold face, the wider one)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x, y = tm[4] + cm[4], tm[5] + cm[5]
            runs.append((text, x, y, x + stringWidth(text.strip(), "DejaVuSans-Bold", size)))

    _reader(pdf).pages[0].extract_text(visitor_text=visit)
    return runs


def test_a_reprint_says_copy_at_top_and_bottom(receipt: ReceiptData) -> None:
    text = _text(render_receipt_pdf(replace(receipt, copy=True)))
    assert text.splitlines()[0].strip() == "COPY"
    assert "Reprint of receipt 000001" in text
    assert text.rstrip().endswith("*** COPY ***")
    assert "(COPY)" in str(_reader(render_receipt_pdf(replace(receipt, copy=True))).metadata.title)


def test_the_logo_is_printed_and_a_missing_one_is_left_out(receipt: ReceiptData, tmp_path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), "black").save(logo)

    with_logo = _reader(render_receipt_pdf(replace(receipt, logo_path=str(logo)))).pages[0]
    missing = _reader(render_receipt_pdf(replace(receipt, logo_path=str(tmp_path / "gone.png")))).pages[0]

    assert len(with_logo["/Resources"]["/XObject"]) == 1
    assert "/XObject" not in missing["/Resources"]
    assert float(with_logo.mediabox.height) > float(missing.mediabox.height)


def test_the_cash_handed_over_and_the_change_are_on_the_receipt(counter: Counter, sale) -> None:  # type: ignore[no-untyped-def]
    receipt = load_receipt(counter.db, sale(tendered=3000), counter.settings, copy=False)
    text = " ".join(_text(render_receipt_pdf(receipt)).split())
    assert "Cash tendered $30.00" in text and "Change $5.10" in text
