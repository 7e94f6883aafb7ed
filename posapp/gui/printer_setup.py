"""The manager's "Receipts" dialog: where receipts go, the roll and drawer, the shop's header, Save.

It opens after ManagerApprovalDialog. The test page prints the choices on screen, saved or
not, through the counter's own print queue (after any receipt still waiting). Save re-checks
the manager's PIN, writes settings.toml (posapp.services.receipt_setup) and hands the new
settings to the print queue, so the very next receipt uses them.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QSizePolicy, QStackedWidget, QWidget

from posapp.gui.dialogs import ManagerApproval, ManagerApprovalDialog
from posapp.gui.forms.ui_printer_setup import Ui_PrinterSetupDialog
from posapp.gui.manager_windows import watch_manager_window
from posapp.gui.printing import PrintQueue
from posapp.gui.screen_fit import scroll_the_body
from posapp.gui.theme import line_up_captions
from posapp.receipts.printers import receipt_folder
from posapp.services.faults import NOTHING_CHANGED, Refused, attempt
from posapp.services.receipt_setup import ESC_POS_TARGET_HINTS, change_receipt_settings
from posapp.services.settings_edits import saves_to_file
from posapp.settings import Business, ReceiptSettings, Settings

#: The three kinds of receipt printer, as the settings name them and as the manager reads them.
PRINTER_KINDS = {
    "pdf_folder": "PDF files in a folder",
    "system": "A printer of this computer",
    "escpos": "A thermal receipt printer (ESC/POS)",
}
ESC_POS_BACKENDS = {
    "network": "Network (Ethernet or Wi-Fi)",
    "usb": "USB",
    "serial": "Serial port",
    "file": "Device file",
}
ROLL_WIDTHS = {80: "80 mm (the usual roll)", 58: "58 mm (narrow roll)"}


class PrinterSetupDialog(QDialog):
    """The receipt printer choices for one approved manager.

    Signals:
        settings_saved(object): the Settings now in force, after Save.
    """

    settings_saved = Signal(object)

    def __init__(self, queue: PrintQueue, approval: ManagerApproval, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_PrinterSetupDialog()
        self.form.setupUi(self)
        self._queue, self._approval = queue, approval
        self.setWindowTitle(f"Receipts – {approval.manager.name}")
        self._fill_choices()
        line_up_captions(self)
        self.show_settings(queue.counter.settings)
        form = self.form
        form.printer_kind.currentIndexChanged.connect(form.printer_pages.setCurrentIndex)
        form.printer_pages.currentChanged.connect(lambda _: as_tall_as_its_page(form.printer_pages))
        as_tall_as_its_page(form.printer_pages)
        form.escpos_backend.currentIndexChanged.connect(self._show_target_hint)
        form.pdf_folder_choose.clicked.connect(self.choose_folder)
        form.business_logo_choose.clicked.connect(self.choose_logo)
        form.printer_test.clicked.connect(self.print_test_page)
        form.printer_save.clicked.connect(self.save)
        form.buttons.rejected.connect(self.reject)
        form.buttons.button(QDialogButtonBox.StandardButton.Close).setMinimumSize(140, 48)
        queue.test_page_done.connect(self._test_page_done)
        scroll_the_body(self, keep_last=3)  # taller than a 768-pixel screen: the choices scroll
        if not saves_to_file(queue.counter.settings):
            self._say(
                "The demo keeps these choices until it closes; a real counter saves them in settings.toml."
            )

    def _fill_choices(self) -> None:
        form = self.form
        for key, words in PRINTER_KINDS.items():
            form.printer_kind.addItem(words, key)
        for key, words in ESC_POS_BACKENDS.items():
            form.escpos_backend.addItem(words, key)
        for width, words in ROLL_WIDTHS.items():
            form.roll_width.addItem(words, width)
        printers = QPrinterInfo.availablePrinterNames()
        form.system_printer.addItems(printers)
        if not printers:
            # An empty list with no word would look broken: say why, and that a name can be typed.
            form.system_printer.lineEdit().setPlaceholderText(
                "No printer found on this computer; type its name"
            )

    def show_settings(self, settings: Settings) -> None:
        form, receipt, business = self.form, settings.receipt, settings.business
        form.printer_kind.setCurrentIndex(form.printer_kind.findData(receipt.printer))
        form.printer_pages.setCurrentIndex(form.printer_kind.currentIndex())
        form.pdf_folder.setText(receipt.pdf_folder)
        form.system_printer.setCurrentText(receipt.system_printer)
        form.escpos_backend.setCurrentIndex(form.escpos_backend.findData(receipt.escpos_backend))
        form.escpos_target.setText(receipt.escpos_target)
        form.cash_drawer.setChecked(receipt.cash_drawer)
        form.roll_width.setCurrentIndex(form.roll_width.findData(receipt.width_mm))
        form.receipt_footer.setText(receipt.footer)
        form.business_name.setText(business.name)
        form.business_address.setText(business.address)
        form.business_phone.setText(business.phone)
        form.business_tax_id.setText(business.tax_id)
        form.business_logo.setText(business.logo)
        self._show_target_hint()

    def chosen(self) -> ReceiptSettings:
        """The receipt settings as the form shows them now."""
        form = self.form
        return replace(
            self._queue.counter.settings.receipt,
            printer=str(form.printer_kind.currentData()),
            pdf_folder=form.pdf_folder.text(),
            system_printer=form.system_printer.currentText(),
            escpos_backend=str(form.escpos_backend.currentData()),
            escpos_target=form.escpos_target.text(),
            cash_drawer=form.cash_drawer.isChecked(),
            width_mm=int(form.roll_width.currentData()),
            footer=form.receipt_footer.text(),
        )

    def chosen_header(self) -> Business:
        """The receipt header as the form shows it now."""
        form = self.form
        return Business(
            name=form.business_name.text(),
            address=form.business_address.text(),
            phone=form.business_phone.text(),
            tax_id=form.business_tax_id.text(),
            logo=form.business_logo.text(),
        )

    def chosen_settings(self) -> Settings:
        return replace(self._queue.counter.settings, receipt=self.chosen(), business=self.chosen_header())

    @Slot()
    def _show_target_hint(self) -> None:
        self.form.escpos_target.setPlaceholderText(
            ESC_POS_TARGET_HINTS[str(self.form.escpos_backend.currentData())]
        )

    @classmethod
    def ask_folder(cls, parent: QWidget, start: str) -> str:
        """Asks for a folder; a test replaces this classmethod instead of clicking a file dialog."""
        return QFileDialog.getExistingDirectory(parent, "Folder for the receipt PDFs", start)

    @classmethod
    def ask_logo(cls, parent: QWidget, start: str) -> str:
        """Asks for the logo picture; a test replaces this classmethod instead of clicking a file dialog."""
        name, _ = QFileDialog.getOpenFileName(
            parent, "The logo for receipts", start, "Pictures (*.png *.jpg *.jpeg)"
        )
        return name

    @Slot()
    def choose_logo(self) -> None:
        logo = self.ask_logo(self, self.form.business_logo.text())
        if logo:
            self.form.business_logo.setText(logo)

    @Slot()
    def choose_folder(self) -> None:
        folder = self.ask_folder(self, self.form.pdf_folder.text())
        if folder:
            self.form.pdf_folder.setText(folder)

    @Slot()
    def print_test_page(self) -> None:
        """Send the test page with the choices on screen; the answer comes back in `_test_page_done`."""
        settings = self.chosen_settings()
        self.form.printer_test.setEnabled(False)  # one test page at a time
        self._say("Printing a test page…")
        self._queue.print_test_page(settings, self._approval.manager.name)

    @Slot(bool, str)
    def _test_page_done(self, printed: bool, detail: str) -> None:
        self.form.printer_test.setEnabled(True)
        if printed:
            self._say(f"The test page went to {detail}. If it looks right, press Save.")
        else:
            self._refuse(f"The test page did not print: {detail}")

    @Slot()
    def save(self) -> None:
        counter = self._queue.counter
        settings = attempt(
            lambda: change_receipt_settings(
                counter.db,
                counter.settings,
                self.chosen(),
                self.chosen_header(),
                manager_id=self._approval.manager.id,
                manager_pin=self._approval.pin,
                now=counter.now,
            ),
            "Saving the receipt printer",
            self._refuse,
            kept=NOTHING_CHANGED,
        )
        if isinstance(settings, Refused):
            return
        # Only the printer and the header change in force; the next receipt and the report read them.
        settings = replace(counter.settings, receipt=settings.receipt, business=settings.business)
        counter.setup.change(settings=settings)
        self.show_settings(settings)
        first = "Saved: the" if saves_to_file(settings) else "For this demo session, the"
        self._say(f"{first} next receipt goes to {self.destination(settings.receipt)}.")
        self.settings_saved.emit(settings)

    def destination(self, receipt: ReceiptSettings) -> str:
        """Where a receipt goes, in words: "a PDF in /srv/receipts", "the thermal printer at ..."."""
        if receipt.printer == "system":
            return f"the printer {receipt.system_printer}"
        if receipt.printer == "escpos":
            return f"the thermal printer at {receipt.escpos_target}"
        return f"a PDF in {receipt_folder(receipt, self._queue.counter.db_path)}"

    def _say(self, text: str) -> None:
        self.form.dialog_error.clear()
        self.form.settings_status.setText(text)

    def _refuse(self, text: str) -> None:
        self.form.settings_status.clear()
        self.form.dialog_error.setText(text)


def as_tall_as_its_page(pages: QStackedWidget) -> None:
    """The stack takes the height of the page shown, not of its tallest page.

    The ESC/POS page has four rows and the PDF folder page one: sized by the tallest, a PDF
    setup showed a hand's breadth of empty form between "Folder" and "Roll width".
    """
    for index in range(pages.count()):
        page = pages.widget(index)
        shown = index == pages.currentIndex()
        policy = QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
    pages.updateGeometry()  # the form asks the stack its size again


def open_printer_setup(
    parent: QWidget | None, queue: PrintQueue, preselect: int | None = None
) -> PrinterSetupDialog | None:
    """Ask a manager's PIN (`preselect`: the signed-in manager), then open the dialog, window-modal."""
    counter = queue.counter
    approval = ManagerApprovalDialog.ask_approval(
        parent, counter.db, counter.now, preselect, approving="Receipt printer and header"
    )
    if approval is None:
        return None
    dialog = PrinterSetupDialog(queue, approval, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    watch_manager_window(dialog, counter)  # closed at a lock, or when left untouched
    dialog.open()
    return dialog
