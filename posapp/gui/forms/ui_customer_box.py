# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'customer_box.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel,
    QLineEdit, QListView, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout)

class Ui_CustomerBox(object):
    def setupUi(self, CustomerBox):
        if not CustomerBox.objectName():
            CustomerBox.setObjectName(u"CustomerBox")
        CustomerBox.resize(420, 260)
        self.boxLayout = QVBoxLayout(CustomerBox)
        self.boxLayout.setSpacing(6)
        self.boxLayout.setObjectName(u"boxLayout")
        self.boxLayout.setContentsMargins(0, 0, 0, 0)
        self.searchRow = QHBoxLayout()
        self.searchRow.setObjectName(u"searchRow")
        self.customer_search = QLineEdit(CustomerBox)
        self.customer_search.setObjectName(u"customer_search")
        self.customer_search.setClearButtonEnabled(True)

        self.searchRow.addWidget(self.customer_search)

        self.new_customer = QPushButton(CustomerBox)
        self.new_customer.setObjectName(u"new_customer")

        self.searchRow.addWidget(self.new_customer)


        self.boxLayout.addLayout(self.searchRow)

        self.customer_hits = QListView(CustomerBox)
        self.customer_hits.setObjectName(u"customer_hits")
        self.customer_hits.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.customer_hits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.boxLayout.addWidget(self.customer_hits)

        self.badgeRow = QHBoxLayout()
        self.badgeRow.setObjectName(u"badgeRow")
        self.customer_badge = QLabel(CustomerBox)
        self.customer_badge.setObjectName(u"customer_badge")
        self.customer_badge.setWordWrap(True)

        self.badgeRow.addWidget(self.customer_badge)


        self.boxLayout.addLayout(self.badgeRow)

        self.planRow = QHBoxLayout()
        self.planRow.setObjectName(u"planRow")
        self.plan_sell = QPushButton(CustomerBox)
        self.plan_sell.setObjectName(u"plan_sell")

        self.planRow.addWidget(self.plan_sell)

        self.plan_renew = QPushButton(CustomerBox)
        self.plan_renew.setObjectName(u"plan_renew")

        self.planRow.addWidget(self.plan_renew)

        self.plan_upgrade = QPushButton(CustomerBox)
        self.plan_upgrade.setObjectName(u"plan_upgrade")

        self.planRow.addWidget(self.plan_upgrade)

        self.planSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.planRow.addItem(self.planSpacer)

        self.walk_in = QPushButton(CustomerBox)
        self.walk_in.setObjectName(u"walk_in")

        self.planRow.addWidget(self.walk_in)


        self.boxLayout.addLayout(self.planRow)


        self.retranslateUi(CustomerBox)

        QMetaObject.connectSlotsByName(CustomerBox)
    # setupUi

    def retranslateUi(self, CustomerBox):
        self.customer_search.setPlaceholderText(QCoreApplication.translate("CustomerBox", u"Plate, phone, name or card", None))
#if QT_CONFIG(accessibility)
        self.customer_search.setAccessibleName(QCoreApplication.translate("CustomerBox", u"Find a customer by plate, phone, name or card number", None))
#endif // QT_CONFIG(accessibility)
        self.new_customer.setText(QCoreApplication.translate("CustomerBox", u"New", None))
#if QT_CONFIG(tooltip)
        self.new_customer.setToolTip(QCoreApplication.translate("CustomerBox", u"Add a new customer", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.new_customer.setAccessibleName(QCoreApplication.translate("CustomerBox", u"Add a new customer", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.customer_hits.setAccessibleName(QCoreApplication.translate("CustomerBox", u"Customers found", None))
#endif // QT_CONFIG(accessibility)
        self.customer_badge.setText(QCoreApplication.translate("CustomerBox", u"Walk-in customer", None))
#if QT_CONFIG(accessibility)
        self.customer_badge.setAccessibleName(QCoreApplication.translate("CustomerBox", u"Customer on this ticket", None))
#endif // QT_CONFIG(accessibility)
        self.plan_sell.setText(QCoreApplication.translate("CustomerBox", u"Sell a plan", None))
#if QT_CONFIG(tooltip)
        self.plan_sell.setToolTip(QCoreApplication.translate("CustomerBox", u"Sell this customer a membership plan (its first month goes on the ticket)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.plan_sell.setAccessibleName(QCoreApplication.translate("CustomerBox", u"Sell a membership plan", None))
#endif // QT_CONFIG(accessibility)
        self.plan_renew.setText(QCoreApplication.translate("CustomerBox", u"Renew", None))
#if QT_CONFIG(tooltip)
        self.plan_renew.setToolTip(QCoreApplication.translate("CustomerBox", u"Renew the membership for one more month (on the ticket at the plan's price)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.plan_renew.setAccessibleName(QCoreApplication.translate("CustomerBox", u"Renew the membership", None))
#endif // QT_CONFIG(accessibility)
        self.plan_upgrade.setText(QCoreApplication.translate("CustomerBox", u"Upgrade", None))
#if QT_CONFIG(tooltip)
        self.plan_upgrade.setToolTip(QCoreApplication.translate("CustomerBox", u"Move the membership to the next plan up (the difference for this month on the ticket)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.plan_upgrade.setAccessibleName(QCoreApplication.translate("CustomerBox", u"Upgrade the membership", None))
#endif // QT_CONFIG(accessibility)
        self.walk_in.setText(QCoreApplication.translate("CustomerBox", u"Walk-in", None))
#if QT_CONFIG(tooltip)
        self.walk_in.setToolTip(QCoreApplication.translate("CustomerBox", u"Take the customer off this ticket", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.walk_in.setAccessibleName(QCoreApplication.translate("CustomerBox", u"Make this a walk-in ticket", None))
#endif // QT_CONFIG(accessibility)
        pass
    # retranslateUi

