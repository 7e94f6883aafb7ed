"""Two tills on one database file, both with the shipped settings: each keeps to its own ticket and receipts.

Before till identities both called themselves "counter-1": one till's sale deleted the other's
ticket in progress, and one till's start-up marked the other's receipt, still printing, as
failed (so Retry printed a second original). A till is now an identity of its own, and a
second process with the same identity is refused while the first runs, however it ends.
"""

from __future__ import annotations

import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from posapp.counter import Counter, open_counter
from posapp.domain.errors import UserError
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.auth import add_cashier
from posapp.services.checkout import clear_ticket, complete_sale
from posapp.services.tills import RunningTill, TillInUseError, TillPlace, take_till
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role
from posapp.storage.drafts import load_draft, save_draft
from posapp.storage.print_jobs import (
    JobStatus,
    claim_job,
    failed_jobs,
    get_job,
    mark_printed,
    queue_original,
    recover_interrupted,
)

# A till in a process of its own, holding its identity until told to stop (a line on stdin) or killed.
HOLDER = """
import sys
from pathlib import Path
from posapp.counter import open_counter
from posapp.services.tills import TillPlace
counter = open_counter(Path(sys.argv[1]), settings_path=Path(sys.argv[2]), till=TillPlace(Path(sys.argv[3])))
print("till", counter.till_id, counter.settings.terminal, flush=True)
sys.stdin.readline()
"""


def open_till(db_path: Path, folder: Path) -> Counter:
    """A till whose installation keeps its identity in `folder`, on the shipped settings."""
    return open_counter(db_path, settings_path=default_settings_path(), till=TillPlace(folder))


def close(counter: Counter) -> None:
    counter.db.conn.close()
    assert counter.till is not None
    counter.till.release()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "shared.db"
    setup = open_counter(path, settings_path=default_settings_path())
    add_cashier(setup.db, name="Sam", role=Role.CASHIER, pin="1111", now=setup.now())
    setup.db.conn.close()
    return path


@pytest.fixture
def two_tills(db_path: Path, tmp_path: Path) -> Iterator[tuple[Counter, Counter]]:
    """Lane A and lane B: two installations (two identity folders) on one database file."""
    lane_a = open_till(db_path, tmp_path / "lane-a")
    lane_b = open_till(db_path, tmp_path / "lane-b")
    yield lane_a, lane_b
    close(lane_a)
    close(lane_b)


def a_wash(counter: Counter, code: str = "standard_wash") -> TicketDraft:
    return TicketDraft(cashier_id=1, opened_at=counter.now()).choose_wash(counter.catalog.get(code))


def sell(counter: Counter, draft: TicketDraft) -> int:
    return complete_sale(
        counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now
    ).number


def test_two_tills_with_the_shipped_settings_get_two_identities_and_two_names(
    two_tills: tuple[Counter, Counter],
) -> None:
    lane_a, lane_b = two_tills
    assert lane_a.till_id != lane_b.till_id
    assert (lane_a.settings.terminal, lane_b.settings.terminal) == ("counter-1", "counter-2")
    number = sell(lane_a, a_wash(lane_a))
    terminal = lane_b.db.execute("SELECT terminal FROM tickets WHERE number = ?", (number,)).fetchone()[0]
    assert terminal == "counter-1"  # the ticket says which till sold it


def test_a_sale_on_one_till_leaves_the_other_tills_ticket_in_progress(
    two_tills: tuple[Counter, Counter],
) -> None:
    lane_a, lane_b = two_tills
    waiting = a_wash(lane_b, "premium_package")
    save_draft(lane_b.db, lane_b.till_id, waiting, lane_b.now())
    sold = a_wash(lane_a)
    save_draft(lane_a.db, lane_a.till_id, sold, lane_a.now())

    sell(lane_a, sold)

    assert load_draft(lane_a.db, lane_a.till_id) is None
    assert load_draft(lane_b.db, lane_b.till_id) == waiting  # lane B's customer is still rung up

    thrown_away = a_wash(lane_a, "express_wash")
    save_draft(lane_a.db, lane_a.till_id, thrown_away, lane_a.now())
    clear_ticket(lane_a.db, thrown_away, settings=lane_a.settings, now=lane_a.now)
    assert load_draft(lane_b.db, lane_b.till_id) == waiting  # nor does clearing A's ticket touch it


def test_starting_a_till_leaves_another_tills_receipt_printing(db_path: Path, tmp_path: Path) -> None:
    lane_a = open_till(db_path, tmp_path / "lane-a")
    job_id = queue_original(lane_a.db, sell(lane_a, a_wash(lane_a)), lane_a.now, till_id=lane_a.till_id)
    assert claim_job(lane_a.db, job_id, lane_a.now, till_id=lane_a.till_id) is not None  # A is printing it

    lane_b = open_till(db_path, tmp_path / "lane-b")
    try:
        # What B's window does as it starts: recover its own interrupted receipts, offer its failures.
        assert recover_interrupted(lane_b.db, lane_b.till_id, lane_b.now) == 0
        assert failed_jobs(lane_b.db, lane_b.till_id) == []
        job = get_job(lane_b.db, job_id)
        assert job is not None and job.status is JobStatus.PRINTING
        # A Retry on B (or a crafted one) cannot take A's job: no second original.
        assert claim_job(lane_b.db, job_id, lane_b.now, till_id=lane_b.till_id) is None
        mark_printed(lane_a.db, job_id, lane_a.now)
        printed = get_job(lane_b.db, job_id)
        assert printed is not None and (printed.status, printed.attempts) == (JobStatus.PRINTED, 1)
    finally:
        close(lane_b)
        close(lane_a)


def test_a_till_that_stopped_mid_print_offers_its_own_receipt_for_retry(
    db_path: Path, tmp_path: Path
) -> None:
    lane_a = open_till(db_path, tmp_path / "lane-a")
    job_id = queue_original(lane_a.db, sell(lane_a, a_wash(lane_a)), lane_a.now, till_id=lane_a.till_id)
    claim_job(lane_a.db, job_id, lane_a.now, till_id=lane_a.till_id)
    close(lane_a)  # the till stopped while the receipt was printing

    again = open_till(db_path, tmp_path / "lane-a")
    try:
        assert recover_interrupted(again.db, again.till_id, again.now) == 1
        assert [job.id for job in failed_jobs(again.db, again.till_id)] == [job_id]
    finally:
        close(again)


def test_the_identity_survives_a_restart_and_is_kept_owner_only(db_path: Path, tmp_path: Path) -> None:
    first = open_till(db_path, tmp_path / "lane-a")
    till_id, name = first.till_id, first.settings.terminal
    close(first)
    again = open_till(db_path, tmp_path / "lane-a")
    try:
        assert (again.till_id, again.settings.terminal) == (till_id, name)
        kept = TillPlace(tmp_path / "lane-a").id_file(db_path)
        assert kept.read_text(encoding="utf-8").splitlines()[0] == till_id
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert again.db.execute("SELECT count(*) FROM tills").fetchone()[0] == 1
    finally:
        close(again)


def start_holder(db_path: Path, folder: Path) -> tuple[subprocess.Popen[str], list[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), str(default_settings_path()), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    line = holder.stdout.readline().split()
    assert line[:1] == ["till"], holder.stderr.read() if holder.stderr else ""
    return holder, line


def test_a_second_process_as_the_same_till_is_refused_until_the_first_ends_even_by_sigkill(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "lane-a"
    holder, (_, till_id, name) = start_holder(db_path, folder)
    try:
        with pytest.raises(TillInUseError) as refused:
            open_till(db_path, folder)
        assert refused.value.message == (
            f"The till {name} ({till_id}) is already running on {db_path}: use that window, or close it"
            " first (a second till on this computer starts with --till and a name of its own)."
        )
        other = open_till(db_path, tmp_path / "lane-b")  # another till on the same file is welcome
        close(other)
    finally:
        holder.send_signal(signal.SIGKILL)  # no clean-up of its own: the system drops its lock
        holder.wait(timeout=30)
        for pipe in (holder.stdin, holder.stdout, holder.stderr):
            if pipe:
                pipe.close()

    after_kill = open_till(db_path, folder)
    assert after_kill.till_id == till_id
    close(after_kill)

    # And after a clean exit.
    holder, _ = start_holder(db_path, folder)
    assert holder.stdin is not None
    holder.stdin.write("stop\n")
    holder.stdin.close()
    assert holder.wait(timeout=30) == 0
    for pipe in (holder.stdout, holder.stderr):
        if pipe:
            pipe.close()
    after_exit = open_till(db_path, folder)
    assert after_exit.till_id == till_id
    close(after_exit)


def test_a_second_till_on_one_computer_is_started_under_a_name_of_its_own(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "this-computer"
    first = open_till(db_path, folder)
    second = open_counter(db_path, settings_path=default_settings_path(), till=TillPlace(folder, "lane2"))
    try:
        assert second.till_id != first.till_id and second.settings.terminal == "lane2"
    finally:
        close(second)
        close(first)
    with pytest.raises(UserError, match="--till 'lane 2!' is not a till name"):
        open_counter(db_path, settings_path=default_settings_path(), till=TillPlace(folder, "lane 2!"))


# Two starts of one installation at the same moment, neither with an id yet: one runs, one is refused.
STARTER = """
import sys, time
from pathlib import Path
from posapp.counter import open_counter
from posapp.services.tills import RunningTill, TillInUseError, TillPlace, take_till
start_at = float(sys.argv[4])
while time.time() < start_at:
    pass
try:
    place = TillPlace(Path(sys.argv[3]))
    counter = open_counter(Path(sys.argv[1]), settings_path=Path(sys.argv[2]), till=place)
except TillInUseError as refused:
    print("refused", refused.message, flush=True)
else:
    print("till", counter.till_id, flush=True)
    sys.stdin.readline()
"""


def test_two_first_starts_of_one_installation_at_once_make_one_till(db_path: Path, tmp_path: Path) -> None:
    for attempt in range(3):
        folder = tmp_path / f"this-computer-{attempt}"
        start_at = f"{time.time() + 1.5}"
        starters = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    STARTER,
                    str(db_path),
                    str(default_settings_path()),
                    str(folder),
                    start_at,
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        said = []
        for starter in starters:
            assert starter.stdout is not None
            said.append(starter.stdout.readline().split(" ", 1))
        for starter in starters:
            _, errors = starter.communicate("stop\n", timeout=60)
            assert starter.returncode == 0, errors
        assert sorted(word for word, _ in said) == ["refused", "till"]
        [till_id] = [rest.strip() for word, rest in said if word == "till"]
        [refusal] = [rest for word, rest in said if word == "refused"]
        assert f"({till_id}) is already running" in refusal
        assert TillPlace(folder).id_file(db_path).read_text(encoding="utf-8").splitlines()[0] == till_id
    setup = open_counter(db_path, settings_path=default_settings_path())
    try:
        assert setup.db.execute("SELECT count(*) FROM tills").fetchone()[0] == 3  # one per installation
    finally:
        setup.db.conn.close()


def test_two_starts_that_both_found_no_identity_yet_end_as_one_till(db_path: Path, tmp_path: Path) -> None:
    """The moment the process test above rarely meets: both read "no id yet", then both register."""
    import threading

    from posapp.storage.db import open_db

    place = TillPlace(tmp_path / "this-computer")
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # both starts wait at their registration, having read no id
    results: list[object] = []

    def start() -> None:
        db = open_db(db_path)
        try:
            results.append(take_till(db, db_path, place, "counter-1", lambda: datetime.now(UTC)))
        except TillInUseError as refused:
            results.append(refused)
        finally:
            db.conn.close()

    starts = [threading.Thread(target=start) for _ in range(2)]
    for thread in starts:
        thread.start()
    time.sleep(1.0)
    assert not place.id_file(db_path).exists()
    blocker.execute("ROLLBACK")
    blocker.close()
    for thread in starts:
        thread.join(timeout=30)
    [running] = [result for result in results if isinstance(result, RunningTill)]
    [refused] = [result for result in results if isinstance(result, TillInUseError)]
    try:
        assert f"({running.id}) is already running" in refused.message
        assert place.id_file(db_path).read_text(encoding="utf-8").splitlines()[0] == running.id
        check = open_db(db_path)
        assert check.execute("SELECT id FROM tills").fetchall() == [(running.id,)]  # the loser left no row
        check.conn.close()
    finally:
        running.release()


def test_a_till_name_that_cannot_name_a_file_is_refused_before_anything_opens(tmp_path: Path) -> None:
    db_path = tmp_path / "counter.db"
    done = subprocess.run(
        [sys.executable, "-m", "posapp", "--db", str(db_path), "--till", "../lane 2"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "posapp: argument --till: --till takes up to 32 letters, digits, '-' or '_', not '../lane 2'.\n"
    )
    assert not db_path.exists()
