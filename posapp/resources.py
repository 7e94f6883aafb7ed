"""Finds the files shipped in `resources/`, from a source checkout or a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding the default catalog, settings, scripts, theme and icons."""
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller inside a frozen build
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(name: str) -> Path:
    return resources_dir() / name
