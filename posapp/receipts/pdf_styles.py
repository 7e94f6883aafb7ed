"""Type styles, table styles and the dashed rule of the receipt PDF, for 80 mm and 58 mm rolls."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag

from posapp.receipts.fonts import REGULAR, register_receipt_fonts


@dataclass(frozen=True)
class ReceiptStyles:
    """Paragraph styles for one roll width; a 58 mm roll gets slightly smaller type."""

    body: ParagraphStyle
    centre: ParagraphStyle
    name: ParagraphStyle
    amount: ParagraphStyle
    business: ParagraphStyle
    total_label: ParagraphStyle
    total_amount: ParagraphStyle
    banner: ParagraphStyle
    amount_width: float


@functools.cache
def receipt_styles(width_mm: int) -> ReceiptStyles:
    """The styles of one roll width, made once: they are only read, and plain words reuse their parse."""
    regular, bold = register_receipt_fonts()
    size = 8.5 if width_mm >= 80 else 7.5
    body = ParagraphStyle("body", fontName=regular, fontSize=size, leading=size * 1.25)
    return ReceiptStyles(
        body=body,
        centre=ParagraphStyle("centre", parent=body, alignment=TA_CENTER),
        name=ParagraphStyle("name", parent=body, alignment=TA_LEFT),
        amount=ParagraphStyle("amount", parent=body, alignment=TA_RIGHT),
        business=ParagraphStyle(
            "business",
            parent=body,
            fontName=bold,
            fontSize=size + 4,
            leading=(size + 4) * 1.2,
            alignment=TA_CENTER,
        ),
        total_label=ParagraphStyle(
            "total_label", parent=body, fontName=bold, fontSize=size + 2, leading=(size + 2) * 1.25
        ),
        total_amount=ParagraphStyle(
            "total_amount",
            parent=body,
            fontName=bold,
            fontSize=size + 2,
            leading=(size + 2) * 1.25,
            alignment=TA_RIGHT,
        ),
        banner=ParagraphStyle(
            "banner",
            parent=body,
            fontName=bold,
            fontSize=size + 9,
            leading=(size + 9) * 1.2,
            alignment=TA_CENTER,
        ),
        amount_width=(20 if width_mm >= 80 else 16) * mm,
    )


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of `markup`; words without markup or entities skip reportlab's markup parser.

    Paragraph runs an HTMLParser over every text, 20 µs a paragraph, and a receipt has about
    forty. Words with no "<" and no "&" parse to a single fragment: the style's own fragment
    holding the words with their whitespace tidied (cleanBlockQuotedText), which is made here.
    """
    if "<" in markup or "&" in markup:
        return Paragraph(markup, style)
    words = cleanBlockQuotedText(markup)
    if not words:
        return Paragraph(markup, style)
    fragment = copy.copy(_style_fragment(style))
    fragment.text = words
    return Paragraph(words, style, frags=[fragment])


@functools.lru_cache(maxsize=64)
def _style_fragment(style: ParagraphStyle) -> ParaFrag:
    """The fragment reportlab's parser makes for a plain word in `style` (the styles are never changed)."""
    return Paragraph("x", style).frags[0]


class Rule(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A thin dashed line across the receipt, as separators look on a till roll."""

    def __init__(self, height: float = 3 * mm) -> None:
        super().__init__()
        self.height = height
        self.width = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        self.canv.setDash(2, 1.5)
        self.canv.line(0, self.height / 2, self.width, self.height / 2)


class Columns(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Rows of paragraphs in fixed-width columns, placed exactly where a Table styled TIGHT places them.

    That is: no padding left or right, one point above and below, each cell at the top of its
    row. A Table wraps every cell twice (once to size its rows, again while drawing) and builds
    a style per cell: about 2 ms of an 11 ms ten-line receipt.
    """

    #: Points above and below each row's cells.
    PADDING = 1

    def __init__(self, rows: list[list[Paragraph]], widths: list[float]) -> None:
        super().__init__()
        self.rows = rows
        self.widths = widths
        # Column edges and the width summed as a Table sums them, so every float comes out the same.
        self.left_edges = [0.0]
        for column_width in widths:
            self.left_edges.append(self.left_edges[-1] + column_width)
        self.width = self.left_edges.pop()
        self.cell_heights: list[list[float]] = []
        self.row_heights: list[float] = []
        self.row_bottoms: list[float] = []
        self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.cell_heights = [
            [float(cell.wrap(width, 72000)[1]) for cell, width in zip(row, self.widths, strict=True)]
            for row in self.rows
        ]
        self.row_heights = [max(heights) + 2 * self.PADDING for heights in self.cell_heights]
        self.row_bottoms, self.height = _bottoms_up(self.row_heights)
        return self.width, self.height

    def draw(self) -> None:
        for row, heights, bottom, row_height in zip(
            self.rows, self.cell_heights, self.row_bottoms, self.row_heights, strict=True
        ):
            for cell, height, left in zip(row, heights, self.left_edges, strict=True):
                top = bottom + row_height - self.PADDING
                cell.drawOn(self.canv, left, top - height)


def _bottoms_up(row_heights: list[float]) -> tuple[list[float], float]:
    """Each row's bottom edge and the total height, summed from the last row up as a Table sums them."""
    bottoms: list[float] = []
    height = carry = 0.0
    for row_height in reversed(row_heights):
        bottoms.append(height)
        step = row_height - carry
        total = height + step
        carry = (total - height) - step
        height = total
    bottoms.reverse()
    return bottoms, height


# Tables set their own cell font (Helvetica by default) even around Paragraphs: name ours.
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), REGULAR)
