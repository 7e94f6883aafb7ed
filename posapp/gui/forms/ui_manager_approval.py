# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'manager_approval.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QGridLayout,
    QLabel, QLineEdit, QVBoxLayout)

class Ui_ManagerApprovalDialog(object):
    def setupUi(self, ManagerApprovalDialog):
        if not ManagerApprovalDialog.objectName():
            ManagerApprovalDialog.setObjectName(u"ManagerApprovalDialog")
        ManagerApprovalDialog.resize(480, 320)
        ManagerApprovalDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(ManagerApprovalDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.approval_what = QLabel(ManagerApprovalDialog)
        self.approval_what.setObjectName(u"approval_what")
        self.approval_what.setWordWrap(True)
        self.approval_what.setTextFormat(Qt.TextFormat.PlainText)
        self.approval_what.setStyleSheet(u"font-size: 18px; font-weight: 600;")

        self.dialogLayout.addWidget(self.approval_what)

        self.fieldsGrid = QGridLayout()
        self.fieldsGrid.setObjectName(u"fieldsGrid")
        self.approval_manager_caption = QLabel(ManagerApprovalDialog)
        self.approval_manager_caption.setObjectName(u"approval_manager_caption")

        self.fieldsGrid.addWidget(self.approval_manager_caption, 0, 0, 1, 1)

        self.approval_manager = QComboBox(ManagerApprovalDialog)
        self.approval_manager.setObjectName(u"approval_manager")

        self.fieldsGrid.addWidget(self.approval_manager, 0, 1, 1, 1)

        self.approval_pin_caption = QLabel(ManagerApprovalDialog)
        self.approval_pin_caption.setObjectName(u"approval_pin_caption")

        self.fieldsGrid.addWidget(self.approval_pin_caption, 1, 0, 1, 1)

        self.approval_pin = QLineEdit(ManagerApprovalDialog)
        self.approval_pin.setObjectName(u"approval_pin")
        self.approval_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.approval_pin.setMaxLength(8)

        self.fieldsGrid.addWidget(self.approval_pin, 1, 1, 1, 1)


        self.dialogLayout.addLayout(self.fieldsGrid)

        self.dialog_error = QLabel(ManagerApprovalDialog)
        self.dialog_error.setObjectName(u"dialog_error")
        self.dialog_error.setWordWrap(True)

        self.dialogLayout.addWidget(self.dialog_error)

        self.buttons = QDialogButtonBox(ManagerApprovalDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttons)


        self.retranslateUi(ManagerApprovalDialog)

        QMetaObject.connectSlotsByName(ManagerApprovalDialog)
    # setupUi

    def retranslateUi(self, ManagerApprovalDialog):
        ManagerApprovalDialog.setWindowTitle(QCoreApplication.translate("ManagerApprovalDialog", u"Manager approval", None))
#if QT_CONFIG(accessibility)
        self.approval_what.setAccessibleName(QCoreApplication.translate("ManagerApprovalDialog", u"What is being approved", None))
#endif // QT_CONFIG(accessibility)
        self.approval_manager_caption.setText(QCoreApplication.translate("ManagerApprovalDialog", u"Manager", None))
#if QT_CONFIG(accessibility)
        self.approval_manager.setAccessibleName(QCoreApplication.translate("ManagerApprovalDialog", u"Manager name", None))
#endif // QT_CONFIG(accessibility)
        self.approval_pin_caption.setText(QCoreApplication.translate("ManagerApprovalDialog", u"PIN", None))
#if QT_CONFIG(accessibility)
        self.approval_pin.setAccessibleName(QCoreApplication.translate("ManagerApprovalDialog", u"Manager PIN", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.dialog_error.setAccessibleName(QCoreApplication.translate("ManagerApprovalDialog", u"Problem with what was typed", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

