"""Builds the add-on report: storage's counts for a period and the week before, as the report's figures.

The SQL is `posapp.storage.report_queries`; what each figure means is `posapp.reports.figures`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, tzinfo

from posapp.domain.errors import UserError
from posapp.reports.experiments import report_experiments
from posapp.reports.figures import (
    PREMIUM_WASH,
    CashierFigures,
    DailyAverage,
    MailFigures,
    MomentFigures,
    OfferFigures,
    PeriodFigures,
    Report,
    TrialFigures,
    previous_week,
)
from posapp.settings import Settings
from posapp.storage.audit import audit_chain_head
from posapp.storage.db import Database
from posapp.storage.outbox import FOLLOW_UP, NEWSLETTER, mail_counts
from posapp.storage.report_queries import QUERIES_PER_PERIOD, period_counts, trial_counts
from posapp.storage.sale_chain import sales_chain_head

#: Called with (steps done, steps in all) while a report is built: the window's progress bar.
Progress = Callable[[int, int], None]

#: Progress steps per period, one per query; the report reads the period and the week before.
STEPS_PER_PERIOD = QUERIES_PER_PERIOD


def period_figures(
    db: Database,
    first: date,
    last: date,
    time_zone: tzinfo,
    progress: Progress | None = None,
    done: int = 0,
) -> PeriodFigures:
    """Every figure for the days `first`..`last` (site-local, both included, in `time_zone`)."""
    if last < first:
        raise UserError(f"The report cannot end ({last}) before it starts ({first}).")
    steps = done

    def step() -> None:
        nonlocal steps
        steps += 1
        if progress is not None:
            progress(steps, 2 * STEPS_PER_PERIOD)

    counts = period_counts(db, first, last, premium_wash=PREMIUM_WASH, time_zone=time_zone, step=step)
    offers = tuple(OfferFigures(**asdict(offer)) for offer in counts.offers)
    hours = counts.hours
    return PeriodFigures(
        first=first,
        last=last,
        # Every completed ticket falls in exactly one hour: the hours add up to the period.
        tickets=sum(hour.tickets for hour in hours),
        revenue_cents=sum(hour.revenue_cents for hour in hours),
        addon_revenue_cents=sum(offer.revenue_cents for offer in offers),
        wash_lines=counts.wash_lines,
        premium_washes=counts.premium_washes,
        offers=offers,
        held_back=counts.held_back,
        cashiers=tuple(CashierFigures(**asdict(cashier)) for cashier in counts.cashiers),
        hours=hours,
        moments=tuple(MomentFigures(**asdict(moment)) for moment in counts.moments),
        unprompted_addon_revenue_cents=counts.unprompted_addon_revenue_cents,
        voids=counts.voids,
        complaints=counts.complaints,
        trials=TrialFigures(**asdict(trial_counts(db, first, last))),
        follow_ups=_mail(db, FOLLOW_UP, first, last),
        newsletter=_mail(db, NEWSLETTER, first, last),
    )


def _mail(db: Database, kind: str, first: date, last: date) -> MailFigures:
    counts = mail_counts(db, kind, first.isoformat(), last.isoformat())
    return MailFigures(**{name: getattr(counts, name) for name in counts.__dataclass_fields__})


def build_report(
    db: Database,
    first: date,
    last: date,
    *,
    business: str,
    currency: str,
    locale: str,
    time_zone: tzinfo,
    progress: Progress | None = None,
) -> Report:
    """The period's figures beside the average of the 7 days before it."""
    period = period_figures(db, first, last, time_zone, progress)
    week_first, week_last = previous_week(first)
    week = period_figures(db, week_first, week_last, time_zone, progress, done=STEPS_PER_PERIOD)
    return Report(
        period=period,
        previous=DailyAverage.of(week),
        business=business,
        currency=currency,
        locale=locale,
        audit_chain=audit_chain_head(db),
        sales_chain=sales_chain_head(db),
        # As of the report's last day: a report of past days reads each test as it stood then.
        experiments=report_experiments(db, first, last, last),
    )


def site_report(
    db: Database, first: date, last: date, settings: Settings, progress: Progress | None = None
) -> Report:
    """The report in the site's own words: its business name, currency and locale."""
    return build_report(
        db,
        first,
        last,
        business=settings.business.name,
        currency=settings.currency,
        locale=settings.locale,
        time_zone=settings.time_zone,
        progress=progress,
    )
