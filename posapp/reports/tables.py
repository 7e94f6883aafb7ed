"""The report's tables as rows of text: one source for the PDF's tables and the window's Qt models."""

from __future__ import annotations

from dataclasses import dataclass

from posapp.reports.experiments import ExperimentFigures, arm_label
from posapp.reports.figures import Report
from posapp.reports.labels import Words, kind_label, moment_label, reason_label, void_label


@dataclass(frozen=True)
class ReportTable:
    """One table as a person reads it; `numeric` marks the columns aligned to the right."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    empty: str
    first_column_share: float = 0.3


def _optional_percent(words: Words, fraction: float | None) -> str:
    return "–" if fraction is None else words.percent(fraction)


def summary_table(report: Report, words: Words) -> ReportTable:
    """Headline figures beside the 7-day daily average (and, for a range, the period per day)."""
    period, week = report.period, report.previous
    days = period.days
    ranged = days > 1

    def row(name: str, value: str, per_day: str, previous: str) -> tuple[str, ...]:
        previous = "–" if week.is_empty else previous
        return (name, value, per_day, previous) if ranged else (name, value, previous)

    def count(value: int, previous: float) -> tuple[str, str, str]:
        return words.count(value), words.count(round(value / days, 1)), words.count(previous)

    def money(value: int, previous: float) -> tuple[str, str, str]:
        return words.money(value), words.money(value / days), words.money(previous)

    def share(value: float, previous: float) -> tuple[str, str, str]:
        return words.percent(value), "", words.percent(previous)

    rows = (
        row("Tickets", *count(period.tickets, week.tickets)),
        row("Revenue (before tax)", *money(period.revenue_cents, week.revenue_cents)),
        row(
            "Average ticket",
            words.money(period.average_ticket_cents),
            "",
            words.money(week.average_ticket_cents),
        ),
        row("Add-on revenue", *money(period.addon_revenue_cents, week.addon_revenue_cents)),
        row("Add-on share of revenue", *share(period.addon_share, week.addon_share)),
        row(
            "Unprompted add-on revenue",
            *money(period.unprompted_addon_revenue_cents, week.unprompted_addon_revenue_cents),
        ),
        row(
            "Offers' share of add-on money",
            *share(period.offer_share_of_addons, week.offer_share_of_addons),
        ),
        row("Offers shown", *count(period.shown, week.shown)),
        row("Offers accepted", *count(period.accepted, week.accepted)),
        row("Take rate", *share(period.take_rate, week.take_rate)),
        row("Offers held back", *count(period.held_back_total, week.held_back)),
        row("Premium Package share of washes", *share(period.premium_share, week.premium_share)),
    )
    this = "This day" if not ranged else f"These {days} days"
    headers = (
        ("Figure", this, "Per day", "7 days before, per day")
        if ranged
        else ("Figure", this, "7 days before, per day")
    )
    return ReportTable(
        "summary", "Summary", headers, rows, (False,) + (True,) * (len(headers) - 1), "No sales.", 0.4
    )


def offers_table(report: Report, words: Words) -> ReportTable:
    week = report.previous
    rows = tuple(
        (
            offer.name,
            kind_label(offer.kind),
            words.count(offer.shown),
            words.count(offer.accepted),
            words.count(offer.declined),
            words.percent(offer.take_rate),
            _optional_percent(words, week.offer_take_rate(offer.kind, offer.service)),
            words.money(offer.revenue_cents),
        )
        for offer in report.period.offers
    )
    headers = ("Offer", "Kind", "Shown", "Accepted", "Declined", "Take rate", "7 days before", "Revenue")
    return ReportTable(
        "offers", "Offers", headers, rows, (False, False) + (True,) * 6, "No offers were shown.", 0.2
    )


def held_back_table(report: Report, words: Words) -> ReportTable:
    rows = tuple((reason_label(reason), words.count(count)) for reason, count in report.period.held_back)
    return ReportTable(
        "held_back",
        "Held back",
        ("Reason", "Tickets held back"),
        rows,
        (False, True),
        "No offer was held back.",
        0.6,
    )


def cashiers_table(report: Report, words: Words) -> ReportTable:
    week = report.previous
    rows = tuple(
        (
            cashier.name,
            words.count(cashier.tickets),
            words.count(cashier.shown),
            words.count(cashier.accepted),
            words.percent(cashier.take_rate),
            _optional_percent(words, week.cashier_take_rate(cashier.cashier_id)),
            words.money(cashier.addon_revenue_cents),
        )
        for cashier in report.period.cashiers
    )
    headers = (
        "Cashier",
        "Tickets",
        "Offers shown",
        "Accepted",
        "Take rate",
        "7 days before",
        "Add-on revenue",
    )
    return ReportTable(
        "cashiers", "Cashiers", headers, rows, (False,) + (True,) * 6, "Nobody rang up a ticket.", 0.22
    )


def trials_table(report: Report, words: Words) -> ReportTable:
    """Membership trials: how many began, ended, converted and expired, and the conversion rate."""
    trials = report.period.trials
    rows: tuple[tuple[str, ...], ...] = ()
    if trials.started or trials.ended:
        rows = (
            ("Trials started", words.count(trials.started)),
            ("Trials ended", words.count(trials.ended)),
            ("Converted (kept the higher plan)", words.count(trials.converted)),
            ("Expired (back to their plan)", words.count(trials.expired)),
            ("Conversion rate", words.percent(trials.conversion_rate)),
        )
    return ReportTable(
        "trials",
        "Trials",
        ("Membership trials", "Count"),
        rows,
        (False, True),
        "No trial began or ended.",
        0.6,
    )


def follow_ups_table(report: Report, words: Words) -> ReportTable:
    """Follow-up e-mails and the newsletter: planned, sent, cancelled by reason, failed, redeemed."""
    period = report.period
    rows: list[tuple[str, ...]] = []
    for name, figures in (("Follow-ups", period.follow_ups), ("Newsletter", period.newsletter)):
        if not (figures.planned or figures.sent or figures.cancelled or figures.failed or figures.redeemed):
            continue
        reasons = ", ".join(f"{reason_label(reason)} {count}" for reason, count in figures.cancelled)
        rows += [
            (f"{name}: planned", words.count(figures.planned)),
            (f"{name}: sent", words.count(figures.sent)),
            (
                f"{name}: cancelled" + (f" ({reasons})" if reasons else ""),
                words.count(figures.cancelled_total),
            ),
            (f"{name}: failed, waiting for a manager", words.count(figures.failed)),
            (f"{name}: redeemed", words.count(figures.redeemed)),
            (f"{name}: redemption rate", words.percent(figures.redemption_rate)),
            (f"{name}: revenue", words.money(figures.revenue_cents)),
        ]
        if figures.possible_duplicates:
            rows.append((f"{name}: possible duplicates", words.count(figures.possible_duplicates)))
    return ReportTable(
        "follow_ups",
        "Follow-ups",
        ("E-mails", "Count"),
        tuple(rows),
        (False, True),
        "No e-mail was planned, sent or redeemed.",
        0.7,
    )


def hours_table(report: Report, words: Words) -> ReportTable:
    rows = tuple(
        (f"{hour.hour:02d}:00–{hour.hour:02d}:59", words.count(hour.tickets), words.money(hour.revenue_cents))
        for hour in report.period.hours
    )
    return ReportTable(
        "hours",
        "Sales by hour",
        ("Hour", "Tickets", "Revenue (before tax)"),
        rows,
        (False, True, True),
        "No sales.",
        0.4,
    )


def moments_table(report: Report, words: Words) -> ReportTable:
    rows = tuple(
        (
            moment_label(moment.moment),
            words.count(moment.shown),
            words.count(moment.accepted),
            words.count(moment.declined),
            words.percent(moment.take_rate),
            words.money(moment.revenue_cents),
        )
        for moment in report.period.moments
    )
    return ReportTable(
        "by_moment",
        "By moment",
        ("Moment", "Shown", "Accepted", "Declined", "Take rate", "Revenue"),
        rows,
        (False,) + (True,) * 5,
        "No offers were shown.",
        0.3,
    )


def voids_table(report: Report, words: Words) -> ReportTable:
    """Every manager's voids and refunds: a ticket taken back is the first thing loss prevention reads."""
    rows = tuple(
        (void_label(v.kind), v.manager, words.count(v.count), words.money(v.amount_cents))
        for v in report.period.voids
    )
    return ReportTable(
        "voids",
        "Voids and refunds",
        ("Kind", "Manager", "Tickets", "Amount"),
        rows,
        (False, False, True, True),
        "No ticket was voided or refunded.",
        0.25,
    )


def complaints_table(report: Report, words: Words) -> ReportTable:
    complaints = report.period.complaints
    rows = (
        ("Opened", words.count(complaints.opened)),
        ("Resolved", words.count(complaints.resolved)),
        ("Still open at the end", words.count(complaints.open)),
    )
    return ReportTable(
        "complaints", "Complaints", ("Complaints", "Count"), rows, (False, True), "No complaints.", 0.6
    )


def experiment_arms_table(test: ExperimentFigures, words: Words, key: str = "experiment") -> ReportTable:
    """One script test's arms side by side."""
    rows = tuple(
        (
            arm_label(arm.arm),
            words.count(arm.customers),
            words.count(arm.tickets),
            words.count(arm.shown),
            "–" if arm.arm == "holdout" else words.percent(arm.take_rate),
            words.money(arm.addon_per_ticket_cents),
            words.money(arm.average_ticket_cents),
        )
        for arm in test.arms
    )
    headers = (
        "Arm",
        "Customers",
        "Tickets",
        "Offers shown",
        "Take rate",
        "Add-on revenue per ticket",
        "Average ticket",
    )
    return ReportTable(
        key, test.name, headers, rows, (False,) + (True,) * 6, "No ticket entered the test.", 0.24
    )


def experiments_table(report: Report, words: Words) -> ReportTable:
    """Every script test's arms, one row each, for the window (the PDF shows each test on its own)."""
    rows = tuple(
        (test.name, *row) for test in report.experiments for row in experiment_arms_table(test, words).rows
    )
    headers = ("Test", "Arm", "Customers", "Tickets", "Shown", "Take rate", "Add-on / ticket", "Avg ticket")
    return ReportTable(
        "experiments",
        "Script tests",
        headers,
        rows,
        (False, False) + (True,) * 6,
        "No script test ran in these days.",
        0.2,
    )


def report_tables(report: Report, words: Words) -> tuple[ReportTable, ...]:
    """Every table of the report, in the order the PDF and the window show them."""
    return (
        summary_table(report, words),
        offers_table(report, words),
        cashiers_table(report, words),
        held_back_table(report, words),
        moments_table(report, words),
        voids_table(report, words),
        complaints_table(report, words),
        trials_table(report, words),
        follow_ups_table(report, words),
        hours_table(report, words),
        experiments_table(report, words),
    )
