# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'customer_card.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QDialogButtonBox, QLabel, QLineEdit,
    QVBoxLayout)

class Ui_CustomerCardDialog(object):
    def setupUi(self, CustomerCardDialog):
        if not CustomerCardDialog.objectName():
            CustomerCardDialog.setObjectName(u"CustomerCardDialog")
        CustomerCardDialog.resize(560, 220)
        CustomerCardDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(CustomerCardDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.card_question = QLabel(CustomerCardDialog)
        self.card_question.setObjectName(u"card_question")
        self.card_question.setWordWrap(True)
        self.card_question.setTextFormat(Qt.TextFormat.PlainText)
        self.card_question.setStyleSheet(u"font-size: 18px; font-weight: 600;")

        self.dialogLayout.addWidget(self.card_question)

        self.card_hint = QLabel(CustomerCardDialog)
        self.card_hint.setObjectName(u"card_hint")
        self.card_hint.setWordWrap(True)

        self.dialogLayout.addWidget(self.card_hint)

        self.customer_card_number = QLineEdit(CustomerCardDialog)
        self.customer_card_number.setObjectName(u"customer_card_number")

        self.dialogLayout.addWidget(self.customer_card_number)

        self.dialog_error = QLabel(CustomerCardDialog)
        self.dialog_error.setObjectName(u"dialog_error")
        self.dialog_error.setWordWrap(True)

        self.dialogLayout.addWidget(self.dialog_error)

        self.buttons = QDialogButtonBox(CustomerCardDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttons)


        self.retranslateUi(CustomerCardDialog)

        QMetaObject.connectSlotsByName(CustomerCardDialog)
    # setupUi

    def retranslateUi(self, CustomerCardDialog):
        CustomerCardDialog.setWindowTitle(QCoreApplication.translate("CustomerCardDialog", u"Card number", None))
#if QT_CONFIG(accessibility)
        self.card_question.setAccessibleName(QCoreApplication.translate("CustomerCardDialog", u"Whose card this is", None))
#endif // QT_CONFIG(accessibility)
        self.card_hint.setText(QCoreApplication.translate("CustomerCardDialog", u"Scan the card or type its number; leave it empty to take the card away.", None))
#if QT_CONFIG(accessibility)
        self.customer_card_number.setAccessibleName(QCoreApplication.translate("CustomerCardDialog", u"Membership or loyalty card number", None))
#endif // QT_CONFIG(accessibility)
        self.customer_card_number.setPlaceholderText(QCoreApplication.translate("CustomerCardDialog", u"Scan or type the card; empty takes the card away", None))
#if QT_CONFIG(accessibility)
        self.dialog_error.setAccessibleName(QCoreApplication.translate("CustomerCardDialog", u"Problem with what was typed", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

