"""The layers hold: each part of posapp imports only the parts below it, and no two parts import each other.

The arrows are written down once, in ALLOWED, and checked against every `import` in the
package, the ones inside functions included (a lazy import is still an arrow).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import posapp

PACKAGE = Path(posapp.__file__).parent
QT = {"PySide6", "shiboken6"}

#: What each part may import of ours. A part is a sub-package (posapp/offers/) or a top-level
#: module (posapp/settings.py); "posapp" is the package's own __init__ (its version).
ALLOWED: dict[str, set[str]] = {
    "posapp": set(),
    "domain": set(),
    "resources": set(),
    "offers": {"domain"},
    "files": {"domain"},
    "settings": {"domain", "offers", "resources"},
    # The offers' models (rules, scripts) are what storage keeps; storage knows nothing above it.
    "storage": {"domain", "offers", "resources"},
    # Erasing a customer renders their saved receipt PDFs again, without their name.
    "services": {"domain", "offers", "storage", "settings", "files", "receipts", "resources"},
    "receipts": {"domain", "storage", "settings", "files"},
    # The report's figures are read by storage's queries: SQL lives in storage and services only.
    # A script test's arms are the offers' own model (posapp.offers.experiments).
    "reports": {"domain", "offers", "storage", "receipts", "settings", "files"},
    "shop_setup": {"domain", "offers", "settings"},
    # The chain's hub on PostgreSQL: sync reads and writes the till's SQLite through storage and services.
    "hub": {"domain", "storage", "services", "reports", "settings"},
    "counter": {"domain", "offers", "storage", "services", "settings", "shop_setup"},
    "selftest": {"counter", "storage", "services", "receipts", "reports", "settings"},
    # The window: everything Qt-free, never the command line or the root that wires it.
    "gui": {
        "domain",
        "resources",
        "offers",
        "files",
        "settings",
        "storage",
        "services",
        "receipts",
        "reports",
        "shop_setup",
        "counter",
        "selftest",
        "hub",
    },
    # The composition root: the only part that imports the GUI.
    "app": {"counter", "domain", "services", "selftest", "gui"},
    "cli": {
        "posapp",
        "app",
        "domain",
        "offers",
        "files",
        "settings",
        "storage",
        "services",
        "receipts",
        "reports",
        "counter",
        "hub",
    },
    "__main__": {"cli"},
}


def part_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts == ("__init__",):
        return "posapp"
    return parts[0]


def imported_modules(path: Path) -> Iterator[str]:
    """Every module named by an import statement in the file, wherever the statement is."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "posapp":  # from posapp import version
                yield from (f"posapp.{alias.name}" for alias in node.names)
            else:
                yield node.module


def our_part(module: str) -> str | None:
    """The part of posapp a module name points at, or None for anything not ours."""
    names = module.split(".")
    if names[0] != "posapp":
        return None
    if len(names) == 1 or (names[1] not in ALLOWED and not (PACKAGE / names[1]).exists()):
        return "posapp"  # posapp itself, or a name defined in its __init__ (version)
    return names[1]


def arrows() -> dict[str, set[str]]:
    """Which parts each part imports, read from the source."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        source = part_of(path)
        targets = {our_part(module) for module in imported_modules(path)}
        found.setdefault(source, set()).update(t for t in targets if t and t != source)
    return found


def qt_imports(path: Path) -> list[str]:
    return [m for m in imported_modules(path) if m.split(".")[0] in QT]


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle between parts, each as the path that closes it."""
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        for target in sorted(graph.get(node, ())):
            if target in path:
                found.append([*path[path.index(target) :], target])
            elif len(path) < len(graph):
                visit(target, [*path, target])

    for start in sorted(graph):
        visit(start, [start])
    return found


def test_every_part_is_known_to_the_table() -> None:
    assert set(arrows()) <= set(ALLOWED), "a new part: say in ALLOWED what it may import"


def test_each_part_imports_only_what_its_layer_allows() -> None:
    offenders = {
        part: sorted(targets - ALLOWED.get(part, set()))
        for part, targets in arrows().items()
        if targets - ALLOWED.get(part, set())
    }
    assert offenders == {}


def test_no_import_circle_between_parts() -> None:
    assert circles(arrows()) == []


def test_the_table_itself_has_no_circle() -> None:
    assert circles(ALLOWED) == []


def test_nothing_but_the_root_imports_the_gui() -> None:
    importers = sorted(part for part, targets in arrows().items() if "gui" in targets and part != "gui")
    assert importers == ["app"]


def test_only_the_gui_package_imports_pyside6() -> None:
    core = [p for p in PACKAGE.rglob("*.py") if "gui" not in p.relative_to(PACKAGE).parts]
    assert len(core) > 10  # the walk really looked at the core
    offenders = {str(p.relative_to(PACKAGE)): qt_imports(p) for p in core if qt_imports(p)}
    assert offenders == {}


def test_the_walk_would_catch_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n    from PySide6.QtWidgets import QWidget\n    import PySide6\n"
        "from posapp.gui.main import application\nfrom posapp import version\n"
    )
    assert qt_imports(sample) == ["PySide6.QtWidgets", "PySide6"]
    assert {our_part(m) for m in imported_modules(sample)} == {None, "gui", "posapp"}


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"storage": {"services"}, "services": {"storage"}}) == [
        ["services", "storage", "services"],
        ["storage", "services", "storage"],
    ]


def test_the_gui_package_does_use_qt() -> None:
    gui = list((PACKAGE / "gui").rglob("*.py"))
    assert any(qt_imports(p) for p in gui)
