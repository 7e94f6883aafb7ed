"""The ticket in progress at the counter: the wash, its add-ons, the situation and offers made."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from posapp.domain.catalog import Service, ServiceKind
from posapp.domain.customer import Customer
from posapp.domain.errors import UserError
from posapp.domain.money import TaxPolicy, Totals, totals_for
from posapp.domain.offer import OfferEvent, OfferKind, Outcome


class Flag(StrEnum):
    """What the cashier noticed about the customer today."""

    COMPLAINT = "complaint"
    BUDGET = "budget"
    UNDECIDED = "undecided"


class Payment(StrEnum):
    CASH = "cash"
    CARD = "card"
    MEMBERSHIP = "membership"


class PlanChange(StrEnum):
    """What a membership line on the ticket does to the customer's plan when the sale completes."""

    SELL = "sell"
    RENEW = "renew"
    UPGRADE = "upgrade"
    TRIAL = "trial"
    #: The customer keeps the plan they are trying: the trial converts when it ends.
    KEEP = "keep"


#: How a wash paid by a membership reads on the ticket and the receipt.
CLUB_SUFFIX = " (club)"


@dataclass(frozen=True)
class TicketLine:
    """One line as sold: code, name and unit price are frozen at the moment of sale."""

    code: str
    name: str
    unit_price_cents: int
    is_addon: bool = False
    offer_kind: OfferKind | None = None
    quantity: int = 1
    #: The shelf price of a wash a member redeemed at $0, kept so it can be charged again
    #: if the ticket turns out not to be that member's.
    club_price_cents: int | None = None
    #: A membership line: sold, renewed, upgraded, a trial or a trial kept (`code` is the plan).
    plan_change: PlanChange | None = None

    @property
    def is_plan(self) -> bool:
        return self.plan_change is not None

    @property
    def amount_cents(self) -> int:
        return self.unit_price_cents * self.quantity

    @property
    def redeemed(self) -> bool:
        return self.club_price_cents is not None

    def redeemed_by_club(self) -> TicketLine:
        if self.redeemed:
            return self
        return replace(
            self, unit_price_cents=0, name=f"{self.name}{CLUB_SUFFIX}", club_price_cents=self.unit_price_cents
        )

    def at_shelf_price(self) -> TicketLine:
        if self.club_price_cents is None:
            return self
        return replace(
            self,
            unit_price_cents=self.club_price_cents,
            name=self.name.removesuffix(CLUB_SUFFIX),
            club_price_cents=None,
        )


@dataclass(frozen=True)
class TicketDraft:
    """A ticket not yet paid for. Every change returns a new draft, so undo and restore are easy.

    `draft_id` stays the same from the first tap to completion and is stored with the sale,
    so completing the same draft twice can never record two sales.
    """

    cashier_id: int
    opened_at: datetime
    customer: Customer | None = None
    lines: tuple[TicketLine, ...] = ()
    flags: frozenset[Flag] = frozenset()
    wash_changes: int = 0
    offer_events: tuple[OfferEvent, ...] = ()
    draft_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def wash(self) -> TicketLine | None:
        return next((line for line in self.lines if not line.is_addon and not line.is_plan), None)

    @property
    def plan_line(self) -> TicketLine | None:
        """The membership change on this ticket (one at most)."""
        return next((line for line in self.lines if line.is_plan), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(line.code for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines

    def totals(self, tax: TaxPolicy) -> Totals:
        return totals_for((line.amount_cents for line in self.lines), tax)

    def choose_wash(self, wash: Service, offer_kind: OfferKind | None = None) -> TicketDraft:
        """Put `wash` on the ticket, replacing any other; a replaced wash counts as a change.

        An upgrade the customer accepted from an offer is not indecision, so it is not counted.
        """
        if wash.kind is not ServiceKind.WASH:
            raise UserError(f"{wash.name} is not a wash.")
        current = self.wash
        if current is not None and current.code == wash.code:
            return self
        changed = current is not None and offer_kind is None
        line = TicketLine(wash.code, wash.name, wash.price_cents, offer_kind=offer_kind)
        # Add-ons the new wash already includes come off: nobody pays twice for tire shine.
        others = tuple(
            existing
            for existing in self.lines
            if existing.is_plan or (existing.is_addon and existing.code not in wash.includes)
        )
        withdrawn = self._withdraw_acceptance(current) if current is not None and current.offer_kind else self
        return replace(
            withdrawn,
            lines=(line, *others),
            wash_changes=self.wash_changes + (1 if changed else 0),
        )

    def add_addon(self, addon: Service, offer_kind: OfferKind | None = None) -> TicketDraft:
        if addon.kind is ServiceKind.WASH:
            raise UserError(f"{addon.name} is a wash, not an add-on.")
        if addon.code in self.codes:
            raise UserError(f"{addon.name} is already on the ticket.")
        line = TicketLine(addon.code, addon.name, addon.price_cents, True, offer_kind)
        return replace(self, lines=(*self.lines, line))

    def add_plan_line(self, line: TicketLine) -> TicketDraft:
        """A membership sold, renewed, upgraded or tried: one change of plan per ticket."""
        if line.plan_change is None:
            raise UserError(f"{line.name} is not a membership line.")
        if self.customer is None or self.customer.id is None:
            raise UserError("Choose the customer first: a membership belongs to a known customer.")
        current = self.plan_line
        if current is not None:
            raise UserError(f"The ticket already holds {current.name}; take it off first to change the plan.")
        return replace(self, lines=(*self.lines, line))

    def remove_line(self, index: int) -> TicketDraft:
        """Take a line off; an add-on taken from an offer turns that acceptance into a decline."""
        if not 0 <= index < len(self.lines):
            raise UserError("There is no such line on the ticket.")
        line = self.lines[index]
        draft = self._withdraw_acceptance(line) if line.offer_kind else self
        rest = self.lines[:index] + self.lines[index + 1 :]
        if line.is_plan:
            # A club wash may have leant on this renewal: it is charged again until redeemed anew.
            rest = tuple(other.at_shelf_price() for other in rest)
        return replace(draft, lines=rest)

    def _withdraw_acceptance(self, line: TicketLine) -> TicketDraft:
        """The customer took the offer back before paying: it was declined after all, not sold."""
        events = list(self.offer_events)
        for position in range(len(events) - 1, -1, -1):
            event = events[position]
            if event.service == line.code and event.outcome is Outcome.ACCEPTED:
                events[position] = replace(event, outcome=Outcome.DECLINED)
                break
        return replace(self, offer_events=tuple(events))

    def with_flag(self, flag: Flag, on: bool) -> TicketDraft:
        flags = self.flags | {flag} if on else self.flags - {flag}
        return replace(self, flags=frozenset(flags))

    def with_customer(self, customer: Customer | None) -> TicketDraft:
        """Another customer on the ticket: a wash redeemed by the previous member is charged again."""
        previous = self.customer.id if self.customer else None
        if customer is not None and customer.id == previous:
            return replace(self, customer=customer)
        # A plan change was for the previous customer's membership: it does not follow the ticket.
        lines = tuple(line.at_shelf_price() for line in self.lines if not line.is_plan)
        return replace(self, customer=customer, lines=lines)

    def with_cashier(self, cashier_id: int) -> TicketDraft:
        return replace(self, cashier_id=cashier_id)

    def record_offer(self, event: OfferEvent) -> TicketDraft:
        """Note an offer event, credited to the cashier at the counter now (unless already credited)."""
        if event.cashier_id is None:
            event = replace(event, cashier_id=self.cashier_id)
        return replace(self, offer_events=(*self.offer_events, event))
