"""How the report's codes and numbers read for a person: reason names, kinds, money, percentages, days."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date, format_interval
from babel.numbers import format_decimal, format_percent

from posapp.domain.money import format_money

KINDS = {"cross_sell": "Cross-sell", "upsell": "Upgrade", "trial_upgrade": "Trial upgrade"}

REASONS = {
    "complaint": "Complaint",
    "budget": "On a budget",
    "overwhelmed": "Undecided / overwhelmed",
    "recent": "Pitched recently",
    "declined_recently": "Declined recently",
    "not_relevant": "Not relevant",
    "tenure": "Member too new",
    "one_per_ticket": "One offer per ticket",
    "no_consent": "No consent to follow-ups",
    "not_chosen": "Another offer chosen",
    "holdout": "Script test's hold-out",
    "unspecified": "No reason recorded",
}

MOMENTS = {
    "checkout": "At the checkout",
    "renewal": "At a renewal",
    "service": "At a customer question",
    "follow_up": "In a follow-up",
}

VOID_KINDS = {"void": "Void", "refund": "Refund"}


def moment_label(moment: str) -> str:
    return MOMENTS.get(moment, moment.replace("_", " ").capitalize())


def void_label(kind: str) -> str:
    return VOID_KINDS.get(kind, kind.capitalize())


def kind_label(kind: str) -> str:
    return KINDS.get(kind, kind.replace("_", " ").capitalize())


def reason_label(reason: str) -> str:
    return REASONS.get(reason, reason.replace("_", " ").capitalize())


class Words:
    """Formats numbers in the site's currency and locale (never the host's)."""

    def __init__(self, currency: str, locale: str) -> None:
        self.currency, self.locale = currency, locale

    def money(self, cents: float) -> str:
        return format_money(round(cents), self.currency, self.locale)

    def percent(self, fraction: float) -> str:
        return str(format_percent(fraction, "#,##0.0%", locale=self.locale))

    def count(self, value: float) -> str:
        """A whole count as is; a daily average with one decimal."""
        pattern = "#,##0" if float(value).is_integer() else "#,##0.0"
        return str(format_decimal(value, pattern, locale=self.locale))

    def day(self, day: date) -> str:
        return str(format_date(day, "medium", locale=self.locale))

    def days(self, first: date, last: date) -> str:
        """ "Friday, November 27, 2026" for one day, "Sun, Nov 1 – Mon, Nov 30, 2026" for a range."""
        if first == last:
            return str(format_date(first, "full", locale=self.locale))
        return str(format_interval(first, last, "yMMMEd", locale=self.locale))
