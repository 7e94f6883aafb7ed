"""The add-on report as a PDF on A4 or Letter: title, tables and charts, the very bytes that print.

Built from small hooks in the manner of pretix's invoice renderer: styles, the page frame, and
a story of flowables made from the figures already computed; it returns bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from posapp.receipts.fonts import register_receipt_fonts
from posapp.reports import charts
from posapp.reports.experiments import method_note, offer_words, verdicts
from posapp.reports.figures import Report
from posapp.reports.labels import Words
from posapp.reports.tables import ReportTable, experiment_arms_table, report_tables

PAPERS = {"A4": A4, "Letter": LETTER}
MARGIN = 16 * mm
HEADER = colors.HexColor("#2f5d8a")
STRIPE = colors.HexColor("#f3f6f9")
RULE = colors.HexColor("#c8d1da")


class _Styles:
    def __init__(self) -> None:
        self.font, self.bold = register_receipt_fonts()
        base = ParagraphStyle("base", fontName=self.font, fontSize=8.5, leading=11)
        self.title = ParagraphStyle("title", base, fontName=self.bold, fontSize=17, leading=21)
        self.subtitle = ParagraphStyle("subtitle", base, fontSize=10.5, leading=14)
        self.note = ParagraphStyle("note", base, fontSize=7.5, leading=10, textColor=colors.grey)
        self.heading = ParagraphStyle(
            "heading",
            base,
            fontName=self.bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            textColor=HEADER,
        )
        self.cell = base
        self.subheading = ParagraphStyle(
            "subheading", base, fontName=self.bold, fontSize=10, leading=13, spaceBefore=8, spaceAfter=2
        )
        self.verdict = ParagraphStyle("verdict", base, fontSize=9.5, leading=12.5, spaceBefore=2)
        self.number = ParagraphStyle("number", base, alignment=TA_RIGHT)
        self.head = ParagraphStyle("head", base, fontName=self.bold, textColor=colors.white)
        self.head_number = ParagraphStyle("head_number", self.head, alignment=TA_RIGHT)


def render_pdf(report: Report, *, paper: str = "A4", sites: Sequence[tuple[str, Report]] = ()) -> bytes:
    """The report as PDF bytes on the given paper ("A4" or "Letter").

    `sites` (the chain's report from the hub): each site's main figures, in a table after the summary.
    """
    styles = _Styles()
    words = Words(report.currency, report.locale)
    buffer = io.BytesIO()
    title = f"Add-on report – {report.business}"
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAPERS[paper],
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=report.business,
        subject=words.days(report.period.first, report.period.last),
        creator="posapp",
    )

    chain_line = audit_chain_line(report)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(styles.font, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, MARGIN / 2, title)
        canvas.drawRightString(doc.pagesize[0] - MARGIN, MARGIN / 2, f"Page {doc.page}")
        if chain_line:
            canvas.drawString(MARGIN, MARGIN / 2 - 9, chain_line)
        canvas.restoreState()

    story = _story(report, words, styles, document.width)
    if sites:
        story[story.index(_SITES_GO_HERE)] = _sites_section(sites, words, styles, document.width)
    else:
        story.remove(_SITES_GO_HERE)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def audit_chain_line(report: Report) -> str:
    """The chains' heads in one footer line: a paper trail of the audit log and the sales outside the file."""
    parts = []
    if report.audit_chain is not None:
        parts.append(
            f"Audit log: {report.audit_chain.entries} entries, chain head {report.audit_chain.short}"
        )
    if report.sales_chain is not None:
        parts.append(f"Sales chain: {report.sales_chain.entries} sales, head {report.sales_chain.short}")
    return " · ".join(parts)


def _story(report: Report, words: Words, styles: _Styles, width: float) -> list[Any]:
    period, week = report.period, report.previous
    story: list[Any] = [
        Paragraph(escape(f"Add-on report – {report.business}"), styles.title),
        Paragraph(escape(words.days(period.first, period.last)), styles.subtitle),
        Paragraph(
            escape(
                f"Compared with the daily average of the 7 days before "
                f"({words.days(week.first, week.last)}). "
                "Revenue is before tax; voided and refunded tickets are left out of the sales figures "
                "and listed under Voids and refunds."
            ),
            styles.note,
        ),
        Spacer(1, 4),
    ]
    tables = {table.key: table for table in report_tables(report, words)}
    story += _section("Summary", tables["summary"], styles, width)
    story.append(_SITES_GO_HERE)
    story += _section("Offers", tables["offers"], styles, width)
    story += _section("Cashiers", tables["cashiers"], styles, width)
    story += _section("Held back, by reason (tickets)", tables["held_back"], styles, width * 0.6)
    story += _section("Offers by moment", tables["by_moment"], styles, width)
    story += _section("Membership trials", tables["trials"], styles, width * 0.6)
    story += _section("Follow-up e-mails and newsletter", tables["follow_ups"], styles, width * 0.8)
    story += _section("Voids and refunds", tables["voids"], styles, width * 0.8)
    story += _section("Complaints", tables["complaints"], styles, width * 0.6)
    story += [CondPageBreak(120 * mm), Paragraph("Charts", styles.heading)]
    story.append(_charts(report, words, styles, width))
    story += _section("Sales by hour", tables["hours"], styles, width * 0.6)
    story += _experiments(report, words, styles, width)
    return story


def _experiments(report: Report, words: Words, styles: _Styles, width: float) -> list[Any]:
    """Each script test: its offer and days, the verdict in words, the arms, how it was counted, the chart."""
    if not report.experiments:
        return []
    story: list[Any] = [CondPageBreak(150 * mm), Paragraph("Script tests and hold-outs", styles.heading)]
    for test in report.experiments:
        experiment = test.experiment
        state = (
            f"stopped {words.day(experiment.stopped_on)}"
            if experiment.stopped_on
            else (
                f"ended {words.day(experiment.ends_on)}"
                if test.finished
                else f"running until {words.day(experiment.ends_on)} at the latest"
            )
        )
        story += [
            CondPageBreak(110 * mm),
            Paragraph(escape(f"{test.name} – {offer_words(test)}"), styles.subheading),
            Paragraph(
                escape(
                    f"Started {words.day(experiment.starts_on)}, {state}; planned sample"
                    f" {words.count(experiment.min_customers)} customers in every arm."
                ),
                styles.note,
            ),
        ]
        story += [Paragraph(escape(line), styles.verdict) for line in verdicts(test, words)]
        story += [Spacer(1, 3), _table(experiment_arms_table(test, words), styles, width)]
        story += [Paragraph(escape(method_note(test, words)), styles.note), Spacer(1, 3)]
        story.append(charts.cumulative_difference(test, words, (width, 62 * mm), styles.font, styles.bold))
    return story


#: Where the chain's report puts its sites table: right after the summary.
_SITES_GO_HERE = "sites"


def _sites_section(
    sites: Sequence[tuple[str, Report]], words: Words, styles: _Styles, width: float
) -> KeepTogether:
    table = ReportTable(
        key="sites",
        title="Sites",
        headers=("Site", "Tickets", "Revenue", "Average ticket", "Add-on revenue", "Take rate"),
        rows=tuple(
            (
                site,
                words.count(figures.period.tickets),
                words.money(figures.period.revenue_cents),
                words.money(figures.period.average_ticket_cents),
                words.money(figures.period.addon_revenue_cents),
                words.percent(figures.period.take_rate),
            )
            for site, figures in sites
        ),
        numeric=(False, True, True, True, True, True),
        empty="No site has sent anything yet.",
        first_column_share=0.2,
    )
    return KeepTogether(_section("Sites", table, styles, width))


def _section(heading: str, table: ReportTable, styles: _Styles, width: float) -> list[Any]:
    """A heading kept with the start of its table, or a line saying there is nothing to show."""
    title = Paragraph(escape(heading), styles.heading)
    if not table.rows:
        return [KeepTogether([title, Paragraph(escape(table.empty), styles.cell)])]
    # Room for the heading and a few rows, or the heading starts the next page with its table.
    return [CondPageBreak(30 * mm), title, _table(table, styles, width)]


def _table(table: ReportTable, styles: _Styles, width: float) -> Table:
    def cell(text: str, column: int, head: bool) -> Paragraph:
        numeric = table.numeric[column]
        style = (
            (styles.head_number if numeric else styles.head)
            if head
            else (styles.number if numeric else styles.cell)
        )
        return Paragraph(escape(text), style)

    rows = [[cell(text, i, True) for i, text in enumerate(table.headers)]]
    rows += [[cell(text, i, False) for i, text in enumerate(row)] for row in table.rows]
    # The first column holds names; the figures share the rest evenly.
    first = width * table.first_column_share
    others = (width - first) / (len(table.headers) - 1)
    result = Table(rows, colWidths=[first] + [others] * (len(table.headers) - 1), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), STRIPE) for r in range(2, len(rows), 2)]
    result.setStyle(TableStyle(commands))
    return result


def _charts(report: Report, words: Words, styles: _Styles, width: float) -> Table:
    """Four charts on a 2 × 2 grid."""
    size = ((width - 8 * mm) / 2, 62 * mm)
    drawings: Sequence[Drawing] = [
        charts.offers_shown_accepted(report.period, words, size, styles.font, styles.bold),
        charts.take_rate_by_cashier(report.period, words, size, styles.font, styles.bold),
        charts.held_back_by_reason(report.period, words, size, styles.font, styles.bold),
        charts.sales_by_hour(report.period, words, size, styles.font, styles.bold),
    ]
    grid = Table([drawings[0:2], drawings[2:4]], colWidths=[width / 2] * 2, hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return grid
