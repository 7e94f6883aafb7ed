"""The committed forms in posapp/gui/forms/ are exactly what pyside6-uic makes from ui/*.ui."""

from __future__ import annotations

from pathlib import Path

from posapp.gui import forms_build


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
