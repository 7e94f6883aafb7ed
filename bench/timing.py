"""Shared measuring helpers: warm up, repeat, report the median and spread, judge against the target."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import TypedDict


class Row(TypedDict):
    """One line of the table: a figure, the floor measured in the same run, and the target."""

    figure: str
    #: "ms" or "MB": the unit of median, spread and floor_value.
    unit: str
    median: float
    #: Interquartile range of the samples; None when the figure is a single reading.
    spread: float | None
    #: How many samples the median is taken over.
    samples: int
    floor: str
    floor_value: float | None
    ratio: float | None
    target: str
    #: The target as numbers: the most the median may be, and the most it may be over its floor.
    limit: float | None
    max_ratio: float | None
    #: "meets", "MISSES" or "—" (nothing to judge).
    verdict: str


def summary(samples: Sequence[float]) -> tuple[float, float]:
    """Median and interquartile spread of the samples."""
    if len(samples) < 4:
        return statistics.median(samples), max(samples) - min(samples)
    quartiles = statistics.quantiles(samples, n=4)
    return statistics.median(samples), quartiles[2] - quartiles[0]


def samples_ms(action: Callable[[], object], *, repeat: int, warmup: int = 3) -> list[float]:
    """`repeat` timings of `action` in milliseconds, after `warmup` untimed runs."""
    for _ in range(warmup):
        action()
    clock = time.perf_counter
    samples = []
    for _ in range(repeat):
        start = clock()
        action()
        samples.append((clock() - start) * 1000)
    return samples


def measure(action: Callable[[], object], *, repeat: int, warmup: int = 3) -> tuple[float, float]:
    """Median and interquartile spread of `action` in milliseconds."""
    return summary(samples_ms(action, repeat=repeat, warmup=warmup))


def measure_pair(
    subject: Callable[[], object],
    floor: Callable[[], object],
    *,
    repeat: int,
    warmup: int = 3,
    rounds: int = 5,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(median, spread) of the subject and of its floor, measured in alternating rounds.

    Alternating spreads any drift of the machine (another process, the disk's cache, the CPU's
    clock) over both, so their ratio compares like with like.
    """
    for _ in range(warmup):
        subject()
        floor()
    per_round = max(1, repeat // rounds)
    subject_samples: list[float] = []
    floor_samples: list[float] = []
    for _ in range(rounds):
        floor_samples += samples_ms(floor, repeat=per_round, warmup=0)
        subject_samples += samples_ms(subject, repeat=per_round, warmup=0)
    return summary(subject_samples), summary(floor_samples)


def row(
    figure: str,
    median: float,
    spread: float | None,
    floor: str,
    floor_value: float | None,
    target: str,
    *,
    samples: int,
    unit: str = "ms",
    limit: float | None = None,
    max_ratio: float | None = None,
) -> Row:
    ratio = median / floor_value if floor_value else None
    checks = []
    if limit is not None:
        checks.append(median <= limit)
    if max_ratio is not None and ratio is not None:
        checks.append(ratio <= max_ratio)
    verdict = "—" if not checks else ("meets" if all(checks) else "MISSES")
    return Row(
        figure=figure,
        unit=unit,
        median=median,
        spread=spread,
        samples=samples,
        floor=floor,
        floor_value=floor_value,
        ratio=ratio,
        target=target,
        limit=limit,
        max_ratio=max_ratio,
        verdict=verdict,
    )


def amount(value: float | None, unit: str) -> str:
    """A figure as the table shows it: 3 significant-ish decimals for sub-millisecond times."""
    if value is None:
        return "—"
    if unit == "ms" and value < 1:
        return f"{value:.3f} ms"
    if unit == "ms" and value >= 100:
        return f"{value:.0f} ms"
    return f"{value:.1f} {unit}" if unit == "MB" else f"{value:.2f} {unit}"


def describe(result: Row) -> str:
    """One row as a line of text (for running a module alone)."""
    ratio = f"{result['ratio']:.2f}×" if result["ratio"] is not None else "—"
    unit = result["unit"]
    return (
        f"{result['figure']}: median {amount(result['median'], unit)}"
        f" (IQR {amount(result['spread'], unit)}, n={result['samples']});"
        f" floor {amount(result['floor_value'], unit)}; ratio {ratio};"
        f" target {result['target']}: {result['verdict']}"
    )
