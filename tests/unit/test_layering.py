"""The core never imports Qt: only posapp/gui may, so the rules, storage and reports run anywhere."""

from __future__ import annotations

import ast
from pathlib import Path

import posapp

PACKAGE = Path(posapp.__file__).parent
QT = {"PySide6", "shiboken6"}


def qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] in QT]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in QT:
            found.append(str(node.module))
    return found


def test_only_the_gui_package_imports_pyside6() -> None:
    core = [p for p in PACKAGE.rglob("*.py") if "gui" not in p.relative_to(PACKAGE).parts]
    assert len(core) > 10  # the walk really looked at the core
    offenders = {str(p.relative_to(PACKAGE)): qt_imports(p) for p in core if qt_imports(p)}
    assert offenders == {}


def test_the_walk_would_catch_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtWidgets import QWidget\n    import PySide6\n")
    assert qt_imports(sample) == ["PySide6.QtWidgets", "PySide6"]


def test_the_gui_package_does_use_qt() -> None:
    gui = list((PACKAGE / "gui").rglob("*.py"))
    assert any(qt_imports(p) for p in gui)
