"""Keeps PySide6 6.12.0 on Python 3.11 from freeing None, True and False: an upstream refcount bug.

Every Qt call that returns nothing (setText, setEnabled, ...) hands back `None`, and every
signal `emit()` hands back `True`, without taking a reference. On Python 3.11 each such call
lowers the singleton's reference count by one, and after some thousands of calls the
interpreter aborts ("none_dealloc", "bool_dealloc") — a cashier's screen would die within the
hour. Python 3.12 made these singletons immortal (PEP 683), so the bug is harmless there; on
3.11 we do the same by hand, once, before Qt is used.
"""

from __future__ import annotations

import ctypes
import sys

#: About a trillion leaked references of headroom; these objects are never freed in a running program.
_HEADROOM = 1 << 40
_SINGLETONS = (None, True, False)


def make_singletons_immortal() -> int:
    """Raise the reference counts of None, True and False out of reach on Python < 3.12.

    Returns how many it raised (0 on 3.12+, or when already done in this process).
    """
    if sys.version_info >= (3, 12):
        return 0
    raised = 0
    for singleton in _SINGLETONS:
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _HEADROOM:
            refcount.value += _HEADROOM
            raised += 1
    return raised
