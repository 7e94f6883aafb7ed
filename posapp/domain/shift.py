"""A cashier's shift at one terminal and what its X and Z slips say: plain data and one formula."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Shift:
    """One shift at one till, open (closed_at None) or closed by a Z; `terminal` is the till's name on it."""

    id: int
    terminal: str
    opened_at: datetime
    opened_by: int
    opened_by_name: str
    float_cents: int
    closed_at: datetime | None = None
    closed_by_name: str = ""
    counted_cents: int | None = None
    expected_cents: int | None = None
    approved_by_name: str = ""
    #: The till the shift belongs to (None only for a shift from before m016 that no till had the name of).
    till_id: str | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class CashMovement:
    kind: str  # "pay_in" or "pay_out"
    amount_cents: int
    reason: str
    cashier_name: str
    approved_by_name: str
    at: datetime


@dataclass(frozen=True)
class CashFigures:
    """The drawer's money in a shift; the expected cash is the one formula the X and the Z share."""

    float_cents: int
    cash_sales_cents: int
    cash_refunds_cents: int
    cash_voids_cents: int
    pay_ins_cents: int
    pay_outs_cents: int

    @property
    def expected_cents(self) -> int:
        """Float + cash sales − cash refunds − voided cash sales + pay-ins − pay-outs."""
        return (
            self.float_cents
            + self.cash_sales_cents
            - self.cash_refunds_cents
            - self.cash_voids_cents
            + self.pay_ins_cents
            - self.pay_outs_cents
        )


@dataclass(frozen=True)
class Coaching:
    """One cashier's selling for the shift, next to the site's take rate over the last 30 days."""

    name: str
    opportunities: int
    shown: int
    taken: int
    held_back: tuple[tuple[str, int], ...]
    site_take_rate: float

    @property
    def take_rate(self) -> float:
        return self.taken / self.shown if self.shown else 0.0


@dataclass(frozen=True)
class ShiftReport:
    """What an X or a Z slip says: the shift, its cash, its movements and each cashier's selling."""

    shift: Shift
    kind: str  # "x" or "z"
    as_of: datetime
    cash: CashFigures
    card_sales_cents: int
    tickets: int
    cash_tickets: int
    movements: tuple[CashMovement, ...]
    coaching: tuple[Coaching, ...]

    @property
    def counted_cents(self) -> int | None:
        return self.shift.counted_cents if self.kind == "z" else None

    @property
    def variance_cents(self) -> int | None:
        """Counted − expected: positive is over, negative is short (a Z only)."""
        counted = self.counted_cents
        return None if counted is None else counted - self.cash.expected_cents
