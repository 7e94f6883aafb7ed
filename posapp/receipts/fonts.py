"""Registers DejaVu Sans with reportlab, so Łukasz, Nguyễn Văn An and Zoë print as letters, not boxes."""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


def dejavu_path(file_name: str) -> Path:
    """A DejaVu Sans file from the installed `rinoh-typeface-dejavusans` package (never copied here)."""
    return Path(str(files("rinoh_typeface_dejavusans").joinpath(file_name)))


@functools.cache
def register_receipt_fonts() -> tuple[str, str]:
    """Register the regular and bold faces once per process; returns their reportlab names."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(dejavu_path("DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(dejavu_path("DejaVuSans-Bold.ttf"))))
    # Paragraph markup <b> looks the family up by these mappings.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
