"""The ticket in progress, saved on every change so a crash of the program never loses it.

One row per till, keyed by the till's id (the `terminal` column kept its name from before
till identities; see migration m005): a till restores only its own ticket.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from posapp.domain.customer import Customer, Membership
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Flag, PlanChange, TicketDraft, TicketLine
from posapp.storage.clock import from_db, to_db
from posapp.storage.customers import ERASED_SCRIPT, is_erased
from posapp.storage.db import Database, write_transaction


def save_draft(db: Database, till_id: str, draft: TicketDraft, now: datetime) -> None:
    """Keep the ticket in progress: it survives the program crashing, without the GUI waiting for the disk.

    Saved on every tap, on the GUI thread: a FULL commit waits for the disk (4-7 ms, over a
    frame when the disk is busy). A NORMAL commit in WAL is in the WAL file once it returns, so
    a crash or kill of the program never loses it; a power cut may lose the taps since the last
    sale (every sale's FULL commit syncs the drafts written before it, too), a few seconds of a
    ticket whose customer is still at the counter.
    """
    with write_transaction(db, survives_power_cut=False):
        # A till still showing a customer another till has just erased must not write them back.
        if draft.customer is not None and draft.customer.id is not None and is_erased(db, draft.customer.id):
            draft = without_customer(draft, script=ERASED_SCRIPT)
        db.execute(
            "INSERT INTO drafts (terminal, body, saved_at) VALUES (?, ?, ?)"
            " ON CONFLICT(terminal) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
            (till_id, json.dumps(draft_to_dict(draft), ensure_ascii=False), to_db(now)),
        )


def load_draft(db: Database, till_id: str) -> TicketDraft | None:
    """The draft left on this till, or None; a draft already completed as a sale is not restored."""
    row = db.execute("SELECT body FROM drafts WHERE terminal = ?", (till_id,)).fetchone()
    if row is None:
        return None
    draft = draft_from_dict(json.loads(row[0]))
    if db.execute("SELECT 1 FROM tickets WHERE draft_id = ?", (draft.draft_id,)).fetchone():
        return None
    return draft


def clear_draft(db: Database, draft_id: str) -> None:
    """Forget the saved draft of this ticket; call inside the write transaction that completes or clears it.

    By the ticket's own id, not by till: only the till that rang this ticket up holds it, so
    no other till's ticket in progress can go with it, whatever the tills are called.
    """
    db.execute("DELETE FROM drafts WHERE json_extract(body, '$.draft_id') = ?", (draft_id,))


def detach_erased_customer(db: Database, customer_id: int) -> int:
    """Take an erased customer off every till's saved draft; call inside the erasing write transaction.

    The ticket in progress goes on as a walk-in: its lines stay, its offer scripts (which greeted
    the customer by name) are replaced. Returns how many drafts held the customer.
    """
    held = _drafts_holding(db, customer_id)
    for rowid, draft in held:
        cleaned = without_customer(draft, script=ERASED_SCRIPT)
        db.execute(
            "UPDATE drafts SET body = ? WHERE rowid = ?",
            (json.dumps(draft_to_dict(cleaned), ensure_ascii=False), rowid),
        )
    return len(held)


def drafts_holding(db: Database, customer_id: int) -> list[TicketDraft]:
    """The tickets in progress, on any till, that have this customer on them."""
    return [draft for _, draft in _drafts_holding(db, customer_id)]


def _drafts_holding(db: Database, customer_id: int) -> list[tuple[int, TicketDraft]]:
    found = []
    for rowid, body in db.execute("SELECT rowid, body FROM drafts ORDER BY rowid").fetchall():
        try:
            draft = draft_from_dict(json.loads(body))
        except (ValueError, KeyError, TypeError):
            continue  # a draft no till could restore; it is nobody's ticket either way
        if draft.customer is not None and draft.customer.id == customer_id:
            found.append((int(rowid), draft))
    return found


def without_customer(draft: TicketDraft, *, script: str) -> TicketDraft:
    """The draft as a walk-in's (shelf prices, no customer), and no script that named them."""
    walk_in = draft.with_customer(None)
    return replace(walk_in, offer_events=tuple(replace(e, script=script) for e in walk_in.offer_events))


def with_scripts_erased(draft: TicketDraft) -> TicketDraft:
    """The same ticket, its offer scripts replaced: what a sale to a just-erased customer stores."""
    return replace(draft, offer_events=tuple(replace(e, script=ERASED_SCRIPT) for e in draft.offer_events))


def draft_to_dict(draft: TicketDraft) -> dict[str, Any]:
    customer = draft.customer
    return {
        "draft_id": draft.draft_id,
        "cashier_id": draft.cashier_id,
        "opened_at": to_db(draft.opened_at),
        "customer": None if customer is None else _customer_to_dict(customer),
        "lines": [
            {
                "code": line.code,
                "name": line.name,
                "unit_price_cents": line.unit_price_cents,
                "is_addon": line.is_addon,
                "offer_kind": line.offer_kind.value if line.offer_kind else None,
                "quantity": line.quantity,
                "club_price_cents": line.club_price_cents,
                "plan_change": line.plan_change.value if line.plan_change else None,
            }
            for line in draft.lines
        ],
        "flags": sorted(flag.value for flag in draft.flags),
        "wash_changes": draft.wash_changes,
        "offer_events": [_event_to_dict(event) for event in draft.offer_events],
    }


def draft_from_dict(data: dict[str, Any]) -> TicketDraft:
    return TicketDraft(
        draft_id=data["draft_id"],
        cashier_id=data["cashier_id"],
        opened_at=from_db(data["opened_at"]),
        customer=None if data["customer"] is None else _customer_from_dict(data["customer"]),
        lines=tuple(
            TicketLine(
                code=line["code"],
                name=line["name"],
                unit_price_cents=line["unit_price_cents"],
                is_addon=line["is_addon"],
                offer_kind=OfferKind(line["offer_kind"]) if line["offer_kind"] else None,
                quantity=line["quantity"],
                club_price_cents=line.get("club_price_cents"),
                plan_change=PlanChange(line["plan_change"]) if line.get("plan_change") else None,
            )
            for line in data["lines"]
        ),
        flags=frozenset(Flag(flag) for flag in data["flags"]),
        wash_changes=data["wash_changes"],
        offer_events=tuple(_event_from_dict(event) for event in data["offer_events"]),
    )


def _customer_to_dict(customer: Customer) -> dict[str, Any]:
    membership = customer.membership
    return {
        "id": customer.id,
        "name": customer.name,
        "phone": customer.phone,
        "plate": customer.plate,
        "email": customer.email,
        "marketing_consent": customer.marketing_consent,
        "budget_sensitive": customer.budget_sensitive,
        "membership": None
        if membership is None
        else {
            "plan": membership.plan,
            "started_on": membership.started_on.isoformat(),
            "renews_on": membership.renews_on.isoformat(),
            "trial_plan": membership.trial_plan,
            "trial_until": membership.trial_until.isoformat() if membership.trial_until else None,
            "trial_kept": membership.trial_kept,
        },
    }


def _customer_from_dict(data: dict[str, Any]) -> Customer:
    membership = data["membership"]
    return Customer(
        id=data["id"],
        name=data["name"],
        phone=data["phone"],
        plate=data["plate"],
        email=data["email"],
        marketing_consent=data["marketing_consent"],
        budget_sensitive=data["budget_sensitive"],
        membership=None
        if membership is None
        else Membership(
            plan=membership["plan"],
            started_on=date.fromisoformat(membership["started_on"]),
            renews_on=date.fromisoformat(membership["renews_on"]),
            trial_plan=membership["trial_plan"],
            trial_until=date.fromisoformat(membership["trial_until"]) if membership["trial_until"] else None,
            trial_kept=bool(membership.get("trial_kept", False)),
        ),
    )


def _event_to_dict(event: OfferEvent) -> dict[str, Any]:
    return {
        "moment": event.moment.value,
        "kind": event.kind.value,
        "service": event.service,
        "outcome": event.outcome.value,
        "at": to_db(event.at),
        "script": event.script,
        "price_delta_cents": event.price_delta_cents,
        "reasons": list(event.reasons),
        "explanation": event.explanation,
        "cashier_id": event.cashier_id,
        "experiment_id": event.experiment_id,
        "arm": event.arm,
    }


def _event_from_dict(data: dict[str, Any]) -> OfferEvent:
    return OfferEvent(
        moment=Moment(data["moment"]),
        kind=OfferKind(data["kind"]),
        service=data["service"],
        outcome=Outcome(data["outcome"]),
        at=from_db(data["at"]),
        script=data["script"],
        price_delta_cents=data["price_delta_cents"],
        reasons=tuple(data["reasons"]),
        explanation=data["explanation"],
        # A draft saved before offers were credited one by one has no cashier on its events.
        cashier_id=data.get("cashier_id"),
        # A draft saved before script tests existed was in none.
        experiment_id=data.get("experiment_id"),
        arm=str(data.get("arm") or ""),
    )
