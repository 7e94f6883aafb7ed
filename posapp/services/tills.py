"""Which till of the database this is: its kept id, the lock that says it is running, and its name.

Where a till's identity is kept, and why there. Several tills may sell on one database file
(two lanes; two windows on one computer), and each must touch only its own ticket in progress
(drafts) and its own receipts (print jobs). `settings.toml` cannot say which till is which: it
sits beside the database, so every till on that file reads the same one (the shipped one says
"counter-1" for all of them). So each till has:

- a row in the database's `tills` table: a random id (unique there: it is the primary key) and
  the name people use, which a manager may change in Settings;
- an id file in this installation's own folder (the per-user data folder, `tills/`), named
  after the database's real path, so the same person's till comes back as the same till after
  a restart, a crash or a power cut, and a till on another computer (another folder) is another
  till. A second till on the same computer, for the same person and database, is started with
  `posapp --till NAME`, which keeps its id in a file of its own;
- an operating-system lock on a file beside the database, named by the id and held while the
  till runs (fcntl.flock on POSIX, msvcrt.locking on Windows). The system drops it when the
  process ends, however it ends (SIGKILL, a crash), so a dead till never blocks the next start,
  and a second process with the same identity is refused while the first runs.

No command-line sub-command acts as a till: none keeps a draft or prints a receipt job.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from posapp.domain.errors import UserError
from posapp.files import NO_FOLLOW, create_private
from posapp.services.auth import require_manager
from posapp.storage.audit import record_audit
from posapp.storage.db import Database, write_transaction
from posapp.storage.sync_outbox import renew_source_id
from posapp.storage.tills import (
    MAX_TILL_NAME,
    TILL_ID,
    Till,
    all_tills,
    get_till,
    register_till,
    set_till_name,
    till_named,
)

#: What `--till` accepts: it becomes part of a file name, so letters, digits, "-" and "_" only.
SLOT = re.compile(r"[A-Za-z0-9_-]{1,32}")


@dataclass(frozen=True)
class TillPlace:
    """Where this installation keeps its till ids (`folder`), and which of its tills this is (`slot`)."""

    folder: Path
    slot: str = ""

    def id_file(self, db_path: Path) -> Path:
        """The file holding this till's id for the database at `db_path` (its real path, hashed)."""
        key = hashlib.sha256(str(db_path.resolve()).encode("utf-8")).hexdigest()[:16]
        return self.folder / (f"{key}-{self.slot}.till" if self.slot else f"{key}.till")


class TillInUseError(UserError):
    """Another running process holds this till's identity: this one must not sell beside it."""


class RunningTill:
    """This till while it runs: its id, its name at start, and the open lock file that says so.

    The lock goes with the process; `release` (or this object being collected) lets it go sooner.
    """

    def __init__(self, till: Till, lock_path: Path, lock: int) -> None:
        self.id, self.name, self.lock_path = till.id, till.name, lock_path
        self._release = weakref.finalize(self, os.close, lock)

    def release(self) -> None:
        """Let another process be this till (the system does the same when this process ends)."""
        self._release()

    def __repr__(self) -> str:
        return f"RunningTill({self.id!r}, {self.name!r})"


def take_till(
    db: Database, db_path: Path, place: TillPlace, name: str, now: Callable[[], datetime]
) -> RunningTill:
    """This installation's till on the database, locked for this process; refused while another runs it.

    `name` is what a till new to the database is called (settings' `[site] terminal`, or the
    `--till` slot); a till the database already knows keeps the name it has there.
    """
    if place.slot and not SLOT.fullmatch(place.slot):
        raise UserError(
            f"--till {place.slot[:40]!r} is not a till name this program can keep: use up to 32 letters,"
            " digits, '-' or '_'."
        )
    id_file = place.id_file(db_path)
    try:
        place.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise UserError(
            f"The folder {place.folder} for this till's identity cannot be made: {error.strerror}."
        ) from None
    known = _read_id(id_file)
    if known is None:
        try:
            till = register_till(
                db, known_id=None, name=name, now=now(), remember=lambda id_: _keep_id(id_file, id_, db_path)
            )
        except _AlreadyKeptError:
            # Another start of this same installation kept its id a moment ago: that is this till.
            known = _read_id(id_file)
        else:
            return _locked(db_path, till)
    if known is None:  # kept a moment ago by another start, and already gone again
        raise UserError(
            f"This till's identity file {id_file} disappeared while the till was starting; start again."
        )
    found = get_till(db, known)
    lock = _lock(db_path, known, found.name if found else "")
    try:
        till = register_till(db, known_id=known, name=name, now=now(), remember=lambda _id: None)
    except BaseException:
        os.close(lock)
        raise
    return RunningTill(till, lock_path(db_path, till.id), lock)


def lock_path(db_path: Path, till_id: str) -> Path:
    """The lock file beside the database: one per till, held by the process that is that till."""
    return db_path.with_name(f"{db_path.name}.{till_id}.lock")


def _locked(db_path: Path, till: Till) -> RunningTill:
    return RunningTill(till, lock_path(db_path, till.id), _lock(db_path, till.id, till.name))


def _lock(db_path: Path, till_id: str, name: str = "") -> int:
    """Open and lock the till's lock file without waiting; refused in one sentence when it is held."""
    path = lock_path(db_path, till_id)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_RDWR | NO_FOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as error:
        raise UserError(f"The till's lock file {path} cannot be opened: {error.strerror}.") from None
    try:
        locked = _try_lock(descriptor)
    except OSError as error:  # a file system without locks (some network shares)
        os.close(descriptor)
        raise UserError(f"The till's lock file {path} cannot be locked: {error.strerror}.") from None
    if locked:
        return descriptor
    os.close(descriptor)
    called = f"{name} ({till_id})" if name and name != till_id else till_id
    raise TillInUseError(
        f"The till {called} is already running on {db_path}: use that window, or close it first"
        " (a second till on this computer starts with --till and a name of its own)."
    )


def _try_lock(descriptor: int) -> bool:
    """An exclusive lock that dies with this process; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _read_id(id_file: Path) -> str | None:
    """The id kept in `id_file`, None when there is none yet; a damaged file is one sentence."""
    try:
        with os.fdopen(os.open(id_file, os.O_RDONLY | NO_FOLLOW), encoding="utf-8") as kept:
            first = kept.readline().strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"This till's identity file {id_file} cannot be read: {error}.") from None
    if not TILL_ID.fullmatch(first):
        raise UserError(
            f"This till's identity file {id_file} is damaged; delete it to start as a new till on this"
            " database."
        )
    return first


class _AlreadyKeptError(Exception):
    """The id file appeared while this start was registering: another start of this till won."""


def _keep_id(id_file: Path, till_id: str, db_path: Path) -> None:
    """Write the id file whole, once: it appears complete or not at all, and is never overwritten."""
    staging = id_file.with_name(f".{id_file.name}.{os.getpid()}.part")
    staging.unlink(missing_ok=True)
    try:
        descriptor = create_private(staging)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(f"{till_id}\n# The till identity of this computer's counter on {db_path.resolve()}\n")
            out.flush()
            os.fsync(out.fileno())
        os.link(staging, id_file)  # fails when the name exists: an id is never replaced
    except FileExistsError:
        raise _AlreadyKeptError() from None
    except OSError as error:
        raise UserError(f"This till's identity cannot be kept in {id_file}: {error.strerror}.") from None
    finally:
        staging.unlink(missing_ok=True)


def renew_sync_identity(db: Database, db_path: Path, now: Callable[[], datetime]) -> tuple[str, str]:
    """Give a copied database its own identity in the chain; (old, new). Refused while a till runs on it.

    A copy of a till's file would otherwise push as the till it was copied from. Every till of the
    database is locked meanwhile, so none can start and sell half way through the change.
    """
    locks: list[int] = []
    try:
        for till in all_tills(db):
            locks.append(_lock(db_path, till.id, till.name))
        new = str(uuid.uuid4())
        with write_transaction(db):
            old = renew_source_id(db, new)
            record_audit(
                db,
                at=now(),
                cashier_id=None,
                action="sync_identity_renewed",
                subject="sync",
                before={"source_id": old},
                after={"source_id": new},
            )
    finally:
        for lock in locks:
            os.close(lock)
    return old, new


def rename_till(
    db: Database, till_id: str, name: str, *, manager_id: int, manager_pin: str, now: Callable[[], datetime]
) -> str:
    """Give the till a new name (PIN re-checked, audited); returns the name as stored."""
    name = " ".join(name.split())
    if not name:
        raise UserError("Type a name for this till, like Lane 1.")
    if len(name) > MAX_TILL_NAME:
        raise UserError(f"A till's name is at most {MAX_TILL_NAME} characters; this one has {len(name)}.")
    if any(not character.isprintable() for character in name):
        raise UserError("A till's name may hold letters, digits, spaces and punctuation only.")
    manager = require_manager(db, manager_id, manager_pin, now)
    with write_transaction(db):
        till = get_till(db, till_id)
        if till is None:
            raise UserError(f"There is no till {till_id} on this database.")
        other = till_named(db, name)
        if other is not None and other.id != till_id:
            raise UserError(f"Another till on this database is already called {name}; choose another name.")
        if till.name == name:
            return name
        set_till_name(db, till_id, name)
        # Its open shift is kept under its id and goes on; the slip names the till as it is called now.
        from posapp.storage.shifts import rename_open_shift  # a rename only: a start needs no shift

        rename_open_shift(db, till_id, name)
        record_audit(
            db,
            at=now(),
            cashier_id=manager.id,
            action="till_renamed",
            subject=f"till {till_id}",
            before={"name": till.name},
            after={"name": name},
        )
    return name
