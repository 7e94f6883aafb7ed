"""`make bench` refreshes the table of docs/benchmarks.md and keeps the hand-written sections after it."""

from __future__ import annotations

from pathlib import Path

from bench.__main__ import kept_sections


def test_the_sections_after_the_table_are_kept(tmp_path: Path) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text(
        "# Benchmarks\n\n| row | 1 ms |\n\nHow each floor is made:\n- a floor\n\n"
        "## Added run: the hub\n\n| push | 3× |\n\n## Added run: offers\n\ntext\n",
        encoding="utf-8",
    )
    assert kept_sections(docs) == "\n## Added run: the hub\n\n| push | 3× |\n\n## Added run: offers\n\ntext\n"


def test_a_first_run_has_nothing_to_keep(tmp_path: Path) -> None:
    assert kept_sections(tmp_path / "missing.md") == ""
    plain = tmp_path / "plain.md"
    plain.write_text("# Benchmarks\n\n| row | 1 ms |\n", encoding="utf-8")
    assert kept_sections(plain) == ""
