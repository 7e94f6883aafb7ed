"""Writing a file a person asked for: the whole file or the old one, never half of it."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from posapp.domain.errors import UserError


def write_whole(path: Path, content: bytes, what: str) -> Path:
    """Write `content` to `path` through a temp file and one rename; `what` names it in any error.

    A reader (or a crash) sees the old file or the new one: os.replace is atomic on one file system.
    """
    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"The folder {folder} for the {what} does not exist.")
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name for the {what}.")
    try:
        descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise UserError(f"The {what} cannot be written to {folder}: {error.strerror}.") from None
    try:
        with os.fdopen(descriptor, "wb") as temp:
            temp.write(content)
            temp.flush()
            os.fsync(temp.fileno())
        Path(temp_name).replace(path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise UserError(f"The {what} cannot be written to {path}: {error.strerror}.") from None
    return path


DATABASE_SIDE_FILES = ("", "-wal", "-shm", "-journal")

#: Never follow a symlink for a file we open or create. Windows has no such flag (nor O_CLOEXEC,
#: nor folders to open): there the names are 0 and O_EXCL alone refuses an existing name.
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOSE_ON_EXEC = getattr(os, "O_CLOEXEC", 0)
_FOLDER = getattr(os, "O_DIRECTORY", 0)


def refuse_database_files(database: Path, path: Path, what: str) -> None:
    """Refuse `path` when it is (real path, symlinks followed, or a hard link) the database or a side file.

    Writing a backup over `live.db-wal` while the till sells loses sales and `check` still says healthy.
    """
    real = os.path.realpath(database)
    for suffix in DATABASE_SIDE_FILES:
        own = Path(real + suffix)
        if os.path.realpath(path) == str(own) or (own.exists() and path.exists() and _same_file(own, path)):
            named = "the database itself" if not suffix else f"the database's {suffix[1:]} file"
            raise UserError(f"The {what} {path} is {named} ({own}); choose another file.")


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def refuse_non_regular(path: Path, what: str) -> None:
    """Only a new path or an existing regular file may be written: never a device, FIFO, symlink or folder."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as error:
        raise UserError(f"The {what} {path} cannot be checked: {error.strerror}.") from None
    if stat.S_ISREG(found.st_mode):
        return
    kind = (
        "a folder; give a file name"
        if stat.S_ISDIR(found.st_mode)
        else "a symbolic link; give the real file name"
        if stat.S_ISLNK(found.st_mode)
        else "not a regular file (a device or pipe); give a file name"
    )
    raise UserError(f"The {what} {path} is {kind}.")


def create_private(path: Path) -> int:
    """A new owner-only file opened for writing: never an existing file, never through a symlink."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | NO_FOLLOW | _CLOSE_ON_EXEC
    return os.open(path, flags, 0o600)


@contextmanager
def private_folder(beside: Path, what: str) -> Iterator[Path]:
    """A fresh owner-only (0700) folder inside `beside`, removed afterwards, for staging a file.

    Its name is random and nobody else may enter it, so nothing can be planted where the staged
    file (or a journal SQLite writes beside it) is created; a rename out of it is atomic.
    """
    try:
        folder = Path(tempfile.mkdtemp(prefix=".posapp-", suffix=".staging", dir=beside))
    except OSError as error:
        raise UserError(f"The {what} cannot be written to {beside}: {error.strerror}.") from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut (best effort where a folder cannot be synced)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | _FOLDER)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def append_private(path: Path, line: bytes, what: str) -> None:
    """Append one line to an owner-only (0600) file, created if new, never through a symlink; synced.

    O_APPEND puts the whole line at the end even when two programs append at once; a new file's
    name is synced into its folder, so a power cut cannot lose the file with its first line.
    """
    refuse_non_regular(path, what)
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} for the {what} does not exist.")
    created = not path.exists()
    flags = os.O_CREAT | os.O_APPEND | os.O_WRONLY | NO_FOLLOW | _CLOSE_ON_EXEC
    try:
        descriptor = os.open(path, flags, 0o600)
        try:
            os.write(descriptor, line if line.endswith(b"\n") else line + b"\n")
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise UserError(f"The {what} {path} cannot be written: {error.strerror}.") from None
    if created:
        sync_folder(path.parent)
