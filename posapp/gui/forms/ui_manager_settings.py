# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'manager_settings.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, QSize, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QComboBox,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem, QSpinBox,
    QTabWidget, QTableView, QVBoxLayout, QWidget)

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
        self.price_table.setEditTriggers(QAbstractItemView.EditTrigger.SelectedClicked|QAbstractItemView.EditTrigger.DoubleClicked|QAbstractItemView.EditTrigger.EditKeyPressed|QAbstractItemView.EditTrigger.AnyKeyPressed)
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
        self.rules_tab = QWidget()
        self.rules_tab.setObjectName(u"rules_tab")
        self.rulesLayout = QVBoxLayout(self.rules_tab)
        self.rulesLayout.setObjectName(u"rulesLayout")
        self.rules_hint = QLabel(self.rules_tab)
        self.rules_hint.setObjectName(u"rules_hint")
        self.rules_hint.setWordWrap(True)

        self.rulesLayout.addWidget(self.rules_hint)

        self.rulesForm = QFormLayout()
        self.rulesForm.setObjectName(u"rulesForm")
        self.rule_cooldown_days_caption = QLabel(self.rules_tab)
        self.rule_cooldown_days_caption.setObjectName(u"rule_cooldown_days_caption")

        self.rulesForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.rule_cooldown_days_caption)

        self.rule_cooldown_days = QSpinBox(self.rules_tab)
        self.rule_cooldown_days.setObjectName(u"rule_cooldown_days")
        self.rule_cooldown_days.setMinimum(0)
        self.rule_cooldown_days.setMaximum(3650)

        self.rulesForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.rule_cooldown_days)

        self.rule_decline_pause_days_caption = QLabel(self.rules_tab)
        self.rule_decline_pause_days_caption.setObjectName(u"rule_decline_pause_days_caption")

        self.rulesForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.rule_decline_pause_days_caption)

        self.rule_decline_pause_days = QSpinBox(self.rules_tab)
        self.rule_decline_pause_days.setObjectName(u"rule_decline_pause_days")
        self.rule_decline_pause_days.setMinimum(0)
        self.rule_decline_pause_days.setMaximum(3650)

        self.rulesForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.rule_decline_pause_days)

        self.rule_min_tenure_months_caption = QLabel(self.rules_tab)
        self.rule_min_tenure_months_caption.setObjectName(u"rule_min_tenure_months_caption")

        self.rulesForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.rule_min_tenure_months_caption)

        self.rule_min_tenure_months = QSpinBox(self.rules_tab)
        self.rule_min_tenure_months.setObjectName(u"rule_min_tenure_months")
        self.rule_min_tenure_months.setMinimum(0)
        self.rule_min_tenure_months.setMaximum(120)

        self.rulesForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.rule_min_tenure_months)

        self.rule_trial_days_caption = QLabel(self.rules_tab)
        self.rule_trial_days_caption.setObjectName(u"rule_trial_days_caption")

        self.rulesForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.rule_trial_days_caption)

        self.rule_trial_days = QSpinBox(self.rules_tab)
        self.rule_trial_days.setObjectName(u"rule_trial_days")
        self.rule_trial_days.setMinimum(1)
        self.rule_trial_days.setMaximum(365)

        self.rulesForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.rule_trial_days)

        self.rule_renewal_window_days_caption = QLabel(self.rules_tab)
        self.rule_renewal_window_days_caption.setObjectName(u"rule_renewal_window_days_caption")

        self.rulesForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.rule_renewal_window_days_caption)

        self.rule_renewal_window_days = QSpinBox(self.rules_tab)
        self.rule_renewal_window_days.setObjectName(u"rule_renewal_window_days")
        self.rule_renewal_window_days.setMinimum(0)
        self.rule_renewal_window_days.setMaximum(365)

        self.rulesForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.rule_renewal_window_days)

        self.rule_overwhelmed_after_changes_caption = QLabel(self.rules_tab)
        self.rule_overwhelmed_after_changes_caption.setObjectName(u"rule_overwhelmed_after_changes_caption")

        self.rulesForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.rule_overwhelmed_after_changes_caption)

        self.rule_overwhelmed_after_changes = QSpinBox(self.rules_tab)
        self.rule_overwhelmed_after_changes.setObjectName(u"rule_overwhelmed_after_changes")
        self.rule_overwhelmed_after_changes.setMinimum(1)
        self.rule_overwhelmed_after_changes.setMaximum(100)

        self.rulesForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.rule_overwhelmed_after_changes)

        self.rule_policy_caption = QLabel(self.rules_tab)
        self.rule_policy_caption.setObjectName(u"rule_policy_caption")

        self.rulesForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.rule_policy_caption)

        self.rule_policy = QComboBox(self.rules_tab)
        self.rule_policy.setObjectName(u"rule_policy")

        self.rulesForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.rule_policy)


        self.rulesLayout.addLayout(self.rulesForm)

        self.rulesButtons = QHBoxLayout()
        self.rulesButtons.setObjectName(u"rulesButtons")
        self.rulesButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.rulesButtons.addItem(self.rulesButtonsSpacer)

        self.rules_save = QPushButton(self.rules_tab)
        self.rules_save.setObjectName(u"rules_save")
        self.rules_save.setMinimumSize(QSize(180, 48))

        self.rulesButtons.addWidget(self.rules_save)


        self.rulesLayout.addLayout(self.rulesButtons)

        self.rulesSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.rulesLayout.addItem(self.rulesSpacer)

        self.settings_tabs.addTab(self.rules_tab, "")
        self.till_tab = QWidget()
        self.till_tab.setObjectName(u"till_tab")
        self.tillLayout = QVBoxLayout(self.till_tab)
        self.tillLayout.setObjectName(u"tillLayout")
        self.till_hint = QLabel(self.till_tab)
        self.till_hint.setObjectName(u"till_hint")
        self.till_hint.setWordWrap(True)

        self.tillLayout.addWidget(self.till_hint)

        self.tillForm = QFormLayout()
        self.tillForm.setObjectName(u"tillForm")
        self.till_name_caption = QLabel(self.till_tab)
        self.till_name_caption.setObjectName(u"till_name_caption")

        self.tillForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.till_name_caption)

        self.till_name = QLineEdit(self.till_tab)
        self.till_name.setObjectName(u"till_name")
        self.till_name.setMinimumSize(QSize(0, 44))
        self.till_name.setMaxLength(60)

        self.tillForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.till_name)

        self.till_id_caption = QLabel(self.till_tab)
        self.till_id_caption.setObjectName(u"till_id_caption")

        self.tillForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.till_id_caption)

        self.till_id = QLabel(self.till_tab)
        self.till_id.setObjectName(u"till_id")
        self.till_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse|Qt.TextInteractionFlag.TextSelectableByKeyboard)

        self.tillForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.till_id)

        self.till_database_caption = QLabel(self.till_tab)
        self.till_database_caption.setObjectName(u"till_database_caption")

        self.tillForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.till_database_caption)

        self.till_database = QLabel(self.till_tab)
        self.till_database.setObjectName(u"till_database")
        self.till_database.setWordWrap(True)
        self.till_database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse|Qt.TextInteractionFlag.TextSelectableByKeyboard)

        self.tillForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.till_database)

        self.till_others_caption = QLabel(self.till_tab)
        self.till_others_caption.setObjectName(u"till_others_caption")

        self.tillForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.till_others_caption)

        self.till_others = QLabel(self.till_tab)
        self.till_others.setObjectName(u"till_others")
        self.till_others.setWordWrap(True)

        self.tillForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.till_others)


        self.tillLayout.addLayout(self.tillForm)

        self.tillButtons = QHBoxLayout()
        self.tillButtons.setObjectName(u"tillButtons")
        self.tillButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.tillButtons.addItem(self.tillButtonsSpacer)

        self.till_save = QPushButton(self.till_tab)
        self.till_save.setObjectName(u"till_save")
        self.till_save.setMinimumSize(QSize(180, 48))

        self.tillButtons.addWidget(self.till_save)


        self.tillLayout.addLayout(self.tillButtons)

        self.tillSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.tillLayout.addItem(self.tillSpacer)

        self.settings_tabs.addTab(self.till_tab, "")

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

#if QT_CONFIG(shortcut)
        self.till_name_caption.setBuddy(self.till_name)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(PricesAndScriptsDialog)

        QMetaObject.connectSlotsByName(PricesAndScriptsDialog)
    # setupUi

    def retranslateUi(self, PricesAndScriptsDialog):
        PricesAndScriptsDialog.setWindowTitle(QCoreApplication.translate("PricesAndScriptsDialog", u"Prices, scripts and offer rules", None))
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
        self.rules_hint.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"When the side panel may suggest an add-on, an upgrade or a trial. Complaints, \"money is tight\" and an overwhelmed customer always hold offers back.", None))
        self.rule_cooldown_days_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"No new offer after one was taken, for", None))
        self.rule_cooldown_days.setSuffix(QCoreApplication.translate("PricesAndScriptsDialog", u" days", None))
#if QT_CONFIG(accessibility)
        self.rule_cooldown_days.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Days without offers after a customer took one", None))
#endif // QT_CONFIG(accessibility)
        self.rule_decline_pause_days_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"No new offer after one was declined, for", None))
        self.rule_decline_pause_days.setSuffix(QCoreApplication.translate("PricesAndScriptsDialog", u" days", None))
#if QT_CONFIG(accessibility)
        self.rule_decline_pause_days.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Days without offers after a customer declined one", None))
#endif // QT_CONFIG(accessibility)
        self.rule_min_tenure_months_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Members get a trial upgrade after", None))
        self.rule_min_tenure_months.setSuffix(QCoreApplication.translate("PricesAndScriptsDialog", u" months", None))
#if QT_CONFIG(accessibility)
        self.rule_min_tenure_months.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Months of membership before a trial upgrade", None))
#endif // QT_CONFIG(accessibility)
        self.rule_trial_days_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"A trial upgrade lasts", None))
        self.rule_trial_days.setSuffix(QCoreApplication.translate("PricesAndScriptsDialog", u" days", None))
#if QT_CONFIG(accessibility)
        self.rule_trial_days.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Days a trial upgrade lasts", None))
#endif // QT_CONFIG(accessibility)
        self.rule_renewal_window_days_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"A renewal is due within", None))
        self.rule_renewal_window_days.setSuffix(QCoreApplication.translate("PricesAndScriptsDialog", u" days", None))
#if QT_CONFIG(accessibility)
        self.rule_renewal_window_days.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Days ahead a membership renewal counts as due", None))
#endif // QT_CONFIG(accessibility)
        self.rule_overwhelmed_after_changes_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Undecided after changing the wash", None))
        self.rule_overwhelmed_after_changes.setSuffix(QCoreApplication.translate("PricesAndScriptsDialog", u" times", None))
#if QT_CONFIG(accessibility)
        self.rule_overwhelmed_after_changes.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Wash changes that mark a customer as undecided", None))
#endif // QT_CONFIG(accessibility)
        self.rule_policy_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"When an add-on and an upgrade both fit", None))
#if QT_CONFIG(accessibility)
        self.rule_policy.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Which offer wins when both fit", None))
#endif // QT_CONFIG(accessibility)
        self.rules_save.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Save rules", None))
#if QT_CONFIG(accessibility)
        self.rules_save.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Save the offer rules", None))
#endif // QT_CONFIG(accessibility)
        self.settings_tabs.setTabText(self.settings_tabs.indexOf(self.rules_tab), QCoreApplication.translate("PricesAndScriptsDialog", u"Offer rules", None))
        self.till_hint.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Each till on this database has an identity of its own: its ticket in progress and its receipts are kept under it, so two tills never touch each other's. The name is what people call it; it is printed on its tickets.", None))
        self.till_name_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Name", None))
#if QT_CONFIG(accessibility)
        self.till_name.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"This till's name", None))
#endif // QT_CONFIG(accessibility)
        self.till_id_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Identity", None))
#if QT_CONFIG(accessibility)
        self.till_id.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"This till's identity on the database", None))
#endif // QT_CONFIG(accessibility)
        self.till_database_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Database", None))
#if QT_CONFIG(accessibility)
        self.till_database.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"The database this till sells on", None))
#endif // QT_CONFIG(accessibility)
        self.till_others_caption.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Other tills", None))
#if QT_CONFIG(accessibility)
        self.till_others.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"The other tills on this database", None))
#endif // QT_CONFIG(accessibility)
        self.till_save.setText(QCoreApplication.translate("PricesAndScriptsDialog", u"Save name", None))
#if QT_CONFIG(accessibility)
        self.till_save.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Save this till's name", None))
#endif // QT_CONFIG(accessibility)
        self.settings_tabs.setTabText(self.settings_tabs.indexOf(self.till_tab), QCoreApplication.translate("PricesAndScriptsDialog", u"This till", None))
#if QT_CONFIG(accessibility)
        self.dialog_error.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"Problem with what was typed", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.settings_status.setAccessibleName(QCoreApplication.translate("PricesAndScriptsDialog", u"What was last changed", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

