"""Desktop files validate with the tools distributions use, and the installer script compiles."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_the_desktop_file_validates() -> None:
    result = run("desktop-file-validate", str(PACKAGING / "linux" / "carwash-counter.desktop"))
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_the_appstream_metainfo_validates() -> None:
    result = run(
        "appstreamcli", "validate", "--no-net", str(PACKAGING / "linux" / "carwash-counter.metainfo.xml")
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_windows_installer_script_compiles(tmp_path: Path) -> None:
    source = tmp_path / "carwash-counter-0.0.0"
    source.mkdir()
    (source / "carwash-counter.exe").write_bytes(b"stand-in for the Windows build")
    setup = tmp_path / "setup.exe"
    result = run(
        "makensis",
        "-V2",
        "-DVERSION=0.0.0",
        f"-DSOURCE={source}",
        f"-DOUTFILE={setup}",
        str(PACKAGING / "windows" / "installer.nsi"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert setup.read_bytes()[:2] == b"MZ"  # a Windows executable


def test_the_icon_is_an_svg_with_a_title() -> None:
    icon = (ROOT / "resources" / "icons" / "carwash-counter.svg").read_text(encoding="utf-8")
    assert icon.lstrip().startswith("<?xml") and "<title>" in icon


def test_make_test_says_what_it_is_doing_while_it_installs(tmp_path: Path) -> None:
    checked = subprocess.run(
        ["bash", str(PACKAGING / "system-deps.sh"), "test"], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("system-deps: checking the ")
    # A fresh clone: what make would do first, and what it says while pip works.
    planned = subprocess.run(
        ["make", "-n", "test", f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert 'echo "make: installing the app and its test tools with pip' in planned.stdout
    assert 'echo "make: running the whole test suite headless' in planned.stdout
