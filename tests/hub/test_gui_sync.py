"""The window's timer syncs off the GUI thread; a hub that is down is said once, then its recovery."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool
from pytestqt.qtbot import QtBot

from posapp.domain.offer import Outcome
from posapp.gui.background import wait_and_deliver
from posapp.gui.hub_sync import HubSync, start_hub_sync
from posapp.hub.config import HubSettings
from tests.hub.conftest import Chain


def test_the_timer_syncs_on_a_pool_thread_and_again_on_time(qtbot: QtBot, chain: Chain) -> None:
    lane = chain.till("north", "lane1")
    ana = lane.add_customer("Ana", plate="GUI1")
    lane.answer(ana, "car_waxing", Outcome.DECLINED)
    pool = QThreadPool()
    owner = QObject()
    syncer = HubSync(
        lane.counter.db_path,
        lane.hub,
        lane.counter.now,
        pool,
        settings=lambda: lane.counter.settings,
        interval_ms=200,
        parent=owner,
    )
    with qtbot.waitSignal(syncer.synced, timeout=20_000) as first:
        syncer.start()
    assert first.args[0].startswith("Synced with the hub: sent ")
    lane.answer(ana, "tire_shine", Outcome.DECLINED)  # the counter sells on while the timer runs
    with qtbot.waitSignal(syncer.synced, timeout=20_000):
        pass  # the timer's next run, without being asked
    syncer.timer.stop()
    wait_and_deliver(pool)
    with __import__("psycopg").connect(chain.owner_url) as conn:
        assert conn.execute("SELECT count(*) FROM hub.offer_events").fetchone()[0] == 2


def test_a_hub_that_is_down_is_said_once_then_its_recovery(qtbot: QtBot, chain: Chain) -> None:
    lane = chain.till("north", "lane1")
    dead = HubSettings(lane.hub.url.replace(f":{chain.cluster.port}/", ":9/"), "north")
    said: list[str] = []
    pool = QThreadPool()
    owner = QObject()
    syncer = start_hub_sync(
        said.append,
        lane.counter.db_path,
        dead,
        lane.counter.now,
        pool,
        owner,
        settings=lambda: lane.counter.settings,
    )
    assert syncer is not None
    syncer.timer.setInterval(100)
    qtbot.waitUntil(lambda: len(said) == 1, timeout=20_000)
    for _ in range(2):  # more failures: no more notices
        with qtbot.waitSignal(syncer.failed, timeout=20_000):
            pass
    assert len(said) == 1
    assert said[0].startswith("The hub at postgresql://") and "Sales go on" in said[0]
    assert chain.passwords["north"] not in said[0]
    syncer.hub = lane.hub  # the network is back
    qtbot.waitUntil(lambda: len(said) == 2, timeout=20_000)
    assert said[1] == "The hub is reachable again: this till's sales are synced."
    syncer.timer.stop()
    wait_and_deliver(pool)
    assert (
        start_hub_sync(
            said.append,
            lane.counter.db_path,
            None,
            lane.counter.now,
            pool,
            owner,
            settings=lambda: lane.counter.settings,
        )
        is None
    )
