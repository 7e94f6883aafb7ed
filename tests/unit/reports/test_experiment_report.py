"""The demo site's finished script test as the report tells it: arms, intervals, verdicts, PDF and JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from posapp.counter import Counter, open_counter
from posapp.reports.build import site_report
from posapp.reports.export import report_csv_bytes, report_json
from posapp.reports.figures import Report
from posapp.reports.pdf import render_pdf
from posapp.reports.stats import newcombe_difference
from posapp.services.demo import DEMO_TEST_MIN_CUSTOMERS, DEMO_TEST_NAME, build_demo_site
from posapp.settings import default_settings_path
from tests.unit.reports.test_pdf import pdf_text

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
YESTERDAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Counter]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    counter = open_counter(path, settings_path=default_settings_path(), now=lambda: NOW)
    build_demo_site(counter.db, counter.catalog, counter.settings, now=lambda: NOW, days=30, seed=7)
    yield counter
    counter.db.conn.close()


@pytest.fixture(scope="module")
def report(demo: Counter) -> Report:
    return site_report(demo.db, YESTERDAY, YESTERDAY, demo.settings)


def test_the_demo_s_finished_test_reads_as_expected(report: Report) -> None:
    (test,) = report_json(report)["experiments"]
    assert test["name"] == DEMO_TEST_NAME
    assert test["offer"] == {
        "moment": "checkout",
        "kind": "cross_sell",
        "service": "car_waxing",
        "name": "Car Waxing",
    }
    assert (test["starts_on"], test["ends_on"], test["status"]) == ("2026-10-28", "2026-11-24", "finished")
    assert [arm["arm"] for arm in test["arms"]] == ["holdout", "A", "B"]
    assert [arm["share"] for arm in test["arms"]] == [0.1, 0.45, 0.45]
    # The verdict counts only up to the day the planned sample was reached, never later tickets.
    reached = date.fromisoformat(test["horizon_reached_on"])
    assert date(2026, 10, 28) < reached < date(2026, 11, 24)
    assert test["counted_through"] == test["horizon_reached_on"]
    holdout, a, b = test["arms"]
    assert min(arm["customers"] for arm in test["arms"]) >= DEMO_TEST_MIN_CUSTOMERS
    assert holdout["shown"] == 0 and holdout["take_rate"] == 0
    assert a["shown"] > 500 and b["shown"] > 500

    take_rate, add_on = test["differences"]
    expected = newcombe_difference(b["accepted"], b["shown"], a["accepted"], a["shown"])
    assert take_rate["measure"] == "take_rate_points" and take_rate["arm"] == "B"
    assert take_rate["estimate"] == round(expected.estimate * 100, 2)
    assert (take_rate["low"], take_rate["high"]) == (
        round(expected.low * 100, 2),
        round(expected.high * 100, 2),
    )
    assert add_on["measure"] == "addon_revenue_per_ticket_cents"
    assert add_on["estimate"] == pytest.approx(
        b["addon_revenue_cents"] / b["tickets"] - a["addon_revenue_cents"] / a["tickets"], abs=0.1
    )

    first, second, third = test["verdict"]
    # The demo's customers take variant B's wording more readily: the report must find it, in words.
    words = re.fullmatch(
        r"Variant B takes (\d+\.\d) points more than A \(95%: (\d+\.\d) to (\d+\.\d)\), ([\d,]+) customers\.",
        first,
    )
    assert words is not None, first
    points = [f"{value * 100:.1f}" for value in (expected.estimate, expected.low, expected.high)]
    assert [words[1], words[2], words[3]] == points
    assert int(words[4].replace(",", "")) == a["customers"] + b["customers"]
    assert re.fullmatch(
        r"(Variant B brings|No clear difference in add-on revenue: variant B brings) \$\d+\.\d\d more add-on"
        r" revenue per ticket than A \(95%: −?\$\d+\.\d\d to \$\d+\.\d\d\)\.",
        second,
    ), second
    assert re.fullmatch(
        r"Offering brings \$\d+\.\d\d add-on revenue per ticket over the hold-out \(95%: \$\d+\.\d\d to"
        r" \$\d+\.\d\d\): about \$[\d,]+\.00 a month at [\d,]+ tickets a month\.",
        third,
    ), third
    uplift = test["holdout_uplift"]
    assert uplift["addon_revenue_per_ticket_cents"]["excludes_zero"] is True
    per_ticket = uplift["addon_revenue_per_ticket_cents"]["estimate"]
    assert uplift["per_month_cents"] == pytest.approx(per_ticket * uplift["tickets_per_month"], rel=1e-3)


def test_a_test_still_running_is_too_early_to_tell(demo: Counter) -> None:
    # Read as it stood a week in: the planned sample was not yet reached in every arm.
    early = site_report(demo.db, date(2026, 11, 3), date(2026, 11, 3), demo.settings)
    (test,) = report_json(early)["experiments"]
    assert test["status"] == "running" and test["horizon_reached_on"] is None
    (verdict,) = test["verdict"]
    assert re.fullmatch(
        r"Too early to tell: the smallest arm has [\d,]+ of the 200 customers planned; the test runs until"
        r" Nov 24, 2026 at the latest\.",
        verdict,
    ), verdict


def test_the_pdf_carries_the_verdict_the_arms_and_the_chart(report: Report) -> None:
    text = " ".join(pdf_text(render_pdf(report)).split())
    assert "Script tests and hold-outs" in text
    assert f"{DEMO_TEST_NAME} – Car Waxing (cross-sell, checkout)" in text
    assert "Variant B takes" in text and "points more than A (95%:" in text
    assert "Hold-out (no offer)" in text and "Variant A (own script)" in text
    assert "take rate, variant B minus A (points)" in text  # the cumulative chart's title
    assert "planned sample reached" in text


def test_the_command_line_report_lists_the_test_with_name_and_arms(demo: Counter, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "posapp",
            "report",
            "--db",
            str(demo.db_path),
            "--date",
            (YESTERDAY - timedelta(days=1)).isoformat(),
            "--to",
            YESTERDAY.isoformat(),
            "--format",
            "json",
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    (test,) = json.loads(out.read_text(encoding="utf-8"))["experiments"]
    assert test["name"] == DEMO_TEST_NAME
    assert [arm["arm"] for arm in test["arms"]] == ["holdout", "A", "B"]


def test_the_csv_has_a_row_per_figure_of_each_arm(report: Report) -> None:
    text = report_csv_bytes(report).decode("utf-8-sig")
    rows = [line for line in text.splitlines() if line.startswith("experiment,")]
    assert len(rows) == 3 * 6
    assert f"experiment,{DEMO_TEST_NAME}: holdout,shown,0," in rows
