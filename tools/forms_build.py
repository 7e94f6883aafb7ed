"""Compiles every Qt Designer form in ui/*.ui into posapp/gui/forms/ui_<name>.py (`make forms`).

A developer's tool, not part of the shipped package: run it from a checkout as
`python tools/forms_build.py` or `python -m tools.forms_build`. The generated modules are
committed and never edited by hand; a test compiles them again into a temporary folder and
fails when any committed one differs.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "posapp" / "gui" / "forms"


def uic_binary() -> Path:
    """The uic shipped inside the PySide6 wheel: same version as the runtime, so output is stable."""
    for name in ("uic", "uic.exe", "Qt/libexec/uic"):
        candidate = Path(PySide6.__file__).parent / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError("uic is missing from the PySide6 installation")


def ui_sources(ui_dir: Path = UI_DIR) -> list[Path]:
    return sorted(ui_dir.glob("*.ui"))


def compile_form(source: Path, out_dir: Path) -> Path:
    target = out_dir / f"ui_{source.stem}.py"
    subprocess.run(
        [str(uic_binary()), "-g", "python", "--from-imports", str(source), "-o", str(target)],
        check=True,
        capture_output=True,
    )
    target.write_text(only_used_imports(target.read_text()))
    return target


def only_used_imports(code: str) -> str:
    """uic's module with its Qt imports cut to the names the form uses.

    uic imports the same ~45 names into every form (gradients, QPainter, the `Qt` namespace...);
    PySide6 builds each Qt type on its first import, so a form imported at start paid ~24 ms
    for types it never touches (the sign-in page: 32 ms to import, 8 ms of it for its widgets).
    """
    tree = ast.parse(code)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    lines = code.splitlines(keepends=True)
    for node in sorted(tree.body, key=lambda node: node.lineno, reverse=True):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("PySide6"):
            continue
        names = [alias.name for alias in node.names if alias.name in used]
        kept = f"from {node.module} import ({', '.join(names)})" if names else ""
        wrapped = "\n".join(textwrap.wrap(kept, width=76, subsequent_indent="    "))
        end = node.end_lineno or node.lineno
        lines[node.lineno - 1 : end] = [wrapped + "\n"] if names else []
    return "".join(lines)


def build(out_dir: Path = FORMS_DIR, ui_dir: Path = UI_DIR) -> list[Path]:
    """Compile every form; returns the generated files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    init = out_dir / "__init__.py"
    if not init.exists():
        init.write_text('"""Generated from ui/*.ui by tools/forms_build.py: do not edit."""\n')
    return [compile_form(source, out_dir) for source in ui_sources(ui_dir)]


def main() -> int:
    for path in build():
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
