"""The offer engine: from the situation at the counter to at most one offer, explained.

Its names are imported from their modules when first asked for: the settings need only
posapp.offers.tuning, and a start must not pay for the engine before the first wash is tapped.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from posapp.offers.engine import decide
    from posapp.offers.explain import not_offered
    from posapp.offers.scripts import Scripts, check_script, money_formatter

__all__ = ["Scripts", "check_script", "decide", "money_formatter", "not_offered"]

_HOME = {
    "Scripts": "posapp.offers.scripts",
    "check_script": "posapp.offers.scripts",
    "decide": "posapp.offers.engine",
    "money_formatter": "posapp.offers.scripts",
    "not_offered": "posapp.offers.explain",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
