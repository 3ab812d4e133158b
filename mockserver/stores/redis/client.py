"""The Redis client of a store: one Redis, or a Redis Cluster, and the count of what it sends.

Its commands go out on redis-py's synchronous client, except inside a cooperative step
(stores/cooperative.py) on one Redis, where the same command, built by the same redis-py code,
goes out on the event loop's connection (loop_connection.py) and its reply is awaited: the
loop serves other requests meanwhile (decisions P43, P44).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import weakref
from collections.abc import AsyncGenerator
from typing import Any, cast

import redis
from redis.backoff import NoBackoff
from redis.cluster import RedisCluster
from redis.commands.core import Script
from redis.connection import SSLConnection
from redis.connection import UnixDomainSocketConnection as UnixSocketConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

from mockserver.stores.cooperative import in_cooperative_step
from mockserver.stores.redis.awaiting_client import AwaitingRedis
from mockserver.stores.redis.loop_connection import Address, LoopConnection
from mockserver.stores.store_url import CLUSTER_SCHEME, node_url

OPTIONS: dict[str, Any] = {"socket_connect_timeout": 1.0, "socket_timeout": 2.0}


def connect(url: str) -> redis.Redis:
    """A client of one Redis, or of a Redis Cluster for `redis-cluster://HOST:PORT` (any node:
    it finds the others)."""
    # One quick retry reconnects a pooled connection that a Redis restart broke.
    retry = Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,))
    if url.startswith(CLUSTER_SCHEME):
        # RedisCluster offers every command this store sends, each world in one slot (P7).
        cluster = RedisCluster.from_url(node_url(url), retry=retry, **OPTIONS)
        return cast(redis.Redis, cluster)
    return redis.Redis.from_url(url, retry=retry, **OPTIONS)


class RoundTrips:
    """What one store's clients have sent to Redis: one per command, pipeline or script call (the
    bench reports it per operation: it does not depend on the machine)."""

    def __init__(self) -> None:
        self.sent = 0
        self._lock = threading.Lock()

    def count(self) -> None:
        with self._lock:
            self.sent += 1

    def watch(self, client: redis.Redis) -> None:
        pool = getattr(client, "connection_pool", None)
        if pool is None:
            return  # a cluster keeps a pool per node: not counted
        count = self.count

        class Counted(pool.connection_class):  # type: ignore[misc, name-defined]
            def send_packed_command(self, command: Any, check_health: bool = True) -> None:
                count()
                super().send_packed_command(command, check_health)

        pool.connection_class = Counted


class Commands:
    """Redis as the store sees it: redis-py's synchronous API, whichever connection sends."""

    def __init__(self, url: str) -> None:
        self.sync = connect(url)
        self.round_trips = RoundTrips()
        self.round_trips.watch(self.sync)
        self._address = _plain_address(self.sync)
        # One client per event loop: its connection belongs to the loop that made it (a test
        # client's loop ends with it).
        self._by_loop: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[AwaitingRedis, AsyncGenerator[None]]
        ] = weakref.WeakKeyDictionary()

    @property
    def awaits_on_the_loop(self) -> bool:
        """Whether a request's commands can be awaited on the event loop: on one Redis over
        TCP, yes; a cluster's, or a TLS or Unix socket's, go out from a worker thread."""
        return self._address is not None

    def client(self) -> redis.Redis:
        """The running loop's client inside a cooperative step, else the synchronous one."""
        if self._address is None or not in_cooperative_step():
            return self.sync
        loop = asyncio.get_running_loop()
        found = self._by_loop.get(loop)
        if found is None:
            connection = LoopConnection(
                self._address, OPTIONS["socket_connect_timeout"], OPTIONS["socket_timeout"]
            )
            client = AwaitingRedis(connection, self.round_trips.count, self.sync.connection_pool)
            found = self._by_loop[loop] = (client, _closed_with_its_loop(connection))
        return found[0]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client(), name)

    def register_script(self, text: str) -> CooperativeScript:
        return CooperativeScript(self, self.sync.register_script(text))


def _plain_address(client: redis.Redis) -> Address | None:
    pool = getattr(client, "connection_pool", None)
    if pool is None or issubclass(pool.connection_class, (SSLConnection, UnixSocketConnection)):
        return None
    found = pool.connection_kwargs
    return Address(
        host=found.get("host", "localhost"),
        port=int(found.get("port", 6379)),
        db=int(found.get("db", 0)),
        username=found.get("username"),
        password=found.get("password"),
        protocol=int(found.get("protocol") or 3),  # redis-py's own default is RESP3
    )


def _closed_with_its_loop(connection: LoopConnection) -> AsyncGenerator[None]:
    """A started async generator that closes `connection` when the event loop shuts its async
    generators down (asyncio.run, uvicorn and a test client's portal all do as they end), or
    when it is collected (its store dropped): no socket outlives its loop unclosed."""

    async def keeper() -> AsyncGenerator[None]:
        try:
            yield
        finally:
            connection.close()

    kept = keeper()
    # The first step registers it with the running loop and stops at its yield, awaiting nothing.
    with contextlib.suppress(StopIteration):
        kept.asend(None).send(None)
    return kept


class CooperativeScript:
    """A Lua script called as redis-py's Script is, through whichever client the caller has
    (it loads itself where Redis does not know it yet)."""

    def __init__(self, commands: Commands, script: Script) -> None:
        self._commands = commands
        self._script = script

    def __call__(self, keys: list[Any], args: list[Any]) -> Any:
        return self._script(keys=keys, args=args, client=self._commands.client())
