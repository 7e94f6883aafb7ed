"""The car wash counter: checkout, add-on offers, receipts and the manager's report."""

from __future__ import annotations

import functools


@functools.cache
def version() -> str:
    """The installed version, read from the package metadata when first asked for.

    Read lazily: importing importlib.metadata and looking the version up costs 25–60 ms,
    which every start of the counter would otherwise pay.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("carwash-counter")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'posapp' has no attribute {name!r}")
