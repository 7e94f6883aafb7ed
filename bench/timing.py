"""Shared measuring helpers: warm up, repeat, report the median and spread in milliseconds."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypedDict


class Row(TypedDict):
    figure: str
    median_ms: float
    spread_ms: float
    floor: str
    floor_ms: float | None
    ratio: float | None
    target: str


def measure(action: Callable[[], object], *, repeat: int, warmup: int = 3) -> tuple[float, float]:
    """Median and interquartile spread of `action` in milliseconds."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    quartiles = statistics.quantiles(samples, n=4) if len(samples) >= 4 else [samples[0], 0, samples[-1]]
    return statistics.median(samples), quartiles[2] - quartiles[0]


def row(
    figure: str, median_ms: float, spread_ms: float, floor: str, floor_ms: float | None, target: str
) -> Row:
    ratio = median_ms / floor_ms if floor_ms else None
    return Row(
        figure=figure,
        median_ms=median_ms,
        spread_ms=spread_ms,
        floor=floor,
        floor_ms=floor_ms,
        ratio=ratio,
        target=target,
    )
