"""A private Xvfb for the tests that need a real X server; a missing Xvfb fails (never skips)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _free_display(numbers: range) -> int:
    for number in numbers:
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError(f"no free X display number between :{numbers.start} and :{numbers.stop - 1}")


@contextmanager
def private_xvfb(size: str, numbers: range) -> Iterator[str]:
    """An Xvfb of `size` ("1024x768") on a free display among `numbers`; yields ":N", stops it after."""
    binary = shutil.which("Xvfb")
    assert binary, "Xvfb is not installed: apt-get install xvfb (see PLATFORM.md)"
    display = f":{_free_display(numbers)}"
    server = subprocess.Popen(
        [binary, display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
        deadline = time.monotonic() + 10
        while not socket.exists():
            assert server.poll() is None, "Xvfb exited at start"
            assert time.monotonic() < deadline, "Xvfb did not start within 10 s"
            time.sleep(0.05)
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)
