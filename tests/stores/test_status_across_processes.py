"""A mock process keeps the status reads it made (P31): another process's writes to the shared
world (traffic, a clock move) show in its very next read."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import httpx

from bench.servers import RedisServer
from mockserver.domain.enums import Channel
from mockserver.domain.model import Direction, Outcome, TrafficEvent
from mockserver.domain.store import StoreLimits
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
