"""A short non-modal notice bar (with an optional action such as Retry) that never blocks a sale."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class NoticeBar(QFrame):
    """One sentence for the cashier, an optional action button and a close button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.setAccessibleName("Notice")
        self.text_label = QLabel(self)
        self.text_label.setObjectName("notice_text")
        self.text_label.setWordWrap(True)
        self.text_label.setAccessibleName("Notice text")
        self.action_button = QPushButton(self)
        self.action_button.setObjectName("notice_action")
        self.close_button = QPushButton("Dismiss", self)
        self.close_button.setObjectName("notice_close")
        self.close_button.setAccessibleName("Dismiss the notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 8, 4)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self._on_action: Callable[[], None] | None = None
        self.action_button.clicked.connect(self._run_action)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    @property
    def text(self) -> str:
        return self.text_label.text() if self.isVisibleTo(self.parentWidget()) else ""

    def show_notice(
        self, text: str, action_text: str | None = None, on_action: Callable[[], None] | None = None
    ) -> None:
        self.text_label.setText(text)
        self._on_action = on_action
        has_action = bool(action_text and on_action)
        self.action_button.setText(action_text or "")
        self.action_button.setAccessibleName(action_text or "")
        self.action_button.setVisible(has_action)
        self.show()

    @Slot()
    def _run_action(self) -> None:
        action = self._on_action
        self.hide()
        if action is not None:
            action()
