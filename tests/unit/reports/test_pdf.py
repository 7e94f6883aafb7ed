"""The PDF shows the hand-computed day: its text, read back with pypdf, holds every figure."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from posapp.reports.figures import Report
from posapp.reports.pdf import render_pdf


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Layout mode keeps a table row on one line, as a person reads it.
    return "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)


def line_with(text: str, start: str) -> str:
    """The extracted line of a table row, spaces squeezed: 'Tickets 13 0.1'."""
    for line in text.splitlines():
        squeezed = re.sub(r"\s+", " ", line.strip())
        if squeezed.startswith(start):
            return squeezed
    raise AssertionError(f"no line starts with {start!r}")


@pytest.fixture
def text(hand_day: Report) -> str:
    return pdf_text(render_pdf(hand_day, paper="A4"))


def test_title_names_the_business_and_the_day(text: str) -> None:
    assert "Add-on report – Sparkle Car Wash" in text
    assert "Friday, November 27, 2026" in text
    assert "Fri, Nov 20 – Thu, Nov 26, 2026" in text


def test_summary_figures_beside_the_7_day_average(text: str) -> None:
    assert line_with(text, "Tickets") == "Tickets 13 0.1"
    assert line_with(text, "Revenue (before tax)") == "Revenue (before tax) $229.00 $3.29"
    assert line_with(text, "Average ticket") == "Average ticket $17.62 $23.00"
    assert line_with(text, "Add-on revenue") == "Add-on revenue $40.00 $1.14"
    assert line_with(text, "Add-on share of revenue") == "Add-on share of revenue 17.5% 34.8%"
    assert line_with(text, "Offers shown") == "Offers shown 9 0.1"
    assert line_with(text, "Offers accepted") == "Offers accepted 5 0.1"
    assert line_with(text, "Take rate") == "Take rate 55.6% 100.0%"
    assert line_with(text, "Offers held back") == "Offers held back 4 0"
    assert line_with(text, "Premium Package share of washes") == "Premium Package share of washes 30.8% 0.0%"


def test_offers_cashiers_and_held_back(text: str) -> None:
    assert line_with(text, "Car Waxing") == "Car Waxing Cross-sell 5 2 2 40.0% 100.0% $16.00"
    assert line_with(text, "Tire Shine") == "Tire Shine Cross-sell 1 1 0 100.0% – $4.00"
    assert line_with(text, "Premium Package Upgrade") == "Premium Package Upgrade 3 2 1 66.7% – $20.00"
    assert line_with(text, "Morgan") == "Morgan 5 3 2 66.7% – $18.00"
    assert line_with(text, "Sam") == "Sam 8 6 3 50.0% 100.0% $22.00"
    assert line_with(text, "On a budget") == "On a budget 2"
    assert line_with(text, "Complaint") == "Complaint 1"
    assert line_with(text, "Pitched recently") == "Pitched recently 1"
    assert line_with(text, "23:00–23:59") == "23:00–23:59 1 $10.00"


def test_charts_are_drawn(text: str) -> None:
    for title in (
        "Take rate by cashier",
        "Offers shown and accepted",
        "Held back, by reason",
        "Tickets by hour",
    ):
        assert title in text


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_paper_follows_the_setting(hand_day: Report, paper: str, size: tuple[int, int]) -> None:
    reader = PdfReader(io.BytesIO(render_pdf(hand_day, paper=paper)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_unicode_names_print_as_letters(counter, hand_day: Report) -> None:  # type: ignore[no-untyped-def]
    from posapp.reports.build import build_report

    counter.db.execute("UPDATE cashiers SET name = 'Łukasz Nguyễn' WHERE name = 'Sam'")
    counter.db.conn.commit()
    report = build_report(
        counter.db,
        hand_day.period.first,
        hand_day.period.last,
        business="Zoë's Wash",
        currency="USD",
        locale="en_US",
        time_zone=counter.settings.time_zone,
    )
    text = pdf_text(render_pdf(report))
    assert "Łukasz Nguyễn" in text
    assert "Zoë's Wash" in text


def test_an_empty_day_still_prints(counter) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from posapp.reports.build import build_report

    report = build_report(
        counter.db,
        date(2026, 11, 27),
        date(2026, 11, 27),
        business="Sparkle",
        currency="USD",
        locale="en_US",
        time_zone=counter.settings.time_zone,
    )
    text = pdf_text(render_pdf(report))
    assert "No offers were shown." in text
    assert "No offers shown" in text  # the chart says so instead of drawing empty axes
