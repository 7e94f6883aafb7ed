"""The report's charts as reportlab drawings, four and one per script test: vector, sharp in print."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from posapp.offers.experiments import HOLDOUT
from posapp.reports.experiments import ExperimentFigures
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


def cumulative_difference(
    test: ExperimentFigures, words: Words, size: tuple[float, float], font: str, bold: str
) -> Drawing:
    """The test's difference counted from its first day up to each day, with the 95% band where known.

    A line that settles away from zero, its band clear of it, is a real difference; early days swing.
    """
    variants = [arm.arm for arm in test.arms if arm.arm != HOLDOUT]
    if test.chart_measure == "take_rate":
        title = f"{test.name}: take rate, variant {variants[1]} minus A (points)"
    else:
        title = f"{test.name}: add-on revenue per ticket, offered minus hold-out"
    drawing = _frame(*size, _shorten(title, 90), font, bold)
    points = test.chart
    if len(points) < 2:
        return _empty(drawing, "Not enough days yet", font)
    start = test.experiment.starts_on
    scale = 1.0 if test.chart_measure == "take_rate" else 0.01  # money in currency units

    def series(values: Sequence[float | None]) -> list[tuple[float, float]]:
        return [
            ((point.day - start).days, value * scale)
            for point, value in zip(points, values, strict=True)
            if value is not None
        ]

    lines = [series([p.difference for p in points])]
    band = [p for p in points if p.low is not None]
    if band:
        lines += [series([p.low for p in points]), series([p.high for p in points])]
    every = [y for line in lines for _, y in line] + [0.0]
    low, high = min(every), max(every)
    margin = (high - low) * 0.1 or 1.0
    plot = LinePlot()
    plot.x, plot.y = 45, 28
    plot.width, plot.height = drawing.width - 60, drawing.height - 52
    plot.data = lines
    plot.lines[0].strokeColor, plot.lines[0].strokeWidth = ACCEPTED, 1.6
    for index in (1, 2):
        plot.lines[index].strokeColor = SHOWN
        plot.lines[index].strokeWidth = 0.8
        plot.lines[index].strokeDashArray = (3, 2)
    last_day = (points[-1].day - start).days
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, max(1, last_day)
    plot.xValueAxis.labelTextFormat = lambda value: words.day(start + timedelta(days=int(value)))
    plot.xValueAxis.valueSteps = sorted({0, last_day // 2, last_day})
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = low - margin, high + margin
    if test.chart_measure == "take_rate":
        plot.yValueAxis.labelTextFormat = lambda value: f"{value:+.0f}"
    else:
        plot.yValueAxis.labelTextFormat = lambda value: words.money(value * 100)
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize, axis.labels.fillColor = font, 7, INK
        axis.strokeColor = colors.grey
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = GRID
    drawing.add(plot)
    # Zero: no difference. A band that stays on one side of it is a difference the data can carry.
    y_zero = plot.y + plot.height * (0 - plot.yValueAxis.valueMin) / (
        plot.yValueAxis.valueMax - plot.yValueAxis.valueMin
    )
    drawing.add(Line(plot.x, y_zero, plot.x + plot.width, y_zero, strokeColor=INK, strokeWidth=0.6))
    if test.horizon_day is not None:
        x = plot.x + plot.width * (test.horizon_day - start).days / max(1, last_day)
        drawing.add(Line(x, plot.y, x, plot.y + plot.height, strokeColor=HELD_BACK, strokeWidth=0.8))
        drawing.add(
            String(
                x - 2,
                plot.y + plot.height - 8,
                "planned sample reached",
                fontName=font,
                fontSize=6.5,
                fillColor=HELD_BACK,
                textAnchor="end",
            )
        )
    legend = Legend()
    legend.x, legend.y = plot.x, 8
    legend.colorNamePairs = [(ACCEPTED, "Difference so far")] + ([(SHOWN, "95% interval")] if band else [])
    legend.fontName, legend.fontSize = font, 7
    legend.alignment, legend.columnMaximum, legend.deltax = "right", 1, 90
    legend.dx = legend.dy = 6
    drawing.add(legend)
    return drawing
