"""The policy that picks one offer when several are allowed: a fixed order or the best value."""

from __future__ import annotations

from collections.abc import Sequence

from posapp.offers.candidates import Candidate
from posapp.offers.model import OfferRules, Policy


def smoothed_take_rate(accepted: int, shown: int) -> float:
    """Accepted / shown, pulled towards one half so a single lucky offer does not dominate."""
    return (accepted + 1) / (shown + 2)


#: The take rate assumed for an offer never shown before: no evidence either way.
UNKNOWN_TAKE_RATE = smoothed_take_rate(0, 0)


def expected_value_cents(candidate: Candidate, rules: OfferRules) -> float:
    """What the offer is worth on average: its take rate times the extra money it brings."""
    rate = rules.take_rates.get((candidate.kind.value, candidate.service), UNKNOWN_TAKE_RATE)
    return rate * candidate.price_delta_cents


def choose(allowed: Sequence[Candidate], rules: OfferRules) -> Candidate | None:
    """The one offer to show, or None; ties under best value fall back to the fixed order."""
    if not allowed:
        return None
    # By position, not allowed.index(): that compared candidates field by field, n² times a decision.
    ranked = [
        candidate
        for _, candidate in sorted(enumerate(allowed), key=lambda item: _fixed_rank(item[0], item[1], rules))
    ]
    if rules.policy is Policy.BEST_VALUE:
        # sorted() is stable, so equal values keep the fixed order: the choice stays deterministic.
        ranked.sort(key=lambda candidate: -expected_value_cents(candidate, rules))
    return ranked[0]


def _fixed_rank(position: int, candidate: Candidate, rules: OfferRules) -> tuple[int, int]:
    order = rules.fixed_order
    kind_rank = order.index(candidate.kind) if candidate.kind in order else len(order)
    return kind_rank, position
