"""The checkout and every dialog fit a 1024×768 screen, and a 1920×1080 one, on a real X server.

A dialog's body shows whole there, without a scroll bar (the Staff dialog's too); only the
receipt printer's setup may scroll its choices (fit_child.BODY_MAY_SCROLL).

Each window is saved as a PNG under tests/artifacts/fit-WIDTHxHEIGHT/ for people to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gui.xvfb import private_xvfb

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHILD = Path(__file__).with_name("fit_child.py")
WINDOWS = {
    "checkout",
    "void",
    "receipts",
    "prices",
    "staff",
    "audit",
    "history",
    "report",
    "approval",
    "new_customer",
    "customer_card",
}


@pytest.fixture
def screen(request: pytest.FixtureRequest) -> Iterator[str]:
    """A private Xvfb of the size asked for."""
    with private_xvfb(request.param, range(140, 190)) as display:
        yield display


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
