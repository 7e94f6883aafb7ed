"""Writing a file a person asked for: the whole file or the old one, never half of it."""

from __future__ import annotations

import os
import tempfile
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
