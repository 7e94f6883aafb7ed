"""The add-on report as JSON (the shape in ARCHITECTURE.md) and CSV, and writing files safely.

JSON keeps the documented keys exactly and adds a few (`addon_share`, `sales_by_hour`,
`previous_7_day_average`, ...). CSV is one tidy table, UTF-8 with a BOM so that a
spreadsheet opened by double-click reads names like Zoë correctly: one row per figure,
money in the currency's units (12.50), rates as fractions (0.2333).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from posapp.files import write_whole
from posapp.reports.experiments import ExperimentFigures, verdicts
from posapp.reports.figures import MOMENT_KEYS, MailFigures, PeriodFigures, Report
from posapp.reports.labels import Words
from posapp.reports.stats import Interval
from posapp.storage.audit import ChainHead

CSV_COLUMNS = ("section", "subject", "figure", "value", "previous_7_day_average")


def report_json(report: Report) -> dict[str, Any]:
    """The report as plain data: the `posapp report --format json` contract."""
    period, week = report.period, report.previous
    return {
        "from": period.first.isoformat(),
        "to": period.last.isoformat(),
        "tickets": period.tickets,
        "revenue_cents": period.revenue_cents,
        "average_ticket_cents": period.average_ticket_cents,
        "addon_revenue_cents": period.addon_revenue_cents,
        "offers": [
            {
                "kind": offer.kind,
                "service": offer.service,
                "name": offer.name,
                "shown": offer.shown,
                "accepted": offer.accepted,
                "declined": offer.declined,
                "take_rate": offer.take_rate,
                "revenue_cents": offer.revenue_cents,
            }
            for offer in period.offers
        ],
        "held_back": dict(period.held_back),
        "cashiers": [
            {
                "name": cashier.name,
                "cashier_id": cashier.cashier_id,
                "tickets": cashier.tickets,
                "shown": cashier.shown,
                "accepted": cashier.accepted,
                "take_rate": cashier.take_rate,
                "addon_revenue_cents": cashier.addon_revenue_cents,
            }
            for cashier in period.cashiers
        ],
        "premium_share": period.premium_share,
        "trials": {
            "started": period.trials.started,
            "ended": period.trials.ended,
            "converted": period.trials.converted,
            "expired": period.trials.expired,
            "conversion_rate": period.trials.conversion_rate,
        },
        "business": report.business,
        "currency": report.currency,
        "days": period.days,
        "addon_share": period.addon_share,
        "shown": period.shown,
        "accepted": period.accepted,
        "declined": period.declined,
        "take_rate": period.take_rate,
        "sales_by_hour": [
            {"hour": hour.hour, "tickets": hour.tickets, "revenue_cents": hour.revenue_cents}
            for hour in period.hours
        ],
        "previous_7_day_average": {
            "from": week.first.isoformat(),
            "to": week.last.isoformat(),
            "tickets": week.tickets,
            "revenue_cents": week.revenue_cents,
            "average_ticket_cents": week.average_ticket_cents,
            "addon_revenue_cents": week.addon_revenue_cents,
            "addon_share": week.addon_share,
            "unprompted_addon_revenue_cents": week.unprompted_addon_revenue_cents,
            "shown": week.shown,
            "accepted": week.accepted,
            "take_rate": week.take_rate,
            "held_back": week.held_back,
            "premium_share": week.premium_share,
            "offers": [
                {"kind": kind, "service": service, "take_rate": take_rate}
                for (kind, service), take_rate in week.offer_take_rates
            ],
            "cashiers": [
                {"cashier_id": cashier_id, "take_rate": take_rate}
                for cashier_id, take_rate in week.cashier_take_rates
            ],
        },
        "unprompted_addon_revenue_cents": period.unprompted_addon_revenue_cents,
        "by_moment": {
            MOMENT_KEYS.get(moment.moment, moment.moment): {
                "shown": moment.shown,
                "accepted": moment.accepted,
                "declined": moment.declined,
                "take_rate": moment.take_rate,
                "revenue_cents": moment.revenue_cents,
            }
            for moment in period.moments
        },
        "voids": _voids_json(period, "void"),
        "refunds": _voids_json(period, "refund"),
        "complaints": {
            "opened": period.complaints.opened,
            "resolved": period.complaints.resolved,
            "open": period.complaints.open,
        },
        "follow_ups": {**_mail_json(period.follow_ups), "newsletter": _mail_json(period.newsletter)},
        # The chains' heads as the report was made (null for a database without the chains).
        "audit_chain_head": _head(report.audit_chain),
        "sales_chain_head": _head(report.sales_chain),
        "experiments": [
            _experiment_json(test, Words(report.currency, report.locale)) for test in report.experiments
        ],
    }


def _interval_json(interval: Interval, scale: float = 1.0, decimals: int = 4) -> dict[str, Any]:
    def number(value: float) -> float | None:
        return round(value * scale, decimals) if math.isfinite(value) else None

    return {
        "estimate": number(interval.estimate),
        "low": number(interval.low),
        "high": number(interval.high),
        "excludes_zero": interval.excludes_zero,
    }


def _experiment_json(test: ExperimentFigures, words: Words) -> dict[str, Any]:
    """One script test: `name` and `arms` (the contract), its horizon, differences and verdict."""
    experiment = test.experiment
    uplift = test.holdout_uplift
    return {
        "name": test.name,
        "id": experiment.id,
        "offer": {
            "moment": experiment.moment.value,
            "kind": experiment.kind.value,
            "service": experiment.service,
            "name": test.offer_name,
        },
        "starts_on": experiment.starts_on.isoformat(),
        "ends_on": experiment.ends_on.isoformat(),
        "stopped_on": experiment.stopped_on.isoformat() if experiment.stopped_on else None,
        "min_customers_per_arm": experiment.min_customers,
        "status": "finished" if test.finished else "running",
        "horizon_reached_on": test.horizon_day.isoformat() if test.horizon_day else None,
        "counted_through": test.through.isoformat(),
        "arms": [
            {
                "arm": arm.arm,
                "share": next((a.share / 10_000 for a in experiment.arms if a.name == arm.arm), 0.0),
                "script": next((a.script for a in experiment.arms if a.name == arm.arm), None),
                "customers": arm.customers,
                "tickets": arm.tickets,
                "shown": arm.shown,
                "accepted": arm.accepted,
                "take_rate": arm.take_rate,
                "addon_revenue_cents": arm.addon_cents,
                "addon_revenue_per_ticket_cents": arm.addon_per_ticket_cents,
                "average_ticket_cents": arm.average_ticket_cents,
            }
            for arm in test.arms
        ],
        "differences": [
            {"measure": "take_rate_points", "arm": arm, "against": "A", **_interval_json(interval, 100, 2)}
            for arm, interval in test.take_rate_differences
        ]
        + [
            {
                "measure": "addon_revenue_per_ticket_cents",
                "arm": arm,
                "against": "A",
                **_interval_json(interval, 1, 1),
            }
            for arm, interval in test.addon_differences
        ],
        "holdout_uplift": None
        if uplift is None
        else {
            "addon_revenue_per_ticket_cents": _interval_json(uplift, 1, 1),
            "tickets_per_month": test.tickets_per_month,
            "per_month_cents": round(uplift.estimate * test.tickets_per_month),
        },
        "verdict": list(verdicts(test, words)),
    }


def _mail_json(figures: MailFigures) -> dict[str, Any]:
    return {
        "planned": figures.planned,
        "sent": figures.sent,
        "cancelled": dict(figures.cancelled),
        "failed": figures.failed,
        "redeemed": figures.redeemed,
        "redemption_rate": figures.redemption_rate,
        "revenue_cents": figures.revenue_cents,
        "possible_duplicates": figures.possible_duplicates,
    }


def _mail_rows(subject: str, figures: MailFigures) -> list[tuple[str, str, str, str, str]]:
    rows = [
        ("follow_ups", subject, "planned", str(figures.planned), ""),
        ("follow_ups", subject, "sent", str(figures.sent), ""),
    ]
    rows += [
        ("follow_ups", subject, f"cancelled_{reason}", str(count), "") for reason, count in figures.cancelled
    ]
    rows += [
        ("follow_ups", subject, "failed", str(figures.failed), ""),
        ("follow_ups", subject, "redeemed", str(figures.redeemed), ""),
        ("follow_ups", subject, "redemption_rate", str(figures.redemption_rate), ""),
        ("follow_ups", subject, "revenue", _money(figures.revenue_cents), ""),
        ("follow_ups", subject, "possible_duplicates", str(figures.possible_duplicates), ""),
    ]
    return rows


def _voids_json(period: PeriodFigures, kind: str) -> dict[str, Any]:
    count, amount = period.voided(kind)
    return {
        "count": count,
        "amount_cents": amount,
        "by_manager": [
            {"name": v.manager, "count": v.count, "amount_cents": v.amount_cents}
            for v in period.voids
            if v.kind == kind
        ],
    }


def _head(chain: ChainHead | None) -> dict[str, Any] | None:
    return None if chain is None else {"entries": chain.entries, "hash": chain.hash}


def report_json_bytes(report: Report) -> bytes:
    return (json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _money(cents: float) -> str:
    """Cents as currency units with two decimals, exact for whole cents."""
    return str(Decimal(str(cents)).scaleb(-2).quantize(Decimal("0.01")))


def _optional(take_rate: float | None) -> str:
    """Empty when the week before had no such offer or cashier to compare with."""
    return "" if take_rate is None else str(take_rate)


def _rows(report: Report) -> list[tuple[str, str, str, str, str]]:
    period, week = report.period, report.previous
    blank = ""
    rows = [
        ("report", blank, "business", report.business, blank),
        ("report", blank, "from", period.first.isoformat(), week.first.isoformat()),
        ("report", blank, "to", period.last.isoformat(), week.last.isoformat()),
        ("report", blank, "currency", report.currency, blank),
        ("summary", blank, "tickets", str(period.tickets), str(week.tickets)),
        ("summary", blank, "revenue", _money(period.revenue_cents), _money(week.revenue_cents)),
        (
            "summary",
            blank,
            "average_ticket",
            _money(period.average_ticket_cents),
            _money(week.average_ticket_cents),
        ),
        (
            "summary",
            blank,
            "addon_revenue",
            _money(period.addon_revenue_cents),
            _money(week.addon_revenue_cents),
        ),
        ("summary", blank, "addon_share", str(period.addon_share), str(week.addon_share)),
        (
            "summary",
            blank,
            "unprompted_addon_revenue",
            _money(period.unprompted_addon_revenue_cents),
            _money(week.unprompted_addon_revenue_cents),
        ),
        ("summary", blank, "shown", str(period.shown), str(week.shown)),
        ("summary", blank, "accepted", str(period.accepted), str(week.accepted)),
        ("summary", blank, "take_rate", str(period.take_rate), str(week.take_rate)),
        ("summary", blank, "held_back", str(period.held_back_total), str(week.held_back)),
        ("summary", blank, "premium_share", str(period.premium_share), str(week.premium_share)),
    ]
    for offer in period.offers:
        subject = f"{offer.kind}:{offer.service}"
        previous = week.offer_take_rate(offer.kind, offer.service)
        rows += [
            ("offer", subject, "shown", str(offer.shown), blank),
            ("offer", subject, "accepted", str(offer.accepted), blank),
            ("offer", subject, "declined", str(offer.declined), blank),
            ("offer", subject, "take_rate", str(offer.take_rate), _optional(previous)),
            ("offer", subject, "revenue", _money(offer.revenue_cents), blank),
        ]
    rows += [("held_back", reason, "tickets", str(count), blank) for reason, count in period.held_back]
    for moment in period.moments:
        subject = MOMENT_KEYS.get(moment.moment, moment.moment)
        rows += [
            ("moment", subject, "shown", str(moment.shown), blank),
            ("moment", subject, "accepted", str(moment.accepted), blank),
            ("moment", subject, "declined", str(moment.declined), blank),
            ("moment", subject, "take_rate", str(moment.take_rate), blank),
            ("moment", subject, "revenue", _money(moment.revenue_cents), blank),
        ]
    for kind, section in (("void", "voids"), ("refund", "refunds")):
        count, amount = period.voided(kind)
        rows += [
            (section, blank, "tickets", str(count), blank),
            (section, blank, "amount", _money(amount), blank),
        ]
        rows += [
            row
            for v in period.voids
            if v.kind == kind
            for row in (
                (section, v.manager, "tickets", str(v.count), blank),
                (section, v.manager, "amount", _money(v.amount_cents), blank),
            )
        ]
    complaints = period.complaints
    rows += [
        ("complaints", blank, "opened", str(complaints.opened), blank),
        ("complaints", blank, "resolved", str(complaints.resolved), blank),
        ("complaints", blank, "open", str(complaints.open), blank),
    ]
    for cashier in period.cashiers:
        previous = week.cashier_take_rate(cashier.cashier_id)
        rows += [
            ("cashier", cashier.name, "tickets", str(cashier.tickets), blank),
            ("cashier", cashier.name, "shown", str(cashier.shown), blank),
            ("cashier", cashier.name, "accepted", str(cashier.accepted), blank),
            ("cashier", cashier.name, "take_rate", str(cashier.take_rate), _optional(previous)),
            ("cashier", cashier.name, "addon_revenue", _money(cashier.addon_revenue_cents), blank),
        ]
    trials = period.trials
    rows += [
        ("trials", blank, "started", str(trials.started), blank),
        ("trials", blank, "ended", str(trials.ended), blank),
        ("trials", blank, "converted", str(trials.converted), blank),
        ("trials", blank, "expired", str(trials.expired), blank),
        ("trials", blank, "conversion_rate", str(trials.conversion_rate), blank),
    ]
    rows += _mail_rows("follow_up", period.follow_ups) + _mail_rows("newsletter", period.newsletter)
    for hour in period.hours:
        rows += [
            ("hour", f"{hour.hour:02d}", "tickets", str(hour.tickets), blank),
            ("hour", f"{hour.hour:02d}", "revenue", _money(hour.revenue_cents), blank),
        ]
    for test in report.experiments:
        for arm in test.arms:
            subject = f"{test.name}: {arm.arm}"
            rows += [
                ("experiment", subject, "customers", str(arm.customers), blank),
                ("experiment", subject, "tickets", str(arm.tickets), blank),
                ("experiment", subject, "shown", str(arm.shown), blank),
                ("experiment", subject, "take_rate", str(arm.take_rate), blank),
                (
                    "experiment",
                    subject,
                    "addon_revenue_per_ticket",
                    _money(arm.addon_per_ticket_cents),
                    blank,
                ),
                ("experiment", subject, "average_ticket", _money(arm.average_ticket_cents), blank),
            ]
    return rows


#: A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def spreadsheet_safe(cell: str) -> str:
    """The cell as a spreadsheet shows it and never runs it: text that looks like a formula gets a `'`.

    Our own figures (like -2.50) stay numbers; a name like `=HYPERLINK(...)` becomes `'=HYPERLINK(...)`.
    """
    if cell.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def report_csv_bytes(report: Report) -> bytes:
    """One row per figure; UTF-8 with a BOM and CRLF line ends, as spreadsheets expect."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(tuple(spreadsheet_safe(cell) for cell in row) for row in _rows(report))
    return buffer.getvalue().encode("utf-8-sig")


def write_atomically(path: Path, content: bytes) -> None:
    """Save a report file whole or not at all."""
    write_whole(path, content, "report")
