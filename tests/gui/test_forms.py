"""The committed forms in posapp/gui/forms/ are exactly what pyside6-uic makes from ui/*.ui."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import posapp.gui.forms

#: The compiler behind `make forms`: a developer's tool beside the package, not inside it.
TOOL = Path(__file__).resolve().parents[2] / "tools" / "forms_build.py"


def load_tool() -> ModuleType:
    """Loaded from its file: the test runs however pytest is started, the checkout on sys.path or not."""
    spec = importlib.util.spec_from_file_location("forms_build", TOOL)
    assert spec is not None and spec.loader is not None, f"{TOOL} is missing"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


forms_build = load_tool()


def test_committed_forms_are_fresh(tmp_path: Path) -> None:
    generated = forms_build.build(out_dir=tmp_path)
    assert generated, "there are forms in ui/"
    stale = [
        path.name
        for path in generated
        if not (forms_build.FORMS_DIR / path.name).exists()
        or (forms_build.FORMS_DIR / path.name).read_text() != path.read_text()
    ]
    assert not stale, f"run `make forms`: {', '.join(stale)} differ from ui/*.ui"


def test_the_compiler_writes_into_the_package_and_is_not_shipped_in_it(tmp_path: Path) -> None:
    assert Path(posapp.gui.forms.__file__).resolve().parent == forms_build.FORMS_DIR
    assert forms_build.UI_DIR.is_dir() and forms_build.ui_sources()
    assert not (forms_build.FORMS_DIR.parent / "forms_build.py").exists()
    forms_build.build(out_dir=tmp_path)
    assert (tmp_path / "__init__.py").read_text() == (forms_build.FORMS_DIR / "__init__.py").read_text()


def test_each_form_imports_only_the_qt_names_it_uses() -> None:
    # PySide6 builds a Qt type when it is first imported: uic's fixed list (gradients, QPainter,
    # the Qt namespace...) cost the sign-in page ~24 ms at start for types it never touches.
    for path in sorted(forms_build.FORMS_DIR.glob("ui_*.py")):
        tree = ast.parse(path.read_text())
        used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        imported = {
            alias.name for node in tree.body if isinstance(node, ast.ImportFrom) for alias in node.names
        }
        assert imported, f"{path.name} imports nothing from Qt"
        assert imported <= used, f"{path.name} imports {sorted(imported - used)} without using them"
