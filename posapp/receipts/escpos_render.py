"""The receipt as ESC/POS for thermal printers: text columns padded to the roll, a cut, a drawer kick.

Font A prints 48 characters a line on an 80 mm roll and 32 on a 58 mm roll. python-escpos 3.1
has no column helper, so lines are padded here; its "magic" encoder picks a code page per letter.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

from escpos.escpos import Escpos
from escpos.printer import Dummy

from posapp.receipts.data import COPY_MARK, ReceiptData, ReceiptLine, status_note

#: Each code page's letters (bytes 128-255) as python-escpos's encoder maps them, shared by every
#: receipt. The encoder builds a page's map the first time it looks a letter up there, and each
#: receipt has a fresh encoder: without this it rebuilt ~16 maps a receipt (1.2 of its 1.9 ms).
#: Only the maps are shared; which pages a receipt has used stays its own, so the bytes do not
#: depend on earlier receipts.
_CODE_PAGE_LETTERS: dict[str, dict[str, int]] = {}

#: Characters a line holds in font A, by roll width in millimetres.
COLUMNS = {80: 48, 58: 32}

# Spaces babel and Qt emit in some locales (no-break, narrow no-break, thin) print as "?" on
# thermal code pages; ₹ has no code page at all.
_PLAIN = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "₹": "Rs", "×": "x"})


def plain(text: str) -> str:
    """Text a thermal printer's code pages can hold: composed letters, ordinary spaces, no controls.

    Every word on the receipt (shop, cashier, customer, lines, footer) passes through here, so a
    control byte typed into one (ESC p kicks the drawer, GS V cuts) never reaches the printer.
    """
    return _CONTROLS.sub(_control_gone, unicodedata.normalize("NFC", text).translate(_PLAIN))


#: C0 and C1 control characters and DEL (Unicode category Cc).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _control_gone(control: re.Match[str]) -> str:
    """A line end or tab is a space between words; any other control byte is dropped."""
    return " " if control.group() in "\t\n\v\f\r" else ""


def columns_for(width_mm: int) -> int:
    if width_mm not in COLUMNS:
        raise ValueError(f"receipts are 80 or 58 mm wide, not {width_mm}")
    return COLUMNS[width_mm]


def two_columns(left: str, right: str, columns: int) -> list[str]:
    """`left` wrapped on the left and `right` flush right on the first line, each `columns` wide."""
    left, right = plain(left), plain(right)
    room = columns - len(right) - 1
    wrapped = textwrap.wrap(left, room, break_long_words=True) or [""]
    first = wrapped[0].ljust(room) + " " + right
    return [first, *(part.ljust(columns) for part in wrapped[1:])]


def centred(text: str, columns: int) -> list[str]:
    """Wrapped lines for the printer to centre (ESC a 1 does the centring)."""
    return textwrap.wrap(plain(text), columns) or [""]


def line_text(line: ReceiptLine) -> str:
    return f"{line.label}  {line.mark}" if line.mark else line.label


def _lines(printer: Escpos, lines: list[str]) -> None:
    if lines:
        printer.text("".join(f"{line}\n" for line in lines))


def write_slip(printer: Escpos, receipt: ReceiptData, *, columns: int) -> None:
    """Send a void or refund slip: the word, what went back, why, who approved it, when; then cut."""
    slip = receipt.slip
    assert slip is not None
    rule = ["-" * columns]
    printer.hw("INIT")
    printer.set(align="center", bold=True)
    printer.set(width=2, height=2, custom_size=True)
    _lines(printer, [f"*** {slip.word} ***"])
    printer.set(width=1, height=1, custom_size=True)
    what = "the whole ticket" if slip.whole_ticket else "one line"
    _lines(
        printer,
        [
            *centred(f"Receipt {receipt.number_text}: {what}", columns),
            *centred(receipt.business_name, columns),
        ],
    )
    printer.set(align="left", bold=False)
    body = [
        *rule,
        *two_columns(f"{slip.word.title()} made", f"{slip.local_date} {slip.local_time}", columns),
        *two_columns("Sold", f"{receipt.local_date} {receipt.local_time}", columns),
        *rule,
    ]
    for line in slip.lines:
        body += two_columns(line_text(line), line.amount_text, columns)
    _lines(printer, [*body, *rule])
    printer.set(bold=True)
    _lines(printer, two_columns(slip.amount_label, slip.amount_text, columns))
    printer.set(bold=False)
    _lines(
        printer,
        [
            *two_columns("Tax included", "", columns),
            *two_columns("Paid by", receipt.payment, columns),
            "",
            *two_columns(f"Reason: {slip.reason}", "", columns),
            *two_columns(f"Approved by: {slip.manager}", "", columns),
            *two_columns(f"Cashier on the sale: {receipt.cashier}", "", columns),
        ],
    )
    printer.cut()


def write_receipt(printer: Escpos, receipt: ReceiptData, *, columns: int, kick_drawer: bool) -> None:
    """Send the whole receipt to `printer`: header, lines, totals, notices, cut, then the drawer."""
    if receipt.slip is not None:
        write_slip(printer, receipt, columns=columns)  # a slip never opens the drawer by itself
        return
    rule = ["-" * columns]
    printer.hw("INIT")
    if receipt.copy:
        printer.set(align="center", bold=True)
        printer.set(width=2, height=2, custom_size=True)
        _lines(printer, [f"*** {COPY_MARK} ***"])
        printer.set(width=1, height=1, custom_size=True)
        printer.set(align="left", bold=False)
    if receipt.status != "completed":
        _lines(printer, two_columns(receipt.status.upper(), "", columns))
        _lines(printer, centred(status_note(receipt.status), columns))
    printer.set(align="center", bold=True)
    _lines(printer, centred(receipt.business_name, columns))
    printer.set(align="center", bold=False)
    details = [receipt.business_address, receipt.business_phone, receipt.business_tax_id]
    _lines(printer, [part for detail in details if detail for part in centred(detail, columns)])
    printer.set(align="left")
    body = [
        *rule,
        *two_columns(f"Receipt {receipt.number_text}", receipt.local_date, columns),
        *two_columns(f"Cashier: {receipt.cashier}", receipt.local_time, columns),
    ]
    if receipt.customer_first_name:
        body += two_columns(f"Customer: {receipt.customer_first_name}", "", columns)
    body += rule
    for line in receipt.lines:
        body += two_columns(line_text(line), line.amount_text, columns)
    body += [
        *rule,
        *two_columns("Subtotal", receipt.subtotal_text, columns),
        *two_columns(receipt.tax_label, receipt.tax_text, columns),
    ]
    _lines(printer, body)
    printer.set(bold=True)
    _lines(printer, two_columns("TOTAL", receipt.total_text, columns))
    printer.set(bold=False)
    _lines(printer, two_columns("Paid by", receipt.payment, columns))
    if receipt.tendered_text:
        _lines(printer, two_columns("Cash tendered", receipt.tendered_text, columns))
        _lines(printer, two_columns("Change", receipt.change_text, columns))
    printer.set(align="center")
    notices: list[str] = []
    if receipt.trial is not None:
        notices += ["", *centred(receipt.trial.text, columns)]
        if receipt.trial.after:
            notices += centred(receipt.trial.after, columns)
    if receipt.footer:
        notices += ["", *centred(receipt.footer, columns)]
    if receipt.copy:
        notices += ["", f"*** {COPY_MARK} ***"]
    _lines(printer, notices)
    printer.cut()
    if kick_drawer and receipt.paid_in_cash:
        # Pin 2 is the drawer connector on nearly every receipt printer.
        printer.cashdraw(2)


def receipt_escpos_bytes(receipt: ReceiptData, *, width_mm: int = 80, cash_drawer: bool = True) -> bytes:
    """The exact bytes a thermal printer receives for this receipt."""
    recorder = Dummy()
    recorder.magic.encoder.available_characters = _CODE_PAGE_LETTERS
    write_receipt(recorder, receipt, columns=columns_for(width_mm), kick_drawer=cash_drawer)
    return bytes(recorder.output)
