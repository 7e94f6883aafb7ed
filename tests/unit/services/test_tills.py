"""A till's name: free names for new tills, a manager's rename (PIN re-asked, audited), bad names refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posapp.counter import Counter, open_counter
from posapp.domain.errors import UserError
from posapp.services.tills import TillPlace, rename_till
from posapp.settings import default_settings_path
from posapp.storage.tills import Till, all_tills, free_till_name, get_till, register_till


def test_a_new_till_takes_the_next_free_name_like_the_one_it_asked_for(counter: Counter) -> None:
    assert counter.settings.terminal == "counter-1"
    kept: list[str] = []
    lane = register_till(counter.db, known_id=None, name="counter-1", now=counter.now(), remember=kept.append)
    assert lane.name == "counter-2" and kept == [lane.id]
    register_till(counter.db, known_id=None, name="Lane", now=counter.now(), remember=kept.append)
    assert free_till_name(counter.db, "Lane") == "Lane 2"
    assert free_till_name(counter.db, "counter-1") == "counter-3"
    assert [till.name for till in all_tills(counter.db)] == ["Lane", "counter-1", "counter-2"]


def test_an_id_that_cannot_be_kept_registers_nothing(counter: Counter) -> None:
    def disk_full(_id: str) -> None:
        raise UserError("This till's identity cannot be kept: No space left on device.")

    with pytest.raises(UserError, match="No space left"):
        register_till(counter.db, known_id=None, name="Lane 2", now=counter.now(), remember=disk_full)
    assert [till.name for till in all_tills(counter.db)] == ["counter-1"]


def test_a_manager_renames_the_till_and_the_audit_log_says_from_what_to_what(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    name = rename_till(
        counter.db,
        counter.till_id,
        "  Lane   1 ",
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        now=counter.now,
    )
    assert name == "Lane 1"
    assert get_till(counter.db, counter.till_id) == Till(counter.till_id, "Lane 1")
    [(who, subject, before, after)] = counter.db.execute(
        "SELECT cashier_id, subject, before, after FROM audit_log WHERE action = 'till_renamed'"
    ).fetchall()
    assert (who, subject) == (staff.manager_id, f"till {counter.till_id}")
    assert (json.loads(before), json.loads(after)) == ({"name": "counter-1"}, {"name": "Lane 1"})


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("   ", "Type a name for this till"),
        ("L" * 61, "at most 60 characters; this one has 61"),
        ("Lane\x1b1", "letters, digits, spaces and punctuation only"),
        ("Lane 2", "Another till on this database is already called Lane 2"),
    ],
)
def test_a_bad_name_is_refused_and_nothing_changes(counter: Counter, staff, typed: str, said: str) -> None:  # type: ignore[no-untyped-def]
    register_till(counter.db, known_id=None, name="Lane 2", now=counter.now(), remember=lambda _id: None)
    with pytest.raises(UserError, match=said):
        rename_till(
            counter.db,
            counter.till_id,
            typed,
            manager_id=staff.manager_id,
            manager_pin=staff.manager_pin,
            now=counter.now,
        )
    till = get_till(counter.db, counter.till_id)
    assert till is not None and till.name == "counter-1"
    assert (
        counter.db.execute("SELECT count(*) FROM audit_log WHERE action = 'till_renamed'").fetchone()[0] == 0
    )


def test_a_cashier_cannot_rename_the_till(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="Only a manager"):
        rename_till(
            counter.db,
            counter.till_id,
            "Mine",
            manager_id=staff.cashier_id,
            manager_pin=staff.cashier_pin,
            now=counter.now,
        )


def test_a_damaged_identity_file_is_one_sentence_not_a_new_till(counter: Counter, tmp_path: Path) -> None:
    place = TillPlace(tmp_path / "elsewhere")
    place.folder.mkdir()
    place.id_file(counter.db_path).write_text("not an id\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"identity file .* is damaged; delete it"):
        open_counter(counter.db_path, settings_path=default_settings_path(), till=place)
    assert len(all_tills(counter.db)) == 1


def test_a_till_whose_database_was_replaced_registers_again_under_its_own_id(tmp_path: Path) -> None:
    place, path = TillPlace(tmp_path / "lane"), tmp_path / "counter.db"
    first = open_counter(path, settings_path=default_settings_path(), till=place)
    till_id = first.till_id
    first.db.conn.close()
    assert first.till is not None
    first.till.release()
    for side in ("", "-wal", "-shm"):  # a new, empty file where the database was (or an older backup)
        Path(f"{path}{side}").unlink(missing_ok=True)
    again = open_counter(path, settings_path=default_settings_path(), till=place)
    try:
        assert again.till_id == till_id and again.settings.terminal == "counter-1"
        assert all_tills(again.db) == [Till(till_id, "counter-1")]
    finally:
        again.db.conn.close()
        assert again.till is not None
        again.till.release()
