"""A status read kept for repeating (decision P40) is never answered after the number's traffic
has moved, even at the same instant of the simulated clock, on either store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mockserver.app import world_control
from mockserver.domain.enums import Channel
from mockserver.domain.model import Direction, Outcome, TrafficEvent
from mockserver.settings import Settings


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_traffic_at_the_same_instant_moves_the_next_status(
    backend: str, request: pytest.FixtureRequest, namespace: str
) -> None:
    store = "memory"
    if backend == "redis":
        store = request.getfixturevalue("redis_server").url
    service = world_control(Settings(store=store, store_namespace=namespace)).service
    number = service.store.numbers()[0]
    before = service.status(number.number)
    assert service.status(number.number) == before
    delivered = TrafficEvent(
        "ev_same_instant",
        number.id,
        service.store.now() - timedelta(seconds=1),
        Channel.SMS,
        Direction.OUTBOUND,
        "+15125550100",
        Outcome.DELIVERED,
    )
    service.store.add_traffic([delivered])
    after = service.status(number.number)
    assert after.window_counts != before.window_counts
    assert after.recent_events[0].id == "ev_same_instant"
