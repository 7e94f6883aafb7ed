"""The offer rules a manager tunes in settings.toml: the pauses, the trial, and how to choose.

Read by the settings at every start, apart from the engine's model (posapp.offers.model, which
names them too): the sign-in page needs the rules checked, not the engine's dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from posapp.domain.errors import UserError
from posapp.domain.offer import OfferKind


class Policy(StrEnum):
    """How to choose when a cross-sell and an upsell both qualify."""

    FIXED = "fixed"
    BEST_VALUE = "best_value"


@dataclass(frozen=True)
class OfferRules:
    """The rule parameters a manager may tune in the settings file."""

    #: No offer at all for this many days after the customer accepted one (and no repeat of a
    #: declined offer for as long).
    cooldown_days: int = 30
    #: No offer at all for this many days after the customer declined one, whatever it was.
    decline_pause_days: int = 7
    min_tenure_months: int = 6
    trial_days: int = 30
    renewal_window_days: int = 14
    overwhelmed_after_changes: int = 3
    #: A follow-up e-mail is planned this many days after a sale.
    follow_up_days: int = 3
    policy: Policy = Policy.FIXED
    #: Under the fixed policy, which kind wins when both qualify.
    fixed_order: tuple[OfferKind, ...] = (OfferKind.CROSS_SELL, OfferKind.UPSELL)
    #: Historical take rates by (kind, service), for the best-value policy.
    take_rates: dict[tuple[str, str], float] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        checks = {
            "cooldown_days": (self.cooldown_days, 0, 3650),
            "decline_pause_days": (self.decline_pause_days, 0, 3650),
            "min_tenure_months": (self.min_tenure_months, 0, 120),
            "trial_days": (self.trial_days, 1, 365),
            "renewal_window_days": (self.renewal_window_days, 0, 365),
            "overwhelmed_after_changes": (self.overwhelmed_after_changes, 1, 100),
            "follow_up_days": (self.follow_up_days, 0, 365),
        }
        for name, (value, low, high) in checks.items():
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise UserError(f"The offer rule {name} must be a whole number from {low} to {high}.")
