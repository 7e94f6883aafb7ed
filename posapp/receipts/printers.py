"""Sends one receipt to the printer the settings name: a PDF folder, the system printer or ESC/POS.

Runs off the GUI thread and never touches the database: it gets a ReceiptData snapshot and
either returns where the receipt went or raises PrintError with the printer's complaint.

reportlab and python-escpos are imported when a receipt is first rendered, not when the checkout
starts: python-escpos re-parses its YAML printer database at every import (0.3-0.4 s here).
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import socket
from collections.abc import Callable
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from posapp.domain.errors import UserError
from posapp.files import write_whole
from posapp.receipts.data import PRINTER_TEST, ReceiptData
from posapp.receipts.errors import PrintError
from posapp.settings import ReceiptSettings

if TYPE_CHECKING:
    from escpos.escpos import Escpos

    from posapp.receipts.pdf import RenderedReceipt

#: Prints a rendered receipt on a named system printer (the Qt path, where CUPS's lp is absent).
SystemPrint = Callable[["RenderedReceipt", str], None]

#: Seconds to reach a network receipt printer; a switched-off one should fail fast, not hang.
NETWORK_TIMEOUT_S = 5.0
#: Seconds to wait for the printer's answer about its paper; a printer that never answers
#: status queries (some cheap ones) is then printed to as before.
STATUS_TIMEOUT_S = 1.0
#: Added to "where it went" when the printer's near-end sensor says the roll is nearly used up.
PAPER_LOW = "the paper roll is nearly finished"

# The paper sensor byte of DLE EOT 4 (Epson's real-time status): bits 2-3 near end, 5-6 out.
_PAPER_OUT_BITS, _PAPER_LOW_BITS = 0x60, 0x0C


def receipt_folder(settings: ReceiptSettings, db_path: Path) -> Path:
    """Where "save PDF to a folder" puts receipts: the setting, or a folder beside the database."""
    return Path(settings.pdf_folder).expanduser() if settings.pdf_folder else db_path.parent / "receipts"


def receipt_file_name(receipt: ReceiptData, job_id: int) -> str:
    """The original keeps one stable name; every reprint gets its own, so none overwrites another."""
    if receipt.status == PRINTER_TEST:
        return "printer-test.pdf"
    if receipt.slip is not None:
        return f"{receipt.slip.word.lower()}-{receipt.number_text}-{job_id}.pdf"
    suffix = f"-copy-{job_id}" if receipt.copy else ""
    return f"receipt-{receipt.number_text}{suffix}.pdf"


def print_receipt(
    receipt: ReceiptData,
    settings: ReceiptSettings,
    *,
    folder: Path,
    job_id: int,
    system_print: SystemPrint | None = None,
) -> str:
    """Print `receipt` as the settings say; returns, in words, where it went."""
    if settings.printer == "pdf_folder":
        from posapp.receipts.pdf import render_receipt

        return str(
            save_pdf(
                render_receipt(receipt, settings.width_mm).pdf, folder / receipt_file_name(receipt, job_id)
            )
        )
    if settings.printer == "system":
        return print_on_system_printer(receipt, settings, system_print=system_print)
    if settings.printer == "escpos":
        from posapp.receipts.escpos_render import receipt_escpos_bytes

        data = receipt_escpos_bytes(receipt, width_mm=settings.width_mm, cash_drawer=settings.cash_drawer)
        paper = send_escpos(data, settings.escpos_backend, settings.escpos_target)
        where = f"ESC/POS {settings.escpos_backend} {settings.escpos_target}"
        return f"{where}; {PAPER_LOW}" if paper is Paper.LOW else where
    raise PrintError(f"The receipt printer setting {settings.printer!r} is not one the counter knows.")


def save_pdf(pdf: bytes, path: Path) -> Path:
    """Write the PDF whole or not at all: a half-written receipt file is never left behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PrintError(
            f"The receipt could not be saved in {path.parent}: {error.strerror or error}."
        ) from None
    try:
        return write_whole(path, pdf, "receipt")
    except UserError as error:
        raise PrintError(error.message) from None


def print_on_system_printer(
    receipt: ReceiptData, settings: ReceiptSettings, *, system_print: SystemPrint | None = None
) -> str:
    """CUPS's lp where it exists (it reports failures); otherwise the Qt printer path."""
    queue = settings.system_printer
    if not queue:
        raise PrintError("No system printer is chosen: set receipt.system_printer in the settings.")
    from posapp.receipts.pdf import render_receipt

    rendered = render_receipt(receipt, settings.width_mm)
    if shutil.which("lp"):
        from posapp.receipts import cups

        title = receipt_file_name(receipt, 0).removesuffix(".pdf").removesuffix("-0")
        job = cups.print_pdf(
            rendered.pdf, queue=queue, width_mm=rendered.width_mm, height_mm=rendered.height_mm, title=title
        )
        return f"CUPS job {job}"
    if system_print is None:
        raise PrintError("This computer has no print system the counter can use for receipts.")
    system_print(rendered, queue)
    return f"system printer {queue}"


@cache
def _network_class() -> type[Escpos]:
    """python-escpos 3.1's Network, except that a refused connection closes its socket.

    The original drops the socket unclosed (a ResourceWarning on every failed print).
    Built on first use, so python-escpos is imported only by a counter that prints ESC/POS.
    """
    from escpos import exceptions as escpos_errors
    from escpos.printer import Network

    class _Network(Network):  # type: ignore[misc]  # python-escpos ships no type hints
        def open(self, raise_not_found: bool = True) -> None:
            if self._device:
                self.close()
            try:
                self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)
            except OSError as error:
                raise escpos_errors.DeviceNotFoundError(os_error_words(error)) from None

    return _Network


def escpos_device(backend: str, target: str) -> Escpos:
    """The python-escpos printer for a backend; USB and serial need extras, checked here, at print time."""
    from escpos.printer import File, Serial, Usb

    if backend == "network":
        if not target.strip():
            raise PrintError("No address is set for the ESC/POS network printer: put in its host:port.")
        host, _, port = target.rpartition(":") if ":" in target else (target, "", "9100")
        if not host or not port.isdigit():
            raise PrintError(f"The ESC/POS network printer must be written host:port, not {target!r}.")
        return _network_class()(host, port=int(port), timeout=NETWORK_TIMEOUT_S)
    if backend == "usb":
        if not Usb.is_usable():
            raise PrintError("Printing to a USB receipt printer needs the pyusb package (pip install pyusb).")
        vendor, _, product = target.partition(":")
        try:
            return Usb(int(vendor, 16), int(product, 16))
        except ValueError:
            raise PrintError(
                f"The USB printer must be written vendor:product in hex, like 04b8:0202, not {target!r}."
            ) from None
    if backend == "serial":
        if not Serial.is_usable():
            raise PrintError(
                "Printing to a serial receipt printer needs the pyserial package (pip install pyserial)."
            )
        return Serial(devfile=target)
    if backend == "file":
        return File(devfile=target)
    raise PrintError(f"The ESC/POS backend {backend!r} is not network, usb, serial or file.")


class Paper(Enum):
    """What a receipt printer's paper sensor says, when it can be asked."""

    PLENTY = "plenty"
    LOW = "low"
    OUT = "out"
    UNKNOWN = "unknown"


def paper_from_status(answer: bytes) -> Paper:
    """Read the answer to DLE EOT 4; no answer means the printer cannot say."""
    if not answer:
        return Paper.UNKNOWN
    if answer[0] & _PAPER_OUT_BITS == _PAPER_OUT_BITS:
        return Paper.OUT
    if answer[0] & _PAPER_LOW_BITS == _PAPER_LOW_BITS:
        return Paper.LOW
    return Paper.PLENTY


def ask_paper(device: Escpos, backend: str) -> Paper:
    """Ask a network printer about its paper, waiting STATUS_TIMEOUT_S at most.

    Only the network backend is asked: it is the one whose answers are tested here. USB,
    serial and file printers are printed to without asking, as before.
    """
    from escpos.constants import RT_STATUS_PAPER

    connection = getattr(device, "device", None)
    if backend != "network" or not isinstance(connection, socket.socket):
        return Paper.UNKNOWN
    connection.settimeout(STATUS_TIMEOUT_S)
    try:
        return paper_from_status(device.query_status(RT_STATUS_PAPER))
    except TimeoutError:
        return Paper.UNKNOWN  # a printer that does not answer status queries still prints
    finally:
        connection.settimeout(NETWORK_TIMEOUT_S)


def send_escpos(data: bytes, backend: str, target: str) -> Paper:
    """Open the printer, check its paper, send every byte, close it; returns what the paper sensor said.

    An empty printer is not sent the receipt: many keep the bytes and print them once a roll
    is in, and the cashier's Retry would then print it twice. Any device failure is a PrintError.
    """
    from escpos import exceptions as escpos_errors

    device = escpos_device(backend, target)
    try:
        device.open()
        paper = ask_paper(device, backend)
        if paper is Paper.OUT:
            raise PrintError(
                f"The receipt printer at {target} is out of paper; put in a new roll, then press Retry."
            )
        device._raw(data)  # the bytes were composed (and tested) once; the device only carries them
        return paper
    except (escpos_errors.Error, OSError) as error:
        # Our connection failure's words travel in the library's "Device not found (…)": unwrap them.
        said = error.msg if isinstance(error, escpos_errors.DeviceNotFoundError) else _words(error)
        raise PrintError(f"The receipt printer at {target} did not take the receipt: {said}.") from None
    finally:
        # The real failure, if any, was reported above; a failing close adds nothing.
        with contextlib.suppress(escpos_errors.Error, OSError):
            device.close()


#: What the system's error numbers mean at the counter, in words (never "[Errno 111]").
_OS_ERROR_WORDS = {
    errno.ECONNREFUSED: "nothing answered at that address; is the printer switched on and on the network",
    errno.ETIMEDOUT: f"it did not answer within {NETWORK_TIMEOUT_S:.0f} seconds",
    errno.EHOSTUNREACH: "that address cannot be reached from this computer",
    errno.ENETUNREACH: "this computer is not on the printer's network",
    errno.ENOENT: "there is no such device on this computer",
    errno.EACCES: "this computer's user may not use that device",
    errno.EBUSY: "another program is using the printer",
    errno.ECONNRESET: "the printer dropped the connection",
    errno.EPIPE: "the printer dropped the connection",
}


def os_error_words(error: OSError) -> str:
    """A system error as words a cashier can act on; an unknown one as the system words it."""
    if isinstance(error, TimeoutError | socket.timeout):
        return _OS_ERROR_WORDS[errno.ETIMEDOUT]
    if isinstance(error, socket.gaierror):
        return "no printer of that name is known on the network"
    if error.errno in _OS_ERROR_WORDS:
        return _OS_ERROR_WORDS[error.errno]
    return " ".join((error.strerror or str(error)).split()).rstrip(".").lower() or type(error).__name__


def _words(error: BaseException) -> str:
    if isinstance(error, OSError):
        return os_error_words(error)
    return " ".join(str(error).split()).rstrip(".") or type(error).__name__
