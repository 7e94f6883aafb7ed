# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'manager_settings.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox,
    QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
    QLabel, QPlainTextEdit, QPushButton, QSizePolicy,
    QSpacerItem, QTabWidget, QTableView, QVBoxLayout,
    QWidget)

class Ui_PricesAndScriptsDialog(object):
    def setupUi(self, PricesAndScriptsDialog):
        if not PricesAndScriptsDialog.objectName():
            PricesAndScriptsDialog.setObjectName(u"PricesAndScriptsDialog")
        PricesAndScriptsDialog.resize(900, 720)
        PricesAndScriptsDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(PricesAndScriptsDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.settings_tabs = QTabWidget(PricesAndScriptsDialog)
        self.settings_tabs.setObjectName(u"settings_tabs")
        self.prices_tab = QWidget()
        self.prices_tab.setObjectName(u"prices_tab")
        self.pricesLayout = QVBoxLayout(self.prices_tab)
        self.pricesLayout.setObjectName(u"pricesLayout")
        self.prices_hint = QLabel(self.prices_tab)
        self.prices_hint.setObjectName(u"prices_hint")
        self.prices_hint.setWordWrap(True)

        self.pricesLayout.addWidget(self.prices_hint)

        self.price_table = QTableView(self.prices_tab)
        self.price_table.setObjectName(u"price_table")
        self.price_table.setEditTriggers(QAbstractItemView.EditTrigger.CurrentChanged|QAbstractItemView.EditTrigger.SelectedClicked|QAbstractItemView.EditTrigger.DoubleClicked|QAbstractItemView.EditTrigger.EditKeyPressed|QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.price_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.price_table.setAlternatingRowColors(True)

        self.pricesLayout.addWidget(self.price_table)

        self.settings_tabs.addTab(self.prices_tab, "")
        self.scripts_tab = QWidget()
        self.scripts_tab.setObjectName(u"scripts_tab")
        self.scriptsLayout = QVBoxLayout(self.scripts_tab)
        self.scriptsLayout.setObjectName(u"scriptsLayout")
        self.scriptKeyRow = QHBoxLayout()
        self.scriptKeyRow.setObjectName(u"scriptKeyRow")
        self.script_key_caption = QLabel(self.scripts_tab)
        self.script_key_caption.setObjectName(u"script_key_caption")

        self.scriptKeyRow.addWidget(self.script_key_caption)

        self.script_key = QComboBox(self.scripts_tab)
        self.script_key.setObjectName(u"script_key")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.script_key.sizePolicy().hasHeightForWidth())
        self.script_key.setSizePolicy(sizePolicy)

        self.scriptKeyRow.addWidget(self.script_key)


        self.scriptsLayout.addLayout(self.scriptKeyRow)

        self.script_text = QPlainTextEdit(self.scripts_tab)
        self.script_text.setObjectName(u"script_text")
        self.script_text.setTabChangesFocus(True)
        self.script_text.setStyleSheet(u"font-size: 17px;")

        self.scriptsLayout.addWidget(self.script_text)

        self.script_placeholders = QLabel(self.scripts_tab)
        self.script_placeholders.setObjectName(u"script_placeholders")
        self.script_placeholders.setWordWrap(True)

        self.scriptsLayout.addWidget(self.script_placeholders)

        self.scriptButtons = QHBoxLayout()
        self.scriptButtons.setObjectName(u"scriptButtons")
        self.script_reset = QPushButton(self.scripts_tab)
        self.script_reset.setObjectName(u"script_reset")
        self.script_reset.setMinimumSize(QSize(180, 48))

        self.scriptButtons.addWidget(self.script_reset)

        self.scriptButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.scriptButtons.addItem(self.scriptButtonsSpacer)

        self.script_save = QPushButton(self.scripts_tab)
        self.script_save.setObjectName(u"script_save")
        self.script_save.setMinimumSize(QSize(180, 48))

        self.scriptButtons.addWidget(self.script_save)


        self.scriptsLayout.addLayout(self.scriptButtons)

        self.settings_tabs.addTab(self.scripts_tab, "")

        self.dialogLayout.addWidget(self.settings_tabs)

        self.dialog_error = QLabel(PricesAndScriptsDialog)
        self.dialog_error.setObjectName(u"dialog_error")
        self.dialog_error.setWordWrap(True)

        self.dialogLayout.addWidget(self.dialog_error)

        self.settings_status = QLabel(PricesAndScriptsDialog)
        self.settings_status.setObjectName(u"settings_status")
        self.settings_status.setWordWrap(True)

        self.dialogLayout.addWidget(self.settings_status)

        self.buttons = QDialogButtonBox(PricesAndScriptsDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.dialogLayout.addWidget(self.buttons)


        self.retranslateUi(PricesAndScriptsDialog)

        QMetaObject.connectSlotsByName(PricesAndScriptsDialog)
    # setupUi

    def retranslateUi(self, PricesAndScriptsDialog):
        PricesAndScriptsDialog.setWindowTitle(QCoreApplication.translate("PricesAndScriptsDialog", u"Prices and scripts", None))
#if QT_CONFIG(accessibility)
        self.settings_tabs.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Prices and scripts", None))
#endif // QT_CONFIG(accessibility)
        self.prices_hint.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Tap a price, type the new one and press Enter. New tickets use it; tickets already sold keep the price they were sold at.", None))
#if QT_CONFIG(accessibility)
        self.price_table.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Services and their prices", None))
#endif // QT_CONFIG(accessibility)
        self.settings_tabs.setTabText(self.settings_tabs.indexOf(self.prices_tab), QCoreApplication.translate("PricesAndScriptsDialog", u"Prices", None))
        self.script_key_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Script", None))
#if QT_CONFIG(accessibility)
        self.script_key.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Which offer script", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.script_text.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Script text", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.script_placeholders.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Placeholders a script may use", None))
#endif // QT_CONFIG(accessibility)
        self.script_reset.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Reset to default", None))
#if QT_CONFIG(accessibility)
        self.script_reset.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Reset the script to the shipped default", None))
#endif // QT_CONFIG(accessibility)
        self.script_save.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Save script", None))
#if QT_CONFIG(accessibility)
        self.script_save.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Save the script", None))
#endif // QT_CONFIG(accessibility)
        self.settings_tabs.setTabText(self.settings_tabs.indexOf(self.scripts_tab), QCoreApplication.translate("PricesAndScriptsDialog", u"Offer scripts", None))
#if QT_CONFIG(accessibility)
        self.dialog_error.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Problem with what was typed", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.settings_status.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"What was last changed", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

