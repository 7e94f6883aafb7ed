"""`posapp --self-test` passes on a ready machine and fails, saying why, when a step's result is wrong."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from posapp.counter import Counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.selftest import Staff, run_self_test
from posapp.services.checkout import complete_sale


def test_the_self_test_passes_on_this_machine() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "posapp", "--self-test"], capture_output=True, text=True, timeout=180, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["ok", "ok", "ok"]
    assert "car_waxing as an accepted add-on" in lines[0]
    assert lines[-1] == "self-test passed"


def test_a_sale_without_its_addon_fails_the_self_test() -> None:
    def sell_without_addon(counter: Counter, staff: Staff) -> int:
        cashier = counter.db.execute(
            "SELECT id FROM cashiers WHERE name = ?", (staff.cashier_name,)
        ).fetchone()[0]
        draft = TicketDraft(cashier_id=cashier, opened_at=counter.now())
        draft = draft.choose_wash(counter.catalog.get("standard_wash"))
        return complete_sale(
            counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now
        ).number

    out = io.StringIO()
    assert run_self_test(out=out, sell=sell_without_addon) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("FAILED  checkout window: sale with an accepted add-on: ticket 1 holds")
    assert lines[-1] == "self-test FAILED"


def _without_a_display() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}


def test_the_window_with_no_display_says_so_in_one_sentence(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [sys.executable, "-m", "posapp", "--demo", "--db", str(tmp_path / "demo.db")],
        capture_output=True,
        text=True,
        timeout=60,
        env=_without_a_display(),
    )
    assert result.returncode == 2  # not SIGABRT (-6)
    assert result.stderr.startswith("posapp: The counter's window needs a display:")
    assert result.stderr.count("\n") == 1 and "xcb" not in result.stderr


def test_the_self_test_with_no_display_runs_the_window_off_screen() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "posapp", "--self-test"],
        capture_output=True,
        text=True,
        timeout=180,
        env=_without_a_display(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("No display here: the checkout window is tested off screen.")
