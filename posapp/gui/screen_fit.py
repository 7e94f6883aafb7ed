"""Windows and dialogs that fit the screen they open on, down to 1024×768 with a title bar and a panel.

A dialog taller than the screen keeps its buttons: its body scrolls instead (`scroll_the_body`).
The checkout window opens maximized the first time and where it was left after that.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QBoxLayout, QFrame, QScrollArea, QVBoxLayout, QWidget

#: The smallest screen the counter supports: every window and dialog fits it.
SMALLEST_SCREEN = QSize(1024, 768)
#: Room a window manager takes around a window and for its panel on that screen.
WINDOW_FRAME = QSize(16, 72)


def usable_size(widget: QWidget) -> QSize:
    """The room a top-level window has on the widget's screen (never more than the smallest screen allows
    when the screen is unknown)."""
    screen = widget.screen()
    room = screen.availableGeometry().size() if screen is not None else SMALLEST_SCREEN
    return room - WINDOW_FRAME


def fit_to_screen(widget: QWidget, wanted: QSize | None = None) -> None:
    """Resize to `wanted` (or the widget's size hint), no larger than the screen's usable room."""
    room = usable_size(widget)
    size = (wanted or widget.sizeHint()).boundedTo(room).expandedTo(widget.minimumSize())
    widget.resize(size)


def scroll_the_body(dialog: QWidget, keep_last: int = 1) -> QScrollArea:
    """Move everything but the last `keep_last` items of the dialog's box layout into a scroll area.

    The buttons stay on screen however short the screen; the body scrolls when it must. The dialog
    then opens as tall as its content, or as the screen allows.
    """
    outer = dialog.layout()
    if not isinstance(outer, QBoxLayout):
        raise TypeError(f"{dialog.objectName()} has no box layout to scroll")
    body = QWidget()
    body.setObjectName(f"{dialog.objectName()}_body")
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 0, 0)
    for _ in range(outer.count() - keep_last):
        item = outer.takeAt(0)
        if (widget := item.widget()) is not None:
            inner.addWidget(widget)
        elif (layout := item.layout()) is not None:
            layout.setParent(None)  # type: ignore[call-overload]  # leaves the old layout for the new
            inner.addLayout(layout)
        else:
            inner.addItem(item)
    area = QScrollArea(dialog)
    area.setObjectName(f"{dialog.objectName()}_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    area.setMinimumHeight(160)
    outer.insertWidget(0, area, 1)
    chrome = dialog.sizeHint().height() - area.sizeHint().height()
    # Never narrower than the dialog was designed (its .ui size): before the theme is applied at
    # show, the body's size hint is a smaller font's, and a dialog sized by it scrolls sideways.
    wanted = QSize(
        max(dialog.width(), dialog.sizeHint().width(), body.sizeHint().width() + 24),
        body.sizeHint().height() + chrome + 4,
    )
    fit_to_screen(dialog, wanted)
    return area


class RememberedGeometry:
    """Where the checkout window was left, kept in a small file beside the database (one per terminal)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _store(self) -> QSettings:
        return QSettings(str(self.path), QSettings.Format.IniFormat)

    def restore(self, window: QWidget) -> bool:
        """Put the window back where it was; False when there is nothing (or nothing usable) to restore."""
        saved = self._store().value("geometry")
        return isinstance(saved, QByteArray) and bool(saved) and window.restoreGeometry(saved)

    def save(self, window: QWidget) -> None:
        store = self._store()
        store.setValue("geometry", window.saveGeometry())
        store.sync()


def geometry_file(db_path: Path, terminal: str) -> Path:
    """The window's remembered place for this terminal, beside the database it sells into."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in terminal) or "counter"
    return db_path.parent / f"window-{safe}.ini"
