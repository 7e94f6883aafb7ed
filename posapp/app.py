"""The composition root: opens the counter and wires it to the window; the only module that imports the GUI.

Everything below it is passed its parts (the counter, the setup, the print queue) through
constructors. The Qt-free parts of a running counter live in posapp/counter.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from posapp.counter import Counter, default_db_path, open_counter, utc_now
from posapp.domain.errors import UserError
from posapp.services.backup_rotation import automatic_backup, backup_folder_for


def no_display(environ: dict[str, str] | os._Environ[str] = os.environ, platform: str = sys.platform) -> bool:
    """True on a Linux or BSD session with no screen to draw on (over SSH, in a plain console).

    Qt would otherwise abort the whole process with a misleading "xcb-cursor0 is needed".
    Windows and macOS always have their own display; a chosen Qt platform is trusted.
    """
    if platform.startswith(("win", "darwin", "cygwin")):
        return False
    return not any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_counter(args: argparse.Namespace) -> int:
    """`posapp [--db PATH] [--demo]`: the checkout window; exit 1 when a damaged database is not restored."""
    if no_display():
        raise UserError(
            "The counter's window needs a display: start it on the counter's desktop"
            " (or over SSH with -X); the other commands (posapp --help) work here."
        )
    # Qt is imported only when the window is wanted: the sub-commands start without it.
    from posapp.gui.startup import open_or_restore, run_checkout_window

    db_path = Path(args.db) if args.db else default_db_path(args.demo)
    started = open_or_restore(
        lambda: open_counter(db_path, settings_path=args.settings, demo=args.demo), db_path, utc_now
    )
    if started is None:
        return 1
    counter, notice = started
    try:
        if counter.demo:
            from posapp.services.demo import ensure_demo_site

            ensure_demo_site(counter.db, counter.catalog, counter.settings, now=counter.now)
        # The day's first backup is made by the window, on a worker, once it shows: no waiting for it.
        status: int = run_checkout_window(counter, notice)
        _closing_backup(counter)
        return status
    finally:
        counter.db.conn.close()


def _closing_backup(counter: Counter) -> None:
    folder = backup_folder_for(counter.db_path, counter.settings.backup_folder)
    keep, zone = counter.settings.backup_keep, counter.settings.time_zone
    automatic_backup(counter.db, folder, keep=keep, at=counter.now(), zone=zone, on_close=True)


def run_self_test(out: TextIO = sys.stdout) -> int:
    """`posapp --self-test`: the Qt-free checks, with the real checkout window as the selling step."""
    if no_display():
        # The selling step still drives the real window, drawn off screen.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        out.write("No display here: the checkout window is tested off screen.\n")
    from posapp.gui.selftest import sell_in_window
    from posapp.selftest import run_self_test as run_checks

    return run_checks(out=out, sell=sell_in_window)
