"""Printer backends chosen from the settings: a PDF folder, ESC/POS to a file, missing driver packages."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from posapp.counter import Counter
from posapp.receipts.data import load_receipt
from posapp.receipts.errors import PrintError
from posapp.receipts.escpos_render import receipt_escpos_bytes
from posapp.receipts.printers import print_receipt, receipt_folder
from posapp.settings import ReceiptSettings


@pytest.fixture
def receipt_settings(counter: Counter) -> ReceiptSettings:
    return counter.settings.receipt


def test_pdf_folder_saves_the_original_and_each_copy_under_its_own_name(
    counter: Counter, sale, receipt_settings: ReceiptSettings, tmp_path: Path
) -> None:
    number = sale()
    folder = receipt_folder(receipt_settings, counter.db_path)
    assert folder == tmp_path / "receipts"  # empty setting: beside the database
    original = load_receipt(counter.db, number, counter.settings, copy=False)
    copy = load_receipt(counter.db, number, counter.settings, copy=True)

    print_receipt(original, receipt_settings, folder=folder, job_id=1)
    print_receipt(copy, receipt_settings, folder=folder, job_id=2)

    assert sorted(path.name for path in folder.iterdir()) == [
        "receipt-000001-copy-2.pdf",
        "receipt-000001.pdf",
    ]
    copy_text = (
        PdfReader(io.BytesIO((folder / "receipt-000001-copy-2.pdf").read_bytes())).pages[0].extract_text()
    )
    assert "COPY" in copy_text


def test_escpos_to_a_file_writes_exactly_the_rendered_bytes(
    counter: Counter, sale, receipt_settings: ReceiptSettings, tmp_path: Path
) -> None:
    receipt = load_receipt(counter.db, sale(), counter.settings, copy=False)
    device = tmp_path / "lp0"
    settings = replace(receipt_settings, printer="escpos", escpos_backend="file", escpos_target=str(device))

    print_receipt(receipt, settings, folder=tmp_path, job_id=1)

    assert device.read_bytes() == receipt_escpos_bytes(receipt, width_mm=80, cash_drawer=True)


@pytest.mark.parametrize(
    ("backend", "target", "message"),
    [
        ("usb", "04b8:0202", "needs the pyusb package"),
        ("serial", "/dev/ttyS0", "needs the pyserial package"),
        ("network", "printer.local:port", "must be written host:port"),
        ("file", "/no/such/folder/lp0", "did not take the receipt"),
    ],
)
def test_an_unusable_escpos_printer_fails_at_print_time_in_one_sentence(
    counter: Counter,
    sale,
    receipt_settings: ReceiptSettings,
    tmp_path: Path,
    backend: str,
    target: str,
    message: str,
) -> None:
    receipt = load_receipt(counter.db, sale(), counter.settings, copy=False)
    settings = replace(receipt_settings, printer="escpos", escpos_backend=backend, escpos_target=target)

    with pytest.raises(PrintError, match=message):
        print_receipt(receipt, settings, folder=tmp_path, job_id=1)


def test_a_system_printer_must_be_named(
    counter: Counter, sale, receipt_settings: ReceiptSettings, tmp_path: Path
) -> None:
    receipt = load_receipt(counter.db, sale(), counter.settings, copy=False)
    with pytest.raises(PrintError, match=r"receipt\.system_printer"):
        print_receipt(receipt, replace(receipt_settings, printer="system"), folder=tmp_path, job_id=1)


def test_a_printer_that_refuses_the_connection_is_said_in_words(
    counter: Counter, sale, receipt_settings: ReceiptSettings, tmp_path: Path, free_port: int
) -> None:  # type: ignore[no-untyped-def]
    receipt = load_receipt(counter.db, sale(), counter.settings, copy=False)
    target = f"127.0.0.1:{free_port}"  # nothing listens there
    settings = replace(receipt_settings, printer="escpos", escpos_backend="network", escpos_target=target)
    with pytest.raises(PrintError) as refused:
        print_receipt(receipt, settings, folder=tmp_path, job_id=1)
    assert refused.value.message == (
        f"The receipt printer at {target} did not take the receipt: nothing answered at that address;"
        " is the printer switched on and on the network."
    )
    assert "Errno" not in refused.value.message
    empty = replace(settings, escpos_target="")
    with pytest.raises(PrintError, match="No address is set for the ESC/POS network printer"):
        print_receipt(receipt, empty, folder=tmp_path, job_id=1)
