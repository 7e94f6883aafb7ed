"""Push and pull between tills and a real hub: idempotent, cut mid-push, offline for a week, two at once."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import psycopg

from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from tests.hub.conftest import Chain


def _hub_count(chain: Chain, table: str) -> int:
    with psycopg.connect(chain.owner_url) as conn:
        return int(conn.execute(f"SELECT count(*) FROM hub.{table}").fetchone()[0])


def test_a_push_sent_twice_changes_nothing_the_second_time(chain: Chain) -> None:
    lane = chain.till("north", "lane1")
    ana = lane.add_customer("Ana Ruiz", plate="AB-123")
    lane.answer(ana, "car_waxing", Outcome.DECLINED)
    first = lane.sync()
    assert first.pushed >= 3  # the customer, the cashiers, the offer event
    assert _hub_count(chain, "offer_events") == 1
    second = lane.sync()
    assert second.pushed == 0
    # The hub forgetting nothing is not needed for safety: acknowledgements gone, rows sent again, no doubles.
    with psycopg.connect(chain.owner_url) as conn:
        conn.execute("DELETE FROM hub.acks")
    lane.db.execute("DELETE FROM sync_sent")
    lane.db.conn.commit()
    third = lane.sync()
    assert third.pushed >= 3
    assert _hub_count(chain, "offer_events") == 1
    assert _hub_count(chain, "customers") == 1


def test_a_till_offline_for_a_week_catches_up_in_one_sync(chain: Chain) -> None:
    lane = chain.till("north", "lane1")
    customers = [lane.add_customer(f"Driver {n}", plate=f"WK{n:04d}") for n in range(50)]
    for _day in range(7):
        for customer in customers:
            lane.answer(customer, "tire_shine", Outcome.DECLINED)
        chain.clock.advance(days=1)
    result = lane.sync()
    assert _hub_count(chain, "offer_events") == 350
    assert result.pushed >= 350 + 50


def test_two_tills_syncing_at_once_lose_and_double_nothing(chain: Chain) -> None:
    lanes = [chain.till("north", "lane1"), chain.till("north", "lane2")]
    for index, lane in enumerate(lanes):
        for n in range(40):
            customer = lane.add_customer(f"C{index}-{n}", plate=f"L{index}X{n:03d}")
            lane.answer(customer, "car_waxing", Outcome.ACCEPTED)
    errors: list[BaseException] = []

    def run(lane_index: int) -> None:
        # Each thread its own SQLite connection, as two tills are two processes.
        from posapp.hub.sync import sync
        from posapp.services.checkout import record_interaction
        from posapp.storage.migrations import open_migrated

        lane = lanes[lane_index]
        db = open_migrated(lane.counter.db_path)
        try:
            for round_number in range(3):
                # A till keeps selling between its syncs: a new answer each round.
                event = OfferEvent(
                    Moment.CHECKOUT, OfferKind.CROSS_SELL, "tire_shine", Outcome.DECLINED, chain.clock()
                )
                record_interaction(
                    db, (event,), customer_id=round_number + 1, cashier_id=lane.cashier_id, zone=UTC
                )
                sync(db, lane.counter.db_path, lane.hub, chain.clock, lane.counter.settings)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            db.conn.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert _hub_count(chain, "offer_events") == 80 + 2 * 3
    assert _hub_count(chain, "customers") == 80


def test_the_hub_down_is_one_sentence_and_sales_go_on(chain: Chain) -> None:
    lane = chain.till("north", "lane1")
    ana = lane.add_customer("Ana", plate="DOWN1")
    lane.hub = type(lane.hub)(lane.hub.url.replace(str(chain.cluster.port), "1"), lane.hub.site)
    try:
        lane.sync()
    except Exception as error:
        message = str(error)
        assert type(error).__name__ == "HubUnreachableError"
        assert message.count(".") >= 1 and "\n" not in message
        assert chain.passwords["north"] not in message
    else:
        raise AssertionError("a sync with no hub must fail")
    lane.answer(ana, "car_waxing", Outcome.DECLINED)  # the counter goes on selling and recording
    assert lane.db.execute("SELECT count(*) FROM offer_events").fetchone()[0] == 1


def test_clock_skew_of_an_hour_either_way_keeps_the_pause(chain: Chain) -> None:
    from tests.conftest import Clock

    # The hub stamps what it receives with its own (real) clock: the tills' true time is the real one.
    chain.clock.current = datetime.now(UTC)
    ahead = Clock(chain.clock.current + timedelta(hours=1))
    behind = Clock(chain.clock.current - timedelta(hours=1))
    fast = chain.till("north", "fast", clock=ahead)
    slow = chain.till("south", "slow", clock=behind)
    here = chain.till("east", "here")
    ana_fast = fast.add_customer("Ana", plate="SKEW1")
    ben_slow = slow.add_customer("Ben", plate="SKEW2")
    fast.answer(ana_fast, "car_waxing", Outcome.DECLINED)
    slow.answer(ben_slow, "car_waxing", Outcome.DECLINED)
    fast.sync()
    slow.sync()
    here.sync()
    ana = here.add_customer("Ana", plate="skew 1")
    ben = here.add_customer("Ben", plate="skew-2")
    assert "recent" in here.reasons(ana)
    assert "recent" in here.reasons(ben)
    # A clock ahead cannot stretch the pause: it counts from when the hub received the answer.
    declined_at = here.facts(ana).declined[0].at
    assert declined_at <= chain.clock.current + timedelta(minutes=5)
    # Seven days on (the decline pause) both pauses are over, at the right time, not an hour late.
    chain.clock.advance(days=7, minutes=5)
    assert "recent" not in here.reasons(ana)
    assert "recent" not in here.reasons(ben)


def test_a_connection_cut_mid_push_loses_and_doubles_nothing(chain: Chain) -> None:
    from posapp.hub.config import HubSettings
    from posapp.hub.connect import HubUnreachableError
    from tests.hub.conftest import CuttingProxy

    lane = chain.till("north", "lane1")
    customers = [lane.add_customer(f"Driver {n}", plate=f"CUT{n:04d}") for n in range(300)]
    for customer in customers:
        for service in ("car_waxing", "tire_shine", "paint_sealant"):
            lane.answer(customer, service, Outcome.DECLINED)
    proxy = CuttingProxy(chain.cluster.port, budget=60_000)
    cut_hub = HubSettings(lane.hub.url.replace(f":{chain.cluster.port}/", f":{proxy.port}/"), "north")
    try:
        from posapp.hub.sync import sync

        try:
            sync(lane.db, lane.counter.db_path, cut_hub, chain.clock, lane.counter.settings)
        except HubUnreachableError as error:
            assert "\n" not in str(error)
        else:
            raise AssertionError("the proxy should have cut the push")
        assert proxy.cuts >= 1
        # Sales go on while the hub is away.
        lane.answer(customers[0], "underbody_rinse", Outcome.ACCEPTED)
        partial = _hub_count(chain, "offer_events")
        assert partial < 901
    finally:
        proxy.close()
    lane.sync()
    lane.sync()
    assert _hub_count(chain, "offer_events") == 901
    assert _hub_count(chain, "customers") == 300
    with psycopg.connect(chain.owner_url) as conn:
        doubles = conn.execute(
            "SELECT count(*) FROM (SELECT source_id, local_id FROM hub.customers"
            " GROUP BY source_id, local_id HAVING count(*) > 1) d"
        ).fetchone()[0]
    assert doubles == 0


def test_the_hub_restarted_mid_sync_then_the_next_sync_completes(chain: Chain) -> None:
    from posapp.hub.connect import HubUnreachableError

    lane = chain.till("north", "lane1")
    count = 4500  # three hub transactions of customers, three of offer events
    customers = [lane.add_customer(f"Driver {n}", plate=f"RS{n:05d}") for n in range(count)]
    for customer in customers:
        lane.answer(customer, "car_waxing", Outcome.DECLINED)

    def restart_after_the_first_batch() -> None:
        deadline = time.monotonic() + 60
        while _hub_count(chain, "customers") == 0 and time.monotonic() < deadline:
            time.sleep(0.005)
        chain.cluster.restart()

    restarter = threading.Thread(target=restart_after_the_first_batch)
    restarter.start()
    try:
        lane.sync()
    except HubUnreachableError as error:
        failure = str(error)
    else:
        failure = ""
    restarter.join(timeout=60)
    assert failure, "the restart should have cut the sync"
    assert "\n" not in failure
    assert 0 < _hub_count(chain, "customers") + _hub_count(chain, "offer_events") < 2 * count
    lane.sync()
    assert _hub_count(chain, "offer_events") == count
    assert _hub_count(chain, "customers") == count


def test_a_row_committed_late_by_a_slow_till_is_still_pulled(chain: Chain) -> None:
    """The pull's cursor is the hub's oldest running transaction, not a sequence: late commits are read."""
    from posapp.domain.matching import match_keys

    slow = chain.till("north", "slow")
    fast = chain.till("south", "fast")
    here = chain.till("east", "here")
    slow.sync()  # its source is known to the hub
    ana = here.add_customer("Ana", plate="LATE1")
    source = slow.db.execute("SELECT source_id FROM sync_source").fetchone()[0]
    with psycopg.connect(chain.site_url("north")) as late:
        # A push by the slow till, started first and still open (a bad link): its rows are not visible yet.
        late.execute(
            "INSERT INTO hub.customers (site, source_id, local_id, digest, keys, marketing_consent,"
            " budget_sensitive, erased) VALUES ('north', %s, 77, 'd1', %s, false, false, false)",
            (source, list(match_keys(plate="LATE1"))),
        )
        late.execute(
            "INSERT INTO hub.offer_events (site, source_id, local_id, customer_id, cashier_id, moment, kind,"
            " service, outcome, price_delta_cents, reasons, explanation, at, local_day)"
            " VALUES ('north', %s, 1, 77, 1, 'checkout', 'cross_sell', 'car_waxing', 'declined', 0, '', '',"
            " %s, %s)",
            (source, chain.clock.current, chain.clock.current.date()),
        )
        # Meanwhile another till pushes and commits rows inserted after those, and this till pulls.
        ben = fast.add_customer("Ben", plate="FAST1")
        fast.answer(ben, "tire_shine", Outcome.DECLINED)
        fast.sync()
        here.sync()
        assert "recent" not in here.reasons(ana)
        late.commit()
    here.sync()
    assert "recent" in here.reasons(ana)
