"""The store a world lives in, chosen by settings: in this process, or in a shared Redis."""

from __future__ import annotations

from collections.abc import Callable

from mockserver.domain.memory_store import MemoryStore
from mockserver.domain.store import Store, StoreLimits
from mockserver.settings import Settings


def limits_of(settings: Settings) -> StoreLimits:
    return StoreLimits(settings.max_conversations, settings.max_traffic_per_number)


def open_store(settings: Settings, namespace: str, populate: Callable[[], None]) -> Store:
    """The store for one world. `populate` builds the world; a shared store calls it whenever it
    finds its namespace empty (first start, or a Redis that lost its data)."""
    if settings.store == "memory":
        return MemoryStore(limits_of(settings))
    # Imported only when used: a user of the in-memory store never loads the Redis client.
    from mockserver.redis_store import RedisStore

    return RedisStore(settings.store, namespace, limits_of(settings), populate)
