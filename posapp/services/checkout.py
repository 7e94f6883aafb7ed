"""Completing a sale: the ticket, its lines and every offer event, stored in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.domain.money import Totals, format_money
from posapp.domain.offer import OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, PlanChange, TicketDraft
from posapp.services.memberships import apply_plan_change
from posapp.services.shifts import NO_SHIFT
from posapp.settings import Settings
from posapp.storage.audit import record_audit
from posapp.storage.catalog import load_catalog
from posapp.storage.clock import local_day_and_hour, to_db
from posapp.storage.customers import is_erased
from posapp.storage.db import Database, write_transaction
from posapp.storage.drafts import clear_draft, with_scripts_erased
from posapp.storage.experiments import record_ticket_arms
from posapp.storage.sale_chain import chain_sale
from posapp.storage.shifts import open_shift_at
from posapp.storage.tickets import ticket_number_for_draft


@dataclass(frozen=True)
class CompletedSale:
    ticket_id: int
    number: int
    totals: Totals
    #: True when this draft had already been recorded (a retried completion): nothing new was written.
    already_recorded: bool = False
    #: Cash handed over and change due, for a cash sale whose tender was entered.
    tendered_cents: int | None = None
    change_cents: int | None = None


def redeem_membership(draft: TicketDraft, catalog: Catalog, today: date) -> TicketDraft:
    """The member's wash at $0 when their current plan (or a running trial) covers it; add-ons are paid.

    A lapsed plan covers nothing, unless its renewal is on this very ticket.
    """
    customer = draft.customer
    wash = draft.wash
    if customer is None or customer.membership is None:
        raise UserError("Only a member can pay a wash with a membership.")
    if wash is None:
        raise UserError("Choose the wash the member is redeeming first.")
    membership = customer.membership
    plan = catalog.get(membership.plan) if membership.plan in catalog else None
    plan_name = plan.name if plan else membership.plan
    renewing = draft.plan_line is not None and draft.plan_line.plan_change is PlanChange.RENEW
    if membership.lapsed(today) and not renewing:
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
    db: Database,
    draft: TicketDraft,
    *,
    payment: Payment,
    settings: Settings,
    now: Callable[[], datetime],
    tendered_cents: int | None = None,
    till_id: str | None = None,
) -> CompletedSale:
    """Store the sale, or nothing at all; completing the same draft twice stores it once.

    The sale belongs to the shift open at the till `till_id`. The counter's checkout passes its
    till's id, so no sale is rung up there outside a shift (after a Z, a new one is opened
    first); tools and tests that store sales directly may leave it off, and their sales belong
    to no shift. `tendered_cents` is the cash the customer handed over; the change is what it
    exceeds the total by.
    """
    if draft.wash is None and not draft.lines:
        raise UserError("The ticket is empty: choose a wash first.")
    if payment is Payment.MEMBERSHIP and (draft.customer is None or draft.customer.membership is None):
        raise UserError("Only a member can pay with a membership.")
    totals = draft.totals(settings.tax)
    if payment is Payment.MEMBERSHIP and totals.total_cents:
        raise UserError("The membership covers the wash only; take cash or card for the rest.")
    change_cents = _change_due(tendered_cents, payment, totals.total_cents, settings)
    # The follow-ups (with the offer engine and the mail's words) are not needed to restore a
    # ticket at start: imported by the first sale, before its write lock is taken.
    from posapp.services import followups  # noqa: F401

    completed_at = now()
    day, hour = local_day_and_hour(completed_at, settings.time_zone)
    with write_transaction(db):
        shift = None if till_id is None else open_shift_at(db, till_id)
        if shift is None and till_id is not None:
            existing = ticket_number_for_draft(db, draft.draft_id)
            if existing is None:  # a retried completion of a sale stored before the Z stays stored
                raise UserError(NO_SHIFT)
        # One statement numbers the ticket and refuses a second copy of the same draft.
        inserted = db.execute(
            "INSERT INTO tickets (number, draft_id, terminal, cashier_id, customer_id, opened_at,"
            " completed_at, local_day, local_hour, payment, flags, subtotal_cents, tax_cents, total_cents,"
            " shift_id, tendered_cents, change_cents)"
            " SELECT coalesce(max(number), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            " FROM tickets"
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
                shift.id if shift else None,
                tendered_cents,
                change_cents,
            ),
        ).fetchone()
        if inserted is None:
            existing = ticket_number_for_draft(db, draft.draft_id)
            assert existing is not None  # the conflict was on this very draft_id
            return CompletedSale(existing[0], existing[1], totals, already_recorded=True)
        ticket_id, number = int(inserted[0]), int(inserted[1])
        if draft.customer is not None and draft.customer.id is not None and is_erased(db, draft.customer.id):
            # Erased on another till while this one sold to them: the sale stands, the greeting goes.
            draft = with_scripts_erased(draft)
        accepted_ids = _store_offer_events(db, draft, ticket_id, settings.time_zone)
        record_ticket_arms(db, ticket_id, _arms_entered(draft))
        # The membership changes with the sale that pays for it, or not at all.
        apply_plan_change(
            db,
            draft,
            ticket_id,
            completed_at.astimezone(settings.time_zone).date(),
            settings.offer_rules.trial_days,
            _accepted_trials(draft),
        )
        db.conn.executemany(
            "INSERT INTO ticket_lines (ticket_id, position, code, name, unit_price_cents, quantity,"
            " is_addon, offer_kind, offer_event_id, plan_change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    line.plan_change.value if line.plan_change else None,
                )
                for position, line in enumerate(draft.lines)
            ],
        )
        _mail_after_sale(db, draft, ticket_id, settings, completed_at)
        chain_sale(db, ticket_id)  # in the same transaction: a stored sale is always a chained one
        clear_draft(db, draft.draft_id)
    return CompletedSale(ticket_id, number, totals, tendered_cents=tendered_cents, change_cents=change_cents)


def _mail_after_sale(
    db: Database, draft: TicketDraft, ticket_id: int, settings: Settings, completed_at: datetime
) -> None:
    """The sale's follow-up planned and its effect on earlier e-mails recorded, with the sale itself.

    Only database work: no mail server is reached from a sale, so a server that is down never slows it.
    """
    from posapp.services.followups import plan_after_sale, record_purchase_redemptions

    customer = draft.customer
    if customer is None or customer.id is None:
        return
    record_purchase_redemptions(
        db, ticket_id=ticket_id, customer_id=customer.id, completed_at=completed_at, settings=settings
    )
    if customer.marketing_consent and customer.email:
        plan_after_sale(
            db,
            ticket_id=ticket_id,
            customer=customer,
            codes=draft.codes,
            catalog=load_catalog(db),
            settings=settings,
            completed_at=completed_at,
        )


def _change_due(
    tendered_cents: int | None, payment: Payment, total_cents: int, settings: Settings
) -> int | None:
    """The change to hand back, or None when no cash was tendered; too little cash is refused."""
    if tendered_cents is None:
        return None
    if payment is not Payment.CASH:
        raise UserError("Cash tendered is only taken for a cash payment.")
    if tendered_cents < total_cents:
        handed = format_money(tendered_cents, settings.currency, settings.locale)
        total = format_money(total_cents, settings.currency, settings.locale)
        raise UserError(f"The customer handed {handed}, less than the {total} total: take more cash.")
    return tendered_cents - total_cents


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
        clear_draft(db, draft.draft_id)


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
            # The cashier who showed the offer, not whoever completed the ticket after a lock.
            cashier_id=event.cashier_id if event.cashier_id is not None else draft.cashier_id,
            zone=zone,
        )
        if event.outcome is Outcome.ACCEPTED:
            accepted[event.service] = event_id
    return accepted


def _arms_entered(draft: TicketDraft) -> list[tuple[int, str]]:
    """Each script test the ticket entered and its arm: every offer event of the test carries it."""
    found: dict[int, str] = {}
    for event in draft.offer_events:
        if event.experiment_id is not None and event.arm:
            found.setdefault(event.experiment_id, event.arm)
    return sorted(found.items())


def _accepted_trials(draft: TicketDraft) -> tuple[str, ...]:
    """Trial offers accepted on the ticket: each starts with the sale, as long as the rules say."""
    return tuple(
        event.service
        for event in draft.offer_events
        if event.kind is OfferKind.TRIAL_UPGRADE and event.outcome is Outcome.ACCEPTED
    )


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
        " script, price_delta_cents, reasons, explanation, at, local_day, experiment_id, arm)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            event.experiment_id,
            event.arm,
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
