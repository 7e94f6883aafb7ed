"""Turns a storage failure into one sentence for the cashier: what happened and that the ticket is safe."""

from __future__ import annotations

import sqlite3

from posapp.domain.errors import UserError

_KEPT = "the ticket is still on screen; try again"


def explain_storage_error(error: Exception) -> str:
    """One sentence for the screen; never a traceback, never a lost ticket."""
    if isinstance(error, UserError):
        return error.message
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"The database is busy in another program; {_KEPT} in a moment."
    if "readonly" in text or "read-only" in text:
        return (
            f"The database cannot be written (the file or its folder is read-only); {_KEPT} once it is fixed."
        )
    if "full" in text:
        return f"The disk is full, so the sale could not be saved; {_KEPT} once space is freed."
    if "disk i/o" in text or "malformed" in text or "not a database" in text:
        return f"The database file has a problem ({error}); {_KEPT}, and call the manager."
    if isinstance(error, sqlite3.Error):
        return f"The sale could not be saved ({error}); {_KEPT}."
    return f"Something went wrong ({error}); {_KEPT}."
