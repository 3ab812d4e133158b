"""What a mock process keeps of a shared world, its status reads (P31) and the world as its last
commit left it (P32): another process's writes show in its very next answer."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import httpx

from bench.servers import RedisServer
from mockserver.app import world_control
from mockserver.domain.enums import Channel
from mockserver.domain.model import Direction, Outcome, SelectionRequest, TrafficEvent
from mockserver.domain.store import StoreLimits
from mockserver.settings import Settings
from mockserver.stores.redis.store import RedisStore
from tests.stores.servers import mock_process


def _never_built() -> None:
    raise AssertionError("the mock process builds the world, not this store")


def test_a_status_read_shows_the_writes_another_process_made_since(
    redis_server: RedisServer, namespace: str
) -> None:
    with mock_process("--store", redis_server.url, "--store-namespace", namespace) as mock:
        other = RedisStore(redis_server.url, namespace, StoreLimits(), _never_built)
        number = other.numbers()[0]
        status = f"{mock}/phone-numbers/{quote(number.number)}/status"
        first = httpx.get(status).json()
        assert httpx.get(status).json() == first  # answered from what the mock kept

        sent = TrafficEvent(
            id="evt_from_another_process",
            phone_number_id=number.id,
            at=other.now() - timedelta(minutes=1),
            channel=Channel.SMS,
            direction=Direction.OUTBOUND,
            counterpart="+15125550199",
            outcome=Outcome.DELIVERED,
            text="written by the other process",
        )
        other.add_traffic([sent])  # traffic alone: the clock and the numbers stay
        after = httpx.get(status).json()
        assert after["recentEvents"][0]["id"] == "evt_from_another_process"
        sms_sent = after["trafficMetrics"]["smsSentCount"]
        assert sms_sent == first["trafficMetrics"]["smsSentCount"] + 1

        other.advance_clock(timedelta(days=1))
        moved = httpx.get(status).json()
        assert (
            moved["trafficMetrics"]["windowStartedAt"] != after["trafficMetrics"]["windowStartedAt"]
        )
        assert httpx.get(status).json() == moved


def test_a_step_begun_from_the_last_commit_sees_a_clock_another_process_moved(
    redis_server: RedisServer, namespace: str
) -> None:
    settings = Settings(store=redis_server.url, store_namespace=namespace)
    service = world_control(settings).service
    store = service.store
    assert isinstance(store, RedisStore)
    for _ in range(2):  # this process's last commits: the next step begins from them
        service.select(SelectionRequest(conversation_id="kept"))
    trips = store.round_trips.sent
    service.select(SelectionRequest(conversation_id="kept"))
    assert store.round_trips.sent == trips + 1  # begun from the last commit indeed
    other = RedisStore(redis_server.url, namespace, StoreLimits(), _never_built)
    moved = other.advance_clock(timedelta(hours=5))  # the clock alone: no generation moves
    assert store.atomically(store.now) == moved
