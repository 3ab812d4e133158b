"""Opening the store a world lives in: in this process, or in a shared Redis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mockserver.domain.store import Store, StoreLimits
from mockserver.stores.memory import MemoryStore


@dataclass(frozen=True)
class StoreConfig:
    """Where worlds live: "memory", or a redis:// URL shared by every process naming it."""

    url: str = "memory"
    namespace: str = "leadping"
    limits: StoreLimits = field(default_factory=StoreLimits)

    @property
    def shared(self) -> bool:
        return self.url != "memory"


def open_store(config: StoreConfig, namespace: str, populate: Callable[[], None]) -> Store:
    """The store for one world. `populate` builds the world; a shared store calls it whenever it
    finds its namespace empty (first start, or a Redis that lost its data)."""
    if not config.shared:
        return MemoryStore(config.limits)
    # Imported only when used: a user of the in-memory store never loads the Redis client.
    from mockserver.stores.redis.store import RedisStore

    return RedisStore(config.url, namespace, config.limits, populate)
