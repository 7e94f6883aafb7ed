"""The counter's look: the calm QSS theme from resources/ and the application's name and font."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QDir
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from posapp.resources import resource

APP_DISPLAY_NAME = "Car Wash Counter"
#: The height of a text field in the theme (min-height 44 px): a caption beside one is centred on it.
FIELD_HEIGHT = 44
#: Fusion draws the same on every platform, so the QSS looks as tested everywhere.
FUSION = "Fusion"


def theme_text() -> str:
    """The style sheet; an unreadable theme file must never stop a sale, so it falls back to none."""
    try:
        return resource("theme.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def apply_theme(app: QApplication, *, style_chosen: bool = False) -> None:
    """Theme the application; `style_chosen` when it was made with `-style Fusion` already."""
    # The QSS names its images as icons:..., found in resources/icons wherever the app is installed.
    QDir.setSearchPaths("icons", [str(resource("icons"))])
    app.setApplicationName("carwash-counter")
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName("carwash-counter")
    if not style_chosen:
        app.setStyle(FUSION)
    app.setStyleSheet(theme_text())


def line_up_captions(dialog: QWidget) -> None:
    """Give every "*_caption" label of a dialog one width and its field's height, text centred.

    A dialog whose form is split in parts (pages, groups) then reads as one column of captions,
    each level with its field rather than at the top of it.
    """
    captions = [label for label in dialog.findChildren(QLabel) if label.objectName().endswith("_caption")]
    if not captions:
        return
    width = max(label.sizeHint().width() for label in captions)
    for label in captions:
        label.setMinimumWidth(width)
        label.setMinimumHeight(FIELD_HEIGHT)
        # QtCore.Qt read here, not imported: PySide6 builds it on first use (~14 ms of a start).
        label.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter)
