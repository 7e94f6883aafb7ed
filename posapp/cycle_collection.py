"""When Python's cycle collector is due, by its own thresholds: for code that runs the collector itself.

The counter turns automatic collection off and collects on the GUI thread
(posapp.gui.gui_thread_gc); the test suite collects between tests. Both ask this module
whether a collection is due and of which generation, as CPython would have decided.
"""

from __future__ import annotations

import gc


def collect_if_due(thresholds: tuple[int, int, int] | None = None) -> int | None:
    """Collect the oldest generation whose count passed its threshold; the generation, or None.

    `thresholds` defaults to the interpreter's own (gc.get_threshold()).
    """
    if thresholds is None:
        threshold0, threshold1, threshold2 = gc.get_threshold()
        thresholds = (threshold0, threshold1, threshold2)
    counts = gc.get_count()
    if counts[0] <= thresholds[0]:
        return None
    generation = 0
    if counts[1] > thresholds[1]:
        generation = 2 if counts[2] > thresholds[2] else 1
    gc.collect(generation)
    return generation
