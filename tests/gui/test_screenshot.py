"""The checkout on a real X server (Xvfb): it draws, and a screenshot is kept for people to look at."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gui.xvfb import private_xvfb

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHILD = Path(__file__).with_name("screenshot_child.py")


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A private Xvfb as large as a 1920×1080 counter screen."""
    with private_xvfb("1920x1080", range(90, 140)) as display:
        yield display


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
