"""`posapp --version` and each sub-command import only what they use: a start pays for no other command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


#: `posapp ARGV` as the console script runs it, then the names of every module it imported.
CHILD = """
import json, sys
from posapp.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported(*argv: str) -> set[str]:
    """The modules a real `posapp ARGV` process imported (read from a child: not this test's own)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *argv], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return set(names)


def test_version_imports_no_sub_command_no_database_and_no_qt() -> None:
    modules = imported("--version")
    assert "posapp.cli" in modules
    assert not {
        m for m in modules if m.endswith("_cmd") or m.startswith(("posapp.services", "posapp.storage"))
    }
    assert not {m for m in modules if m.startswith(("sqlite_utils", "PySide6", "importlib.metadata"))}


def test_a_sub_command_imports_its_own_module_only() -> None:
    modules = imported("check", "--help")
    commands = {m for m in modules if m.endswith("_cmd")}
    assert commands == {"posapp.cli.maintenance_cmd"}


def test_help_still_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "posapp", "--help"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    for command in ("demo-data", "import-customers", "customer", "check", "backup", "restore", "offers"):
        assert command in done.stdout
    for command in ("receipt", "report", "trials", "shift"):
        assert command in done.stdout
