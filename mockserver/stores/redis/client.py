"""The Redis client of a store: one Redis, or a Redis Cluster, and the count of what it sends."""

from __future__ import annotations

import threading
from typing import Any, cast

import redis
from redis.backoff import NoBackoff
from redis.cluster import RedisCluster
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

CLUSTER_SCHEME = "redis-cluster://"


def connect(url: str) -> redis.Redis:
    """A client of one Redis, or of a Redis Cluster for `redis-cluster://HOST:PORT` (any node:
    it finds the others)."""
    options: dict[str, Any] = {
        "socket_connect_timeout": 1.0,
        "socket_timeout": 2.0,
        # One quick retry reconnects a pooled connection that a Redis restart broke.
        "retry": Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
    }
    if url.startswith(CLUSTER_SCHEME):
        # RedisCluster offers every command this store sends, each world in one slot (P7).
        cluster = RedisCluster.from_url(f"redis://{url.removeprefix(CLUSTER_SCHEME)}", **options)
        return cast(redis.Redis, cluster)
    return redis.Redis.from_url(url, **options)


class RoundTrips:
    """What one store's client has sent to Redis: one per command, pipeline or script call (the
    bench reports it per operation: it does not depend on the machine)."""

    def __init__(self, client: redis.Redis) -> None:
        self.sent = 0
        self._lock = threading.Lock()
        pool = getattr(client, "connection_pool", None)
        if pool is None:
            return  # a cluster keeps a pool per node: not counted

        counter = self

        class Counted(pool.connection_class):  # type: ignore[misc, name-defined]
            def send_packed_command(self, command: Any, check_health: bool = True) -> None:
                with counter._lock:
                    counter.sent += 1
                super().send_packed_command(command, check_health)

        pool.connection_class = Counted
