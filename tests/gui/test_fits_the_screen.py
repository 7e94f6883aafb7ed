"""The checkout and every dialog fit a 1024×768 screen, and a 1920×1080 one, on a real X server.

Each window is saved as a PNG under tests/artifacts/fit-WIDTHxHEIGHT/ for people to look at.
"""

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
CHILD = Path(__file__).with_name("fit_child.py")
WINDOWS = {"checkout", "void", "receipts", "prices", "staff", "audit", "history", "report", "approval"}


def _free_display() -> int:
    for number in range(140, 190):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number between :140 and :189")


@pytest.fixture
def screen(request: pytest.FixtureRequest) -> Iterator[str]:
    """A private Xvfb of the size asked for; a missing Xvfb fails the test (it must not silently skip)."""
    binary = shutil.which("Xvfb")
    assert binary, "Xvfb is not installed: apt-get install xvfb (see PLATFORM.md)"
    display = f":{_free_display()}"
    server = subprocess.Popen(
        [binary, display, "-screen", "0", f"{request.param}x24", "-nolisten", "tcp"],
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
@pytest.mark.parametrize("screen", ["1024x768", "1920x1080"], indirect=True)
def test_every_window_fits_the_screen_with_its_buttons(screen: str, request: pytest.FixtureRequest) -> None:
    size = request.node.callspec.params["screen"]
    folder = ARTIFACTS / f"fit-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    env = {**os.environ, "DISPLAY": screen, "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        [sys.executable, str(CHILD), str(folder)], env=env, capture_output=True, text=True, timeout=240
    )
    lines = result.stdout.splitlines()
    assert lines and lines[-1] == "xcb", result.stderr
    verdicts = {line.split()[0]: " ".join(line.split()[3:]) for line in lines[:-1]}
    assert set(verdicts) >= WINDOWS, result.stdout
    assert {name: verdict for name, verdict in verdicts.items() if verdict != "fits"} == {}
    assert result.returncode == 0, result.stderr
    width, height = (int(part) for part in size.split("x"))
    checkout = next(line for line in lines if line.startswith("checkout "))
    assert checkout.split()[1:3] == [str(width), str(height)]  # opened on the whole screen
    assert all((folder / f"{name}.png").stat().st_size > 5_000 for name in WINDOWS)
