"""Script tests and hold-outs: which arm a customer is in, decided by a stable hash and nothing else.

A test is for one offer (moment, kind, service). Its arms split 10,000 buckets: the hold-out
first, then variant A (the sales process's own script), B, C. A customer's bucket is a hash
of the test's id and the customer's id, so they hear the same variant on every visit, at every
till, after every restart; a walk-in is assigned per ticket. Pure: the caller loads the tests
and passes the assignment into `decide()` as data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from posapp.domain.offer import Moment, OfferKind

#: The buckets a test's arms share out (shares are in these units: 1,000 is 10%).
BUCKETS = 10_000
HOLDOUT = "holdout"
#: Variant names in order: A is always the sales process's own script.
VARIANTS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Arm:
    """One arm of a test: its name, its share of the buckets and its script (None: A's or nothing)."""

    name: str
    share: int
    script: str | None = None

    @property
    def is_holdout(self) -> bool:
        return self.name == HOLDOUT


@dataclass(frozen=True)
class Experiment:
    """A script test on one offer, with the horizon fixed at its start (minimum sample and last day)."""

    id: int
    name: str
    moment: Moment
    kind: OfferKind
    service: str
    arms: tuple[Arm, ...]
    min_customers: int
    starts_on: date
    ends_on: date
    stopped_on: date | None = None

    def running_on(self, day: date) -> bool:
        """Assigning customers on `day`: started, not past its last day, not stopped."""
        if self.stopped_on is not None and day >= self.stopped_on:
            return False
        return self.starts_on <= day <= self.ends_on

    @property
    def offer_key(self) -> OfferKey:
        return (self.moment.value, self.kind.value, self.service)

    @property
    def holdout_share(self) -> int:
        return sum(arm.share for arm in self.arms if arm.is_holdout)


#: An offer as a test names it: (moment decided as, kind, service).
OfferKey = tuple[str, str, str]


@dataclass(frozen=True)
class Assigned:
    """The arm a customer (or a walk-in's ticket) is in for one test."""

    experiment_id: int
    arm: str
    script: str | None = None

    @property
    def is_holdout(self) -> bool:
        return self.arm == HOLDOUT


#: What `decide()` is given: for each offer under test, the arm this customer is in.
Assignment = Mapping[OfferKey, Assigned]


def bucket(experiment_id: int, unit: str) -> int:
    """The customer's bucket in a test, 0..9,999: SHA-256, so no id pattern lines up with a split."""
    digest = hashlib.sha256(f"{experiment_id}:{unit}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def arm_for(experiment: Experiment, unit: str) -> Arm:
    """The arm whose cut-offs hold the unit's bucket."""
    position = bucket(experiment.id, unit)
    upper = 0
    for arm in experiment.arms:
        upper += arm.share
        if position < upper:
            return arm
    return experiment.arms[-1]  # shares always add up to BUCKETS; this only guards rounding


def unit_for(customer_id: int | None, ticket_key: str) -> str:
    """Who is assigned: a known customer by their id, a walk-in by the ticket in progress."""
    return f"customer:{customer_id}" if customer_id is not None else f"ticket:{ticket_key}"


def assignment_for(experiments: Sequence[Experiment], unit: str, day: date) -> dict[OfferKey, Assigned]:
    """The arm of `unit` in every test running on `day`."""
    assigned: dict[OfferKey, Assigned] = {}
    for experiment in experiments:
        if experiment.running_on(day):
            arm = arm_for(experiment, unit)
            assigned[experiment.offer_key] = Assigned(experiment.id, arm.name, arm.script)
    return assigned


def check_arms(arms: Sequence[Arm]) -> None:
    """Shares that add up to every bucket, variant A first among the variants, names unique."""
    from posapp.domain.errors import UserError

    names = [arm.name for arm in arms]
    if len(set(names)) != len(names):
        raise UserError("Each arm of a script test needs its own name.")
    variants = [arm for arm in arms if not arm.is_holdout]
    if len(variants) < 1 or variants[0].name != "A":
        raise UserError("A script test needs variant A, the sales process's own script.")
    if len(variants) < 2 and not any(arm.is_holdout for arm in arms):
        raise UserError("A script test needs a second variant or a hold-out group to compare with.")
    if any(arm.share <= 0 for arm in arms) or sum(arm.share for arm in arms) != BUCKETS:
        raise UserError("The arms' shares must each be above 0% and add up to 100%.")
