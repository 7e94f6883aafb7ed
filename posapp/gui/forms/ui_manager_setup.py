# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'manager_setup.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject)
from PySide6.QtWidgets import (QDialogButtonBox, QGridLayout, QLabel,
    QLineEdit, QVBoxLayout)

class Ui_ManagerSetupDialog(object):
    def setupUi(self, ManagerSetupDialog):
        if not ManagerSetupDialog.objectName():
            ManagerSetupDialog.setObjectName(u"ManagerSetupDialog")
        ManagerSetupDialog.resize(480, 320)
        ManagerSetupDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(ManagerSetupDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.fieldsGrid = QGridLayout()
        self.fieldsGrid.setObjectName(u"fieldsGrid")
        self.manager_name_caption = QLabel(ManagerSetupDialog)
        self.manager_name_caption.setObjectName(u"manager_name_caption")

        self.fieldsGrid.addWidget(self.manager_name_caption, 0, 0, 1, 1)

        self.manager_name = QLineEdit(ManagerSetupDialog)
        self.manager_name.setObjectName(u"manager_name")

        self.fieldsGrid.addWidget(self.manager_name, 0, 1, 1, 1)

        self.manager_pin_caption = QLabel(ManagerSetupDialog)
        self.manager_pin_caption.setObjectName(u"manager_pin_caption")

        self.fieldsGrid.addWidget(self.manager_pin_caption, 1, 0, 1, 1)

        self.manager_pin = QLineEdit(ManagerSetupDialog)
        self.manager_pin.setObjectName(u"manager_pin")
        self.manager_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.manager_pin.setMaxLength(8)

        self.fieldsGrid.addWidget(self.manager_pin, 1, 1, 1, 1)

        self.manager_pin_again_caption = QLabel(ManagerSetupDialog)
        self.manager_pin_again_caption.setObjectName(u"manager_pin_again_caption")

        self.fieldsGrid.addWidget(self.manager_pin_again_caption, 2, 0, 1, 1)

        self.manager_pin_again = QLineEdit(ManagerSetupDialog)
        self.manager_pin_again.setObjectName(u"manager_pin_again")
        self.manager_pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.manager_pin_again.setMaxLength(8)

        self.fieldsGrid.addWidget(self.manager_pin_again, 2, 1, 1, 1)


        self.dialogLayout.addLayout(self.fieldsGrid)

        self.dialog_error = QLabel(ManagerSetupDialog)
        self.dialog_error.setObjectName(u"dialog_error")
        self.dialog_error.setWordWrap(True)

        self.dialogLayout.addWidget(self.dialog_error)

        self.buttons = QDialogButtonBox(ManagerSetupDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttons)


        self.retranslateUi(ManagerSetupDialog)

        QMetaObject.connectSlotsByName(ManagerSetupDialog)
    # setupUi

    def retranslateUi(self, ManagerSetupDialog):
        ManagerSetupDialog.setWindowTitle(QCoreApplication.translate("ManagerSetupDialog", u"Set up the manager", None))
        self.manager_name_caption.setText(QCoreApplication.translate("ManagerSetupDialog", u"Manager name", None))
#if QT_CONFIG(accessibility)
        self.manager_name.setAccessibleName(QCoreApplication.translate("ManagerSetupDialog", u"Manager name", None))
#endif // QT_CONFIG(accessibility)
        self.manager_pin_caption.setText(QCoreApplication.translate("ManagerSetupDialog", u"PIN (4 to 8 digits)", None))
#if QT_CONFIG(accessibility)
        self.manager_pin.setAccessibleName(QCoreApplication.translate("ManagerSetupDialog", u"Manager PIN", None))
#endif // QT_CONFIG(accessibility)
        self.manager_pin_again_caption.setText(QCoreApplication.translate("ManagerSetupDialog", u"PIN again", None))
#if QT_CONFIG(accessibility)
        self.manager_pin_again.setAccessibleName(QCoreApplication.translate("ManagerSetupDialog", u"Manager PIN again", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.dialog_error.setAccessibleName(QCoreApplication.translate("ManagerSetupDialog", u"Problem with what was typed", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

