"""Turns a storage failure into one sentence for the person at the counter: what failed, why, what is safe."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from posapp.domain.errors import UserError

TICKET_KEPT = "the ticket is kept on screen"
NOTHING_CHANGED = "nothing was changed"

T = TypeVar("T")


def explain_storage_error(error: Exception, doing: str = "Saving", kept: str = TICKET_KEPT) -> str:
    """ "<doing> failed: <cause in plain words>; <what is safe>, try again <when>." — never a traceback.

    A UserError is already a sentence for the user and is returned as it is.
    """
    if isinstance(error, UserError):
        return error.message
    cause, when = _cause_and_when(error)
    return f"{doing} failed: {cause}; {kept}, try again {when}."


def _cause_and_when(error: Exception) -> tuple[str, str]:
    code = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if "locked" in text or "busy" in text or code.startswith("SQLITE_BUSY"):
        return "the database is busy in another program", "in a moment"
    if "readonly" in text or "read-only" in text or code in {"SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC"}:
        # A file turned read-only under a running program shows up as a write I/O error.
        return "the database cannot be written (read-only file or disk trouble)", "once it is fixed"
    if "full" in text or code == "SQLITE_FULL":
        return "the disk is full", "once space is freed"
    if "malformed" in text or "not a database" in text or code.startswith("SQLITE_CORRUPT"):
        return "the database file is damaged, call the manager", "after it is restored"
    if "disk i/o" in text or code.startswith("SQLITE_IOERR"):
        return "the disk could not be written", "in a moment"
    if isinstance(error, sqlite3.Error):
        return f"the database refused it ({error})", "in a moment"
    return f"something went wrong ({error})", "in a moment"


class Refused:
    """What `attempt` returns when the work was refused: the person has already been told why."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED = Refused()


def attempt(
    work: Callable[[], T], doing: str, tell: Callable[[str], object], *, kept: str = TICKET_KEPT
) -> T | Refused:
    """Run `work`; a refusal or a storage failure is told as one sentence and gives REFUSED.

    Anything else is a bug and is raised: only what the person can act on becomes a sentence.
    """
    try:
        return work()
    except (sqlite3.Error, UserError) as error:
        tell(explain_storage_error(error, doing, kept))
        return REFUSED
