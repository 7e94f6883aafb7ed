"""An amount or a time on the right of a receipt row stays on one line, even on a 58 mm roll."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm

from posapp.receipts.fonts import register_receipt_fonts
from posapp.receipts.pdf import PRINTABLE_MM, _pair
from posapp.receipts.pdf_styles import receipt_styles


@pytest.mark.parametrize(
    ("right", "total", "right_width"),
    [
        ("$1,654.56", True, 0.0),  # a shift slip's cash total split into "$1,654." and "56"
        ("Nov 27, 2026 10:02 AM", False, 0.6),  # a void slip's time split before "AM"
        ("$12,345.67", False, 0.0),
    ],
)
@pytest.mark.parametrize("roll", [58, 80])
def test_the_right_cell_is_one_line(right: str, total: bool, right_width: float, roll: int) -> None:
    register_receipt_fonts()
    styles = receipt_styles(roll)
    width = PRINTABLE_MM[roll] * mm
    row = _pair("Cash counted at close", right, styles, width, total=total, right_width=width * right_width)
    row.wrap(width, 10_000)
    label_height, right_height = row.cell_heights[0]
    style = styles.total_amount if total else styles.amount
    assert right_height == pytest.approx(style.leading)
    assert row.width == pytest.approx(width)
    assert label_height >= style.leading  # the label wraps instead, when it must
