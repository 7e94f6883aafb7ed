"""The car wash counter: checkout, add-on offers, receipts and the manager's report."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

DISTRIBUTION = "carwash_counter"


@functools.cache
def version() -> str:
    """The installed version, read from the package metadata when first asked for.

    Read lazily: importing importlib.metadata and looking the version up costs 25–100 ms,
    which every start of the counter would otherwise pay. Its METADATA file is read directly
    first (one directory listing per import path), which `posapp --version` feels.
    """
    found = _version_from_metadata_file()
    if found:
        return found
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("carwash-counter")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+unknown"


def _version_from_metadata_file() -> str | None:
    """The Version line of the installed distribution's METADATA, or None when it is not found."""
    prefix = f"{DISTRIBUTION}-"
    for folder in sys.path:
        try:
            names = [entry.name for entry in os.scandir(folder or ".") if entry.name.startswith(prefix)]
        except OSError:
            continue
        for name in names:
            if not name.endswith(".dist-info"):
                continue
            try:
                with (Path(folder) / name / "METADATA").open(encoding="utf-8") as metadata:
                    for line in metadata:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():
                            break  # the headers end at the first blank line
            except OSError:
                continue
    return None


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'posapp' has no attribute {name!r}")
