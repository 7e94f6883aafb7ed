"""The offer engine: from the situation at the counter to at most one offer, every other explained.

Pure and deterministic: the caller passes the catalog, the rules, the scripts, the price
formatter and the time; nothing here reads a clock, a file or a database.
"""

from __future__ import annotations

from datetime import datetime

from posapp.domain.catalog import Catalog, Service, ServiceKind
from posapp.domain.offer import Reason
from posapp.offers.candidates import Candidate, candidates_for
from posapp.offers.choosing import choose
from posapp.offers.experiments import Assigned, Assignment
from posapp.offers.model import Decision, HeldBack, Note, Offer, OfferRules, Policy, Situation
from posapp.offers.rules import reasons_with, situation_reasons
from posapp.offers.scripts import PriceFormatter, Scripts, ScriptValues, fill_script, plain_price


def decide(
    situation: Situation,
    catalog: Catalog,
    rules: OfferRules,
    now: datetime,
    *,
    scripts: Scripts | None = None,
    format_price: PriceFormatter = plain_price,
    assignment: Assignment | None = None,
) -> Decision:
    """At most one offer for this moment, plus every held-back candidate with all its reasons.

    `now` must carry the site's time zone: its calendar day decides tenure and renewals.
    `assignment` is the customer's arm in each script test: it applies only to the offer the
    don't-rules and the policy chose, so a hold-out never "wins" by holding back the ineligible.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("decide() needs a timezone-aware `now` (the site's local time)")
    candidates = candidates_for(situation, catalog, rules, now.date())
    general = situation_reasons(situation, rules, now)  # the same for every candidate: found once
    judged = [
        (candidate, reasons_with(general, candidate, situation, rules, now)) for candidate in candidates
    ]
    chosen = choose([candidate for candidate, notes in judged if not notes], rules)
    outranked = _not_chosen(chosen, rules)  # the same words for every allowed candidate not chosen
    held_back = tuple(
        HeldBack(candidate.kind, candidate.service, notes or outranked)
        for candidate, notes in judged
        if candidate is not chosen
    )
    if chosen is None:
        return Decision(None, held_back)
    arm = _arm(assignment, situation, chosen)
    if arm is not None and arm.is_holdout:
        return Decision(None, (*held_back, _held_out(chosen, arm)))
    template = (scripts or Scripts()).template_for(situation.moment, chosen.kind, chosen.service)
    if arm is not None and arm.script:
        template = arm.script
    script = fill_script(template, _script_values(chosen, situation, catalog, rules, format_price))
    offer = Offer(
        kind=chosen.kind,
        service=chosen.service,
        name=chosen.name,
        price_delta_cents=chosen.price_delta_cents,
        script=script,
        trial_days=chosen.trial_days,
        experiment_id=arm.experiment_id if arm is not None else None,
        arm=arm.arm if arm is not None else "",
    )
    return Decision(offer, held_back)


def _arm(assignment: Assignment | None, situation: Situation, chosen: Candidate) -> Assigned | None:
    if not assignment:
        return None
    return assignment.get((situation.moment.decided_as.value, chosen.kind.value, chosen.service))


def _held_out(chosen: Candidate, arm: Assigned) -> HeldBack:
    """The chosen offer, not made: the customer is in the test's hold-out group."""
    return HeldBack(
        chosen.kind,
        chosen.service,
        ((Reason.HOLDOUT, "this customer is in a script test's hold-out group"),),
        experiment_id=arm.experiment_id,
        arm=arm.arm,
    )


def _not_chosen(chosen: Candidate | None, rules: OfferRules) -> tuple[Note, ...]:
    # Only reached for an allowed candidate, so another allowed one was chosen over it.
    name = chosen.name if chosen is not None else "another offer"
    why = "it is the better value" if rules.policy is Policy.BEST_VALUE else "one offer at a time"
    return ((Reason.NOT_CHOSEN, f"{name} was offered instead: {why}"),)


def _script_values(
    chosen: Candidate,
    situation: Situation,
    catalog: Catalog,
    rules: OfferRules,
    format_price: PriceFormatter,
) -> ScriptValues:
    customer = situation.customer
    return ScriptValues(
        first_name=customer.first_name if customer is not None else "",
        wash=_name_of(_first_wash(situation.cart, catalog)),
        addon=chosen.name,
        plan=_name_of(_service(customer.member_plan if customer else None, catalog)),
        price=format_price(chosen.price_delta_cents),
        trial_days=chosen.trial_days or rules.trial_days,
    )


def _service(code: str | None, catalog: Catalog) -> Service | None:
    # One walk through the menu: `code in catalog` and then `catalog.get` walked it twice.
    if code:
        for service in catalog.services:
            if service.code == code:
                return service
    return None


def _first_wash(cart: tuple[str, ...], catalog: Catalog) -> Service | None:
    for code in cart:
        service = _service(code, catalog)
        if service is not None and service.kind is ServiceKind.WASH:
            return service
    return None


def _name_of(service: Service | None) -> str:
    return service.name if service is not None else ""
