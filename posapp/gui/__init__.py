"""The Qt front end of the counter: the only package that imports PySide6."""

from posapp.gui.none_guard import make_none_immortal

# Before any Qt call: PySide6 6.12.0 drops a reference to None on every void call (see none_guard).
make_none_immortal()
