"""The script tests' statistics against published and hand-worked values."""

from __future__ import annotations

import math

import pytest

from posapp.reports.stats import Interval, bootstrap_difference, newcombe_difference, per_ticket, wilson

#: Newcombe (1998), "Interval estimation for the difference between independent proportions:
#: comparison of eleven methods", Statistics in Medicine 17, 873-890, Table II, method 10
#: (hybrid score, no continuity correction): (x1, n1, x2, n2) -> (lower, upper).
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("counts", "published"), NEWCOMBE_TABLE_II)
def test_the_difference_of_take_rates_matches_newcombe_table_ii(
    counts: tuple[int, int, int, int], published: tuple[float, float]
) -> None:
    x1, n1, x2, n2 = counts
    interval = newcombe_difference(x1, n1, x2, n2)
    assert interval.estimate == pytest.approx(x1 / n1 - x2 / n2)
    assert (round(interval.low, 4), round(interval.high, 4)) == published


#: Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
#: Medicine 17, 857-872, Table I, method 3 (Wilson score, no continuity correction).
@pytest.mark.parametrize(
    ("x", "n", "published"),
    [
        (81, 263, (0.2553, 0.3662)),
        (15, 148, (0.0624, 0.1605)),
        (0, 20, (0.0, 0.1611)),
        (1, 29, (0.0061, 0.1718)),
    ],
)
def test_one_take_rate_s_interval_matches_wilson(x: int, n: int, published: tuple[float, float]) -> None:
    low, high = wilson(x, n)
    assert (round(low, 4), round(high, 4)) == published


def test_wilson_worked_by_hand() -> None:
    # 1 of 4, z = 1.96: centre (0.25 + 0.4802) / 1.9604, half 1.96 * sqrt(0.046875 + 0.0600) / 1.9604.
    low, high = wilson(1, 4, z=1.96)
    centre = (0.25 + 1.96**2 / 8) / (1 + 1.96**2 / 4)
    half = 1.96 * math.sqrt(0.25 * 0.75 / 4 + 1.96**2 / 64) / (1 + 1.96**2 / 4)
    assert (low, high) == pytest.approx((centre - half, centre + half))
    assert (round(low, 4), round(high, 4)) == (0.0456, 0.6994)


def test_money_per_ticket_counts_tickets_not_customers() -> None:
    # A regular with 3 tickets and $24 of add-ons, and a walk-in with one $0 ticket: $6 a ticket.
    assert per_ticket([(2400, 3), (0, 1)]) == 600


def test_the_bootstrap_is_repeatable_and_exact_when_nothing_varies() -> None:
    offered = [(800, 1)] * 30 + [(0, 1)] * 70
    held = [(0, 1)] * 100
    first = bootstrap_difference(offered, held)
    assert first == bootstrap_difference(offered, held)  # a fixed seed: the same data, the same interval
    assert first.estimate == pytest.approx(240)
    assert first.low < 240 < first.high and first.excludes_zero
    constant = bootstrap_difference([(500, 1)] * 20, [(200, 1)] * 20)
    assert constant == Interval(300, 300, 300)


def test_the_bootstrap_resamples_customers_so_regulars_widen_the_interval() -> None:
    # The same 200 tickets: one-ticket customers, or 20 regulars of 10 tickets whose habits differ.
    spread = [(800, 1)] * 60 + [(0, 1)] * 140
    regulars = [(8000, 10)] * 6 + [(0, 10)] * 14
    base = [(0, 1)] * 200
    by_ticket = bootstrap_difference(spread, base)
    by_customer = bootstrap_difference(regulars, base)
    assert by_ticket.estimate == pytest.approx(by_customer.estimate) == pytest.approx(240)
    assert by_customer.high - by_customer.low > 2 * (by_ticket.high - by_ticket.low)
