# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'staff.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, QSize, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QComboBox,
    QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QSpinBox,
    QTableView, QVBoxLayout, QWidget)

class Ui_StaffDialog(object):
    def setupUi(self, StaffDialog):
        if not StaffDialog.objectName():
            StaffDialog.setObjectName(u"StaffDialog")
        StaffDialog.resize(1000, 700)
        StaffDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(StaffDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.staffColumns = QHBoxLayout()
        self.staffColumns.setObjectName(u"staffColumns")
        self.listColumn = QVBoxLayout()
        self.listColumn.setObjectName(u"listColumn")
        self.staff_hint = QLabel(StaffDialog)
        self.staff_hint.setObjectName(u"staff_hint")
        self.staff_hint.setWordWrap(True)

        self.listColumn.addWidget(self.staff_hint)

        self.staff_table = QTableView(StaffDialog)
        self.staff_table.setObjectName(u"staff_table")
        self.staff_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.staff_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.staff_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.staff_table.setAlternatingRowColors(True)

        self.listColumn.addWidget(self.staff_table)

        self.add_box = QGroupBox(StaffDialog)
        self.add_box.setObjectName(u"add_box")
        self.addForm = QGridLayout(self.add_box)
        self.addForm.setObjectName(u"addForm")
        self.staff_name_caption = QLabel(self.add_box)
        self.staff_name_caption.setObjectName(u"staff_name_caption")

        self.addForm.addWidget(self.staff_name_caption, 0, 0, 1, 1)

        self.staff_name = QLineEdit(self.add_box)
        self.staff_name.setObjectName(u"staff_name")
        self.staff_name.setMaxLength(60)

        self.addForm.addWidget(self.staff_name, 0, 1, 1, 1)

        self.staff_kind_caption = QLabel(self.add_box)
        self.staff_kind_caption.setObjectName(u"staff_kind_caption")

        self.addForm.addWidget(self.staff_kind_caption, 0, 2, 1, 1)

        self.staff_kind = QComboBox(self.add_box)
        self.staff_kind.setObjectName(u"staff_kind")

        self.addForm.addWidget(self.staff_kind, 0, 3, 1, 1)

        self.staff_pin_caption = QLabel(self.add_box)
        self.staff_pin_caption.setObjectName(u"staff_pin_caption")

        self.addForm.addWidget(self.staff_pin_caption, 1, 0, 1, 1)

        self.staff_pin = QLineEdit(self.add_box)
        self.staff_pin.setObjectName(u"staff_pin")
        self.staff_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.staff_pin.setMaxLength(8)

        self.addForm.addWidget(self.staff_pin, 1, 1, 1, 1)

        self.staff_pin_again_caption = QLabel(self.add_box)
        self.staff_pin_again_caption.setObjectName(u"staff_pin_again_caption")

        self.addForm.addWidget(self.staff_pin_again_caption, 1, 2, 1, 1)

        self.staff_pin_again = QLineEdit(self.add_box)
        self.staff_pin_again.setObjectName(u"staff_pin_again")
        self.staff_pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.staff_pin_again.setMaxLength(8)

        self.addForm.addWidget(self.staff_pin_again, 1, 3, 1, 1)

        self.staff_add = QPushButton(self.add_box)
        self.staff_add.setObjectName(u"staff_add")

        self.addForm.addWidget(self.staff_add, 2, 2, 1, 2)


        self.listColumn.addWidget(self.add_box)

        self.dialog_error = QLabel(StaffDialog)
        self.dialog_error.setObjectName(u"dialog_error")
        self.dialog_error.setWordWrap(True)

        self.listColumn.addWidget(self.dialog_error)

        self.settings_status = QLabel(StaffDialog)
        self.settings_status.setObjectName(u"settings_status")
        self.settings_status.setWordWrap(True)

        self.listColumn.addWidget(self.settings_status)

        self.listColumn.setStretch(1, 1)

        self.staffColumns.addLayout(self.listColumn)

        self.actionsColumn = QVBoxLayout()
        self.actionsColumn.setObjectName(u"actionsColumn")
        self.chosen_box = QGroupBox(StaffDialog)
        self.chosen_box.setObjectName(u"chosen_box")
        self.chosen_box.setMinimumSize(QSize(360, 0))
        self.chosenLayout = QVBoxLayout(self.chosen_box)
        self.chosenLayout.setObjectName(u"chosenLayout")
        self.chosen_name = QLabel(self.chosen_box)
        self.chosen_name.setObjectName(u"chosen_name")
        self.chosen_name.setStyleSheet(u"font-size: 18px; font-weight: 600;")

        self.chosenLayout.addWidget(self.chosen_name)

        self.newPinForm = QFormLayout()
        self.newPinForm.setObjectName(u"newPinForm")
        self.newPinForm.setLabelAlignment(Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignVCenter)
        self.new_pin_caption = QLabel(self.chosen_box)
        self.new_pin_caption.setObjectName(u"new_pin_caption")

        self.newPinForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.new_pin_caption)

        self.staff_new_pin = QLineEdit(self.chosen_box)
        self.staff_new_pin.setObjectName(u"staff_new_pin")
        self.staff_new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.staff_new_pin.setMaxLength(8)

        self.newPinForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.staff_new_pin)

        self.new_pin_again_caption = QLabel(self.chosen_box)
        self.new_pin_again_caption.setObjectName(u"new_pin_again_caption")

        self.newPinForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.new_pin_again_caption)

        self.staff_new_pin_again = QLineEdit(self.chosen_box)
        self.staff_new_pin_again.setObjectName(u"staff_new_pin_again")
        self.staff_new_pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.staff_new_pin_again.setMaxLength(8)

        self.newPinForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.staff_new_pin_again)


        self.chosenLayout.addLayout(self.newPinForm)

        self.staff_set_pin = QPushButton(self.chosen_box)
        self.staff_set_pin.setObjectName(u"staff_set_pin")

        self.chosenLayout.addWidget(self.staff_set_pin)

        self.chosenButtons = QHBoxLayout()
        self.chosenButtons.setObjectName(u"chosenButtons")
        self.staff_role = QPushButton(self.chosen_box)
        self.staff_role.setObjectName(u"staff_role")

        self.chosenButtons.addWidget(self.staff_role)

        self.staff_active = QPushButton(self.chosen_box)
        self.staff_active.setObjectName(u"staff_active")

        self.chosenButtons.addWidget(self.staff_active)


        self.chosenLayout.addLayout(self.chosenButtons)


        self.actionsColumn.addWidget(self.chosen_box)

        self.idle_box = QGroupBox(StaffDialog)
        self.idle_box.setObjectName(u"idle_box")
        self.idleGrid = QGridLayout(self.idle_box)
        self.idleGrid.setObjectName(u"idleGrid")
        self.staff_idle_label = QLabel(self.idle_box)
        self.staff_idle_label.setObjectName(u"staff_idle_label")

        self.idleGrid.addWidget(self.staff_idle_label, 0, 0, 1, 1)

        self.staff_idle_seconds = QSpinBox(self.idle_box)
        self.staff_idle_seconds.setObjectName(u"staff_idle_seconds")
        self.staff_idle_seconds.setSingleStep(15)
        self.staff_idle_seconds.setMinimumSize(QSize(150, 48))

        self.idleGrid.addWidget(self.staff_idle_seconds, 0, 1, 1, 1)

        self.staff_idle_save = QPushButton(self.idle_box)
        self.staff_idle_save.setObjectName(u"staff_idle_save")
        self.staff_idle_save.setMinimumSize(QSize(100, 48))

        self.idleGrid.addWidget(self.staff_idle_save, 0, 2, 1, 1)

        self.staff_lock_label = QLabel(self.idle_box)
        self.staff_lock_label.setObjectName(u"staff_lock_label")

        self.idleGrid.addWidget(self.staff_lock_label, 1, 0, 1, 1)

        self.staff_lock_seconds = QSpinBox(self.idle_box)
        self.staff_lock_seconds.setObjectName(u"staff_lock_seconds")
        self.staff_lock_seconds.setSingleStep(60)
        self.staff_lock_seconds.setMinimumSize(QSize(150, 48))

        self.idleGrid.addWidget(self.staff_lock_seconds, 1, 1, 1, 1)

        self.staff_lock_save = QPushButton(self.idle_box)
        self.staff_lock_save.setObjectName(u"staff_lock_save")
        self.staff_lock_save.setMinimumSize(QSize(100, 48))

        self.idleGrid.addWidget(self.staff_lock_save, 1, 2, 1, 1)


        self.actionsColumn.addWidget(self.idle_box)

        self.actionsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.actionsColumn.addItem(self.actionsSpacer)


        self.staffColumns.addLayout(self.actionsColumn)

        self.staffColumns.setStretch(0, 3)
        self.staffColumns.setStretch(1, 2)

        self.dialogLayout.addLayout(self.staffColumns)

        self.buttons = QDialogButtonBox(StaffDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.dialogLayout.addWidget(self.buttons)

        QWidget.setTabOrder(self.staff_table, self.staff_new_pin)
        QWidget.setTabOrder(self.staff_new_pin, self.staff_new_pin_again)
        QWidget.setTabOrder(self.staff_new_pin_again, self.staff_set_pin)
        QWidget.setTabOrder(self.staff_set_pin, self.staff_role)
        QWidget.setTabOrder(self.staff_role, self.staff_active)
        QWidget.setTabOrder(self.staff_active, self.staff_name)
        QWidget.setTabOrder(self.staff_name, self.staff_kind)
        QWidget.setTabOrder(self.staff_kind, self.staff_pin)
        QWidget.setTabOrder(self.staff_pin, self.staff_pin_again)
        QWidget.setTabOrder(self.staff_pin_again, self.staff_add)
        QWidget.setTabOrder(self.staff_add, self.staff_idle_seconds)
        QWidget.setTabOrder(self.staff_idle_seconds, self.staff_idle_save)
        QWidget.setTabOrder(self.staff_idle_save, self.staff_lock_seconds)
        QWidget.setTabOrder(self.staff_lock_seconds, self.staff_lock_save)

        self.retranslateUi(StaffDialog)

        QMetaObject.connectSlotsByName(StaffDialog)
    # setupUi

    def retranslateUi(self, StaffDialog):
        StaffDialog.setWindowTitle(QCoreApplication.translate("StaffDialog", u"Staff", None))
        self.staff_hint.setText(QCoreApplication.translate("StaffDialog", u"Everyone who sells at this counter. People who have left keep their sales and reports, but cannot sign in.", None))
#if QT_CONFIG(accessibility)
        self.staff_table.setAccessibleName(QCoreApplication.translate("StaffDialog", u"Staff and their roles", None))
#endif // QT_CONFIG(accessibility)
        self.add_box.setTitle(QCoreApplication.translate("StaffDialog", u"Add a person", None))
        self.staff_name_caption.setText(QCoreApplication.translate("StaffDialog", u"Name", None))
#if QT_CONFIG(accessibility)
        self.staff_name.setAccessibleName(QCoreApplication.translate("StaffDialog", u"The new person's name", None))
#endif // QT_CONFIG(accessibility)
        self.staff_kind_caption.setText(QCoreApplication.translate("StaffDialog", u"Role", None))
#if QT_CONFIG(accessibility)
        self.staff_kind.setAccessibleName(QCoreApplication.translate("StaffDialog", u"The new person's role", None))
#endif // QT_CONFIG(accessibility)
        self.staff_pin_caption.setText(QCoreApplication.translate("StaffDialog", u"PIN", None))
        self.staff_pin.setPlaceholderText(QCoreApplication.translate("StaffDialog", u"4 to 8 digits", None))
#if QT_CONFIG(accessibility)
        self.staff_pin.setAccessibleName(QCoreApplication.translate("StaffDialog", u"The new person's PIN", None))
#endif // QT_CONFIG(accessibility)
        self.staff_pin_again_caption.setText(QCoreApplication.translate("StaffDialog", u"Repeat PIN", None))
#if QT_CONFIG(accessibility)
        self.staff_pin_again.setAccessibleName(QCoreApplication.translate("StaffDialog", u"The new person's PIN typed again", None))
#endif // QT_CONFIG(accessibility)
        self.staff_add.setText(QCoreApplication.translate("StaffDialog", u"Add", None))
#if QT_CONFIG(accessibility)
        self.staff_add.setAccessibleName(QCoreApplication.translate("StaffDialog", u"Add the person", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.dialog_error.setAccessibleName(QCoreApplication.translate("StaffDialog", u"Problem with what was typed", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.settings_status.setAccessibleName(QCoreApplication.translate("StaffDialog", u"What was last changed", None))
#endif // QT_CONFIG(accessibility)
        self.chosen_box.setTitle(QCoreApplication.translate("StaffDialog", u"Selected person", None))
#if QT_CONFIG(accessibility)
        self.chosen_name.setAccessibleName(QCoreApplication.translate("StaffDialog", u"The person chosen", None))
#endif // QT_CONFIG(accessibility)
        self.new_pin_caption.setText(QCoreApplication.translate("StaffDialog", u"New PIN", None))
        self.staff_new_pin.setPlaceholderText(QCoreApplication.translate("StaffDialog", u"4 to 8 digits", None))
#if QT_CONFIG(accessibility)
        self.staff_new_pin.setAccessibleName(QCoreApplication.translate("StaffDialog", u"The chosen person's new PIN", None))
#endif // QT_CONFIG(accessibility)
        self.new_pin_again_caption.setText(QCoreApplication.translate("StaffDialog", u"Repeat PIN", None))
#if QT_CONFIG(accessibility)
        self.staff_new_pin_again.setAccessibleName(QCoreApplication.translate("StaffDialog", u"The new PIN typed again", None))
#endif // QT_CONFIG(accessibility)
        self.staff_set_pin.setText(QCoreApplication.translate("StaffDialog", u"Set the new PIN", None))
#if QT_CONFIG(accessibility)
        self.staff_set_pin.setAccessibleName(QCoreApplication.translate("StaffDialog", u"Set the chosen person's new PIN", None))
#endif // QT_CONFIG(accessibility)
        self.staff_role.setText(QCoreApplication.translate("StaffDialog", u"Make a manager", None))
#if QT_CONFIG(accessibility)
        self.staff_role.setAccessibleName(QCoreApplication.translate("StaffDialog", u"Change the chosen person's role", None))
#endif // QT_CONFIG(accessibility)
        self.staff_active.setText(QCoreApplication.translate("StaffDialog", u"Has left", None))
#if QT_CONFIG(tooltip)
        self.staff_active.setToolTip(QCoreApplication.translate("StaffDialog", u"They keep their sales and reports, but can no longer sign in", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.staff_active.setAccessibleName(QCoreApplication.translate("StaffDialog", u"Mark the chosen person as left, or bring them back", None))
#endif // QT_CONFIG(accessibility)
        self.idle_box.setTitle(QCoreApplication.translate("StaffDialog", u"When nobody touches the counter", None))
        self.staff_idle_label.setText(QCoreApplication.translate("StaffDialog", u"Close manager windows after", None))
        self.staff_idle_seconds.setSuffix(QCoreApplication.translate("StaffDialog", u" s", None))
#if QT_CONFIG(accessibility)
        self.staff_idle_seconds.setAccessibleName(QCoreApplication.translate("StaffDialog", u"Seconds a manager window stays open untouched", None))
#endif // QT_CONFIG(accessibility)
        self.staff_idle_save.setText(QCoreApplication.translate("StaffDialog", u"Save", None))
#if QT_CONFIG(accessibility)
        self.staff_idle_save.setAccessibleName(QCoreApplication.translate("StaffDialog", u"Save how long manager windows stay open", None))
#endif // QT_CONFIG(accessibility)
        self.staff_lock_label.setText(QCoreApplication.translate("StaffDialog", u"Lock the checkout after", None))
        self.staff_lock_seconds.setSuffix(QCoreApplication.translate("StaffDialog", u" s", None))
        self.staff_lock_seconds.setSpecialValueText(QCoreApplication.translate("StaffDialog", u"Never", None))
#if QT_CONFIG(accessibility)
        self.staff_lock_seconds.setAccessibleName(QCoreApplication.translate("StaffDialog", u"Seconds the signed-in checkout stays open untouched before it locks; 0 never", None))
#endif // QT_CONFIG(accessibility)
        self.staff_lock_save.setText(QCoreApplication.translate("StaffDialog", u"Save", None))
#if QT_CONFIG(accessibility)
        self.staff_lock_save.setAccessibleName(QCoreApplication.translate("StaffDialog", u"Save how long the checkout stays signed in untouched", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

