"""`posapp receipt`: a past receipt saved as a PDF, marked COPY (it is a reprint, never an original)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from posapp.cli.args import row_id
from posapp.domain.errors import UserError
from posapp.settings import load_settings, settings_path_for
from posapp.storage.db import open_db


def register(commands: Any) -> None:
    receipt = commands.add_parser("receipt", help="save a copy of a past receipt as a PDF")
    receipt.add_argument("--db", type=Path, required=True, help="the counter's database")
    receipt.add_argument(
        "--ticket", type=row_id("--ticket"), required=True, metavar="NUMBER", help="the receipt number"
    )
    receipt.add_argument("--output", type=Path, required=True, metavar="FILE.pdf", help="where to save it")
    receipt.set_defaults(run=run_receipt)


def run_receipt(args: argparse.Namespace) -> int:
    # Rendering pulls in reportlab: imported here, so `posapp` itself starts without it.
    from posapp.receipts.data import load_receipt
    from posapp.receipts.errors import PrintError
    from posapp.receipts.pdf import render_receipt_pdf
    from posapp.receipts.printers import save_pdf

    if not args.db.is_file():
        raise UserError(f"There is no database at {args.db}.")
    # The counter's own settings sit beside its database; the defaults serve a copied-out file.
    settings = load_settings(args.settings or settings_path_for(args.db))
    db = open_db(args.db, read_only=True)
    try:
        receipt = load_receipt(db, args.ticket, settings, copy=True)
    finally:
        db.conn.close()
    try:
        save_pdf(render_receipt_pdf(receipt, settings.receipt.width_mm), args.output)
    except PrintError as error:
        raise UserError(error.message) from None
    print(f"Saved a copy of receipt {receipt.number_text} to {args.output}.")
    return 0
