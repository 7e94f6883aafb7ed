"""Widgets that follow the shop's setup: told of each manager's change for as long as they live."""

from __future__ import annotations

from PySide6.QtCore import QObject

from posapp.shop_setup import SetupListener, ShopSetup


def follow_setup(owner: QObject, setup: ShopSetup, listener: SetupListener) -> None:
    """Call `listener` after every change to `setup` until `owner` is destroyed.

    The setup outlives any one window (a test may build several on one counter), so the
    subscription ends with the widget rather than telling a deleted one.
    """
    stop = setup.subscribe(listener)
    owner.destroyed.connect(lambda *_: stop())
