"""Words for offers that every layer shares: moments, kinds, reasons and what became of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Moment(StrEnum):
    """When in the customer's journey an offer may be made (the sales process's "when")."""

    CHECKOUT = "checkout"
    RENEWAL = "renewal"
    SERVICE = "service"
    FOLLOW_UP = "follow_up"
    #: A customer's question at the counter: decided as the service moment (its candidates and
    #: scripts), recorded under its own name so the report can count questions apart.
    QUESTION = "question"

    @property
    def decided_as(self) -> Moment:
        """The moment whose candidates and scripts apply."""
        return Moment.SERVICE if self is Moment.QUESTION else self


class OfferKind(StrEnum):
    CROSS_SELL = "cross_sell"
    UPSELL = "upsell"
    TRIAL_UPGRADE = "trial_upgrade"


class Reason(StrEnum):
    """Why a candidate offer was held back (the sales process's "don't" rules)."""

    COMPLAINT = "complaint"
    BUDGET = "budget"
    OVERWHELMED = "overwhelmed"
    RECENT = "recent"
    DECLINED_RECENTLY = "declined_recently"
    NOT_RELEVANT = "not_relevant"
    TENURE = "tenure"
    ONE_PER_TICKET = "one_per_ticket"
    NO_CONSENT = "no_consent"
    NOT_CHOSEN = "not_chosen"
    #: The customer is in a script test's hold-out group: no offer while the test runs. Not one of
    #: the process's rules, so the report counts it under its test, never under held back.
    HOLDOUT = "holdout"


#: The sales process's own reasons for holding an offer back: the ones the report counts.
#: `one_per_ticket` and `not_chosen` only say another offer was made instead.
HOLDING_REASONS: tuple[Reason, ...] = (
    Reason.COMPLAINT,
    Reason.BUDGET,
    Reason.OVERWHELMED,
    Reason.RECENT,
    Reason.DECLINED_RECENTLY,
    Reason.NOT_RELEVANT,
    Reason.TENURE,
    Reason.NO_CONSENT,
)


class Outcome(StrEnum):
    """What became of a candidate: shown and left unanswered, accepted, declined or held back."""

    SHOWN = "shown"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    HELD_BACK = "held_back"


@dataclass(frozen=True)
class OfferEvent:
    """One offer decision as it happened on a ticket, with the exact script the cashier saw."""

    moment: Moment
    kind: OfferKind
    service: str
    outcome: Outcome
    at: datetime
    script: str = ""
    price_delta_cents: int = 0
    reasons: tuple[str, ...] = ()
    explanation: str = ""
    #: The cashier at the counter when the offer was shown or answered: the offer is theirs,
    #: whoever signs in after a lock and completes the ticket. None until recorded on a ticket.
    cashier_id: int | None = None
    #: The script test this offer was part of and the arm the customer is in ("A", "B", "holdout").
    experiment_id: int | None = None
    arm: str = ""
