"""The counter's look: the calm QSS theme from resources/ and the application's name and font."""

from __future__ import annotations

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QApplication

from posapp.resources import resource

APP_DISPLAY_NAME = "Car Wash Counter"


def theme_text() -> str:
    """The style sheet; an unreadable theme file must never stop a sale, so it falls back to none."""
    try:
        return resource("theme.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def apply_theme(app: QApplication) -> None:
    # The QSS names its images as icons:..., found in resources/icons wherever the app is installed.
    QDir.setSearchPaths("icons", [str(resource("icons"))])
    app.setApplicationName("carwash-counter")
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName("carwash-counter")
    # Fusion draws the same on every platform, so the QSS looks as tested everywhere.
    app.setStyle("Fusion")
    app.setStyleSheet(theme_text())
