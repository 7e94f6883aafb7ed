"""The way to the checkout imports only what the first screen needs: a start pays for nothing else.

Each check reads `sys.modules` in a real child process that starts the counter as `posapp`
does, so this test's own imports cannot hide or add anything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The root imported and the counter opened as a till, as run_counter does; then every module's name.
OPEN_COUNTER = """
import json, sys
from pathlib import Path
import posapp.app
from posapp.counter import open_counter
from posapp.services.tills import TillPlace
folder = Path(sys.argv[1])
counter = open_counter(folder / "counter.db", till=TillPlace(folder / "t"))
print(json.dumps(sorted(sys.modules)))
"""


def modules_after(code: str, folder: Path) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    names: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return set(names)


def packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_opening_the_counter_imports_no_sqlite_utils_nor_its_command_line(tmp_path: Path) -> None:
    # sqlite-utils with click, pluggy and dateutil cost every start ~50 ms; the counter needs none of them.
    loaded = packages(modules_after(OPEN_COUNTER, tmp_path))
    assert "posapp" in loaded and "sqlite3" in loaded  # the child really opened the counter
    assert not loaded & {"sqlite_utils", "click", "click_default_group", "pluggy", "dateutil", "sqlite_fts4"}
