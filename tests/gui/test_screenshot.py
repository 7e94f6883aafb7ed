"""The checkout on a real X server (Xvfb): it draws, and a screenshot is kept for people to look at."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHILD = Path(__file__).with_name("screenshot_child.py")


def _free_display() -> int:
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number between :90 and :139")


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A private Xvfb; a missing Xvfb fails the test (it must not silently skip)."""
    binary = shutil.which("Xvfb")
    assert binary, "Xvfb is not installed: apt-get install xvfb (see PLATFORM.md)"
    display = f":{_free_display()}"
    server = subprocess.Popen(
        [binary, display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
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


@pytest.mark.xvfb
@pytest.mark.parametrize(
    ("name", "width", "height"), [("checkout", 1280, 800), ("checkout-1024x768", 1024, 768)]
)
def test_checkout_screenshot_on_a_real_x_server(xvfb: str, name: str, width: int, height: int) -> None:
    output = ARTIFACTS / f"{name}.png"
    output.unlink(missing_ok=True)
    env = {**os.environ, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        [sys.executable, str(CHILD), str(output), str(width), str(height)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "xcb", "the window must have been drawn by the X server"
    assert output.stat().st_size > 10_000
