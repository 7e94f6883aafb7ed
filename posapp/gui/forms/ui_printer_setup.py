# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'printer_setup.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, QSize)
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialogButtonBox,
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QStackedWidget, QVBoxLayout, QWidget)

class Ui_PrinterSetupDialog(object):
    def setupUi(self, PrinterSetupDialog):
        if not PrinterSetupDialog.objectName():
            PrinterSetupDialog.setObjectName(u"PrinterSetupDialog")
        PrinterSetupDialog.resize(780, 740)
        PrinterSetupDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(PrinterSetupDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.printer_hint = QLabel(PrinterSetupDialog)
        self.printer_hint.setObjectName(u"printer_hint")
        self.printer_hint.setWordWrap(True)

        self.dialogLayout.addWidget(self.printer_hint)

        self.printerForm = QFormLayout()
        self.printerForm.setObjectName(u"printerForm")
        self.printerForm.setVerticalSpacing(4)
        self.printer_kind_caption = QLabel(PrinterSetupDialog)
        self.printer_kind_caption.setObjectName(u"printer_kind_caption")

        self.printerForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.printer_kind_caption)

        self.printer_kind = QComboBox(PrinterSetupDialog)
        self.printer_kind.setObjectName(u"printer_kind")

        self.printerForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.printer_kind)


        self.dialogLayout.addLayout(self.printerForm)

        self.printer_pages = QStackedWidget(PrinterSetupDialog)
        self.printer_pages.setObjectName(u"printer_pages")
        self.pdf_page = QWidget()
        self.pdf_page.setObjectName(u"pdf_page")
        self.pdfForm = QFormLayout(self.pdf_page)
        self.pdfForm.setObjectName(u"pdfForm")
        self.pdfForm.setVerticalSpacing(4)
        self.pdfForm.setContentsMargins(0, 0, 0, 0)
        self.pdf_folder_caption = QLabel(self.pdf_page)
        self.pdf_folder_caption.setObjectName(u"pdf_folder_caption")

        self.pdfForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.pdf_folder_caption)

        self.pdfFolderRow = QHBoxLayout()
        self.pdfFolderRow.setObjectName(u"pdfFolderRow")
        self.pdf_folder = QLineEdit(self.pdf_page)
        self.pdf_folder.setObjectName(u"pdf_folder")

        self.pdfFolderRow.addWidget(self.pdf_folder)

        self.pdf_folder_choose = QPushButton(self.pdf_page)
        self.pdf_folder_choose.setObjectName(u"pdf_folder_choose")

        self.pdfFolderRow.addWidget(self.pdf_folder_choose)


        self.pdfForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.pdfFolderRow)

        self.printer_pages.addWidget(self.pdf_page)
        self.system_page = QWidget()
        self.system_page.setObjectName(u"system_page")
        self.systemForm = QFormLayout(self.system_page)
        self.systemForm.setObjectName(u"systemForm")
        self.systemForm.setVerticalSpacing(4)
        self.systemForm.setContentsMargins(0, 0, 0, 0)
        self.system_printer_caption = QLabel(self.system_page)
        self.system_printer_caption.setObjectName(u"system_printer_caption")

        self.systemForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.system_printer_caption)

        self.system_printer = QComboBox(self.system_page)
        self.system_printer.setObjectName(u"system_printer")
        self.system_printer.setEditable(True)

        self.systemForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.system_printer)

        self.printer_pages.addWidget(self.system_page)
        self.escpos_page = QWidget()
        self.escpos_page.setObjectName(u"escpos_page")
        self.escposForm = QFormLayout(self.escpos_page)
        self.escposForm.setObjectName(u"escposForm")
        self.escposForm.setVerticalSpacing(4)
        self.escposForm.setContentsMargins(0, 0, 0, 0)
        self.escpos_backend_caption = QLabel(self.escpos_page)
        self.escpos_backend_caption.setObjectName(u"escpos_backend_caption")

        self.escposForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.escpos_backend_caption)

        self.escpos_backend = QComboBox(self.escpos_page)
        self.escpos_backend.setObjectName(u"escpos_backend")

        self.escposForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.escpos_backend)

        self.escpos_target_caption = QLabel(self.escpos_page)
        self.escpos_target_caption.setObjectName(u"escpos_target_caption")

        self.escposForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.escpos_target_caption)

        self.escpos_target = QLineEdit(self.escpos_page)
        self.escpos_target.setObjectName(u"escpos_target")

        self.escposForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.escpos_target)

        self.cash_drawer_caption = QLabel(self.escpos_page)
        self.cash_drawer_caption.setObjectName(u"cash_drawer_caption")

        self.escposForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.cash_drawer_caption)

        self.cash_drawer = QCheckBox(self.escpos_page)
        self.cash_drawer.setObjectName(u"cash_drawer")

        self.escposForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.cash_drawer)

        self.printer_pages.addWidget(self.escpos_page)

        self.dialogLayout.addWidget(self.printer_pages)

        self.receiptForm = QFormLayout()
        self.receiptForm.setObjectName(u"receiptForm")
        self.receiptForm.setVerticalSpacing(4)
        self.width_caption = QLabel(PrinterSetupDialog)
        self.width_caption.setObjectName(u"width_caption")

        self.receiptForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.width_caption)

        self.roll_width = QComboBox(PrinterSetupDialog)
        self.roll_width.setObjectName(u"roll_width")

        self.receiptForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.roll_width)


        self.dialogLayout.addLayout(self.receiptForm)

        self.header_title = QLabel(PrinterSetupDialog)
        self.header_title.setObjectName(u"header_title")
        self.header_title.setStyleSheet(u"font-weight: 600; margin-top: 10px;")

        self.dialogLayout.addWidget(self.header_title)

        self.header_box = QWidget(PrinterSetupDialog)
        self.header_box.setObjectName(u"header_box")
        self.headerForm = QFormLayout(self.header_box)
        self.headerForm.setObjectName(u"headerForm")
        self.headerForm.setVerticalSpacing(4)
        self.headerForm.setContentsMargins(0, 0, 0, 0)
        self.business_name_caption = QLabel(self.header_box)
        self.business_name_caption.setObjectName(u"business_name_caption")

        self.headerForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.business_name_caption)

        self.business_name = QLineEdit(self.header_box)
        self.business_name.setObjectName(u"business_name")
        self.business_name.setMaxLength(80)

        self.headerForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.business_name)

        self.business_address_caption = QLabel(self.header_box)
        self.business_address_caption.setObjectName(u"business_address_caption")

        self.headerForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.business_address_caption)

        self.business_address = QLineEdit(self.header_box)
        self.business_address.setObjectName(u"business_address")
        self.business_address.setMaxLength(120)

        self.headerForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.business_address)

        self.business_phone_caption = QLabel(self.header_box)
        self.business_phone_caption.setObjectName(u"business_phone_caption")

        self.headerForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.business_phone_caption)

        self.business_phone = QLineEdit(self.header_box)
        self.business_phone.setObjectName(u"business_phone")
        self.business_phone.setMaxLength(40)

        self.headerForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.business_phone)

        self.business_tax_id_caption = QLabel(self.header_box)
        self.business_tax_id_caption.setObjectName(u"business_tax_id_caption")

        self.headerForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.business_tax_id_caption)

        self.business_tax_id = QLineEdit(self.header_box)
        self.business_tax_id.setObjectName(u"business_tax_id")
        self.business_tax_id.setMaxLength(40)

        self.headerForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.business_tax_id)

        self.business_logo_caption = QLabel(self.header_box)
        self.business_logo_caption.setObjectName(u"business_logo_caption")

        self.headerForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.business_logo_caption)

        self.logoRow = QHBoxLayout()
        self.logoRow.setObjectName(u"logoRow")
        self.business_logo = QLineEdit(self.header_box)
        self.business_logo.setObjectName(u"business_logo")

        self.logoRow.addWidget(self.business_logo)

        self.business_logo_choose = QPushButton(self.header_box)
        self.business_logo_choose.setObjectName(u"business_logo_choose")

        self.logoRow.addWidget(self.business_logo_choose)


        self.headerForm.setLayout(4, QFormLayout.ItemRole.FieldRole, self.logoRow)

        self.footer_caption = QLabel(self.header_box)
        self.footer_caption.setObjectName(u"footer_caption")

        self.headerForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.footer_caption)

        self.receipt_footer = QLineEdit(self.header_box)
        self.receipt_footer.setObjectName(u"receipt_footer")
        self.receipt_footer.setMaxLength(200)

        self.headerForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.receipt_footer)


        self.dialogLayout.addWidget(self.header_box)

        self.dialog_error = QLabel(PrinterSetupDialog)
        self.dialog_error.setObjectName(u"dialog_error")
        self.dialog_error.setWordWrap(True)

        self.dialogLayout.addWidget(self.dialog_error)

        self.settings_status = QLabel(PrinterSetupDialog)
        self.settings_status.setObjectName(u"settings_status")
        self.settings_status.setWordWrap(True)

        self.dialogLayout.addWidget(self.settings_status)

        self.printerButtons = QHBoxLayout()
        self.printerButtons.setObjectName(u"printerButtons")
        self.printer_test = QPushButton(PrinterSetupDialog)
        self.printer_test.setObjectName(u"printer_test")
        self.printer_test.setMinimumSize(QSize(200, 48))

        self.printerButtons.addWidget(self.printer_test)

        self.printerButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.printerButtons.addItem(self.printerButtonsSpacer)

        self.printer_save = QPushButton(PrinterSetupDialog)
        self.printer_save.setObjectName(u"printer_save")
        self.printer_save.setMinimumSize(QSize(160, 48))

        self.printerButtons.addWidget(self.printer_save)

        self.buttons = QDialogButtonBox(PrinterSetupDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.printerButtons.addWidget(self.buttons)


        self.dialogLayout.addLayout(self.printerButtons)


        self.retranslateUi(PrinterSetupDialog)

        QMetaObject.connectSlotsByName(PrinterSetupDialog)
    # setupUi

    def retranslateUi(self, PrinterSetupDialog):
        PrinterSetupDialog.setWindowTitle(QCoreApplication.translate("PrinterSetupDialog", u"Receipts", None))
        self.printer_hint.setText(QCoreApplication.translate("PrinterSetupDialog", u"Where receipts go and what they say. Print a test page, then Save.", None))
        self.printer_kind_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Receipts go to", None))
#if QT_CONFIG(accessibility)
        self.printer_kind.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Where receipts go", None))
#endif // QT_CONFIG(accessibility)
        self.pdf_folder_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Folder", None))
        self.pdf_folder.setPlaceholderText(QCoreApplication.translate("PrinterSetupDialog", u"Empty: a \"receipts\" folder beside the database", None))
#if QT_CONFIG(accessibility)
        self.pdf_folder.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Folder the receipt PDFs are saved in", None))
#endif // QT_CONFIG(accessibility)
        self.pdf_folder_choose.setText(QCoreApplication.translate("PrinterSetupDialog", u"Choose\u2026", None))
#if QT_CONFIG(accessibility)
        self.pdf_folder_choose.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Choose the folder for receipt PDFs", None))
#endif // QT_CONFIG(accessibility)
        self.system_printer_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Printer", None))
#if QT_CONFIG(accessibility)
        self.system_printer.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Printer of this computer", None))
#endif // QT_CONFIG(accessibility)
        self.escpos_backend_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Connected by", None))
#if QT_CONFIG(accessibility)
        self.escpos_backend.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"How the thermal printer is connected", None))
#endif // QT_CONFIG(accessibility)
        self.escpos_target_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Address", None))
#if QT_CONFIG(accessibility)
        self.escpos_target.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Where the thermal printer is", None))
#endif // QT_CONFIG(accessibility)
        self.cash_drawer_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Cash drawer", None))
        self.cash_drawer.setText(QCoreApplication.translate("PrinterSetupDialog", u"Open the drawer after a cash payment", None))
#if QT_CONFIG(accessibility)
        self.cash_drawer.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Open the cash drawer after a cash payment", None))
#endif // QT_CONFIG(accessibility)
        self.width_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Roll width", None))
#if QT_CONFIG(accessibility)
        self.roll_width.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Width of the receipt roll", None))
#endif // QT_CONFIG(accessibility)
        self.header_title.setText(QCoreApplication.translate("PrinterSetupDialog", u"On every receipt", None))
        self.business_name_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Business name", None))
#if QT_CONFIG(accessibility)
        self.business_name.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"The business name at the top of every receipt", None))
#endif // QT_CONFIG(accessibility)
        self.business_address_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Address", None))
#if QT_CONFIG(accessibility)
        self.business_address.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"The business address on every receipt", None))
#endif // QT_CONFIG(accessibility)
        self.business_phone_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Phone", None))
#if QT_CONFIG(accessibility)
        self.business_phone.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"The business phone number on every receipt", None))
#endif // QT_CONFIG(accessibility)
        self.business_tax_id_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Tax number", None))
#if QT_CONFIG(accessibility)
        self.business_tax_id.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"The business tax number on every receipt", None))
#endif // QT_CONFIG(accessibility)
        self.business_logo_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Logo", None))
        self.business_logo.setPlaceholderText(QCoreApplication.translate("PrinterSetupDialog", u"Empty: no logo", None))
#if QT_CONFIG(accessibility)
        self.business_logo.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"The logo picture printed at the top of receipts", None))
#endif // QT_CONFIG(accessibility)
        self.business_logo_choose.setText(QCoreApplication.translate("PrinterSetupDialog", u"Choose\u2026", None))
#if QT_CONFIG(accessibility)
        self.business_logo_choose.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Choose the logo picture", None))
#endif // QT_CONFIG(accessibility)
        self.footer_caption.setText(QCoreApplication.translate("PrinterSetupDialog", u"Last line", None))
#if QT_CONFIG(accessibility)
        self.receipt_footer.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"The message printed at the foot of every receipt", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.dialog_error.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Problem with what was chosen", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.settings_status.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"What was last done", None))
#endif // QT_CONFIG(accessibility)
        self.printer_test.setText(QCoreApplication.translate("PrinterSetupDialog", u"Print a test page", None))
#if QT_CONFIG(accessibility)
        self.printer_test.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Print a test page with these choices", None))
#endif // QT_CONFIG(accessibility)
        self.printer_save.setText(QCoreApplication.translate("PrinterSetupDialog", u"Save", None))
#if QT_CONFIG(accessibility)
        self.printer_save.setAccessibleName(QCoreApplication.translate("PrinterSetupDialog", u"Save the receipt printer choices", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

