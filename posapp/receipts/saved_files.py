"""Receipt PDFs saved on disk ("save PDF to a folder"), rendered again when a customer is erased."""

from __future__ import annotations

from pathlib import Path

from posapp.domain.errors import UserError
from posapp.files import write_whole
from posapp.receipts.data import load_receipt
from posapp.receipts.printers import receipt_folder
from posapp.settings import Settings
from posapp.storage.db import Database


def receipt_folders(settings: Settings, db_path: Path) -> list[Path]:
    """Every folder the counter may have saved receipts in: the one set now, and the default one."""
    folders = [receipt_folder(settings.receipt, db_path), db_path.parent / "receipts"]
    return list(dict.fromkeys(folders))


def saved_receipt_files(folder: Path, number_text: str) -> list[Path]:
    """The PDFs saved for one ticket in `folder`: the original and every copy (see receipt_file_name)."""
    if not folder.is_dir():
        return []
    original = folder.glob(f"receipt-{number_text}.pdf")
    copies = folder.glob(f"receipt-{number_text}-copy-*.pdf")
    return sorted(path for path in [*original, *copies] if path.is_file() and not path.is_symlink())


def rewrite_receipt_files(
    db: Database, numbers: list[int], settings: Settings, folders: list[Path]
) -> tuple[list[Path], list[Path]]:
    """Render the saved PDFs of these tickets again from the database as it is now; returns (rewritten, left).

    Called after a customer is erased: the database no longer names them, so the new PDF has no
    "Customer:" line and keeps everything else (the shop's copy of the sale, which the books need).
    A file that cannot be rendered again is deleted rather than left naming the person; one that
    cannot be deleted either is returned as left.
    """
    from posapp.receipts.pdf import render_receipt

    rewritten: list[Path] = []
    left: list[Path] = []
    for number in numbers:
        for path in [p for folder in folders for p in saved_receipt_files(folder, f"{number:06d}")]:
            try:
                receipt = load_receipt(db, number, settings, copy="-copy-" in path.name)
                write_whole(path, render_receipt(receipt, settings.receipt.width_mm).pdf, "receipt")
                rewritten.append(path)
            except (UserError, OSError, ValueError):
                try:
                    path.unlink()
                except OSError:
                    left.append(path)
    return rewritten, left
