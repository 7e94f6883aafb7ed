"""Completing a sale: the ticket, its lines and every offer event, stored in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.domain.money import Totals
from posapp.domain.offer import OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.settings import Settings
from posapp.storage.audit import record_audit
from posapp.storage.clock import local_day_and_hour, to_db
from posapp.storage.customers import start_trial
from posapp.storage.db import write_transaction
from posapp.storage.drafts import clear_draft
from posapp.storage.sale_chain import chain_sale
from posapp.storage.tickets import ticket_number_for_draft


@dataclass(frozen=True)
class CompletedSale:
    ticket_id: int
    number: int
    totals: Totals
    #: True when this draft had already been recorded (a retried completion): nothing new was written.
    already_recorded: bool = False


def redeem_membership(draft: TicketDraft, catalog: Catalog, today: date) -> TicketDraft:
    """The member's wash at $0 when their current plan (or a running trial) covers it; add-ons are paid."""
    customer = draft.customer
    wash = draft.wash
    if customer is None or customer.membership is None:
        raise UserError("Only a member can pay a wash with a membership.")
    if wash is None:
        raise UserError("Choose the wash the member is redeeming first.")
    membership = customer.membership
    plan = catalog.get(membership.plan) if membership.plan in catalog else None
    plan_name = plan.name if plan else membership.plan
    if membership.renews_on < today:
        raise UserError(f"The {plan_name} lapsed on {membership.renews_on.isoformat()}; take cash or card.")
    plans = [membership.plan]
    if membership.trial_plan and membership.trial_until and membership.trial_until >= today:
        plans.append(membership.trial_plan)
    covering = [catalog.get(code) for code in plans if code in catalog]
    if not any(wash.code in covering_plan.includes for covering_plan in covering):
        raise UserError(f"The {plan_name} does not cover the {wash.name}; take cash or card for it.")
    return replace(
        draft, lines=tuple(line.redeemed_by_club() if line is wash else line for line in draft.lines)
    )


def complete_sale(
    db: Database, draft: TicketDraft, *, payment: Payment, settings: Settings, now: Callable[[], datetime]
) -> CompletedSale:
    """Store the sale, or nothing at all; completing the same draft twice stores it once."""
    if draft.wash is None and not draft.lines:
        raise UserError("The ticket is empty: choose a wash first.")
    if payment is Payment.MEMBERSHIP and (draft.customer is None or draft.customer.membership is None):
        raise UserError("Only a member can pay with a membership.")
    totals = draft.totals(settings.tax)
    if payment is Payment.MEMBERSHIP and totals.total_cents:
        raise UserError("The membership covers the wash only; take cash or card for the rest.")
    completed_at = now()
    day, hour = local_day_and_hour(completed_at, settings.time_zone)
    with write_transaction(db):
        # One statement numbers the ticket and refuses a second copy of the same draft.
        inserted = db.execute(
            "INSERT INTO tickets (number, draft_id, terminal, cashier_id, customer_id, opened_at,"
            " completed_at, local_day, local_hour, payment, flags, subtotal_cents, tax_cents, total_cents)"
            " SELECT coalesce(max(number), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM tickets"
            " WHERE true ON CONFLICT (draft_id) DO NOTHING RETURNING id, number",
            (
                draft.draft_id,
                settings.terminal,
                draft.cashier_id,
                draft.customer.id if draft.customer else None,
                to_db(draft.opened_at),
                to_db(completed_at),
                day,
                hour,
                payment.value,
                ",".join(sorted(flag.value for flag in draft.flags)),
                totals.subtotal_cents,
                totals.tax_cents,
                totals.total_cents,
            ),
        ).fetchone()
        if inserted is None:
            existing = ticket_number_for_draft(db, draft.draft_id)
            assert existing is not None  # the conflict was on this very draft_id
            return CompletedSale(existing[0], existing[1], totals, already_recorded=True)
        ticket_id, number = int(inserted[0]), int(inserted[1])
        accepted_ids = _store_offer_events(db, draft, ticket_id, settings.time_zone)
        _start_accepted_trials(db, draft, settings)
        db.conn.executemany(
            "INSERT INTO ticket_lines (ticket_id, position, code, name, unit_price_cents, quantity,"
            " is_addon, offer_kind, offer_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    ticket_id,
                    position,
                    line.code,
                    line.name,
                    line.unit_price_cents,
                    line.quantity,
                    int(line.is_addon),
                    line.offer_kind.value if line.offer_kind else None,
                    accepted_ids.get(line.code) if line.offer_kind else None,
                )
                for position, line in enumerate(draft.lines)
            ],
        )
        chain_sale(db, ticket_id)  # in the same transaction: a stored sale is always a chained one
        clear_draft(db, settings.terminal)
    return CompletedSale(ticket_id, number, totals)


def clear_ticket(
    db: Database, draft: TicketDraft, *, settings: Settings, now: Callable[[], datetime]
) -> None:
    """Throw the ticket in progress away, on the record: a cleared ticket is a known way to skim a till."""
    totals = draft.totals(settings.tax)
    with write_transaction(db):
        record_audit(
            db,
            at=now(),
            cashier_id=draft.cashier_id,
            action="ticket_cleared",
            subject=f"terminal {settings.terminal}",
            before={
                "lines": [[line.code, line.amount_cents] for line in draft.lines],
                "total_cents": totals.total_cents,
            },
        )
        clear_draft(db, settings.terminal)


def _store_offer_events(db: Database, draft: TicketDraft, ticket_id: int, zone: ZoneInfo) -> dict[str, int]:
    """Insert the ticket's offer events; returns the id of each accepted offer by its service code."""
    accepted: dict[str, int] = {}
    customer_id = draft.customer.id if draft.customer else None
    for event in draft.offer_events:
        event_id = insert_offer_event(
            db,
            event,
            ticket_id=ticket_id,
            customer_id=customer_id,
            cashier_id=draft.cashier_id,
            zone=zone,
        )
        if event.outcome is Outcome.ACCEPTED:
            accepted[event.service] = event_id
    return accepted


def _start_accepted_trials(db: Database, draft: TicketDraft, settings: Settings) -> None:
    """A trial the member accepted starts with the sale, so the next visit already knows it.

    It lasts as the offer rules in force say: the same days the script just promised.
    """
    if draft.customer is None or draft.customer.id is None:
        return
    for event in draft.offer_events:
        if event.kind is OfferKind.TRIAL_UPGRADE and event.outcome is Outcome.ACCEPTED:
            days = settings.offer_rules.trial_days
            until = event.at.astimezone(settings.time_zone).date() + timedelta(days=days)
            start_trial(db, draft.customer.id, plan=event.service, until=until)


def insert_offer_event(
    db: Database,
    event: OfferEvent,
    *,
    ticket_id: int | None,
    customer_id: int | None,
    cashier_id: int,
    zone: ZoneInfo,
) -> int:
    """One offer event row, inside the caller's write transaction."""
    day, _ = local_day_and_hour(event.at, zone)
    cursor = db.execute(
        "INSERT INTO offer_events (ticket_id, customer_id, cashier_id, moment, kind, service, outcome,"
        " script, price_delta_cents, reasons, explanation, at, local_day)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ticket_id,
            customer_id,
            cashier_id,
            event.moment.value,
            event.kind.value,
            event.service,
            event.outcome.value,
            event.script,
            event.price_delta_cents,
            ",".join(event.reasons),
            event.explanation,
            to_db(event.at),
            day,
        ),
    )
    return int(cursor.lastrowid or 0)


def record_interaction(
    db: Database,
    events: tuple[OfferEvent, ...],
    *,
    customer_id: int | None,
    cashier_id: int,
    zone: ZoneInfo,
) -> None:
    """Offer events from a moment without a sale (a renewal talk, a customer question)."""
    with write_transaction(db):
        for event in events:
            insert_offer_event(
                db, event, ticket_id=None, customer_id=customer_id, cashier_id=cashier_id, zone=zone
            )
