"""`posapp receipt`: a past receipt saved as a PDF marked COPY; an unknown ticket is one sentence, exit 2."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from posapp.cli import main
from posapp.counter import Counter


def test_the_saved_receipt_is_a_copy_of_the_sale(counter: Counter, sale, tmp_path: Path, capsys) -> None:
    number = sale(customer="Zoë Quinn", addons=("car_waxing",))
    output = tmp_path / "copy.pdf"

    status = main(["receipt", "--db", str(counter.db_path), "--ticket", str(number), "--output", str(output)])

    assert status == 0
    text = PdfReader(io.BytesIO(output.read_bytes())).pages[0].extract_text()
    assert text.splitlines()[0].strip() == "COPY"
    assert "Customer: Zoë" in text
    assert "+ Car Waxing ADD-ON" in " ".join(text.split())
    assert f"receipt 00000{number}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("ticket", "db_name", "message"),
    [
        ("42", "counter.db", "posapp: There is no ticket number 42 in this database.\n"),
        ("1", "missing.db", "posapp: There is no database at {tmp}/missing.db.\n"),
    ],
)
def test_a_mistake_is_one_sentence_and_exit_2(
    counter: Counter, staff: object, tmp_path: Path, capsys, ticket: str, db_name: str, message: str
) -> None:
    output = tmp_path / "never.pdf"
    status = main(["receipt", "--db", str(tmp_path / db_name), "--ticket", ticket, "--output", str(output)])

    assert status == 2
    assert capsys.readouterr().err == message.format(tmp=tmp_path)
    assert not output.exists()
