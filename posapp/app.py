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

from posapp.counter import default_db_path, open_counter, this_installation, utc_now
from posapp.domain.errors import UserError
from posapp.services.backup_rotation import closing_backup
from posapp.services.db_check import record_clean_close


def no_display(environ: dict[str, str] | os._Environ[str] = os.environ, platform: str = sys.platform) -> bool:
    """True on a Linux or BSD session with no screen to draw on (over SSH, in a plain console).

    Qt would otherwise abort the whole process with a misleading "xcb-cursor0 is needed".
    Windows and macOS always have their own display; a chosen Qt platform is trusted.
    """
    if platform.startswith(("win", "darwin", "cygwin")):
        return False
    return not any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_counter(args: argparse.Namespace) -> int:
    """`posapp [--db PATH] [--demo] [--till NAME]`: the checkout window, as this installation's till.

    Exit 1 when a damaged database is not restored; 2 (one sentence) when this till already runs.
    """
    if no_display():
        raise UserError(
            "The counter's window needs a display: start it on the counter's desktop"
            " (or over SSH with -X); the other commands (posapp --help) work here."
        )
    # Qt is imported only when the window is wanted: the sub-commands start without it.
    from posapp.gui.startup import SessionHealth, open_or_restore, run_checkout_window

    db_path = Path(args.db) if args.db else default_db_path(args.demo)
    till = this_installation(args.till or "")
    started = open_or_restore(
        lambda: open_counter(db_path, settings_path=args.settings, demo=args.demo, till=till),
        db_path,
        utc_now,
    )
    if started is None:
        return 1
    counter, notice = started
    health = SessionHealth()
    closed = False
    try:
        if counter.demo:
            from posapp.services.demo import ensure_demo_site

            ensure_demo_site(counter.db, counter.catalog, counter.settings, now=counter.now)
        # The day's first backup and the full check are made by the window, on a worker, once it shows.
        status: int = run_checkout_window(counter, notice, health)
        closed = True
    finally:
        counter.db.conn.close()
        if counter.till is not None:
            counter.till.release()  # after the last write: another start may be this till from now on
    if closed and health.damage is None:
        # The window is gone and the till free: a start right now is not held up by this copy.
        closing_backup(counter.db_path, counter.settings, counter.now())
        record_clean_close(counter.db_path, health.last_full_check)
    return status


def run_self_test(out: TextIO = sys.stdout) -> int:
    """`posapp --self-test`: the Qt-free checks, with the real checkout window as the selling step."""
    if no_display():
        # The selling step still drives the real window, drawn off screen.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        out.write("No display here: the checkout window is tested off screen.\n")
    from posapp.gui.selftest import sell_in_window
    from posapp.selftest import run_self_test as run_checks

    return run_checks(out=out, sell=sell_in_window)
