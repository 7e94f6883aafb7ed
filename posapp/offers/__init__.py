"""The offer engine: from the situation at the counter to at most one offer, explained."""
