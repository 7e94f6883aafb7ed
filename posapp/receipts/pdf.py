"""The receipt as a one-page PDF the width of the till roll, its height fitted to what it says.

Built from small hooks in the manner of pretix's invoice renderer: styles, the story (header,
lines, totals, notices) and the page; `render_receipt_pdf` returns the bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from xml.sax.saxutils import escape, unescape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from posapp.receipts.data import COPY_MARK, ReceiptData, ReceiptLine, status_note
from posapp.receipts.fonts import register_receipt_fonts
from posapp.receipts.pdf_styles import CELL_FONT, Columns, ReceiptStyles, Rule, paragraph, receipt_styles

#: Printable width of each roll: 576 dots (72 mm) on 80 mm paper, 384 dots (48 mm) on 58 mm, at 203 dpi.
PRINTABLE_MM = {80: 72.0, 58: 48.0}
TOP_BOTTOM_MARGIN: float = 4 * mm


def _text(value: str) -> str:
    return escape(value)


def _pair(
    left: str, right: str, styles: ReceiptStyles, width: float, *, total: bool = False, right_width: float = 0
) -> Columns:
    """Two wrapping cells: a label on the left, an amount or fact on the right."""
    left_style, right_style = (
        (styles.total_label, styles.total_amount) if total else (styles.name, styles.amount)
    )
    right_width = _unbroken_width(right, right_style, right_width or styles.amount_width, width)
    cells = [paragraph(left, left_style), paragraph(right, right_style)]
    return Columns([cells], [width - right_width, right_width])


def _unbroken_width(right: str, style: ParagraphStyle, wanted: float, width: float) -> float:
    """The right cell's width: as asked, or wider when its words would break there.

    An amount or a time split over two lines ("$1,654." then "56", "10:02" then "AM") reads as
    a different figure on a 58 mm roll; the label beside it can wrap instead. At most three
    quarters of the roll, so the label keeps room for a word.
    """
    natural = float(stringWidth(unescape(right), style.fontName, style.fontSize)) + 1
    return min(max(wanted, natural), width * 0.75)


def _banner(word: str, detail: str, styles: ReceiptStyles, width: float) -> Table:
    """A boxed word (COPY, VOIDED) nobody at the counter can miss."""
    rows = [[paragraph(f"<b>{_text(word)}</b>", styles.banner)]]
    if detail:
        rows.append([paragraph(_text(detail), styles.centre)])
    table = Table(rows, colWidths=[width])
    table.setStyle(
        TableStyle([("BOX", (0, 0), (-1, -1), 1.6, colors.black), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
    )
    return table


def _logo(path: str, width: float) -> list[Flowable]:
    """The shop's logo, at most 40 mm wide; a missing or unreadable file never stops a receipt."""
    if not path or not Path(path).is_file():
        return []
    try:
        pixel_width, pixel_height = ImageReader(path).getSize()
    except (OSError, ValueError):
        return []
    logo_width = min(40 * mm, width)
    return [Image(path, width=logo_width, height=logo_width * pixel_height / pixel_width), Spacer(0, 2 * mm)]


def line_label(line: ReceiptLine) -> str:
    """A ticket line's name cell: the name as sold, then its marker in bold."""
    mark = f"  <b>{_text(line.mark)}</b>" if line.mark else ""
    return f"{_text(line.label)}{mark}"


def header_story(receipt: ReceiptData, styles: ReceiptStyles, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    if receipt.copy:
        story += [
            _banner(COPY_MARK, f"Reprint of receipt {receipt.number_text}", styles, width),
            Spacer(0, 2 * mm),
        ]
    if receipt.status != "completed":
        story += [
            _banner(receipt.status.upper(), status_note(receipt.status), styles, width),
            Spacer(0, 2 * mm),
        ]
    story += _logo(receipt.logo_path, width)
    story.append(paragraph(_text(receipt.business_name), styles.business))
    for detail in (receipt.business_address, receipt.business_phone, receipt.business_tax_id):
        if detail:
            story.append(paragraph(_text(detail), styles.centre))
    story.append(Rule())
    # The date gets half the width so "Nov 27, 2026" never breaks, even on a 58 mm roll.
    story.append(
        _pair(
            f"Receipt <b>{receipt.number_text}</b>",
            _text(receipt.local_date),
            styles,
            width,
            right_width=width / 2,
        )
    )
    story.append(
        _pair(
            f"Cashier: {_text(receipt.cashier)}",
            _text(receipt.local_time),
            styles,
            width,
            right_width=width / 2,
        )
    )
    if receipt.customer_first_name:
        story.append(paragraph(f"Customer: {_text(receipt.customer_first_name)}", styles.body))
    story.append(Rule())
    return story


def lines_story(receipt: ReceiptData, styles: ReceiptStyles, width: float) -> list[Flowable]:
    rows = [
        [paragraph(line_label(line), styles.name), paragraph(_text(line.amount_text), styles.amount)]
        for line in receipt.lines
    ]
    if not rows:
        return []
    return [Columns(rows, [width - styles.amount_width, styles.amount_width]), Rule()]


def totals_story(receipt: ReceiptData, styles: ReceiptStyles, width: float) -> list[Flowable]:
    story = [
        _pair("Subtotal", _text(receipt.subtotal_text), styles, width),
        _pair(_text(receipt.tax_label), _text(receipt.tax_text), styles, width),
        _pair("TOTAL", _text(receipt.total_text), styles, width, total=True),
        _pair("Paid by", _text(receipt.payment), styles, width),
    ]
    if receipt.tendered_text:
        story += [
            _pair("Cash tendered", _text(receipt.tendered_text), styles, width),
            _pair("Change", _text(receipt.change_text), styles, width),
        ]
    return story


def _trial_sentence(receipt: ReceiptData) -> str:
    """The trial notice with its end date kept on one line ("Dec 27, 2026" never splits)."""
    assert receipt.trial is not None
    date_text = _text(receipt.trial.ends_on_text)
    sentence = _text(receipt.trial.text).replace(date_text, date_text.replace(" ", "&nbsp;"))
    return f"{sentence}<br/>{_text(receipt.trial.after)}" if receipt.trial.after else sentence


def notices_story(receipt: ReceiptData, styles: ReceiptStyles, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    if receipt.trial is not None:
        notice = Table(
            [[paragraph(f"<b>Membership trial</b><br/>{_trial_sentence(receipt)}", styles.centre)]],
            colWidths=[width],
        )
        notice.setStyle(TableStyle([CELL_FONT, ("BOX", (0, 0), (-1, -1), 0.8, colors.black)]))
        story += [Spacer(0, 2 * mm), notice]
    if receipt.footer:
        story += [Spacer(0, 3 * mm), paragraph(_text(receipt.footer), styles.centre)]
    if receipt.copy:
        story += [Spacer(0, 2 * mm), paragraph(f"<b>*** {COPY_MARK} ***</b>", styles.centre)]
    return story


def slip_story(receipt: ReceiptData, styles: ReceiptStyles, width: float) -> list[Flowable]:
    """A void or refund slip: the word, the sale it undoes, what went back, why, who approved it, when."""
    slip = receipt.slip
    assert slip is not None
    what = "the whole ticket" if slip.whole_ticket else "one line"
    story: list[Flowable] = [
        _banner(slip.word, f"Receipt {receipt.number_text}: {what}", styles, width),
        Spacer(0, 2 * mm),
        paragraph(_text(receipt.business_name), styles.business),
        Rule(),
        _pair(
            f"{_text(slip.word.title())} made",
            f"{_text(slip.local_date)} {_text(slip.local_time)}",
            styles,
            width,
            right_width=width * 0.6,
        ),
        _pair(
            "Sold",
            f"{_text(receipt.local_date)} {_text(receipt.local_time)}",
            styles,
            width,
            right_width=width * 0.6,
        ),
        Rule(),
    ]
    story += lines_story(replace(receipt, lines=slip.lines), styles, width)
    story += [
        _pair(_text(slip.amount_label), _text(slip.amount_text), styles, width, total=True),
        _pair("Tax included", "", styles, width),
        _pair("Paid by", _text(receipt.payment), styles, width),
        Spacer(0, 2 * mm),
        paragraph(f"<b>Reason:</b> {_text(slip.reason)}", styles.body),
        paragraph(f"<b>Approved by:</b> {_text(slip.manager)}", styles.body),
        paragraph(f"<b>Cashier on the sale:</b> {_text(receipt.cashier)}", styles.body),
    ]
    return story


def receipt_story(receipt: ReceiptData, width_mm: int) -> list[Flowable]:
    """Every flowable of the receipt (or of a void or refund slip), top to bottom, `width_mm` wide."""
    styles = receipt_styles(width_mm)
    width = PRINTABLE_MM[width_mm] * mm
    if receipt.slip is not None:
        return slip_story(receipt, styles, width)
    return [
        *header_story(receipt, styles, width),
        *lines_story(receipt, styles, width),
        *totals_story(receipt, styles, width),
        *notices_story(receipt, styles, width),
    ]


def document_title(receipt: ReceiptData) -> str:
    """The PDF's title: what the paper is ("Refund of receipt 000001"), not just its number."""
    if receipt.slip is not None:
        return f"{receipt.slip.word.title()} of receipt {receipt.number_text}"
    return f"Receipt {receipt.number_text}" + (f" ({COPY_MARK})" if receipt.copy else "")


def fitted_height(heights: list[float]) -> float:
    """The page height that holds flowables of these wrapped heights, with the top and bottom margin."""
    # A point of slack absorbs float rounding, so the last line never falls off the page.
    return sum(heights) + 2 * TOP_BOTTOM_MARGIN + 1


@dataclass(frozen=True)
class RenderedReceipt:
    """A receipt's PDF and its page size, which a printer needs as the media size."""

    pdf: bytes
    width_mm: float
    height_mm: float


def render_receipt(receipt: ReceiptData, width_mm: int = 80) -> RenderedReceipt:
    """The receipt as one PDF page, `width_mm` wide (80 or 58) and as tall as its content.

    Each flowable is wrapped once, to size the page, and then drawn straight onto the canvas:
    a page template would wrap everything a second time for the same result (half the cost).
    """
    if width_mm not in PRINTABLE_MM:
        raise ValueError(f"receipts are 80 or 58 mm wide, not {width_mm}")
    story = receipt_story(receipt, width_mm)
    width = PRINTABLE_MM[width_mm] * mm
    sizes = [flowable.wrap(width, 10_000) for flowable in story]
    heights = [float(height) for _, height in sizes]
    # Never wider than tall: print dialogs and drivers turn such a page to landscape.
    page = (width_mm * mm, max(fitted_height(heights), (width_mm + 1) * mm))
    buffer = io.BytesIO()
    # Helvetica would otherwise be written as the page's initial font, though never used.
    canvas = Canvas(buffer, pagesize=page, initialFontName=register_receipt_fonts()[0])
    canvas.setTitle(document_title(receipt))
    canvas.setAuthor(receipt.business_name)
    left, top = (page[0] - width) / 2, page[1] - TOP_BOTTOM_MARGIN
    for flowable, (used, height) in zip(story, sizes, strict=True):
        top -= height
        # What a Frame would do: centre what is narrower than the column (the logo).
        indent = (width - used) / 2 if getattr(flowable, "hAlign", "LEFT") == "CENTER" else 0
        flowable.drawOn(canvas, left + max(indent, 0), top)
    canvas.showPage()
    canvas.save()
    return RenderedReceipt(buffer.getvalue(), float(width_mm), page[1] / mm)


def render_receipt_pdf(receipt: ReceiptData, width_mm: int = 80) -> bytes:
    """The receipt as PDF bytes: one page, the roll's width, fitted height."""
    return render_receipt(receipt, width_mm).pdf
