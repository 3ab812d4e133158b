"""Round trips to Redis per operation, as the bench counts them (issue 20: a selection in a
conversation at most 2, a status read 1)."""

from __future__ import annotations

import pytest

from bench.round_trips import per_operation
from bench.servers import RedisServer


@pytest.fixture(scope="module")
def trips(redis_server: RedisServer) -> dict[str, float]:
    return per_operation(redis_server.url, "round-trips-test")


def test_a_selection_in_a_conversation_takes_at_most_two_round_trips(
    trips: dict[str, float],
) -> None:
    assert trips["selection in a conversation"] <= 2
    assert trips["selection without one"] <= 1


def test_a_status_read_takes_one_round_trip(trips: dict[str, float]) -> None:
    assert trips["status"] == 1


def test_overrides_and_clears_take_no_lock(trips: dict[str, float]) -> None:
    # The locked path takes the lock, checks the world and lets go: six or more.
    assert trips["override"] <= 3
    assert trips["clear"] <= 2
