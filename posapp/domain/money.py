"""Money at the counter: integer cents, half-up tax, and amounts printed in the site's locale."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from posapp.domain.errors import UserError

#: The most a single price may be: well above any wash or membership, far below overflow.
MAX_PRICE_CENTS = 1_000_000_00


@dataclass(frozen=True)
class TaxPolicy:
    """How tax applies: a percentage and whether shelf prices already include it."""

    rate_percent: Decimal
    prices_include_tax: bool

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.rate_percent < Decimal(100):
            raise UserError(f"The tax rate must be between 0 and 100 percent, not {self.rate_percent}.")


@dataclass(frozen=True)
class Totals:
    """What a ticket comes to: the amount before tax, the tax and what the customer pays."""

    subtotal_cents: int
    tax_cents: int
    total_cents: int


def half_up(value: Decimal) -> int:
    """Round to whole cents the way a till does (2.5 → 3), not Python's banker's rounding."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def totals_for(line_amounts_cents: Iterable[int], tax: TaxPolicy) -> Totals:
    """Add up a ticket's lines and apply tax once, on the whole ticket, half-up."""
    amounts = list(line_amounts_cents)
    if any(amount < 0 for amount in amounts):
        raise ValueError("a ticket line cannot be negative")
    gross = sum(amounts)
    if tax.prices_include_tax:
        net = half_up(Decimal(gross) * 100 / (100 + tax.rate_percent))
        return Totals(subtotal_cents=net, tax_cents=gross - net, total_cents=gross)
    tax_cents = half_up(Decimal(gross) * tax.rate_percent / 100)
    return Totals(subtotal_cents=gross, tax_cents=tax_cents, total_cents=gross + tax_cents)


def parse_price(text: str, where: str, locale: str = "en_US") -> int:
    """Read a price a person typed as cents, the way their locale writes it ("12.50", or "12,50"
    in German), or say clearly why it is not one.
    """
    from babel.numbers import NumberFormatError, format_decimal, parse_decimal

    example = format_decimal(Decimal("12.50"), format="0.00", locale=locale)
    try:
        amount = parse_decimal(str(text).strip(), locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        raise UserError(f"{where}: {text!r} is not a price; write it like {example}.") from None
    if not amount.is_finite():
        raise UserError(f"{where}: {text!r} is not a price; write it like {example}.")
    if amount < 0:
        raise UserError(f"{where}: a price cannot be negative ({text}).")
    # Size first: quantizing an absurdly large number would itself fail.
    if amount * 100 > MAX_PRICE_CENTS:
        raise UserError(f"{where}: {text} is far larger than any price at a car wash.")
    if amount != amount.quantize(Decimal("0.01")):
        raise UserError(f"{where}: a price has at most two decimals ({text}).")
    return int(amount * 100)


def format_money(cents: int, currency: str, locale: str) -> str:
    """Show cents as the configured currency in the configured locale, never the host's."""
    # Imported when money is first shown: the sign-in page shows none (babel's import is ~6 ms).
    from babel.numbers import format_currency

    return str(format_currency(Decimal(cents).scaleb(-2), currency, locale=locale))
