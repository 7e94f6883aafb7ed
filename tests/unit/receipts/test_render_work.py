"""What rendering one receipt costs in work, not milliseconds: each piece is done once, and only what is used.

Timings move with the machine's load; these counts do not. Each test counts a real render's
calls through a counting wrapper (the real function still runs) or reads the PDF it made.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from escpos.magicencode import Encoder
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from posapp.receipts.escpos_render import receipt_escpos_bytes
from posapp.receipts.pdf import receipt_story, render_receipt_pdf
from posapp.receipts.pdf_styles import Columns
from tests.unit.receipts.test_printed_the_same import busy_ticket

ROOT = Path(__file__).resolve().parents[3]


def _paragraphs(flowables: list[object]) -> list[Paragraph]:
    """Every Paragraph of a story, including those inside two-column rows."""
    found: list[Paragraph] = []
    for flowable in flowables:
        if isinstance(flowable, Paragraph):
            found.append(flowable)
        elif isinstance(flowable, Columns):
            found += [cell for row in flowable.rows for cell in row]
    return found


def test_each_paragraph_of_a_receipt_is_wrapped_once(monkeypatch: pytest.MonkeyPatch) -> None:
    wrapped: list[int] = []
    real_wrap = Paragraph.wrap

    def counted_wrap(self: Paragraph, width: float, height: float) -> tuple[float, float]:
        wrapped.append(id(self))
        return real_wrap(self, width, height)  # type: ignore[no-any-return]

    receipt = busy_ticket()
    paragraphs = len(_paragraphs(receipt_story(receipt, 80)))
    monkeypatch.setattr(Paragraph, "wrap", counted_wrap)
    render_receipt_pdf(receipt, 80)

    # The trial notice is still a boxed Table, which wraps its one paragraph twice; nothing else is.
    times = sorted(Counter(wrapped).values())
    assert times == [1] * paragraphs + [2], times


def test_the_letters_of_plain_words_keep_their_ascii_codes() -> None:
    """Without its ToUnicode map (CUPS drops it), a receipt's text must still read as its words."""
    pdf = render_receipt_pdf(busy_ticket(), 80)
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert content is not None

    assert b"(Subtotal)" in content.get_data()


def test_a_receipt_after_the_first_builds_no_code_page_map(monkeypatch: pytest.MonkeyPatch) -> None:
    receipt = busy_ticket()
    receipt_escpos_bytes(receipt)
    built: list[str] = []
    real_list = Encoder._get_codepage_char_list

    def counted(encoding: str) -> list[str]:
        letters: list[str] = real_list(encoding)  # python-escpos has no map of some pages: it raises
        built.append(encoding)
        return letters

    monkeypatch.setattr(Encoder, "_get_codepage_char_list", staticmethod(counted))
    receipt_escpos_bytes(receipt)

    assert built == []


_FRESH = """
import sys
from tests.unit.receipts.test_printed_the_same import busy_ticket
from posapp.receipts.escpos_render import receipt_escpos_bytes
sys.stdout.buffer.write(receipt_escpos_bytes(busy_ticket(), width_mm=58))
"""


def test_the_bytes_do_not_depend_on_earlier_receipts() -> None:
    """Shared code page maps must not carry one receipt's code page choices into the next."""
    from dataclasses import replace

    # Vietnamese, Greek and Cyrillic letters send the encoder through several code pages first.
    receipt_escpos_bytes(replace(busy_ticket(), customer_first_name="Ễ Ω Ж ₪ ß"), width_mm=58)
    after_others = receipt_escpos_bytes(busy_ticket(), width_mm=58)
    fresh = subprocess.run(
        [sys.executable, "-c", _FRESH], capture_output=True, check=True, timeout=120, cwd=ROOT
    ).stdout

    assert after_others == fresh


def test_plain_words_skip_the_markup_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.platypus.paraparser import ParaParser

    receipt = busy_ticket()
    render_receipt_pdf(receipt, 80)
    parsed: list[str] = []
    real_parse = ParaParser.parse

    def counted_parse(self: ParaParser, text: str, style: object) -> object:
        parsed.append(text)
        return real_parse(self, text, style)

    monkeypatch.setattr(ParaParser, "parse", counted_parse)
    render_receipt_pdf(receipt, 80)

    everything = " ".join(parsed)
    assert "ADD-ON" in everything and "Membership trial" in everything  # markup still parsed
    for plain in ("$5.00", "$14.00", "Subtotal", "$102.84", "Sparkle Car Wash", "Cashier: Sam"):
        assert plain not in everything, plain


@pytest.mark.parametrize(
    "words",
    [
        "Subtotal",
        "  Cash   tendered ",
        "Tax\t8.25 %",
        "two\nlines",
        "10:00\u202fAM",
        "Nguyễn\u00a0Văn",
        "",
        "   ",
    ],
)
def test_a_plain_paragraph_is_what_the_parser_makes(words: str) -> None:
    from reportlab.platypus.paraparser import ParaFrag

    from posapp.receipts.pdf_styles import paragraph, receipt_styles

    style = receipt_styles(80).amount
    fast, parsed = paragraph(words, style), Paragraph(words, style)

    def attributes(fragments: list[ParaFrag]) -> list[dict[str, object]]:
        return [dict(vars(fragment)) for fragment in fragments]

    assert fast.text == parsed.text
    assert attributes(fast.frags) == attributes(parsed.frags)
    assert fast.wrap(100, 1000) == parsed.wrap(100, 1000)


def test_the_same_letters_cut_and_compress_a_font_subset_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfdoc import PDFZCompress
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from posapp.receipts.fonts import dejavu_path, subsets_made_once

    # A face no receipt uses: reportlab hands back the first font registered for a face.
    font = TTFont("DejaVuSans-cut-once-test", str(dejavu_path("DejaVuSans-Oblique.ttf")))
    cuts: list[int] = []
    real_cut = font.face.makeSubset

    def counted_cut(letters: list[int]) -> bytes:
        cuts.append(len(letters))
        return real_cut(letters)  # type: ignore[no-any-return]

    font.face.makeSubset = counted_cut
    pdfmetrics.registerFont(subsets_made_once(font))
    compressed: list[int] = []
    real_compress = PDFZCompress.encode

    def counted_compress(content: bytes) -> bytes:
        if content[:4] == b"\x00\x01\x00\x00":  # a TrueType font program, not page text
            compressed.append(len(content))
        return real_compress(content)  # type: ignore[no-any-return]

    monkeypatch.setattr(PDFZCompress, "encode", counted_compress)
    assert pdfmetrics.getFont(font.fontName) is font

    def page(words: str) -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1)
        canvas.setFont(font.fontName, 10)
        canvas.drawString(10, 10, words)
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    first = page("Paid by Cash, 10:00\u202fAM")
    again = page("Paid by Card, 11:30\u202fAM")
    assert len(cuts) == len(compressed) == 1  # the same letters beyond ASCII, in order: the same subset
    page("Customer: Nguyễn, 10:00\u202fAM")
    assert len(cuts) == len(compressed) == 2  # a new letter is a new subset, cut for it
    # The remembered subset is embedded byte for byte as a fresh cut would be.
    font.face.makeSubset = real_cut
    assert page("Paid by Cash, 10:00\u202fAM") == first != again
