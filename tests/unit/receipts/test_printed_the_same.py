"""What the receipts print, pinned: each paper rendered to pixels (and ESC/POS bytes) equals its golden copy.

The golden files under `golden/` were made by the renderers before they were made faster, so a
change in how a receipt is built may change the PDF's bytes but never a printed pixel or byte.
Pixels come from poppler's `pdftoppm -png -r 150`, as a driver would rasterise the page.
Regenerate them only when a change to what is printed is intended:
`PYTHONPATH=$PWD python -m tests.unit.receipts.test_printed_the_same` (then look at them).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from posapp.receipts.data import ReceiptData, ReceiptLine, Slip, TrialNotice
from posapp.receipts.escpos_render import receipt_escpos_bytes
from posapp.receipts.pdf import render_receipt_pdf

GOLDEN = Path(__file__).parent / "golden"
LONG_NAME = "Interior Deep Clean with Leather Conditioning and Odour Elimination Treatment"


def busy_ticket() -> ReceiptData:
    """Ten lines (one long enough to wrap), a customer with a Vietnamese name and a trial notice."""
    names = ["Premium Package", "Car Waxing", "Tire Shine", "Underbody Rinse", "Paint Sealant"]
    names += ["Interior Vacuum", "Window Treatment", "Air Freshener", "Mat Shampoo", LONG_NAME]
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
        trial=TrialNotice(
            "Premium Club",
            date(2026, 12, 27),
            "Dec 27, 2026",
            "To keep it, tell us before it ends: $29.00 a month from your next renewal.",
        ),
        footer="Thank you for washing with us, Zoë & <friends>!",
    )


def reprint_of_a_voided_cash_sale(logo: Path) -> ReceiptData:
    """Both banners, a logo, a quantity, the tax rate, the cash handed over and the change."""
    return replace(
        busy_ticket(),
        copy=True,
        status="voided",
        logo_path=str(logo),
        customer_first_name="",
        lines=(
            ReceiptLine("Express Wash", 1, 1000, "$10.00", False, ""),
            ReceiptLine("Tire Shine", 3, 900, "$9.00", True, "ADD-ON"),
        ),
        tax_rate_text="8.25 %",
        tendered_text="$30.00",
        change_text="$9.28",
        trial=None,
    )


def refund_slip() -> ReceiptData:
    busy = busy_ticket()
    return replace(
        busy,
        slip=Slip(
            "REFUND",
            "$6.00",
            busy.lines[1:2],
            "Wax streaked, Łukasz approved",
            "Lee",
            "Nov 28, 2026",
            "9:15\u202fAM",
            whole_ticket=False,
        ),
    )


def void_slip() -> ReceiptData:
    busy = busy_ticket()
    return replace(
        busy,
        slip=Slip(
            "VOID",
            "$102.84",
            busy.lines,
            "Wrong car",
            "Lee",
            "Nov 27, 2026",
            "10:02\u202fAM",
            whole_ticket=True,
        ),
    )


def printer_test_page() -> ReceiptData:
    return replace(
        busy_ticket(),
        status="printer test",
        lines=busy_ticket().lines[:2],
        payment="No sale",
        paid_in_cash=False,
        trial=None,
        footer="",
    )


def logo_file(folder: Path) -> Path:
    """A fixed two-tone logo, drawn the same way every time."""
    logo = folder / "logo.png"
    image = Image.new("RGB", (300, 100), "white")
    image.paste((0, 0, 0), (20, 20, 280, 80))
    image.save(logo)
    return logo


def papers(folder: Path) -> dict[str, tuple[ReceiptData, int]]:
    """Every kind of paper the renderers print, by golden file name, with its roll width."""
    return {
        "busy-80": (busy_ticket(), 80),
        "busy-58": (busy_ticket(), 58),
        "reprint-voided-80": (reprint_of_a_voided_cash_sale(logo_file(folder)), 80),
        "refund-slip-80": (refund_slip(), 80),
        "void-slip-58": (void_slip(), 58),
        "printer-test-58": (printer_test_page(), 58),
    }


def pixels(pdf: bytes, folder: Path, name: str) -> Path:
    """The page rasterised at 150 dpi by poppler, as a PNG file."""
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(source), str(folder / name)],
        check=True,
        timeout=60,
    )
    return folder / f"{name}.png"


def _image(path: Path) -> Image.Image:
    """The picture's pixels as RGB, the file closed again."""
    with Image.open(path) as picture:
        return picture.convert("RGB")


PAPER_NAMES = ["busy-80", "busy-58", "reprint-voided-80", "refund-slip-80", "void-slip-58", "printer-test-58"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
@pytest.mark.parametrize("name", PAPER_NAMES)
def test_the_pdf_prints_pixel_for_pixel_as_before(name: str, tmp_path: Path) -> None:
    receipt, width_mm = papers(tmp_path)[name]
    printed = _image(pixels(render_receipt_pdf(receipt, width_mm), tmp_path, name))
    golden = _image(GOLDEN / f"{name}.png")

    assert printed.size == golden.size
    difference = ImageChops.difference(printed, golden).getbbox()
    assert difference is None, f"{name} differs from its golden copy inside {difference}"


@pytest.mark.parametrize("name", PAPER_NAMES)
def test_the_escpos_bytes_are_exactly_as_before(name: str, tmp_path: Path) -> None:
    receipt, width_mm = papers(tmp_path)[name]
    assert receipt_escpos_bytes(receipt, width_mm=width_mm) == (GOLDEN / f"{name}.escpos").read_bytes()


def _write_golden() -> None:
    """Render every paper into golden/ (the PNG and the ESC/POS bytes)."""
    import tempfile

    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, (receipt, width_mm) in papers(folder).items():
            printed = _image(pixels(render_receipt_pdf(receipt, width_mm), folder, name))
            # A receipt is black on white: grey levels hold every pixel and take a third of the room.
            grey = printed.convert("L")
            assert ImageChops.difference(grey.convert("RGB"), printed).getbbox() is None, name
            grey.save(GOLDEN / f"{name}.png", optimize=True)
            (GOLDEN / f"{name}.escpos").write_bytes(receipt_escpos_bytes(receipt, width_mm=width_mm))
            print(name, file=sys.stderr)


if __name__ == "__main__":
    _write_golden()
