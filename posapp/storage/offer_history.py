"""A customer's offer history as the offer engine needs it, read in one indexed query.

Read-only: nothing here writes. Times are stored as ISO-8601 UTC text, so comparing them
as text orders them in time.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from posapp.offers.choosing import smoothed_take_rate
from posapp.offers.model import CustomerFacts, DeclinedOffer, OfferRules, Policy
from posapp.storage.chain_facts import with_chain_facts
from posapp.storage.clock import from_db, to_db
from posapp.storage.db import Database
from posapp.storage.sync_outbox import FactsHorizon

#: The most recent declines the engine looks at; more within one cooldown would be absurd.
MAX_DECLINES = 50

#: One statement, each part served by an index: customers' primary key,
#: memberships_customer, offer_events_customer (twice), complaints_open, complaints_resolved,
#: outbox_customer, and one step into hub_keys_key to learn whether the chain sent facts at all
#: (a second statement for that alone cost a third of the facts load).
CUSTOMER_FACTS_SQL = f"""
SELECT
    c.name,
    c.erased_at IS NOT NULL AS erased,
    c.budget_sensitive,
    c.marketing_consent,
    (SELECT json_array(m.plan, m.started_on, m.renews_on, m.trial_plan, m.trial_until)
       FROM memberships m
      WHERE m.customer_id = c.id AND m.ended_on IS NULL
      ORDER BY m.started_on DESC, m.id DESC LIMIT 1) AS membership,
    (SELECT e.at FROM offer_events e
      WHERE e.customer_id = c.id AND e.outcome = 'accepted'
      ORDER BY e.at DESC LIMIT 1) AS last_accepted_at,
    (SELECT json_group_array(json_array(d.service, d.at)) FROM (
        SELECT e.service, e.at FROM offer_events e
         WHERE e.customer_id = c.id AND e.outcome = 'declined' AND e.at >= :since
         ORDER BY e.at DESC LIMIT {MAX_DECLINES}) d) AS declined,
    EXISTS (SELECT 1 FROM complaints k
             WHERE k.customer_id = c.id AND k.resolved_at IS NULL) AS open_complaint,
    (SELECT max(k.resolved_at) FROM complaints k
      WHERE k.customer_id = c.id AND k.resolved_at IS NOT NULL) AS complaint_resolved_at,
    (SELECT max(o.sent_at) FROM outbox o
      WHERE o.customer_id = c.id AND o.state = 'sent' AND o.kind = 'follow_up') AS last_follow_up_at,
    -- Every key is text, so `key >= ''` is every row: it makes the probe a seek, not a scan.
    EXISTS (SELECT 1 FROM hub_keys h WHERE h.key >= '') AS chain_known
FROM customers c
WHERE c.id = :customer_id
"""

#: Take rates count the last TAKE_RATE_DAYS of the site's days: this season's customers and
#: prices, and a range of the offer_events_day index rather than a scan of every year's events.
TAKE_RATE_DAYS = 90
TAKE_RATES_SQL = """
SELECT kind, service, count(*) AS shown, sum(outcome = 'accepted') AS accepted
  FROM offer_events
 WHERE local_day >= :since AND outcome IN ('shown', 'accepted', 'declined')
 GROUP BY kind, service
"""


def load_customer_facts(
    db: Database, customer_id: int, now: datetime, rules: OfferRules
) -> CustomerFacts | None:
    """What the rules need to know about one customer, or None if there is no such customer."""
    since = declines_since(now, rules)
    row = db.execute(CUSTOMER_FACTS_SQL, {"customer_id": customer_id, "since": since}).fetchone()
    if row is None:
        return None
    (
        name,
        erased,
        budget_sensitive,
        consent,
        membership,
        last_accepted_at,
        declined,
        open_complaint,
        complaint_resolved_at,
        last_follow_up_at,
        chain_known,
    ) = row
    plan, started_on, renews_on, trial_plan, trial_until = (
        json.loads(membership) if membership else (None, None, None, None, None)
    )
    facts = CustomerFacts(
        id=customer_id,
        # An erased customer keeps their history but is no longer greeted by name.
        first_name="" if erased else _first_name(name),
        member_plan=plan,
        member_since=_day(started_on),
        renews_on=_day(renews_on),
        trial_plan=str(trial_plan) if trial_plan else None,
        trial_until=_day(trial_until),
        last_accepted_offer_at=_moment(last_accepted_at),
        declined=_declines(declined),
        open_complaint=bool(open_complaint),
        complaint_resolved_at=_moment(complaint_resolved_at),
        budget_sensitive=bool(budget_sensitive),
        marketing_consent=bool(consent) and not erased,
        last_follow_up_at=_moment(last_follow_up_at),
    )
    if erased or not chain_known:
        return facts
    # Other tills' and sites' facts, as the last sync brought them (posapp.storage.chain_facts).
    return with_chain_facts(db, facts, customer_id, from_db(since))


def declines_since(now: datetime, rules: OfferRules) -> str:
    """The oldest decline the rules can still see, as stored text: the facts query's `since`.

    Declines matter for the longer of the two pauses (a declined service, any offer at all).
    The pauses are measured in elapsed time (`now - at`), so the bound is too: counted back from
    UTC, not on the local clock, which a spring-forward night would move an hour too late.
    """
    if now.tzinfo is None:
        raise ValueError("the facts are read at a timezone-aware `now`")
    days = max(rules.cooldown_days, rules.decline_pause_days)
    return to_db(now.astimezone(UTC) - timedelta(days))


#: A complaint resolved this long ago is past its hold in every time zone (the hold ends with the
#: site's day the complaint was resolved, and no zone is more than a day off UTC).
COMPLAINT_HOLD_DAYS = 2


def facts_horizon(rules: OfferRules, now: datetime) -> FactsHorizon:
    """What of the chain's pulled facts the rules, as set now, can still read (declines_since's bound)."""
    return FactsHorizon(
        answers_before=from_db(declines_since(now, rules)),
        resolved_before=now.astimezone(UTC) - timedelta(days=COMPLAINT_HOLD_DAYS),
    )


def load_take_rates(db: Database, today: date) -> dict[tuple[str, str], float]:
    """Smoothed take rate per (kind, service) over the last TAKE_RATE_DAYS up to the site's `today`.

    Every offer shown counts, answered or not. Ready for `OfferRules.take_rates` (best value).
    """
    since = (today - timedelta(days=TAKE_RATE_DAYS - 1)).isoformat()
    return {
        (str(kind), str(service)): smoothed_take_rate(int(accepted), int(shown))
        for kind, service, shown, accepted in db.execute(TAKE_RATES_SQL, {"since": since}).fetchall()
    }


def rules_with_take_rates(db: Database, rules: OfferRules, today: date) -> OfferRules:
    """The rules as decide() needs them: under the best-value policy, with this season's take rates."""
    if rules.policy is not Policy.BEST_VALUE:
        return rules
    return replace(rules, take_rates=load_take_rates(db, today))


def _first_name(name: Any) -> str:
    parts = str(name or "").split()
    return parts[0] if parts else ""


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _moment(text: Any) -> datetime | None:
    if not text:
        return None
    try:
        at = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    # Everything is written as UTC; a bare time from an old import is read as UTC too.
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _declines(text: Any) -> tuple[DeclinedOffer, ...]:
    if not text or text == "[]":  # most customers declined nothing lately: no JSON to parse
        return ()
    declines = []
    for service, at_text in json.loads(text) if text else []:
        at = _moment(at_text)
        if at is not None:
            declines.append(DeclinedOffer(str(service), at))
    return tuple(declines)
