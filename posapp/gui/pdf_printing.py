"""Prints a PDF on a QPrinter: each page rendered by QtPdf near the printer's dpi, on paper of the PDF's size.

Receipts (on a system printer where CUPS's lp is absent) and reports both print this way.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSize, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from posapp.receipts.errors import PrintError

#: Rendering above this adds nothing a thermal head or an office laser shows, and costs memory
#: on 1200 dpi drivers.
MAX_RENDER_DPI = 300


def print_pdf(pdf: bytes, printer: QPrinter, page_size: QPageSize, what: str = "document") -> None:
    """Print every page of `pdf` on `printer`, on pages of `page_size`; `what` names it in errors.

    Raises PrintError (a UserError) when the PDF cannot be read or the printer refuses it.
    """
    printer.setPageSize(page_size)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    printer.setFullPage(True)  # the PDF carries its own margins
    document, buffer = QPdfDocument(), QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    try:
        if document.status() != QPdfDocument.Status.Ready:
            raise PrintError(f"The {what} PDF could not be opened for printing.")
        _print_pages(document, printer, what)
    finally:
        document.close()


def _print_pages(document: QPdfDocument, printer: QPrinter, what: str) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(f"The printer {printer.printerName() or 'chosen'} could not be opened.")
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            _draw_page(painter, printer, document, page, what)
    finally:
        ended = painter.end()
    if not ended:
        raise PrintError(f"The printer {printer.printerName() or 'chosen'} did not accept the {what}.")


def _draw_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int, what: str) -> None:
    points = document.pagePointSize(page)
    device_dpi = printer.resolution()
    dpi = min(device_dpi, MAX_RENDER_DPI)
    image = document.render(page, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi)))
    if image.isNull():
        raise PrintError(f"The {what} could not be rendered for the printer.")
    painter.save()
    # Scale the painter, not the image: a PDF or PostScript engine then keeps the image at its
    # own size (fast, small) and a raster driver scales it once.
    painter.scale(device_dpi / dpi, device_dpi / dpi)
    # QtPdf leaves the paper transparent; composited over white it prints as blank paper, not black.
    painter.fillRect(image.rect(), QColor(Qt.GlobalColor.white))
    painter.drawImage(0, 0, image)
    painter.restore()
