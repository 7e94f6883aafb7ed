"""Registers DejaVu Sans with reportlab, so Łukasz, Nguyễn Văn An and Zoë print as letters, not boxes."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDocument, PDFZCompress
from reportlab.pdfbase.ttfonts import TTFont

PACKAGE = "rinoh_typeface_dejavusans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


def dejavu_path(file_name: str) -> Path:
    """A DejaVu Sans file from the installed `rinoh-typeface-dejavusans` package (never copied here).

    Found without importing the package: its __init__ parses all ten fonts with rinohtype, which
    cost 1.1 s and 104 MB on the first receipt of every session.
    """
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the receipt font package {PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / file_name


def subsets_made_once(font: TTFont) -> TTFont:
    """`font`, remembering the last few subsets it embedded, cut and compressed, so receipts reuse them.

    Every PDF embeds a subset of each face: its glyphs cut out of the font file by reportlab in
    pure Python (0.7 ms a face), then compressed (35 KB, 1 ms a face). A face's subset is all
    of ASCII plus, in order, the few other letters the receipt uses (the narrow no-break space
    of "10:00 AM", an ễ), so most receipts of a shop ask for the same one. The bytes are those
    reportlab would make again, so what is printed cannot change.
    """
    face = font.face
    cut, add_subset_objects = face.makeSubset, face.addSubsetObjects

    @functools.lru_cache(maxsize=16)
    def cut_once(letters: tuple[int, ...]) -> bytes:
        subset: bytes = cut(list(letters))
        return subset

    def add_subset_compressed_once(document: PDFDocument, name: str, letters: list[int]) -> object:
        descriptor = add_subset_objects(document, name, letters)
        font_file = document.idToObject[document.idToObject[descriptor.name].dict["FontFile2"].name]
        if font_file.filters == [PDFZCompress]:
            font_file.filters = [_COMPRESSED_ONCE]
        return descriptor

    face.makeSubset = lambda letters: cut_once(tuple(letters))
    face.addSubsetObjects = add_subset_compressed_once
    return font


class _CompressedOnce:
    """reportlab's FlateDecode filter, remembering what it made of the last few font subsets.

    The subsets come from `cut_once`, the same bytes object for the same letters, so looking
    one up costs no hashing or comparing of its 35 KB.
    """

    pdfname = PDFZCompress.pdfname

    @functools.lru_cache(maxsize=32)  # noqa: B019  # one instance for the process, never freed
    def encode(self, content: bytes) -> bytes:
        compressed: bytes = PDFZCompress.encode(content)
        return compressed

    def decode(self, encoded: bytes) -> bytes:
        decoded: bytes = PDFZCompress.decode(encoded)
        return decoded


_COMPRESSED_ONCE = _CompressedOnce()


@functools.cache
def register_receipt_fonts() -> tuple[str, str]:
    """Register the regular and bold faces once per process; returns their reportlab names.

    reportlab's default asciiReadable stays on, though it embeds all of ASCII in every receipt
    (~1 ms a receipt, 12 KB): with it off, the letters' codes are 1, 2, 3… and a PDF that went
    through CUPS (which drops the ToUnicode map) reads as control characters, not words.
    """
    pdfmetrics.registerFont(subsets_made_once(TTFont(REGULAR, str(dejavu_path("DejaVuSans.ttf")))))
    pdfmetrics.registerFont(subsets_made_once(TTFont(BOLD, str(dejavu_path("DejaVuSans-Bold.ttf")))))
    # Paragraph markup <b> looks the family up by these mappings.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
