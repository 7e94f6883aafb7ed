"""A manager starts, changes and stops a script test: each with their PIN, each audited, one test per offer.

The horizon (minimum customers per arm and the last day) is fixed at the start and never
changed afterwards, and neither is the split: a changed split would mix customers assigned
under two splits, so it is a new test. What may change while a test runs is its name and the
wording of a variant other than A (a typo fixed), both on the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment, OfferKind
from posapp.offers.experiments import BUCKETS, HOLDOUT, VARIANTS, Arm, Experiment, check_arms
from posapp.offers.scripts import check_script
from posapp.services.auth import require_manager
from posapp.storage.audit import record_audit
from posapp.storage.db import Database, write_transaction
from posapp.storage.experiments import (
    get_experiment,
    insert_experiment,
    mark_stopped,
    open_experiment_for,
    rename_experiment,
    reword_arm,
)

#: The most a hold-out may take: every held-out customer is a sale not offered.
MAX_HOLDOUT_PERCENT = 50
MAX_DAYS = 366


@dataclass(frozen=True)
class ScriptTestPlan:
    """What a manager asks for: the offer, the wording of B (and C), the hold-out and the horizon."""

    name: str
    moment: Moment
    kind: OfferKind
    service: str
    #: Scripts of variants B, C, ... (A is the sales process's own script); may be empty with a hold-out.
    variant_scripts: Sequence[str]
    holdout_percent: int
    min_customers: int
    days: int


def plan_arms(variant_scripts: Sequence[str], holdout_percent: int, key: str) -> tuple[Arm, ...]:
    """The hold-out's share first, the rest split evenly between the variants (A takes any odd bucket)."""
    if not 0 <= holdout_percent <= MAX_HOLDOUT_PERCENT:
        raise UserError(f"The hold-out share must be from 0% to {MAX_HOLDOUT_PERCENT}%.")
    if len(variant_scripts) + 1 > len(VARIANTS):
        raise UserError(f"A script test holds at most {len(VARIANTS)} variants.")
    scripts = [check_script(key, text) for text in variant_scripts]
    holdout = holdout_percent * BUCKETS // 100
    count = len(scripts) + 1
    each, spare = divmod(BUCKETS - holdout, count)
    arms = [Arm(HOLDOUT, holdout)] if holdout else []
    arms.append(Arm("A", each + spare))
    arms += [Arm(VARIANTS[i + 1], each, script) for i, script in enumerate(scripts)]
    check_arms(arms)
    return tuple(arms)


def start_experiment(
    db: Database,
    plan: ScriptTestPlan,
    *,
    catalog: Catalog,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
    time_zone: ZoneInfo,
) -> int:
    """Start the test today (the site's day); returns its id. Refused if the offer is already under test."""
    name = " ".join(plan.name.split())
    if not 1 <= len(name) <= 80:
        raise UserError("Give the script test a name of 1 to 80 characters.")
    if plan.service not in catalog:
        raise UserError(f"There is no service {plan.service!r} to test an offer of.")
    if not 1 <= plan.days <= MAX_DAYS:
        raise UserError(f"A script test runs from 1 to {MAX_DAYS} days.")
    if not 20 <= plan.min_customers <= 1_000_000:
        raise UserError("The minimum sample must be at least 20 customers per arm.")
    key = f"{plan.moment.value}.{plan.kind.value}.{plan.service}"
    arms = plan_arms(plan.variant_scripts, plan.holdout_percent, key)
    manager = require_manager(db, manager_id, manager_pin, now)
    at = now()
    today = at.astimezone(time_zone).date()
    ends_on = today + timedelta(days=plan.days - 1)
    with write_transaction(db):
        running = open_experiment_for(db, plan.moment.value, plan.kind.value, plan.service)
        if running is not None and running.ends_on < today:
            # Past its last day without a stop: it ended then, on the record.
            _stop(db, running, running.ends_on + timedelta(days=1), at, None)
        elif running is not None:
            raise UserError(
                f"“{running.name}” is already testing this offer until {running.ends_on}; stop it first."
            )
        experiment_id = insert_experiment(
            db,
            name=name,
            moment=plan.moment.value,
            kind=plan.kind.value,
            service=plan.service,
            arms=arms,
            min_customers=plan.min_customers,
            starts_on=today,
            ends_on=ends_on,
            at=at,
            manager_id=manager.id,
        )
        record_audit(
            db,
            at=at,
            cashier_id=manager.id,
            action="experiment_started",
            subject=f"experiment {experiment_id}",
            after={
                "name": name,
                "offer": key,
                "arms": [[arm.name, arm.share, arm.script] for arm in arms],
                "min_customers": plan.min_customers,
                "starts_on": today.isoformat(),
                "ends_on": ends_on.isoformat(),
            },
        )
    return experiment_id


def stop_experiment(
    db: Database,
    experiment_id: int,
    *,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
    time_zone: ZoneInfo,
) -> Experiment:
    """Stop assigning customers from now on (offers go back to the process's own script for everyone)."""
    manager = require_manager(db, manager_id, manager_pin, now)
    at = now()
    with write_transaction(db):
        experiment = _existing(db, experiment_id)
        if experiment.stopped_on is not None:
            raise UserError(f"“{experiment.name}” was already stopped on {experiment.stopped_on}.")
        # Stopped today: today's tickets already in an arm keep it; nobody new enters.
        day = min(at.astimezone(time_zone).date(), experiment.ends_on + timedelta(days=1))
        _stop(db, experiment, day, at, manager.id)
    stopped = get_experiment(db, experiment_id)
    assert stopped is not None
    return stopped


def change_experiment(
    db: Database,
    experiment_id: int,
    *,
    name: str | None = None,
    scripts: dict[str, str] | None = None,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
) -> Experiment:
    """Rename the test or reword a variant other than A; the split and the horizon stay as started."""
    manager = require_manager(db, manager_id, manager_pin, now)
    at = now()
    with write_transaction(db):
        experiment = _existing(db, experiment_id)
        if experiment.stopped_on is not None:
            raise UserError(f"“{experiment.name}” has stopped; start a new test instead.")
        key = f"{experiment.moment.value}.{experiment.kind.value}.{experiment.service}"
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        if name is not None and " ".join(name.split()) != experiment.name:
            cleaned = " ".join(name.split())
            if not 1 <= len(cleaned) <= 80:
                raise UserError("Give the script test a name of 1 to 80 characters.")
            rename_experiment(db, experiment_id, cleaned)
            before["name"], after["name"] = experiment.name, cleaned
        arms = {arm.name: arm for arm in experiment.arms}
        for arm_name, text in (scripts or {}).items():
            if arm_name == "A" or arm_name not in arms or arms[arm_name].is_holdout:
                raise UserError(
                    f"Only the wording of variants B to D can change; {arm_name} is not one of this test's."
                )
            checked = check_script(key, text)
            if checked != arms[arm_name].script:
                reword_arm(db, experiment_id, arm_name, checked)
                before[arm_name], after[arm_name] = arms[arm_name].script, checked
        if after:
            record_audit(
                db,
                at=at,
                cashier_id=manager.id,
                action="experiment_changed",
                subject=f"experiment {experiment_id}",
                before=before,
                after=after,
            )
    changed = get_experiment(db, experiment_id)
    assert changed is not None
    return changed


def _existing(db: Database, experiment_id: int) -> Experiment:
    experiment = get_experiment(db, experiment_id)
    if experiment is None:
        raise UserError(f"There is no script test number {experiment_id}.")
    return experiment


def _stop(db: Database, experiment: Experiment, day: date, at: datetime, manager_id: int | None) -> None:
    mark_stopped(db, experiment.id, day, at, manager_id)
    record_audit(
        db,
        at=at,
        cashier_id=manager_id,
        action="experiment_stopped",
        subject=f"experiment {experiment.id}",
        before={"name": experiment.name, "ends_on": experiment.ends_on.isoformat()},
        after={"stopped_on": day.isoformat()},
    )
