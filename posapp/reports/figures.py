"""The add-on report's figures as frozen dataclasses: computed once, then shown or exported.

Definitions (the same in every table, chart and export):

- Only completed tickets count. A voided or refunded ticket counts nowhere, and neither do
  the offer events recorded on it. Offer events without a ticket (a renewal talk) count in
  the offer figures of the day they happened.
- Revenue is the tickets' subtotal: what was sold before tax.
- "Shown" counts offer events whose outcome is shown, accepted or declined; take rate is
  accepted / shown, and 0 when nothing was shown.
- Add-on revenue is the sum of ``price_delta_cents`` of accepted offers: the price of an
  accepted cross-sell, the difference paid for an accepted upgrade. A trial upgrade earns
  nothing today (the trial is free), so it counts as accepted but adds no revenue.
- Held back counts each reason of each held-back event (one event may carry several).
- Premium share is Premium Package wash lines / all wash lines on completed tickets.
- Days are the site's calendar days as stored with each sale (``local_day``).
- The previous 7-day average divides the 7 days' counts and money by 7 (a closed day counts
  as a zero day); its rates are pooled over the 7 days (all accepted / all shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from posapp.storage.audit import ChainHead
from posapp.storage.report_queries import CashierCounts, HourCounts, OfferCounts

PREMIUM_WASH = "premium_package"
RATE_DECIMALS = 4


def rate(part: float, whole: float) -> float:
    """part / whole rounded to 4 decimals; 0 when the whole is 0 (nothing shown is no error)."""
    return round(part / whole, RATE_DECIMALS) if whole else 0.0


def average_cents(total_cents: int, count: int) -> int:
    """Whole cents, half up: an average ticket of 1522.5 cents shows as 1523."""
    return (2 * total_cents + count) // (2 * count) if count else 0


@dataclass(frozen=True)
class OfferFigures(OfferCounts):
    """One offer (kind and service): how often it was shown, taken, declined and what it earned."""

    @property
    def take_rate(self) -> float:
        return rate(self.accepted, self.shown)


@dataclass(frozen=True)
class CashierFigures(CashierCounts):
    """How one cashier converts: tickets rung up, offers shown and accepted, add-on money earned."""

    @property
    def take_rate(self) -> float:
        return rate(self.accepted, self.shown)


#: Sales in one hour of the site's day (hour 9 is 09:00-09:59 local): the counts as they are.
HourFigures = HourCounts


@dataclass(frozen=True)
class PeriodFigures:
    """Everything the report says about the days from `first` to `last`, both included."""

    first: date
    last: date
    tickets: int
    revenue_cents: int
    addon_revenue_cents: int
    wash_lines: int
    premium_washes: int
    offers: tuple[OfferFigures, ...]
    held_back: tuple[tuple[str, int], ...]
    cashiers: tuple[CashierFigures, ...]
    hours: tuple[HourFigures, ...]

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def average_ticket_cents(self) -> int:
        return average_cents(self.revenue_cents, self.tickets)

    @property
    def addon_share(self) -> float:
        return rate(self.addon_revenue_cents, self.revenue_cents)

    @property
    def premium_share(self) -> float:
        return rate(self.premium_washes, self.wash_lines)

    @property
    def shown(self) -> int:
        return sum(offer.shown for offer in self.offers)

    @property
    def accepted(self) -> int:
        return sum(offer.accepted for offer in self.offers)

    @property
    def declined(self) -> int:
        return sum(offer.declined for offer in self.offers)

    @property
    def take_rate(self) -> float:
        return rate(self.accepted, self.shown)

    @property
    def held_back_total(self) -> int:
        return sum(count for _, count in self.held_back)


@dataclass(frozen=True)
class DailyAverage:
    """The 7 days before the report: counts and money per day, rates pooled over the week."""

    first: date
    last: date
    tickets: float
    revenue_cents: float
    average_ticket_cents: int
    addon_revenue_cents: float
    addon_share: float
    shown: float
    accepted: float
    take_rate: float
    held_back: float
    premium_share: float
    #: Pooled take rate per offer, keyed by (kind, service), and per cashier id.
    offer_take_rates: tuple[tuple[tuple[str, str], float], ...]
    cashier_take_rates: tuple[tuple[int, float], ...]

    @classmethod
    def of(cls, week: PeriodFigures) -> DailyAverage:
        days = week.days

        def per_day(value: int) -> float:
            return round(value / days, 2)

        return cls(
            first=week.first,
            last=week.last,
            tickets=per_day(week.tickets),
            revenue_cents=per_day(week.revenue_cents),
            average_ticket_cents=week.average_ticket_cents,
            addon_revenue_cents=per_day(week.addon_revenue_cents),
            addon_share=week.addon_share,
            shown=per_day(week.shown),
            accepted=per_day(week.accepted),
            take_rate=week.take_rate,
            held_back=per_day(week.held_back_total),
            premium_share=week.premium_share,
            offer_take_rates=tuple(((o.kind, o.service), o.take_rate) for o in week.offers),
            cashier_take_rates=tuple((c.cashier_id, c.take_rate) for c in week.cashiers),
        )

    @property
    def is_empty(self) -> bool:
        """Nothing at all happened that week (a new site): compare with nothing rather than zeros."""
        return not (self.tickets or self.shown or self.held_back)

    def offer_take_rate(self, kind: str, service: str) -> float | None:
        return dict(self.offer_take_rates).get((kind, service))

    def cashier_take_rate(self, cashier_id: int) -> float | None:
        return dict(self.cashier_take_rates).get(cashier_id)


@dataclass(frozen=True)
class Report:
    """One report as the manager asked for it: the period, the week before, and the site's words."""

    period: PeriodFigures
    previous: DailyAverage
    business: str
    currency: str
    locale: str
    #: The chains' heads when the report was made: on paper, outside the file (None: no chain yet).
    audit_chain: ChainHead | None = None
    sales_chain: ChainHead | None = None


def previous_week(first: date) -> tuple[date, date]:
    """The 7 calendar days just before `first`."""
    return first - timedelta(days=7), first - timedelta(days=1)
