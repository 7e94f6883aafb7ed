# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'offer_panel.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton,
    QScrollArea, QVBoxLayout, QWidget)

class Ui_OfferPanel(object):
    def setupUi(self, OfferPanel):
        if not OfferPanel.objectName():
            OfferPanel.setObjectName(u"OfferPanel")
        OfferPanel.resize(420, 640)
        self.panelLayout = QVBoxLayout(OfferPanel)
        self.panelLayout.setSpacing(10)
        self.panelLayout.setObjectName(u"panelLayout")
        self.offer_moment = QLabel(OfferPanel)
        self.offer_moment.setObjectName(u"offer_moment")

        self.panelLayout.addWidget(self.offer_moment)

        self.offer_title = QLabel(OfferPanel)
        self.offer_title.setObjectName(u"offer_title")
        self.offer_title.setWordWrap(True)

        self.panelLayout.addWidget(self.offer_title)

        self.offer_price = QLabel(OfferPanel)
        self.offer_price.setObjectName(u"offer_price")

        self.panelLayout.addWidget(self.offer_price)

        self.scriptScroll = QScrollArea(OfferPanel)
        self.scriptScroll.setObjectName(u"scriptScroll")
        self.scriptScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scriptScroll.setWidgetResizable(True)
        self.scriptScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scriptContents = QWidget()
        self.scriptContents.setObjectName(u"scriptContents")
        self.scriptLayout = QVBoxLayout(self.scriptContents)
        self.scriptLayout.setObjectName(u"scriptLayout")
        self.scriptLayout.setContentsMargins(0, 0, 0, 0)
        self.offer_script = QLabel(self.scriptContents)
        self.offer_script.setObjectName(u"offer_script")
        self.offer_script.setWordWrap(True)
        self.offer_script.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignTop)
        self.offer_script.setTextFormat(Qt.TextFormat.PlainText)

        self.scriptLayout.addWidget(self.offer_script)

        self.offer_reasons = QLabel(self.scriptContents)
        self.offer_reasons.setObjectName(u"offer_reasons")
        self.offer_reasons.setWordWrap(True)
        self.offer_reasons.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignTop)
        self.offer_reasons.setTextFormat(Qt.TextFormat.PlainText)

        self.scriptLayout.addWidget(self.offer_reasons)

        self.scriptScroll.setWidget(self.scriptContents)

        self.panelLayout.addWidget(self.scriptScroll)

        self.answerRow = QHBoxLayout()
        self.answerRow.setSpacing(8)
        self.answerRow.setObjectName(u"answerRow")
        self.offer_accept = QPushButton(OfferPanel)
        self.offer_accept.setObjectName(u"offer_accept")

        self.answerRow.addWidget(self.offer_accept)

        self.offer_decline = QPushButton(OfferPanel)
        self.offer_decline.setObjectName(u"offer_decline")

        self.answerRow.addWidget(self.offer_decline)


        self.panelLayout.addLayout(self.answerRow)


        self.retranslateUi(OfferPanel)

        QMetaObject.connectSlotsByName(OfferPanel)
    # setupUi

    def retranslateUi(self, OfferPanel):
        self.offer_moment.setText(QCoreApplication.translate("OfferPanel", u"Suggest", None))
#if QT_CONFIG(accessibility)
        self.offer_moment.setAccessibleName(QCoreApplication.translate("OfferPanel", u"When this offer is made", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.offer_title.setAccessibleName(QCoreApplication.translate("OfferPanel", u"Offer", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.offer_price.setAccessibleName(QCoreApplication.translate("OfferPanel", u"Offer price difference", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.offer_script.setAccessibleName(QCoreApplication.translate("OfferPanel", u"Offer script to read to the customer", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.offer_reasons.setAccessibleName(QCoreApplication.translate("OfferPanel", u"Why nothing is offered", None))
#endif // QT_CONFIG(accessibility)
        self.offer_accept.setText(QCoreApplication.translate("OfferPanel", u"Accept\n"
"Enter", None))
#if QT_CONFIG(accessibility)
        self.offer_accept.setAccessibleName(QCoreApplication.translate("OfferPanel", u"Accept the offer", None))
#endif // QT_CONFIG(accessibility)
        self.offer_decline.setText(QCoreApplication.translate("OfferPanel", u"Decline\n"
"Esc", None))
#if QT_CONFIG(accessibility)
        self.offer_decline.setAccessibleName(QCoreApplication.translate("OfferPanel", u"Decline the offer", None))
#endif // QT_CONFIG(accessibility)
        pass
    # retranslateUi

