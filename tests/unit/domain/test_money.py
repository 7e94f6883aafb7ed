"""Tax and totals: half-up to the cent, inclusive and exclusive, never negative."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.errors import UserError
from posapp.domain.money import TaxPolicy, format_money, half_up, parse_price, totals_for

rates = st.decimals(min_value=0, max_value=Decimal("30"), places=3)
amounts = st.lists(st.integers(min_value=0, max_value=500_00), max_size=12)


@pytest.mark.parametrize(
    ("lines", "rate", "inclusive", "expected"),
    [
        ([1500], "8.25", False, (1500, 124, 1624)),  # 123.75 rounds up
        ([1000], "5", False, (1000, 50, 1050)),
        ([10], "25", False, (10, 3, 13)),  # 2.5 → 3, not banker's 2
        ([30], "25", False, (30, 8, 38)),  # 7.5 → 8
        ([1082], "8.25", True, (1000, 82, 1082)),
        ([0], "8.25", False, (0, 0, 0)),
        ([1500, 800], "0", False, (2300, 0, 2300)),
    ],
)
def test_known_totals(lines: list[int], rate: str, inclusive: bool, expected: tuple[int, int, int]) -> None:
    totals = totals_for(lines, TaxPolicy(Decimal(rate), inclusive))
    assert (totals.subtotal_cents, totals.tax_cents, totals.total_cents) == expected


@given(amounts, rates)
def test_exclusive_tax_is_half_up_of_the_exact_amount(lines: list[int], rate: Decimal) -> None:
    totals = totals_for(lines, TaxPolicy(rate, False))
    exact = Decimal(sum(lines)) * rate / 100
    assert abs(Decimal(totals.tax_cents) - exact) <= Decimal("0.5")
    assert totals.total_cents == totals.subtotal_cents + totals.tax_cents == sum(lines) + totals.tax_cents
    assert min(totals.subtotal_cents, totals.tax_cents, totals.total_cents) >= 0


@given(amounts, rates)
def test_inclusive_tax_never_changes_what_the_customer_pays(lines: list[int], rate: Decimal) -> None:
    totals = totals_for(lines, TaxPolicy(rate, True))
    assert totals.total_cents == sum(lines)
    assert totals.subtotal_cents + totals.tax_cents == totals.total_cents
    assert 0 <= totals.tax_cents <= totals.total_cents


def test_a_negative_line_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        totals_for([1000, -1], TaxPolicy(Decimal("8"), False))


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["0.5", "1.5", "2.5", "-0.5"]))
def test_half_up_rounds_halves_away_from_zero(whole: int, half: str) -> None:
    value = Decimal(whole) + Decimal(half)
    assert half_up(value) == int(value + (Decimal("0.5") if value >= 0 else Decimal("-0.5")))


@pytest.mark.parametrize(
    ("text", "cents"), [("12.50", 1250), ("12", 1200), (" 0.99 ", 99), ("1,250.00", 125000)]
)
def test_prices_are_read_as_cents(text: str, cents: int) -> None:
    assert parse_price(text, "Price") == cents


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-1", "negative"),
        ("abc", "not a price"),
        ("NaN", "not a price"),
        ("1e30", "far larger"),
        ("1.234", "two decimals"),
        ("Infinity", "not a price"),
    ],
)
def test_bad_prices_say_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(UserError, match=words):
        parse_price(text, "Car Waxing price")


def test_money_is_formatted_in_the_configured_locale_not_the_hosts() -> None:
    assert format_money(123456, "USD", "en_US") == "$1,234.56"
    assert format_money(123456, "EUR", "de_DE").replace("\xa0", " ") == "1.234,56 €"


@pytest.mark.parametrize(
    ("text", "locale", "cents"),
    [("12,50", "de_DE", 1250), ("1.250,00", "de_DE", 125000), ("12.50", "en_US", 1250)],
)
def test_a_price_is_read_the_way_the_sites_locale_writes_it(text: str, locale: str, cents: int) -> None:
    assert parse_price(text, "Price", locale) == cents


def test_a_comma_decimal_in_an_english_locale_is_refused_not_misread() -> None:
    # "12,50" must never become $1,250.00.
    with pytest.raises(UserError, match=r"write it like 12\.50"):
        parse_price("12,50", "Car Waxing price", "en_US")
