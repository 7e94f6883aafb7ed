"""Keeps PySide6 6.12.0 on Python 3.11 from freeing `None`: a workaround for an upstream refcount bug.

Every Qt call that returns nothing (setText, setEnabled, ...) gives back a `None` without
taking a reference to it. On Python 3.11 each such call lowers None's reference count by one,
and after some ten thousand calls the interpreter aborts with "none_dealloc" — a cashier's
screen would die within the hour. Python 3.12 made None immortal (PEP 683), so the bug is
harmless there; on 3.11 we do the same by hand, once, before Qt is used.
"""

from __future__ import annotations

import ctypes
import sys

#: About a trillion void Qt calls of headroom; None is never freed in a running program anyway.
_HEADROOM = 1 << 40


def make_none_immortal() -> bool:
    """Raise None's reference count out of reach on Python < 3.12; True when it did."""
    if sys.version_info >= (3, 12):
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))
    if refcount.value >= _HEADROOM:
        return False  # already done in this process
    refcount.value += _HEADROOM
    return True
