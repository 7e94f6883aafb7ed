# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'checkout_page.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFrame,
    QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy,
    QSpacerItem, QTableView, QVBoxLayout, QWidget)

class Ui_CheckoutPage(object):
    def setupUi(self, CheckoutPage):
        if not CheckoutPage.objectName():
            CheckoutPage.setObjectName(u"CheckoutPage")
        CheckoutPage.resize(1280, 800)
        self.pageLayout = QVBoxLayout(CheckoutPage)
        self.pageLayout.setSpacing(10)
        self.pageLayout.setObjectName(u"pageLayout")
        self.topBar = QHBoxLayout()
        self.topBar.setSpacing(8)
        self.topBar.setObjectName(u"topBar")
        self.cashier_label = QLabel(CheckoutPage)
        self.cashier_label.setObjectName(u"cashier_label")

        self.topBar.addWidget(self.cashier_label)

        self.topSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.topBar.addItem(self.topSpacer)

        self.customer_question = QPushButton(CheckoutPage)
        self.customer_question.setObjectName(u"customer_question")

        self.topBar.addWidget(self.customer_question)

        self.log_complaint = QPushButton(CheckoutPage)
        self.log_complaint.setObjectName(u"log_complaint")

        self.topBar.addWidget(self.log_complaint)

        self.resolve_complaints = QPushButton(CheckoutPage)
        self.resolve_complaints.setObjectName(u"resolve_complaints")

        self.topBar.addWidget(self.resolve_complaints)

        self.lock_screen = QPushButton(CheckoutPage)
        self.lock_screen.setObjectName(u"lock_screen")

        self.topBar.addWidget(self.lock_screen)


        self.pageLayout.addLayout(self.topBar)

        self.columns = QHBoxLayout()
        self.columns.setSpacing(12)
        self.columns.setObjectName(u"columns")
        self.leftScroll = QScrollArea(CheckoutPage)
        self.leftScroll.setObjectName(u"leftScroll")
        self.leftScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.leftScroll.setWidgetResizable(True)
        self.leftScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.leftPane = QWidget()
        self.leftPane.setObjectName(u"leftPane")
        self.leftColumn = QVBoxLayout(self.leftPane)
        self.leftColumn.setSpacing(8)
        self.leftColumn.setObjectName(u"leftColumn")
        self.leftColumn.setContentsMargins(0, 0, 0, 0)
        self.customerHost = QWidget(self.leftPane)
        self.customerHost.setObjectName(u"customerHost")

        self.leftColumn.addWidget(self.customerHost)

        self.flagsRow = QHBoxLayout()
        self.flagsRow.setSpacing(6)
        self.flagsRow.setObjectName(u"flagsRow")
        self.flag_complaint = QPushButton(self.leftPane)
        self.flag_complaint.setObjectName(u"flag_complaint")
        self.flag_complaint.setCheckable(True)

        self.flagsRow.addWidget(self.flag_complaint)

        self.flag_budget = QPushButton(self.leftPane)
        self.flag_budget.setObjectName(u"flag_budget")
        self.flag_budget.setCheckable(True)

        self.flagsRow.addWidget(self.flag_budget)

        self.flag_undecided = QPushButton(self.leftPane)
        self.flag_undecided.setObjectName(u"flag_undecided")
        self.flag_undecided.setCheckable(True)

        self.flagsRow.addWidget(self.flag_undecided)


        self.leftColumn.addLayout(self.flagsRow)

        self.remember_budget = QCheckBox(self.leftPane)
        self.remember_budget.setObjectName(u"remember_budget")

        self.leftColumn.addWidget(self.remember_budget)

        self.washHost = QWidget(self.leftPane)
        self.washHost.setObjectName(u"washHost")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(1)
        sizePolicy.setHeightForWidth(self.washHost.sizePolicy().hasHeightForWidth())
        self.washHost.setSizePolicy(sizePolicy)

        self.leftColumn.addWidget(self.washHost)

        self.leftScroll.setWidget(self.leftPane)

        self.columns.addWidget(self.leftScroll)

        self.middleColumn = QVBoxLayout()
        self.middleColumn.setSpacing(8)
        self.middleColumn.setObjectName(u"middleColumn")
        self.ticket_table = QTableView(CheckoutPage)
        self.ticket_table.setObjectName(u"ticket_table")
        self.ticket_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ticket_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.ticket_table.setShowGrid(False)
        self.ticket_table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.middleColumn.addWidget(self.ticket_table)

        self.lineButtons = QHBoxLayout()
        self.lineButtons.setObjectName(u"lineButtons")
        self.remove_line = QPushButton(CheckoutPage)
        self.remove_line.setObjectName(u"remove_line")

        self.lineButtons.addWidget(self.remove_line)

        self.clear_ticket = QPushButton(CheckoutPage)
        self.clear_ticket.setObjectName(u"clear_ticket")

        self.lineButtons.addWidget(self.clear_ticket)


        self.middleColumn.addLayout(self.lineButtons)

        self.totalsGrid = QGridLayout()
        self.totalsGrid.setObjectName(u"totalsGrid")
        self.subtotal_caption = QLabel(CheckoutPage)
        self.subtotal_caption.setObjectName(u"subtotal_caption")

        self.totalsGrid.addWidget(self.subtotal_caption, 0, 0, 1, 1)

        self.subtotal_label = QLabel(CheckoutPage)
        self.subtotal_label.setObjectName(u"subtotal_label")
        self.subtotal_label.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.totalsGrid.addWidget(self.subtotal_label, 0, 1, 1, 1)

        self.tax_caption = QLabel(CheckoutPage)
        self.tax_caption.setObjectName(u"tax_caption")

        self.totalsGrid.addWidget(self.tax_caption, 1, 0, 1, 1)

        self.tax_label = QLabel(CheckoutPage)
        self.tax_label.setObjectName(u"tax_label")
        self.tax_label.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.totalsGrid.addWidget(self.tax_label, 1, 1, 1, 1)

        self.total_caption = QLabel(CheckoutPage)
        self.total_caption.setObjectName(u"total_caption")

        self.totalsGrid.addWidget(self.total_caption, 2, 0, 1, 1)

        self.ticket_total = QLabel(CheckoutPage)
        self.ticket_total.setObjectName(u"ticket_total")
        self.ticket_total.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.totalsGrid.addWidget(self.ticket_total, 2, 1, 1, 1)


        self.middleColumn.addLayout(self.totalsGrid)

        self.payRow = QHBoxLayout()
        self.payRow.setSpacing(6)
        self.payRow.setObjectName(u"payRow")
        self.pay_cash = QPushButton(CheckoutPage)
        self.pay_cash.setObjectName(u"pay_cash")
        self.pay_cash.setCheckable(True)

        self.payRow.addWidget(self.pay_cash)

        self.pay_card = QPushButton(CheckoutPage)
        self.pay_card.setObjectName(u"pay_card")
        self.pay_card.setCheckable(True)

        self.payRow.addWidget(self.pay_card)

        self.pay_membership = QPushButton(CheckoutPage)
        self.pay_membership.setObjectName(u"pay_membership")
        self.pay_membership.setCheckable(True)

        self.payRow.addWidget(self.pay_membership)


        self.middleColumn.addLayout(self.payRow)

        self.complete_sale = QPushButton(CheckoutPage)
        self.complete_sale.setObjectName(u"complete_sale")

        self.middleColumn.addWidget(self.complete_sale)


        self.columns.addLayout(self.middleColumn)

        self.offerHost = QWidget(CheckoutPage)
        self.offerHost.setObjectName(u"offerHost")

        self.columns.addWidget(self.offerHost)

        self.columns.setStretch(0, 5)
        self.columns.setStretch(1, 3)
        self.columns.setStretch(2, 4)

        self.pageLayout.addLayout(self.columns)


        self.retranslateUi(CheckoutPage)

        QMetaObject.connectSlotsByName(CheckoutPage)
    # setupUi

    def retranslateUi(self, CheckoutPage):
#if QT_CONFIG(accessibility)
        CheckoutPage.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Checkout", None))
#endif // QT_CONFIG(accessibility)
        self.cashier_label.setText(QCoreApplication.translate("CheckoutPage", u"Cashier", None))
#if QT_CONFIG(accessibility)
        self.cashier_label.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Signed-in cashier", None))
#endif // QT_CONFIG(accessibility)
        self.customer_question.setText(QCoreApplication.translate("CheckoutPage", u"Customer question", None))
#if QT_CONFIG(tooltip)
        self.customer_question.setToolTip(QCoreApplication.translate("CheckoutPage", u"The customer asks something (no sale): see if a better plan would help them", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.customer_question.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Customer question", None))
#endif // QT_CONFIG(accessibility)
        self.log_complaint.setText(QCoreApplication.translate("CheckoutPage", u"Log complaint", None))
#if QT_CONFIG(accessibility)
        self.log_complaint.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Log a complaint", None))
#endif // QT_CONFIG(accessibility)
        self.resolve_complaints.setText(QCoreApplication.translate("CheckoutPage", u"Resolve complaint", None))
#if QT_CONFIG(tooltip)
        self.resolve_complaints.setToolTip(QCoreApplication.translate("CheckoutPage", u"A manager closes the customer's open complaints", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.resolve_complaints.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Resolve complaints (manager)", None))
#endif // QT_CONFIG(accessibility)
        self.lock_screen.setText(QCoreApplication.translate("CheckoutPage", u"Lock (Ctrl+L)", None))
#if QT_CONFIG(accessibility)
        self.lock_screen.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Lock the screen", None))
#endif // QT_CONFIG(accessibility)
        self.flag_complaint.setText(QCoreApplication.translate("CheckoutPage", u"Has a complaint", None))
#if QT_CONFIG(accessibility)
        self.flag_complaint.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Has a complaint", None))
#endif // QT_CONFIG(accessibility)
        self.flag_budget.setText(QCoreApplication.translate("CheckoutPage", u"Money is tight", None))
#if QT_CONFIG(accessibility)
        self.flag_budget.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Money is tight", None))
#endif // QT_CONFIG(accessibility)
        self.flag_undecided.setText(QCoreApplication.translate("CheckoutPage", u"Undecided", None))
#if QT_CONFIG(accessibility)
        self.flag_undecided.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Undecided", None))
#endif // QT_CONFIG(accessibility)
        self.remember_budget.setText(QCoreApplication.translate("CheckoutPage", u"Remember \"money is tight\" for this customer", None))
#if QT_CONFIG(accessibility)
        self.remember_budget.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Remember money is tight for this customer", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.ticket_table.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Ticket lines", None))
#endif // QT_CONFIG(accessibility)
        self.remove_line.setText(QCoreApplication.translate("CheckoutPage", u"Remove line\n"
"Del", None))
#if QT_CONFIG(accessibility)
        self.remove_line.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Remove the selected line", None))
#endif // QT_CONFIG(accessibility)
        self.clear_ticket.setText(QCoreApplication.translate("CheckoutPage", u"Clear\n"
"ticket", None))
#if QT_CONFIG(accessibility)
        self.clear_ticket.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Clear the whole ticket and start again", None))
#endif // QT_CONFIG(accessibility)
        self.subtotal_caption.setText(QCoreApplication.translate("CheckoutPage", u"Subtotal", None))
#if QT_CONFIG(accessibility)
        self.subtotal_label.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Subtotal", None))
#endif // QT_CONFIG(accessibility)
        self.tax_caption.setText(QCoreApplication.translate("CheckoutPage", u"Tax", None))
#if QT_CONFIG(accessibility)
        self.tax_label.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Tax", None))
#endif // QT_CONFIG(accessibility)
        self.total_caption.setText(QCoreApplication.translate("CheckoutPage", u"Total", None))
#if QT_CONFIG(accessibility)
        self.ticket_total.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Ticket total", None))
#endif // QT_CONFIG(accessibility)
        self.pay_cash.setText(QCoreApplication.translate("CheckoutPage", u"Cash\n"
"F5", None))
#if QT_CONFIG(accessibility)
        self.pay_cash.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Pay by cash", None))
#endif // QT_CONFIG(accessibility)
        self.pay_card.setText(QCoreApplication.translate("CheckoutPage", u"Card\n"
"F6", None))
#if QT_CONFIG(accessibility)
        self.pay_card.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Pay by card", None))
#endif // QT_CONFIG(accessibility)
        self.pay_membership.setText(QCoreApplication.translate("CheckoutPage", u"Club wash\n"
"F7", None))
#if QT_CONFIG(accessibility)
        self.pay_membership.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Redeem the membership wash", None))
#endif // QT_CONFIG(accessibility)
        self.complete_sale.setText(QCoreApplication.translate("CheckoutPage", u"Complete sale\n"
"Ctrl+Enter", None))
#if QT_CONFIG(accessibility)
        self.complete_sale.setAccessibleName(QCoreApplication.translate("CheckoutPage", u"Complete the sale", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

