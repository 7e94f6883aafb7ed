"""Staff names are unique whatever the case, and how long manager windows stay open is a manager's setting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.services.auth import add_cashier
from posapp.services.staff import (
    add_person,
    change_counter_lock_seconds,
    change_manager_idle_seconds,
    check_new_person,
)
from posapp.settings import default_settings_path, load_settings
from posapp.storage.cashiers import Role, list_staff
from tests.conftest import Clock, Staff

SAM_TAKEN = (
    "There is already someone called Sam at this counter; names must differ by more than capital letters."
)


@pytest.mark.parametrize("typed", ["sam", "SAM", "  sAm  ", "Sam "])
def test_sam_beside_sam_is_refused_in_one_sentence(
    counter: Counter, staff: Staff, clock: Clock, typed: str
) -> None:
    with pytest.raises(UserError) as refused:
        add_person(
            counter.db,
            name=typed,
            role=Role.CASHIER,
            pin="1111",
            pin_again="1111",
            manager_id=staff.manager_id,
            manager_pin=staff.manager_pin,
            now=clock,
        )
    expected = "There is already someone called Sam at this counter." if typed.strip() == "Sam" else SAM_TAKEN
    assert refused.value.message == expected
    assert [person.name for person in list_staff(counter.db)] == ["Morgan", "Sam"]


def test_letters_beyond_ascii_are_compared_case_folded(counter: Counter, clock: Clock) -> None:
    add_cashier(counter.db, name="Ömer", role=Role.CASHIER, pin="2468", now=clock())
    with pytest.raises(UserError, match="already someone called Ömer"):
        add_cashier(counter.db, name="ömer", role=Role.CASHIER, pin="2468", now=clock())


def test_the_schema_refuses_a_case_twin_written_past_the_service(counter: Counter, staff: Staff) -> None:
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        counter.db.execute(
            "INSERT INTO cashiers (name, role, pin_hash, created_at) VALUES ('SAM', 'cashier', 'x', '2026')"
        )


def test_a_new_person_is_checked_before_a_manager_is_asked(counter: Counter, staff: Staff) -> None:
    entries = counter.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert check_new_person(counter.db, name="  Alex   Kim ", pin="2468", pin_again="2468") == "Alex Kim"
    with pytest.raises(UserError, match="The two PINs typed differ"):
        check_new_person(counter.db, name="Alex", pin="2468", pin_again="2486")
    with pytest.raises(UserError, match="names must differ by more than capital letters"):
        check_new_person(counter.db, name="morgan", pin="2468", pin_again="2468")
    assert counter.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == entries  # nothing written


def test_the_idle_time_is_saved_to_settings_toml_and_audited(
    tmp_path: Path, counter: Counter, staff: Staff, clock: Clock
) -> None:
    path = tmp_path / "settings.toml"
    shutil.copyfile(default_settings_path(), path)
    settings = load_settings(path)
    changed = change_manager_idle_seconds(
        counter.db, settings, 45, manager_id=staff.manager_id, manager_pin=staff.manager_pin, now=clock
    )
    assert changed.manager_dialog_idle_seconds == 45
    assert load_settings(path).manager_dialog_idle_seconds == 45
    assert "# manager windows" in path.read_text(encoding="utf-8")  # the owner's comment is kept
    row = counter.db.execute(
        "SELECT cashier_id, before, after FROM audit_log WHERE action = 'security_changed'"
    )
    assert row.fetchall() == [
        (
            staff.manager_id,
            '{"security.manager_dialog_idle_seconds": 120}',
            '{"security.manager_dialog_idle_seconds": 45}',
        )
    ]


@pytest.mark.parametrize("seconds", [0, 14, 1801])
def test_an_idle_time_out_of_range_is_refused(
    counter: Counter, staff: Staff, clock: Clock, seconds: int
) -> None:
    with pytest.raises(UserError, match=f"15 to 1800 seconds untouched, not {seconds}"):
        change_manager_idle_seconds(
            counter.db,
            counter.settings,
            seconds,
            manager_id=staff.manager_id,
            manager_pin=staff.manager_pin,
            now=clock,
        )


def test_a_settings_file_from_before_the_setting_still_loads(tmp_path: Path) -> None:
    text = default_settings_path().read_text(encoding="utf-8")
    older = text[: text.index("[security]")]
    path = tmp_path / "settings.toml"
    path.write_text(older, encoding="utf-8")
    assert load_settings(path).manager_dialog_idle_seconds == 120
    path.write_text(older + "[security]\nmanager_dialog_idle_seconds = 5\n", encoding="utf-8")
    with pytest.raises(
        UserError, match=r"security\.manager_dialog_idle_seconds must be a whole number from 15 to 1800"
    ):
        load_settings(path)


def test_when_the_checkout_locks_is_written_into_a_file_from_before_the_setting(
    tmp_path: Path, counter: Counter, staff: Staff, clock: Clock
) -> None:
    path = tmp_path / "settings.toml"
    older = default_settings_path().read_text(encoding="utf-8").replace("counter_lock_idle_seconds = 300", "")
    path.write_text(older, encoding="utf-8")
    settings = load_settings(path)
    assert settings.counter_lock_idle_seconds == 300
    manager = {"manager_id": staff.manager_id, "manager_pin": staff.manager_pin, "now": clock}
    for seconds in (0, 900):
        settings = change_counter_lock_seconds(counter.db, settings, seconds, **manager)  # type: ignore[arg-type]
        assert load_settings(path).counter_lock_idle_seconds == seconds
    with pytest.raises(UserError, match="30 to 3600 seconds untouched, or never \\(0\\), not 29"):
        change_counter_lock_seconds(counter.db, settings, 29, **manager)  # type: ignore[arg-type]
    assert load_settings(path).counter_lock_idle_seconds == 900
    changes = counter.db.execute("SELECT count(*) FROM audit_log WHERE action = 'security_changed'")
    assert changes.fetchone() == (2,)
