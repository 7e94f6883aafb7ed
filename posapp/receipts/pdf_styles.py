"""Type styles, table styles and the dashed rule of the receipt PDF, for 80 mm and 58 mm rolls."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, TableStyle

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


def receipt_styles(width_mm: int) -> ReceiptStyles:
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


# Tables set their own cell font (Helvetica by default) even around Paragraphs: name ours.
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), REGULAR)
TIGHT = TableStyle(
    [
        CELL_FONT,
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)
