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
- Held back counts, for each of the sales process's reasons (complaint, budget, overwhelmed,
  recent, declined_recently, not_relevant, tenure, no_consent), the tickets on which it held an
  offer back: one per ticket per reason, however many offers it held back there. A question
  asked without a sale counts as one visit of its own. "Another offer was chosen" and "one offer
  per ticket" are not rules holding an offer back and are not counted.
- Unprompted add-on revenue is the price of add-on lines the cashier rang up without an offer
  (the customer asked for them), on completed tickets: beside add-on revenue it shows the
  offers' share of add-on money.
- By moment splits shown, accepted, declined and revenue by when the offer was made: at the
  checkout, at a renewal, at a customer question (stored as the ``service`` moment) or in a
  follow-up.
- Voids and refunds are counted on the day they were made, with the tickets' totals, by manager.
- Complaints: opened and resolved within the period, and open at its end (site-local midnight).
- Trials: started counts trials begun in the period; ended, converted and expired count trials
  whose last day is in the period and whose outcome is recorded (converted: the customer chose
  to keep the higher plan; expired: back to their own plan). Conversion rate = converted / ended.
  A trial whose ticket was voided or refunded is cancelled and counts nowhere.
- An accepted offer earns revenue only on a completed ticket (a yes at a question that was never
  rung up earns nothing).
- Follow-ups (and, apart, the newsletter): planned counts messages planned on the period's
  days; sent, cancelled (by reason) and failed (waiting for a manager) count messages that
  reached that state on those days; redeemed counts messages whose code was typed at the
  counter or whose recommended service the customer bought within ``[mail] redeem_days``,
  on the day of that sale; revenue is what those sales paid for the recommended services.
  Redemption rate = redeemed / sent. A possible duplicate is a message sent again after a
  sender stopped between the server's acceptance and its own record of it.
- Premium share is Premium Package wash lines / all wash lines on completed tickets.
- Days are the site's calendar days as stored with each sale (``local_day``).
- The previous 7-day average divides the 7 days' counts and money by 7 (a closed day counts
  as a zero day); its rates are pooled over the 7 days (all accepted / all shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from posapp.reports.experiments import ExperimentFigures
from posapp.storage.audit import ChainHead
from posapp.storage.outbox import MailCounts
from posapp.storage.report_queries import (
    NO_COMPLAINTS,
    CashierCounts,
    ComplaintCounts,
    HourCounts,
    MomentCounts,
    OfferCounts,
    TrialCounts,
    VoidCounts,
)

PREMIUM_WASH = "premium_package"
#: The report's name for each stored moment: a customer question is stored as the service moment.
MOMENT_KEYS = {"checkout": "checkout", "renewal": "renewal", "service": "question", "follow_up": "follow_up"}
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


@dataclass(frozen=True)
class MomentFigures(MomentCounts):
    """Offers made at one moment of the customer's journey, and how they were taken."""

    @property
    def take_rate(self) -> float:
        return rate(self.accepted, self.shown)


class TrialFigures(TrialCounts):
    """Membership trials started, ended, converted and expired; conversion rate = converted / ended."""

    @property
    def conversion_rate(self) -> float:
        return rate(self.converted, self.ended)


NO_TRIALS = TrialFigures()


@dataclass(frozen=True)
class MailFigures(MailCounts):
    """Follow-ups (or newsletter mails) planned, sent, cancelled, failed and redeemed."""

    @property
    def redemption_rate(self) -> float:
        return rate(self.redeemed, self.sent)

    @property
    def cancelled_total(self) -> int:
        return sum(count for _, count in self.cancelled)


NO_MAIL = MailFigures()


#: Sales in one hour of the site's day (hour 9 is 09:00-09:59 local): the counts as they are.
HourFigures = HourCounts
#: Voids or refunds by one manager, and complaints opened, resolved and open: the counts as they are.
VoidFigures = VoidCounts
ComplaintFigures = ComplaintCounts


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
    moments: tuple[MomentFigures, ...] = ()
    unprompted_addon_revenue_cents: int = 0
    voids: tuple[VoidFigures, ...] = ()
    complaints: ComplaintFigures = NO_COMPLAINTS
    trials: TrialFigures = NO_TRIALS
    follow_ups: MailFigures = NO_MAIL
    newsletter: MailFigures = NO_MAIL

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

    @property
    def offer_share_of_addons(self) -> float:
        """Offers' add-on revenue / all add-on money (offered and unprompted)."""
        return rate(self.addon_revenue_cents, self.addon_revenue_cents + self.unprompted_addon_revenue_cents)

    def voided(self, kind: str) -> tuple[int, int]:
        """(tickets, total in cents) voided (`kind` "void") or refunded ("refund") in the period."""
        chosen = [v for v in self.voids if v.kind == kind]
        return sum(v.count for v in chosen), sum(v.amount_cents for v in chosen)


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
    unprompted_addon_revenue_cents: float
    offer_share_of_addons: float
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
            unprompted_addon_revenue_cents=per_day(week.unprompted_addon_revenue_cents),
            offer_share_of_addons=week.offer_share_of_addons,
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
    #: Script tests that assigned customers in the period, each counted from its own first day.
    experiments: tuple[ExperimentFigures, ...] = ()


def previous_week(first: date) -> tuple[date, date]:
    """The 7 calendar days just before `first`."""
    return first - timedelta(days=7), first - timedelta(days=1)
