"""The offer engine: from the situation at the counter to at most one offer, explained."""

from posapp.offers.engine import decide
from posapp.offers.explain import not_offered
from posapp.offers.scripts import Scripts, check_script, money_formatter

__all__ = ["Scripts", "check_script", "decide", "money_formatter", "not_offered"]
