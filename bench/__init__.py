"""Benchmarks of the counter, each a ratio to the physical floor measured in the same run."""
