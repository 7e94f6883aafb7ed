"""The chain's facts about a customer (pulled from the hub) joined to this till's own, for the rules.

Read from the local copy only, so deciding works offline with the last known facts. The chain
can only hold offers back, never push them: its declines and acceptances add to this till's, its
open complaints hold offers, its "money is tight" counts; consent follows the newest word the hub
received about the customer (this till's own unsent change being newer still); a membership from
another site counts when this till knows none.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from posapp.offers.model import CustomerFacts, DeclinedOffer
from posapp.storage.db import Database
from posapp.storage.sync_outbox import (
    chain_customers,
    customer_keys,
    hub_facts_for,
    unsent_customer_change,
)


def with_chain_facts(db: Database, facts: CustomerFacts, customer_id: int, since: datetime) -> CustomerFacts:
    """`facts` with what other tills and sites know of the same customer (by the matching rule).

    Called once the facts query found that the chain has sent facts at all (its `chain_known`).
    """
    chain = chain_customers(db, customer_keys(db, customer_id))
    if not chain:
        return facts
    accepted = facts.last_accepted_offer_at
    declined = list(facts.declined)
    open_complaint = facts.open_complaint
    resolved_at = facts.complaint_resolved_at
    tight = facts.budget_sensitive
    consent: tuple[int, bool] | None = None
    membership = None
    for kind, body in hub_facts_for(db, chain):
        if kind == "answer":
            at = datetime.fromisoformat(body["at"])
            if body["outcome"] == "accepted":
                accepted = at if accepted is None else max(accepted, at)
            elif at >= since:
                declined.append(DeclinedOffer(str(body["service"]), at))
        elif kind == "complaint":
            if body["resolved"] is None:
                open_complaint = True
            else:
                resolved = datetime.fromisoformat(body["resolved"])
                resolved_at = resolved if resolved_at is None else max(resolved_at, resolved)
        elif kind == "customer":
            tight = tight or bool(body["tight"])
            if consent is None or int(body["seq"]) > consent[0]:
                consent = (int(body["seq"]), bool(body["consent"]) and not body["erased"])
        elif kind == "membership" and body["ended"] is None:
            membership = body
    merged = replace(
        facts,
        last_accepted_offer_at=accepted,
        declined=tuple(sorted(declined, key=lambda d: d.at, reverse=True)),
        open_complaint=open_complaint,
        complaint_resolved_at=resolved_at,
        budget_sensitive=tight,
    )
    if consent is not None and not unsent_customer_change(db, customer_id):
        merged = replace(merged, marketing_consent=consent[1])
    if merged.member_plan is None and membership is not None:
        merged = replace(
            merged,
            member_plan=str(membership["plan"]),
            member_since=date.fromisoformat(membership["started"]),
            renews_on=date.fromisoformat(membership["renews"]),
            trial_plan=membership["trial_plan"],
            trial_until=date.fromisoformat(membership["trial_until"]) if membership["trial_until"] else None,
        )
    return merged
