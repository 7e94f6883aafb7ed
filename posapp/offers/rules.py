"""The sales process's "don't" rules: every reason a candidate offer must be held back."""

from __future__ import annotations

from datetime import datetime, timedelta

from posapp.domain.offer import Moment, Reason
from posapp.domain.ticket import Flag
from posapp.offers.candidates import Candidate, Note
from posapp.offers.model import CustomerFacts, OfferRules, Situation

#: The order reasons are listed in: the weightiest first, as the cashier should read them.
REASON_ORDER: tuple[Reason, ...] = tuple(Reason)
_RANK = {reason: rank for rank, reason in enumerate(REASON_ORDER)}


def reasons_against(
    candidate: Candidate, situation: Situation, rules: OfferRules, now: datetime
) -> tuple[Note, ...]:
    """All reasons this candidate may not be offered now, in `REASON_ORDER`; empty when allowed."""
    return reasons_with(situation_reasons(situation, rules, now), candidate, situation, rules, now)


def reasons_with(
    general: tuple[Note, ...], candidate: Candidate, situation: Situation, rules: OfferRules, now: datetime
) -> tuple[Note, ...]:
    """`reasons_against`, given the situation's own reasons (the same for every candidate of a moment)."""
    notes = [*general, *_declined_reasons(candidate, situation.customer, rules, now), *candidate.own_reasons]
    if not notes:
        return ()
    return tuple(sorted(notes, key=lambda note: _RANK[note[0]]))


def situation_reasons(situation: Situation, rules: OfferRules, now: datetime) -> tuple[Note, ...]:
    """Reasons that hold back every offer at this moment, whatever is offered."""
    customer = situation.customer
    notes: list[Note] = []
    if Flag.COMPLAINT in situation.flags:
        notes.append((Reason.COMPLAINT, "the customer has a complaint today"))
    elif customer is not None and customer.open_complaint:
        notes.append((Reason.COMPLAINT, "the customer has an open complaint"))
    if Flag.BUDGET in situation.flags:
        notes.append((Reason.BUDGET, "the customer said money is tight"))
    elif customer is not None and customer.budget_sensitive:
        notes.append((Reason.BUDGET, "the customer has told us money is tight"))
    if Flag.UNDECIDED in situation.flags:
        notes.append((Reason.OVERWHELMED, "the customer is still deciding"))
    elif situation.wash_changes >= rules.overwhelmed_after_changes:
        notes.append(
            (
                Reason.OVERWHELMED,
                f"the wash was changed {situation.wash_changes} times on this ticket",
            )
        )
    if situation.moment is Moment.FOLLOW_UP and customer is not None and not customer.marketing_consent:
        notes.append((Reason.NO_CONSENT, "the customer has not agreed to hear from us after a visit"))
    recent = _recent_acceptance(customer, rules, now)
    if recent is not None:
        notes.append(
            (
                Reason.RECENT,
                f"the customer accepted an offer on {_day(recent, now)}, "
                f"less than {rules.cooldown_days} days ago",
            )
        )
    if situation.answered_on_ticket:
        notes.append((Reason.ONE_PER_TICKET, "an offer was already answered on this ticket"))
    return tuple(notes)


def _within_cooldown(at: datetime, rules: OfferRules, now: datetime) -> bool:
    # An event stamped a little after `now` (clocks of two terminals) still counts as recent.
    return now - at < timedelta(days=rules.cooldown_days)


def _recent_acceptance(customer: CustomerFacts | None, rules: OfferRules, now: datetime) -> datetime | None:
    if customer is None or customer.last_accepted_offer_at is None:
        return None
    at = customer.last_accepted_offer_at
    return at if _within_cooldown(at, rules, now) else None


def _declined_reasons(
    candidate: Candidate, customer: CustomerFacts | None, rules: OfferRules, now: datetime
) -> tuple[Note, ...]:
    if customer is None or not candidate.service:
        return ()
    declines = [
        decline.at
        for decline in customer.declined
        if decline.service == candidate.service and _within_cooldown(decline.at, rules, now)
    ]
    if not declines:
        return ()
    latest = max(declines)
    return (
        (
            Reason.DECLINED_RECENTLY,
            f"the customer declined {candidate.name or candidate.service} on {_day(latest, now)}",
        ),
    )


def _day(at: datetime, now: datetime) -> str:
    """The site's calendar day of `at`, read in the same time zone as `now`."""
    return at.astimezone(now.tzinfo).date().isoformat()
