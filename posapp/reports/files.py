"""A report as the bytes of a file in the format asked for: what the command line and the window save."""

from __future__ import annotations

from collections.abc import Callable

from posapp.reports.export import report_csv_bytes, report_json_bytes
from posapp.reports.figures import Report

FORMATS = ("pdf", "csv", "json")


def report_bytes(report: Report, format_name: str, *, paper: str = "A4") -> bytes:
    """The whole file's content; an unknown format is a programming error here (checked earlier)."""
    # reportlab is imported only when a PDF is asked for: the counter's start-up does not pay it.
    from posapp.reports.pdf import render_pdf

    renderers: dict[str, Callable[[Report], bytes]] = {
        "pdf": lambda r: render_pdf(r, paper=paper),
        "csv": report_csv_bytes,
        "json": report_json_bytes,
    }
    return renderers[format_name](report)
