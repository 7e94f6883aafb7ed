"""`posapp report` as a manager's script runs it: a real database file, JSON/CSV/PDF out, clear refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from posapp.cli import main
from posapp.counter import Counter
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def db_path(counter: Counter, staff, clock) -> Path:  # type: ignore[no-untyped-def]
    """Three sales on 2026-11-27 (one voided) and one late on the 28th, written by the checkout."""
    catalog = counter.catalog

    def sell(local: str, wash: str, outcome: str | None = None) -> int:
        clock.current = datetime.fromisoformat(local).replace(tzinfo=NEW_YORK)
        draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=clock()).choose_wash(catalog.get(wash))
        if outcome:
            if outcome == "accepted":
                draft = draft.add_addon(catalog.get("car_waxing"), OfferKind.CROSS_SELL)
            draft = draft.record_offer(
                OfferEvent(
                    Moment.CHECKOUT,
                    OfferKind.CROSS_SELL,
                    "car_waxing",
                    Outcome(outcome),
                    clock(),
                    price_delta_cents=800,
                )
            )
        return complete_sale(
            counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=clock
        ).ticket_id

    sell("2026-11-27T09:00", "standard_wash", "accepted")  # 15.00 + 8.00
    sell("2026-11-27T23:59", "express_wash", "declined")  # 10.00, still the 27th
    voided = sell("2026-11-27T12:00", "premium_package", "accepted")
    sell("2026-11-28T00:01", "premium_package")
    counter.db.execute("UPDATE tickets SET status = 'voided' WHERE id = ?", (voided,))
    counter.db.conn.commit()
    return counter.db_path


def report(db_path: Path, output: Path, *extra: str, format_name: str = "json") -> int:
    return main(
        [
            "report",
            "--db",
            str(db_path),
            "--date",
            "2026-11-27",
            *extra,
            "--format",
            format_name,
            "--output",
            str(output),
        ]
    )


def test_json_for_a_day(db_path: Path, tmp_path: Path) -> None:
    output = tmp_path / "day.json"
    assert report(db_path, output) == 0
    data = json.loads(output.read_text(encoding="utf-8"))
    assert (data["from"], data["to"], data["tickets"], data["revenue_cents"]) == (
        "2026-11-27",
        "2026-11-27",
        2,
        3300,
    )
    assert (data["average_ticket_cents"], data["addon_revenue_cents"], data["premium_share"]) == (
        1650,
        800,
        0.0,
    )
    assert data["offers"] == [
        {
            "kind": "cross_sell",
            "service": "car_waxing",
            "name": "Car Waxing",
            "shown": 2,
            "accepted": 1,
            "declined": 1,
            "take_rate": 0.5,
            "revenue_cents": 800,
        }
    ]
    assert [(c["name"], c["tickets"], c["take_rate"]) for c in data["cashiers"]] == [("Sam", 2, 0.5)]


def test_a_range(db_path: Path, tmp_path: Path) -> None:
    output = tmp_path / "range.json"
    assert report(db_path, output, "--to", "2026-11-28") == 0
    data = json.loads(output.read_text(encoding="utf-8"))
    assert (data["to"], data["days"], data["tickets"], data["premium_share"]) == ("2026-11-28", 2, 3, 0.3333)


def test_csv_starts_with_a_bom(db_path: Path, tmp_path: Path) -> None:
    output = tmp_path / "day.csv"
    assert report(db_path, output, format_name="csv") == 0
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsection,subject,figure,value,previous_7_day_average\r\n")
    assert b"summary,,revenue,33.00," in raw


def test_pdf_on_the_settings_paper(db_path: Path, tmp_path: Path) -> None:
    output = tmp_path / "day.pdf"
    assert report(db_path, output, format_name="pdf") == 0
    reader = PdfReader(output)
    assert round(float(reader.pages[0].mediabox.width)) == 612  # Letter: the default settings are en_US
    assert "Sparkle Car Wash" in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-13-01"], "--date must be a day written like 2026-11-27, not '2026-13-01'."),
        (["--date", "2026-11-27", "--to", "2026-11-26"], "--to (2026-11-26) is before --date (2026-11-27)"),
        (["--date", "2026-11-27", "--format", "xml"], "The format must be pdf, csv or json, not 'xml'."),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(
    db_path: Path, tmp_path: Path, capsys, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "out.json"
    argv = ["report", "--db", str(db_path), "--format", "json", "--output", str(output), *args]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert message in error
    assert error.count("\n") == 1 and "Traceback" not in error
    assert not output.exists()


@pytest.mark.parametrize("where", ["no-such-folder/out.json", "."])
def test_unwritable_output_leaves_nothing_half_written(
    db_path: Path, tmp_path: Path, capsys, where: str
) -> None:  # type: ignore[no-untyped-def]
    before = sorted(p.name for p in tmp_path.iterdir())
    assert report(db_path, tmp_path / where) == 2
    error = capsys.readouterr().err
    assert error.startswith("posapp: ") and error.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_failed_write_keeps_the_old_report(db_path: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "day.json"
    output.write_text("yesterday's report", encoding="utf-8")

    def full_disk(self: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", full_disk)
    assert report(db_path, output) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert output.read_text(encoding="utf-8") == "yesterday's report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".day")) == []


def test_a_missing_database_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert report(tmp_path / "nope.db", tmp_path / "out.json") == 2
    assert "There is no database at" in capsys.readouterr().err
    assert not (tmp_path / "nope.db").exists()


def test_the_real_command(db_path: Path, tmp_path: Path) -> None:
    output = tmp_path / "day.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "posapp",
            "report",
            "--db",
            str(db_path),
            "--date",
            "2026-11-27",
            "--format",
            "json",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(output.read_text(encoding="utf-8"))["tickets"] == 2
