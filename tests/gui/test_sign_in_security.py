"""Guessing PINs on the sign-in page: five wrong ones lock the person out for five minutes, all logged."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from posapp.counter import Counter
from posapp.gui.checkout_window import CheckoutWindow


def try_pin(window: CheckoutWindow, name: str, pin: str) -> str:
    """Type the PIN and press Sign in, as the cashier does; returns the sentence under the PIN box."""
    page = window.sign_in_page
    page.choose(name)
    page.form.login_pin.setText(pin)
    page.form.sign_in_button.click()
    return str(page.form.sign_in_error.text())


def test_five_wrong_pins_lock_out_for_five_minutes_and_are_logged(
    make_window: Callable[..., CheckoutWindow], counter: Counter, clock: Any, staff: Any
) -> None:
    window = make_window()
    said = [try_pin(window, "Sam", pin) for pin in ("0000", "1234", "1112", "2222", "9999")]
    assert said[:4] == ["Wrong PIN; try again."] * 4
    assert said[4] == "Wrong PIN five times: Sam is locked out for 5 minutes."
    # The manager's PIN typed under Sam's name was one of the guesses: it signs nobody in.

    # The right PIN is refused while the lock lasts, and the refusal says how long is left.
    assert try_pin(window, "Sam", "1111") == (
        "Sam is locked out after too many wrong PINs; try again in 5 min."
    )
    clock.advance(minutes=4, seconds=59)
    assert try_pin(window, "Sam", "1111") == (
        "Sam is locked out after too many wrong PINs; try again in 1 min."
    )
    assert window.pages.currentWidget() is window.sign_in_page
    assert window.cashier is None

    # Someone else is not held up by Sam's lock.
    assert try_pin(window, "Morgan", "9999") == ""
    assert window.cashier is not None and window.cashier.name == "Morgan"
    window.lock()

    clock.advance(seconds=1)  # five minutes after the fifth wrong PIN
    assert try_pin(window, "Sam", "1111") == ""
    assert window.pages.currentWidget() is window.checkout
    assert window.cashier is not None and window.cashier.name == "Sam"

    logged = counter.db.execute(
        "SELECT at, cashier_id, subject, after FROM audit_log WHERE action = 'sign_in_failed' ORDER BY id"
    ).fetchall()
    assert [(row[1], row[2]) for row in logged] == [(staff.cashier_id, "Sam")] * 5
    assert [json.loads(row[3]) for row in logged] == [{"attempt": n, "locked": n == 5} for n in range(1, 6)]
    assert {row[0] for row in logged} == {"2026-11-27T15:00:00.000000+00:00"}  # by the clock, not the host
