"""The sales process's "don't" rules: every reason a candidate offer must be held back."""

from __future__ import annotations

from datetime import datetime, timedelta

from posapp.domain.offer import Moment, Reason
from posapp.domain.ticket import Flag
from posapp.offers.candidates import Candidate
from posapp.offers.model import CustomerFacts, Note, OfferRules, Situation

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
    elif _resolved_today(customer, now):
        # Putting a problem right is not the moment to sell: the rest of that day stays quiet.
        notes.append((Reason.COMPLAINT, "the customer's complaint was resolved today"))
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
    recent = _recent_pitch(customer, rules, now)
    if recent is not None:
        notes.append((Reason.RECENT, recent))
    if situation.answered_on_ticket:
        notes.append((Reason.ONE_PER_TICKET, "an offer was already answered on this ticket"))
    return tuple(notes)


def _recent_pitch(customer: CustomerFacts | None, rules: OfferRules, now: datetime) -> str | None:
    """Words for the pause after the customer's last answered offer, or None when none is running.

    Any pitch counts, whatever the answer (the process's rule 4): an acceptance pauses every offer
    for `cooldown_days`, a decline for `decline_pause_days`. The pause that ends last is named.
    """
    if customer is None:
        return None
    pauses: list[tuple[datetime, str]] = []
    accepted = customer.last_accepted_offer_at
    if accepted is not None and _within(accepted, rules.cooldown_days, now):
        pauses.append(
            (
                accepted + timedelta(days=rules.cooldown_days),
                f"the customer accepted an offer on {_day(accepted, now)}, "
                f"less than {_days(rules.cooldown_days)} ago",
            )
        )
    declines = [d.at for d in customer.declined if _within(d.at, rules.decline_pause_days, now)]
    if declines:
        declined = max(declines)
        pauses.append(
            (
                declined + timedelta(days=rules.decline_pause_days),
                f"the customer declined an offer on {_day(declined, now)}, "
                f"less than {_days(rules.decline_pause_days)} ago",
            )
        )
    mailed = customer.last_follow_up_at
    if mailed is not None and _within(mailed, rules.decline_pause_days, now):
        # A follow-up the customer has not answered is a pitch like a decline: the shorter pause.
        pauses.append(
            (
                mailed + timedelta(days=rules.decline_pause_days),
                f"we sent the customer a follow-up on {_day(mailed, now)}, "
                f"less than {_days(rules.decline_pause_days)} ago",
            )
        )
    return max(pauses)[1] if pauses else None


def _resolved_today(customer: CustomerFacts | None, now: datetime) -> bool:
    if customer is None or customer.complaint_resolved_at is None:
        return False
    return _day(customer.complaint_resolved_at, now) == now.date().isoformat()


def _within(at: datetime, days: int, now: datetime) -> bool:
    # An event stamped a little after `now` (clocks of two terminals) still counts as recent.
    return now - at < timedelta(days=days)


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _declined_reasons(
    candidate: Candidate, customer: CustomerFacts | None, rules: OfferRules, now: datetime
) -> tuple[Note, ...]:
    if customer is None or not candidate.service:
        return ()
    declines = [
        decline.at
        for decline in customer.declined
        if decline.service == candidate.service and _within(decline.at, rules.cooldown_days, now)
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
