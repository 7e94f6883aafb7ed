"""Script tests in the report: each arm's figures, the differences with their 95% intervals, plain verdicts.

Definitions:

- A ticket is in an arm when the test's offer was the one the rules chose for it (after the
  don't-rules): a variant's ticket heard that variant, a hold-out ticket heard nothing.
  Customers are distinct known customers plus one per walk-in ticket (walk-ins are assigned per ticket).
- Take rate = offers accepted / offers shown, in the arm. Add-on revenue per ticket = accepted
  offers' price differences plus add-ons the customer asked for unprompted, over the arm's
  tickets (a hold-out's add-ons are all unprompted, and they count). Average ticket = subtotal / tickets.
- The horizon is fixed when the test starts: a minimum number of customers in every arm. The
  verdict reads the tickets up to the day the last arm reached it and never later ones, so
  looking every day cannot move it; until then it is "too early to tell". A test that ended
  before its sample stays "too early to tell".
- Intervals (95%): take rates by Newcombe's hybrid score interval; money per ticket by a
  percentile bootstrap over customers with a fixed seed (posapp.reports.stats says why).
- A test is in the report when it assigned customers in the report's days or the 30 days before
  them: a finished test's verdict stays in view for a month.
- The hold-out's uplift is the add-on revenue per ticket of every offered arm together minus the
  hold-out's; per month, that times the tickets a month that entered the test.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from posapp.offers.experiments import HOLDOUT, Experiment
from posapp.reports.labels import Words, kind_label
from posapp.reports.stats import Cluster, Interval, bootstrap_difference, newcombe_difference
from posapp.storage.catalog import load_catalog
from posapp.storage.db import Database
from posapp.storage.experiments import experiments_between, tickets_in_test

DAYS_A_MONTH = 30
#: A finished test stays in the report this many days after its last day, so its verdict is read.
SHOWN_AFTER_END_DAYS = 30


@dataclass(frozen=True)
class ArmFigures:
    """One arm of a test up to the day counted."""

    arm: str
    customers: int
    tickets: int
    shown: int
    accepted: int
    addon_cents: int
    revenue_cents: int

    @property
    def take_rate(self) -> float:
        return round(self.accepted / self.shown, 4) if self.shown else 0.0

    @property
    def addon_per_ticket_cents(self) -> float:
        return round(self.addon_cents / self.tickets, 2) if self.tickets else 0.0

    @property
    def average_ticket_cents(self) -> int:
        return (2 * self.revenue_cents + self.tickets) // (2 * self.tickets) if self.tickets else 0


@dataclass(frozen=True)
class DayPoint:
    """The difference counted from the test's first day up to `day`, with its 95% interval."""

    day: date
    difference: float
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class ExperimentFigures:
    """One script test as the report shows it."""

    experiment: Experiment
    offer_name: str
    finished: bool
    #: The day every arm reached the planned sample: the verdict counts tickets up to it. None: not yet.
    horizon_day: date | None
    #: The last day whose tickets are counted.
    through: date
    arms: tuple[ArmFigures, ...]
    #: Variant minus A, for each variant after A.
    take_rate_differences: tuple[tuple[str, Interval], ...]
    addon_differences: tuple[tuple[str, Interval], ...]
    #: Every offered arm minus the hold-out, add-on cents per ticket; None without a hold-out.
    holdout_uplift: Interval | None
    tickets_per_month: float
    #: "take_rate" (points, variant B minus A) or "addon" (cents per ticket, offered minus hold-out).
    chart_measure: str
    chart: tuple[DayPoint, ...]

    @property
    def name(self) -> str:
        return self.experiment.name

    @property
    def ready(self) -> bool:
        return self.horizon_day is not None

    @property
    def customers(self) -> int:
        return sum(arm.customers for arm in self.arms)

    @property
    def smallest_arm(self) -> int:
        return min((arm.customers for arm in self.arms), default=0)


def report_experiments(db: Database, first: date, last: date, today: date) -> tuple[ExperimentFigures, ...]:
    """Every test that assigned customers in the report's days or the 30 before, each from its first day."""
    names = _service_names(db)
    return tuple(
        experiment_figures(db, experiment, today, names.get(experiment.service, experiment.service))
        for experiment in experiments_between(db, _days_before(first, SHOWN_AFTER_END_DAYS), last)
    )


def _days_before(day: date, days: int) -> date:
    """`days` before `day`, or the first date there is (a report of the calendar's first days)."""
    return day - timedelta(days=days) if day.toordinal() > days else date.min


def experiment_figures(
    db: Database, experiment: Experiment, today: date, offer_name: str
) -> ExperimentFigures:
    """The test's figures, counted up to its horizon (or up to today while it is too early to tell)."""
    last_assigning = experiment.ends_on
    if experiment.stopped_on is not None:
        last_assigning = min(last_assigning, experiment.stopped_on)
    finished = experiment.stopped_on is not None or today > experiment.ends_on
    rows = [_Ticket.of(row) for row in tickets_in_test(db, experiment.id, min(today, last_assigning))]
    names = [arm.name for arm in experiment.arms]
    horizon = _horizon_day(rows, names, experiment.min_customers)
    through = horizon if horizon is not None else min(today, last_assigning)
    counted = [row for row in rows if row.day <= through]
    arms = tuple(_arm_figures(name, [row for row in counted if row.arm == name]) for name in names)
    variants = [arm for arm in arms if arm.arm != HOLDOUT]
    base = variants[0] if variants else None
    take_rates = tuple(
        (arm.arm, newcombe_difference(arm.accepted, arm.shown, base.accepted, base.shown))
        for arm in variants[1:]
        if base is not None
    )
    clusters = {name: _clusters([row for row in counted if row.arm == name]) for name in names}
    addons = tuple((arm.arm, bootstrap_difference(clusters[arm.arm], clusters["A"])) for arm in variants[1:])
    uplift = None
    if HOLDOUT in names:
        offered = [cluster for name in names if name != HOLDOUT for cluster in clusters[name]]
        uplift = bootstrap_difference(offered, clusters[HOLDOUT])
    days = max(1, (through - experiment.starts_on).days + 1)
    measure = "take_rate" if len(variants) > 1 else "addon"
    return ExperimentFigures(
        experiment=experiment,
        offer_name=offer_name,
        finished=finished,
        horizon_day=horizon,
        through=through,
        arms=arms,
        take_rate_differences=take_rates,
        addon_differences=addons,
        holdout_uplift=uplift,
        tickets_per_month=round(len(counted) / days * DAYS_A_MONTH, 1),
        chart_measure=measure,
        chart=_cumulative(counted, experiment.starts_on, through, measure, names),
    )


@dataclass(frozen=True)
class _Ticket:
    arm: str
    ticket_id: int
    customer_id: int | None
    day: date
    revenue_cents: int
    shown: int
    accepted: int
    addon_cents: int

    @classmethod
    def of(cls, row: tuple[Any, ...]) -> _Ticket:
        arm, ticket_id, customer_id, day, revenue, shown, accepted, addon = row
        return cls(
            str(arm),
            int(ticket_id),
            int(customer_id) if customer_id is not None else None,
            date.fromisoformat(str(day)),
            int(revenue),
            int(shown),
            int(accepted),
            int(addon),
        )

    @property
    def customer(self) -> str:
        """A known customer once however often they came; a walk-in once per ticket."""
        return f"c{self.customer_id}" if self.customer_id is not None else f"t{self.ticket_id}"


def _arm_figures(name: str, rows: Sequence[_Ticket]) -> ArmFigures:
    return ArmFigures(
        arm=name,
        customers=len({row.customer for row in rows}),
        tickets=len(rows),
        shown=sum(row.shown for row in rows),
        accepted=sum(row.accepted for row in rows),
        addon_cents=sum(row.addon_cents for row in rows),
        revenue_cents=sum(row.revenue_cents for row in rows),
    )


def _clusters(rows: Sequence[_Ticket]) -> list[Cluster]:
    """Each customer's add-on money and tickets: the bootstrap resamples customers, not tickets."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        into = found[row.customer]
        into[0] += row.addon_cents
        into[1] += 1
    return [(money, count) for money, count in found.values()]


def _horizon_day(rows: Sequence[_Ticket], arms: Sequence[str], minimum: int) -> date | None:
    """The first day on which every arm had at least `minimum` customers (rows come in day order)."""
    seen: dict[str, set[str]] = {arm: set() for arm in arms}
    for index, row in enumerate(rows):
        seen.setdefault(row.arm, set()).add(row.customer)
        last_of_day = index + 1 == len(rows) or rows[index + 1].day != row.day
        if last_of_day and all(len(seen[arm]) >= minimum for arm in arms):
            return row.day
    return None


def _cumulative(
    rows: Sequence[_Ticket], first: date, last: date, measure: str, arms: Sequence[str]
) -> tuple[DayPoint, ...]:
    """The difference day by day, each counting every ticket from the first day on."""
    points: list[DayPoint] = []
    totals: dict[str, list[int]] = {arm: [0, 0, 0, 0] for arm in arms}  # shown, accepted, addon, tickets
    by_day: dict[date, list[_Ticket]] = defaultdict(list)
    for row in rows:
        by_day[row.day].append(row)
    day = first
    while day <= last:
        for row in by_day.get(day, ()):
            into = totals.setdefault(row.arm, [0, 0, 0, 0])
            into[0] += row.shown
            into[1] += row.accepted
            into[2] += row.addon_cents
            into[3] += 1
        point = _point(day, totals, measure, arms)
        if point is not None:
            points.append(point)
        day += timedelta(days=1)
    return tuple(points)


def _point(day: date, totals: dict[str, list[int]], measure: str, arms: Sequence[str]) -> DayPoint | None:
    variants = [arm for arm in arms if arm != HOLDOUT]
    if measure == "take_rate":
        a, b = totals[variants[0]], totals[variants[1]]
        if not a[0] or not b[0]:
            return None
        interval = newcombe_difference(b[1], b[0], a[1], a[0])
        return DayPoint(day, interval.estimate * 100, interval.low * 100, interval.high * 100)
    offered = [sum(totals[arm][i] for arm in variants) for i in range(4)]
    held = totals.get(HOLDOUT, [0, 0, 0, 0])
    if not offered[3] or not held[3]:
        return None
    return DayPoint(day, offered[2] / offered[3] - held[2] / held[3])


def _service_names(db: Database) -> dict[str, str]:
    return {service.code: service.name for service in load_catalog(db).services}


# --- words ---------------------------------------------------------------------------------


def offer_words(figures: ExperimentFigures) -> str:
    experiment = figures.experiment
    return f"{figures.offer_name} ({kind_label(experiment.kind.value).lower()}, {experiment.moment.value})"


def arm_label(arm: str) -> str:
    return (
        "Hold-out (no offer)"
        if arm == HOLDOUT
        else f"Variant {arm}" + (" (own script)" if arm == "A" else "")
    )


def _signed(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace("-", "−")


def verdicts(figures: ExperimentFigures, words: Words) -> tuple[str, ...]:
    """The test's findings in plain words: the figure, its interval and the sample; or too early to tell."""
    experiment = figures.experiment
    if not figures.ready:
        planned = f"{words.count(figures.smallest_arm)} of the {words.count(experiment.min_customers)}"
        if figures.finished:
            return (
                f"Too early to tell: the test ended with {planned} customers planned in its smallest arm;"
                " its figures prove nothing either way.",
            )
        return (
            f"Too early to tell: the smallest arm has {planned} customers planned;"
            f" the test runs until {words.day(experiment.ends_on)} at the latest.",
        )
    lines: list[str] = []
    customers = {arm.arm: arm.customers for arm in figures.arms}
    for arm, interval in figures.take_rate_differences:
        sample = f"{words.count(customers[arm] + customers['A'])} customers"
        points = interval.estimate * 100
        said = (
            f"variant {arm} takes {_signed(abs(points))} points {'more' if points >= 0 else 'less'} than A"
            f" (95%: {_signed(interval.low * 100)} to {_signed(interval.high * 100)}), {sample}."
        )
        lines.append(
            _capital(said) if interval.excludes_zero else f"No clear difference in take rate: {said}"
        )
    for arm, interval in figures.addon_differences:
        said = (
            f"variant {arm} brings {words.money(abs(interval.estimate))}"
            f" {'more' if interval.estimate >= 0 else 'less'} add-on revenue per ticket than A"
            f" (95%: {_money(words, interval.low)} to {_money(words, interval.high)})."
        )
        lines.append(
            _capital(said) if interval.excludes_zero else f"No clear difference in add-on revenue: {said}"
        )
    uplift = figures.holdout_uplift
    if uplift is not None:
        # A month's figure to the whole currency unit: cents would claim a precision it has not.
        month = round(uplift.estimate * figures.tickets_per_month, -2)
        said = (
            f"offering brings {_money(words, uplift.estimate)} add-on revenue per ticket over the hold-out"
            f" (95%: {_money(words, uplift.low)} to {_money(words, uplift.high)}): about"
            f" {_money(words, month)} a month at {words.count(round(figures.tickets_per_month))}"
            " tickets a month."
        )
        lines.append(_capital(said) if uplift.excludes_zero else f"No clear uplift from offering: {said}")
    return tuple(lines)


def _money(words: Words, cents: float) -> str:
    text = words.money(abs(cents))
    return f"−{text}" if round(cents) < 0 else text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def method_note(figures: ExperimentFigures, words: Words) -> str:
    """How the figures were made, in a sentence or two under the test's table."""
    experiment = figures.experiment
    counted = (
        f"Counted up to {words.day(figures.through)}, the day every arm reached the planned"
        f" {words.count(experiment.min_customers)} customers; later tickets never change the verdict."
        if figures.ready
        else f"Counted up to {words.day(figures.through)}."
    )
    return (
        f"{counted} Take rates: Newcombe's hybrid score interval. Add-on revenue per ticket: percentile"
        " bootstrap over customers (2,000 resamples, fixed seed), as the money is skewed and mostly zero."
    )
