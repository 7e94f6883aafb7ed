"""The statistics of a script test: score intervals for take rates, a cluster bootstrap for money.

- A take rate's interval is Wilson's score interval; the difference of two take rates uses
  Newcombe's hybrid score interval (Newcombe 1998, method 10), which keeps its coverage with
  small counts and rates near 0 or 1, where the textbook Wald interval fails.
- Add-on revenue per ticket is skewed and mostly zeros (most tickets buy no add-on, a few buy
  $12 of them), so no normal-theory interval is trusted for it. Its difference uses a percentile
  bootstrap with a fixed seed (the same data always gives the same interval) that resamples
  *customers*, not tickets: a regular's tickets share the same arm and the same habits, so
  resampling them one by one would make the interval too narrow. A walk-in is a customer of one ticket.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

#: The normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054
#: Resamples of the bootstrap: enough that the 2.5% and 97.5% points are stable to about a cent.
RESAMPLES = 2000
SEED = 20_261_127


@dataclass(frozen=True)
class Interval:
    """An estimate and its 95% interval."""

    estimate: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for one proportion; (0, 1) when nothing was tried."""
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_difference(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> Interval:
    """p1 - p2 with Newcombe's hybrid score interval (method 10, no continuity correction)."""
    p1 = x1 / n1 if n1 else 0.0
    p2 = x2 / n2 if n2 else 0.0
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Interval(difference, max(-1.0, low), min(1.0, high))


#: One customer's tickets in an arm: (money summed over their tickets, number of tickets).
Cluster = tuple[int, int]


def per_ticket(clusters: Sequence[Cluster]) -> float:
    tickets = sum(count for _, count in clusters)
    return sum(money for money, _ in clusters) / tickets if tickets else 0.0


def bootstrap_difference(
    first: Sequence[Cluster], second: Sequence[Cluster], *, resamples: int = RESAMPLES, seed: int = SEED
) -> Interval:
    """Money per ticket of `first` minus `second`, with a percentile interval from resampled customers."""
    estimate = per_ticket(first) - per_ticket(second)
    if not first or not second:
        return Interval(estimate, -math.inf, math.inf)
    rng = random.Random(seed)
    differences = sorted(_resampled(first, rng) - _resampled(second, rng) for _ in range(resamples))
    return Interval(estimate, _quantile(differences, 0.025), _quantile(differences, 0.975))


def _resampled(clusters: Sequence[Cluster], rng: random.Random) -> float:
    picks = rng.choices(clusters, k=len(clusters))
    money = sum(money for money, _ in picks)
    tickets = sum(count for _, count in picks)
    return money / tickets if tickets else 0.0


def _quantile(ordered: Sequence[float], fraction: float) -> float:
    """The sample quantile by linear interpolation between order statistics (type 7, as R and numpy)."""
    position = (len(ordered) - 1) * fraction
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)
