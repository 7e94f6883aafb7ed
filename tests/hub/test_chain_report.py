"""`posapp report --hub`: the site report's figures over the whole chain, plus each site's own."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg

from posapp.hub.chain_report import TILL_ONLY_KEYS
from tests.hub.conftest import Chain

DAY = "2026-11-25"
SUMMED = ("tickets", "revenue_cents", "addon_revenue_cents")


def _report(*arguments: str, output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", "report", "--date", DAY, *arguments, "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _comparable(figures: dict[str, Any]) -> dict[str, Any]:
    """A report's figures without what names the place it was computed (ids, chain heads)."""
    kept = {
        key: value
        for key, value in figures.items()
        if key not in {"site", "audit_chain_head", "sales_chain_head"}
    }
    kept["cashiers"] = [
        {k: v for k, v in c.items() if k != "cashier_id"} for c in figures.get("cashiers", [])
    ]
    kept.pop("business", None)
    return kept


def test_the_chain_report_has_every_site_with_the_figures_of_its_own_report(
    chain: Chain, tmp_path: Path
) -> None:
    north = chain.demo_till("north", "north1", days=9, seed=3)
    south = chain.demo_till("south", "south1", days=9, seed=4)
    for till in (north, south):
        till.sync()
    chain_json = tmp_path / "chain.json"
    done = _report("--hub", chain.owner_url, "--format", "json", output=chain_json)
    assert done.returncode == 0, done.stderr
    assert "2 site(s)" in done.stdout
    data = json.loads(chain_json.read_text())
    assert [site["site"] for site in data["sites"]] == ["north", "south"]
    for till, site in zip((north, south), data["sites"], strict=True):
        local = tmp_path / f"{till.site}.json"
        assert _report("--db", str(till.counter.db_path), "--format", "json", output=local).returncode == 0
        own = json.loads(local.read_text())
        assert own["tickets"] > 0
        assert _comparable(site) == _comparable(own)
    assert not TILL_ONLY_KEYS & data.keys()  # what the hub does not hold is left out, not zero
    for key in SUMMED:
        assert data[key] == sum(site[key] for site in data["sites"])
    shown = {(o["kind"], o["service"]): o["shown"] for o in data["offers"]}
    for site in data["sites"]:
        for offer in site["offers"]:
            assert shown[(offer["kind"], offer["service"])] >= offer["shown"]
    # The chain's cashiers are named with their site: two "Sam"s at two sites are two people.
    assert all(" · " in cashier["name"] for cashier in data["cashiers"])


def test_the_chain_report_as_csv_and_pdf_and_as_a_read_only_role(chain: Chain, tmp_path: Path) -> None:
    north = chain.demo_till("north", "north1", days=8, seed=5, cars_per_day=10)
    north.sync()
    secret = tmp_path / "reader.pw"
    secret.write_text("reader-password-123")
    secret.chmod(0o600)
    added = subprocess.run(
        [
            sys.executable,
            "-m",
            "posapp",
            "hub",
            "add-reader",
            "--hub",
            chain.owner_url,
            "--name",
            "owner",
            "--password-file",
            str(secret),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    reader_url = chain.cluster.url(
        chain.database, user=f"{chain.database}_owner_reader", password="reader-password-123"
    )
    with psycopg.connect(reader_url) as conn:
        assert conn.execute("SELECT count(*) FROM hub.tickets").fetchone()[0] > 0
        try:
            conn.execute("DELETE FROM hub.tickets")
        except psycopg.errors.InsufficientPrivilege:
            pass
        else:
            raise AssertionError("the reader must not delete")
    out_csv = tmp_path / "chain.csv"
    assert _report("--hub", reader_url, "--format", "csv", output=out_csv).returncode == 0
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["section", "subject", "figure", "value", "previous_7_day_average"]
    assert ["site", "north", "", "", ""] in rows
    out_pdf = tmp_path / "chain.pdf"
    assert _report("--hub", reader_url, "--format", "pdf", output=out_pdf).returncode == 0
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out_pdf).pages)
    assert "Sites" in text
    assert "north" in text
    both = _report(
        "--hub", reader_url, "--db", str(north.counter.db_path), "--format", "json", output=tmp_path / "x"
    )
    assert both.returncode == 2
    assert "either --db" in both.stderr
