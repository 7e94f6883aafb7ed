"""What the offer engine reads (a Situation) and what it answers (a Decision).

The storage layer loads a customer's history into `CustomerFacts` in one query; the
engine itself never touches a database or a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from posapp.domain.offer import Moment, OfferKind, Reason
from posapp.domain.ticket import Flag
from posapp.offers.explain import explanation

# The rules a manager tunes live on their own: the settings read them at every start without
# the engine's model (its dataclasses cost a start ~4 ms). Named here too, where they always were.
from posapp.offers.tuning import OfferRules as OfferRules
from posapp.offers.tuning import Policy as Policy

#: A reason with its short plain-words note ("Car Waxing is already on the ticket").
Note = tuple[Reason, str]


@dataclass(frozen=True)
class DeclinedOffer:
    service: str
    at: datetime


@dataclass(frozen=True)
class CustomerFacts:
    """What the business remembers about a customer that the rules need.

    Absent for an anonymous walk-in.
    """

    id: int | None = None
    first_name: str = ""
    member_plan: str | None = None
    member_since: date | None = None
    renews_on: date | None = None
    #: A trial of a higher plan running on the membership, and its last day.
    trial_plan: str | None = None
    trial_until: date | None = None
    last_accepted_offer_at: datetime | None = None
    declined: tuple[DeclinedOffer, ...] = ()
    open_complaint: bool = False
    #: When the customer's latest complaint was resolved: no offer on the rest of that day.
    complaint_resolved_at: datetime | None = None
    budget_sensitive: bool = False
    #: Agreed to hear from the car wash after a visit; without it no follow-up is sent.
    marketing_consent: bool = False
    #: When the last follow-up e-mail went out: a pitch of its own, it pauses offers too.
    last_follow_up_at: datetime | None = None


@dataclass(frozen=True)
class Situation:
    """Everything about this moment at the counter that the rules look at."""

    moment: Moment
    cart: tuple[str, ...] = ()
    flags: frozenset[Flag] = frozenset()
    wash_changes: int = 0
    customer: CustomerFacts | None = None
    #: Offers already shown and answered on this ticket (service codes).
    answered_on_ticket: tuple[str, ...] = ()
    #: What the cart's lines cost on this ticket, where that differs from the catalog (a wash a
    #: member redeemed is $0): an upgrade is quoted from what the customer actually pays.
    prices_on_ticket: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Offer:
    """The one offer the panel shows, with the script ready to read."""

    kind: OfferKind
    service: str
    name: str
    price_delta_cents: int
    script: str
    trial_days: int | None = None
    #: The script test this offer is part of, and the customer's arm in it (the variant read out).
    experiment_id: int | None = None
    arm: str = ""


@dataclass(frozen=True)
class HeldBack:
    """A candidate the rules did not allow, with every reason and plain words for the cashier.

    It keeps the reasons with their notes; the codes, phrases and sentences are made from them
    when first read. A decision holds back most of its candidates, and few are ever shown.
    """

    kind: OfferKind
    service: str
    #: Every reason with its short note, weightiest first.
    why: tuple[Note, ...]
    #: For a hold-out (reason `holdout`): the script test and the arm ("holdout").
    experiment_id: int | None = None
    arm: str = ""

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        """The reasons' codes, as a held-back offer event stores them."""
        return tuple(reason.value for reason, _ in self.why)

    @cached_property
    def notes(self) -> tuple[str, ...]:
        """One short phrase per reason, in the same order ("the customer said money is tight"),
        so the panel can name the reason in a sentence of its own."""
        return tuple(note for _, note in self.why)

    @cached_property
    def explanation(self) -> str:
        """Every reason in plain words for the cashier, sentence after sentence."""
        return explanation(self.why)


@dataclass(frozen=True)
class Decision:
    """At most one offer, and every candidate the rules held back."""

    offer: Offer | None
    held_back: tuple[HeldBack, ...] = ()
