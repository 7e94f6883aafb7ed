"""Developer tools run from a checkout (`make forms`); not part of the shipped posapp package."""
