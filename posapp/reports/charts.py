"""The report's four charts as reportlab drawings: vector, so print and preview are equally sharp."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from posapp.reports.figures import PeriodFigures
from posapp.reports.labels import Words, kind_label, reason_label

#: Turns a value into the text of a bar label or an axis tick.
Format = Callable[[float], str]

SHOWN = colors.HexColor("#9fb6cd")
ACCEPTED = colors.HexColor("#1b7f5a")
HELD_BACK = colors.HexColor("#c9822b")
SALES = colors.HexColor("#2f5d8a")
INK = colors.HexColor("#333333")
GRID = colors.HexColor("#e2e6ea")


def _frame(width: float, height: float, title: str, font: str, bold: str) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=bold, fontSize=10, fillColor=INK))
    return drawing


def _empty(drawing: Drawing, message: str, font: str) -> Drawing:
    drawing.add(
        String(
            drawing.width / 2,
            drawing.height / 2,
            message,
            fontName=font,
            fontSize=9,
            fillColor=colors.grey,
            textAnchor="middle",
        )
    )
    return drawing


def _style_axes(chart: VerticalBarChart | HorizontalBarChart, font: str) -> None:
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels):
        labels.fontName, labels.fontSize, labels.fillColor = font, 7.5, INK
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.strokeColor = GRID
    chart.categoryAxis.strokeColor = colors.grey
    chart.valueAxis.forceZero = True


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _nice_max(value: float, floor: float) -> float:
    """An axis end a little above the largest bar, so its label fits inside the chart."""
    return max(floor, value * 1.15)


def _horizontal(
    drawing: Drawing,
    names: Sequence[str],
    values: Sequence[float],
    color: colors.Color,
    label_format: Format,
    font: str,
    value_max: float,
    axis_format: Format,
) -> Drawing:
    chart = HorizontalBarChart()
    chart.valueAxis.labelTextFormat = axis_format
    chart.x, chart.y = 95, 18
    chart.width, chart.height = drawing.width - chart.x - 20, drawing.height - 40
    chart.data = [list(values)]
    chart.categoryAxis.categoryNames = [_shorten(name, 18) for name in names]
    chart.categoryAxis.reverseDirection = True  # first name at the top, as in the table
    chart.bars[0].fillColor = color
    chart.bars.strokeColor = None
    chart.barLabelFormat = label_format
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 7.5
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, value_max
    _style_axes(chart, font)
    drawing.add(chart)
    return drawing


def take_rate_by_cashier(
    period: PeriodFigures, words: Words, size: tuple[float, float], font: str, bold: str
) -> Drawing:
    drawing = _frame(*size, "Take rate by cashier", font, bold)
    cashiers = [c for c in period.cashiers if c.shown]
    if not cashiers:
        return _empty(drawing, "No offers shown", font)
    rates = [c.take_rate * 100 for c in cashiers]
    return _horizontal(
        drawing,
        [c.name for c in cashiers],
        rates,
        ACCEPTED,
        lambda value: f"{value:.0f}%",
        font,
        min(100.0, _nice_max(max(rates), 10)),
        lambda value: f"{value:.0f}%",
    )


def held_back_by_reason(
    period: PeriodFigures, words: Words, size: tuple[float, float], font: str, bold: str
) -> Drawing:
    drawing = _frame(*size, "Held back, by reason", font, bold)
    if not period.held_back:
        return _empty(drawing, "Nothing held back", font)
    counts = [count for _, count in period.held_back]
    return _horizontal(
        drawing,
        [reason_label(r) for r, _ in period.held_back],
        counts,
        HELD_BACK,
        words.count,
        font,
        _nice_max(max(counts), 4),
        words.count,
    )


def offers_shown_accepted(
    period: PeriodFigures, words: Words, size: tuple[float, float], font: str, bold: str
) -> Drawing:
    drawing = _frame(*size, "Offers shown and accepted", font, bold)
    offers = [o for o in period.offers if o.shown]
    if not offers:
        return _empty(drawing, "No offers shown", font)
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 30
    chart.width, chart.height = drawing.width - 50, drawing.height - 66
    chart.data = [[o.shown for o in offers], [o.accepted for o in offers]]
    # Each name gets the width of its own bars (about 4 points a character at 7 points), so five
    # or six offers side by side never write over one another.
    letters = max(6, min(16, int(chart.width / len(offers) / 4)))
    chart.categoryAxis.categoryNames = [
        f"{_shorten(o.name, letters)}\n({_shorten(kind_label(o.kind).lower(), letters - 2)})" for o in offers
    ]
    chart.bars[0].fillColor, chart.bars[1].fillColor = SHOWN, ACCEPTED
    chart.bars.strokeColor = None
    chart.barLabelFormat = chart.valueAxis.labelTextFormat = words.count
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 7
    chart.barLabels.boxAnchor, chart.barLabels.dy = "s", 1
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(max(o.shown for o in offers), 4)
    _style_axes(chart, font)
    drawing.add(chart)
    legend = Legend()
    # Top right, below the title's line, so a long title never runs into it.
    legend.x, legend.y = drawing.width - 110, drawing.height - 20
    legend.colorNamePairs = [(SHOWN, "Shown"), (ACCEPTED, "Accepted")]
    legend.fontName, legend.fontSize = font, 7.5
    legend.alignment, legend.columnMaximum, legend.deltax = "right", 1, 55
    legend.dx = legend.dy = 7
    drawing.add(legend)
    return drawing


def sales_by_hour(
    period: PeriodFigures, words: Words, size: tuple[float, float], font: str, bold: str
) -> Drawing:
    drawing = _frame(*size, "Tickets by hour", font, bold)
    if not period.hours:
        return _empty(drawing, "No sales", font)
    first = min(h.hour for h in period.hours)
    last = max(h.hour for h in period.hours)
    by_hour = {h.hour: h.tickets for h in period.hours}
    hours = list(range(first, last + 1))
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 20
    chart.width, chart.height = drawing.width - 50, drawing.height - 42
    chart.data = [[by_hour.get(hour, 0) for hour in hours]]
    chart.categoryAxis.categoryNames = [f"{hour:02d}" for hour in hours]
    chart.bars[0].fillColor = SALES
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(max(by_hour.values()), 4)
    chart.valueAxis.labelTextFormat = words.count
    widest = max(stringWidth(words.count(value), font, 7) for value in by_hour.values())
    # Counts on the bars only while they fit side by side; a year's 5,480s would run together.
    if widest <= chart.width / len(hours) - 2:
        chart.barLabelFormat = words.count
        chart.barLabels.fontName, chart.barLabels.fontSize = font, 7
        chart.barLabels.boxAnchor, chart.barLabels.dy = "s", 1
    _style_axes(chart, font)
    drawing.add(chart)
    return drawing
