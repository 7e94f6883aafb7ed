"""DejaVu Sans for the report PDF: names like Łukasz or Nguyễn print as letters, not black boxes.

The TTF files come from the `rinoh-typeface-dejavusans` package; only its folder is looked up
(the package itself imports rinohtype, which the report does not need).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_PACKAGE = "rinoh_typeface_dejavusans"


def font_folder() -> Path:
    """Where the installed package keeps its .ttf files."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {_PACKAGE} package is not installed; the report needs its fonts")
    return Path(next(iter(spec.submodule_search_locations)))


def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans regular and bold once; returns their reportlab names."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        folder = font_folder()
        pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
        # Lets <b> in a Paragraph pick the bold face.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
