# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'new_customer.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject)
from PySide6.QtWidgets import (QCheckBox, QDialogButtonBox, QGridLayout,
    QLabel, QLineEdit, QVBoxLayout)

class Ui_NewCustomerDialog(object):
    def setupUi(self, NewCustomerDialog):
        if not NewCustomerDialog.objectName():
            NewCustomerDialog.setObjectName(u"NewCustomerDialog")
        NewCustomerDialog.resize(480, 320)
        NewCustomerDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(NewCustomerDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.fieldsGrid = QGridLayout()
        self.fieldsGrid.setObjectName(u"fieldsGrid")
        self.customer_name_caption = QLabel(NewCustomerDialog)
        self.customer_name_caption.setObjectName(u"customer_name_caption")

        self.fieldsGrid.addWidget(self.customer_name_caption, 0, 0, 1, 1)

        self.customer_name = QLineEdit(NewCustomerDialog)
        self.customer_name.setObjectName(u"customer_name")

        self.fieldsGrid.addWidget(self.customer_name, 0, 1, 1, 1)

        self.customer_plate_caption = QLabel(NewCustomerDialog)
        self.customer_plate_caption.setObjectName(u"customer_plate_caption")

        self.fieldsGrid.addWidget(self.customer_plate_caption, 1, 0, 1, 1)

        self.customer_plate = QLineEdit(NewCustomerDialog)
        self.customer_plate.setObjectName(u"customer_plate")

        self.fieldsGrid.addWidget(self.customer_plate, 1, 1, 1, 1)

        self.customer_card_caption = QLabel(NewCustomerDialog)
        self.customer_card_caption.setObjectName(u"customer_card_caption")

        self.fieldsGrid.addWidget(self.customer_card_caption, 2, 0, 1, 1)

        self.customer_card = QLineEdit(NewCustomerDialog)
        self.customer_card.setObjectName(u"customer_card")

        self.fieldsGrid.addWidget(self.customer_card, 2, 1, 1, 1)

        self.customer_phone_caption = QLabel(NewCustomerDialog)
        self.customer_phone_caption.setObjectName(u"customer_phone_caption")

        self.fieldsGrid.addWidget(self.customer_phone_caption, 3, 0, 1, 1)

        self.customer_phone = QLineEdit(NewCustomerDialog)
        self.customer_phone.setObjectName(u"customer_phone")

        self.fieldsGrid.addWidget(self.customer_phone, 3, 1, 1, 1)

        self.customer_email_caption = QLabel(NewCustomerDialog)
        self.customer_email_caption.setObjectName(u"customer_email_caption")

        self.fieldsGrid.addWidget(self.customer_email_caption, 4, 0, 1, 1)

        self.customer_email = QLineEdit(NewCustomerDialog)
        self.customer_email.setObjectName(u"customer_email")

        self.fieldsGrid.addWidget(self.customer_email, 4, 1, 1, 1)


        self.dialogLayout.addLayout(self.fieldsGrid)

        self.customer_consent = QCheckBox(NewCustomerDialog)
        self.customer_consent.setObjectName(u"customer_consent")

        self.dialogLayout.addWidget(self.customer_consent)

        self.dialog_error = QLabel(NewCustomerDialog)
        self.dialog_error.setObjectName(u"dialog_error")
        self.dialog_error.setWordWrap(True)

        self.dialogLayout.addWidget(self.dialog_error)

        self.buttons = QDialogButtonBox(NewCustomerDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttons)


        self.retranslateUi(NewCustomerDialog)

        QMetaObject.connectSlotsByName(NewCustomerDialog)
    # setupUi

    def retranslateUi(self, NewCustomerDialog):
        NewCustomerDialog.setWindowTitle(QCoreApplication.translate("NewCustomerDialog", u"New customer", None))
        self.customer_name_caption.setText(QCoreApplication.translate("NewCustomerDialog", u"Name", None))
#if QT_CONFIG(accessibility)
        self.customer_name.setAccessibleName(QCoreApplication.translate("NewCustomerDialog", u"Customer name", None))
#endif // QT_CONFIG(accessibility)
        self.customer_plate_caption.setText(QCoreApplication.translate("NewCustomerDialog", u"Licence plate", None))
#if QT_CONFIG(accessibility)
        self.customer_plate.setAccessibleName(QCoreApplication.translate("NewCustomerDialog", u"Licence plate", None))
#endif // QT_CONFIG(accessibility)
        self.customer_card_caption.setText(QCoreApplication.translate("NewCustomerDialog", u"Card number", None))
#if QT_CONFIG(accessibility)
        self.customer_card.setAccessibleName(QCoreApplication.translate("NewCustomerDialog", u"Membership or loyalty card number", None))
#endif // QT_CONFIG(accessibility)
        self.customer_card.setPlaceholderText(QCoreApplication.translate("NewCustomerDialog", u"Scan or type the card (optional)", None))
        self.customer_phone_caption.setText(QCoreApplication.translate("NewCustomerDialog", u"Phone", None))
#if QT_CONFIG(accessibility)
        self.customer_phone.setAccessibleName(QCoreApplication.translate("NewCustomerDialog", u"Phone number", None))
#endif // QT_CONFIG(accessibility)
        self.customer_email_caption.setText(QCoreApplication.translate("NewCustomerDialog", u"Email", None))
#if QT_CONFIG(accessibility)
        self.customer_email.setAccessibleName(QCoreApplication.translate("NewCustomerDialog", u"Email address", None))
#endif // QT_CONFIG(accessibility)
        self.customer_consent.setText(QCoreApplication.translate("NewCustomerDialog", u"Agrees to hear about offers", None))
#if QT_CONFIG(accessibility)
        self.customer_consent.setAccessibleName(QCoreApplication.translate("NewCustomerDialog", u"Agrees to hear about offers", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.dialog_error.setAccessibleName(QCoreApplication.translate("NewCustomerDialog", u"Problem with what was typed", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

