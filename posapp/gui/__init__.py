"""The Qt front end of the counter: the only package that imports PySide6."""

from posapp.gui.refcount_guard import make_singletons_immortal

# Before any Qt call: PySide6 6.12.0 drops references to None and True (see refcount_guard).
make_singletons_immortal()
