"""Redis round trips per operation, counted in process on the shared store: the same on any
machine, unlike req/s (issue 20's targets: a selection in a conversation at most 2, status 1)."""

from __future__ import annotations

from collections.abc import Callable

from bench.servers import RedisServer
from mockserver.app import world_control
from mockserver.domain.model import SelectionRequest
from mockserver.settings import Settings
from mockserver.stores.redis.store import RedisStore

CALLS = 50


def per_operation(redis_url: str, namespace: str = "round-trips") -> dict[str, float]:
    """Mean round trips of each operation over CALLS calls, after one that warms the process."""
    service = world_control(Settings(store=redis_url, store_namespace=namespace)).service
    store = service.store
    if not isinstance(store, RedisStore):
        raise RuntimeError("round trips are counted on the Redis store")
    talk = SelectionRequest(conversation_id="conv_round_trips")
    chosen = service.select(talk).chosen
    if chosen is None:
        raise RuntimeError("the default world selects no number")
    e164 = chosen.number.number
    operations: dict[str, Callable[[], object]] = {
        "selection in a conversation": lambda: service.select(talk),
        "selection without one": lambda: service.select(SelectionRequest()),
        "status": lambda: service.status(e164),
        "override": lambda: service.override(chosen.number.id, talk),
        "clear": lambda: service.clear_override("conv_round_trips"),
    }
    found: dict[str, float] = {}
    for name, call in operations.items():
        call()
        before = store.round_trips.sent
        for _ in range(CALLS):
            call()
        found[name] = (store.round_trips.sent - before) / CALLS
    return found


def measured() -> dict[str, float]:
    with RedisServer() as server:
        return per_operation(server.url)
