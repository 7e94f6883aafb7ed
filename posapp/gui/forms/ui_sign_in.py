# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'sign_in.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, QSize)
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout)

class Ui_SignIn(object):
    def setupUi(self, SignIn):
        if not SignIn.objectName():
            SignIn.setObjectName(u"SignIn")
        SignIn.resize(800, 600)
        self.outerLayout = QVBoxLayout(SignIn)
        self.outerLayout.setObjectName(u"outerLayout")
        self.topSpacer = QSpacerItem(10, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.topSpacer)

        self.centreLayout = QHBoxLayout()
        self.centreLayout.setObjectName(u"centreLayout")
        self.leftSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centreLayout.addItem(self.leftSpacer)

        self.signInCard = QFrame(SignIn)
        self.signInCard.setObjectName(u"signInCard")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.signInCard.sizePolicy().hasHeightForWidth())
        self.signInCard.setSizePolicy(sizePolicy)
        self.signInCard.setMaximumSize(QSize(520, 16777215))
        self.cardLayout = QVBoxLayout(self.signInCard)
        self.cardLayout.setSpacing(12)
        self.cardLayout.setObjectName(u"cardLayout")
        self.sign_in_title = QLabel(self.signInCard)
        self.sign_in_title.setObjectName(u"sign_in_title")

        self.cardLayout.addWidget(self.sign_in_title)

        self.login_cashier = QComboBox(self.signInCard)
        self.login_cashier.setObjectName(u"login_cashier")

        self.cardLayout.addWidget(self.login_cashier)

        self.login_pin = QLineEdit(self.signInCard)
        self.login_pin.setObjectName(u"login_pin")
        self.login_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_pin.setMaxLength(8)

        self.cardLayout.addWidget(self.login_pin)

        self.sign_in_button = QPushButton(self.signInCard)
        self.sign_in_button.setObjectName(u"sign_in_button")

        self.cardLayout.addWidget(self.sign_in_button)

        self.sign_in_error = QLabel(self.signInCard)
        self.sign_in_error.setObjectName(u"sign_in_error")
        self.sign_in_error.setWordWrap(True)

        self.cardLayout.addWidget(self.sign_in_error)


        self.centreLayout.addWidget(self.signInCard)

        self.rightSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centreLayout.addItem(self.rightSpacer)


        self.outerLayout.addLayout(self.centreLayout)

        self.bottomSpacer = QSpacerItem(10, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.bottomSpacer)


        self.retranslateUi(SignIn)

        QMetaObject.connectSlotsByName(SignIn)
    # setupUi

    def retranslateUi(self, SignIn):
#if QT_CONFIG(accessibility)
        SignIn.setAccessibleName(QCoreApplication.translate("SignIn", u"Sign in", None))
#endif // QT_CONFIG(accessibility)
        self.sign_in_title.setText(QCoreApplication.translate("SignIn", u"Who is at the counter?", None))
#if QT_CONFIG(accessibility)
        self.login_cashier.setAccessibleName(QCoreApplication.translate("SignIn", u"Cashier name", None))
#endif // QT_CONFIG(accessibility)
        self.login_pin.setPlaceholderText(QCoreApplication.translate("SignIn", u"PIN", None))
#if QT_CONFIG(accessibility)
        self.login_pin.setAccessibleName(QCoreApplication.translate("SignIn", u"PIN", None))
#endif // QT_CONFIG(accessibility)
        self.sign_in_button.setText(QCoreApplication.translate("SignIn", u"Sign in", None))
#if QT_CONFIG(accessibility)
        self.sign_in_button.setAccessibleName(QCoreApplication.translate("SignIn", u"Sign in", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sign_in_error.setAccessibleName(QCoreApplication.translate("SignIn", u"Sign-in problem", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

