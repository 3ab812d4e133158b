"""The Redis client of a store: one Redis, or a Redis Cluster, and the count of what it sends.

Its commands go out on redis-py's synchronous client, except inside a cooperative step
(stores/cooperative.py), where the same command goes out on an asyncio client of the same Redis
and its reply is awaited: the event loop serves other requests meanwhile (decision P43).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import threading
import weakref
from collections.abc import AsyncGenerator
from typing import Any, cast

import redis
import redis.asyncio as aioredis
from redis.asyncio.cluster import RedisCluster as AsyncRedisCluster
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.cluster import RedisCluster
from redis.commands.core import Script
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

from mockserver.stores.cooperative import awaited, in_cooperative_step

CLUSTER_SCHEME = "redis-cluster://"
OPTIONS: dict[str, Any] = {"socket_connect_timeout": 1.0, "socket_timeout": 2.0}


def connect(url: str) -> redis.Redis:
    """A client of one Redis, or of a Redis Cluster for `redis-cluster://HOST:PORT` (any node:
    it finds the others)."""
    # One quick retry reconnects a pooled connection that a Redis restart broke.
    retry = Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,))
    if url.startswith(CLUSTER_SCHEME):
        # RedisCluster offers every command this store sends, each world in one slot (P7).
        cluster = RedisCluster.from_url(_node_url(url), retry=retry, **OPTIONS)
        return cast(redis.Redis, cluster)
    return redis.Redis.from_url(url, retry=retry, **OPTIONS)


def connect_async(url: str) -> aioredis.Redis:
    """connect()'s asyncio twin, for one event loop."""
    retry = AsyncRetry(NoBackoff(), 1, supported_errors=(RedisConnectionError,))
    if url.startswith(CLUSTER_SCHEME):
        cluster = AsyncRedisCluster.from_url(_node_url(url), retry=retry, **OPTIONS)
        return cast(aioredis.Redis, cluster)
    return aioredis.Redis.from_url(url, retry=retry, **OPTIONS)


def _node_url(url: str) -> str:
    return f"redis://{url.removeprefix(CLUSTER_SCHEME)}"


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

    def watch_async(self, client: aioredis.Redis) -> None:
        pool = getattr(client, "connection_pool", None)
        if pool is None:
            return
        count = self.count

        class Counted(pool.connection_class):  # type: ignore[misc, name-defined]
            async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
                count()
                await super().send_packed_command(command, check_health)

        pool.connection_class = Counted


class Commands:
    """Redis as the store sees it: redis-py's synchronous API, whichever client sends."""

    def __init__(self, url: str) -> None:
        self.sync = connect(url)
        self.round_trips = RoundTrips()
        self.round_trips.watch(self.sync)
        self._url = url
        # One asyncio client per event loop: its connections belong to the loop that made them
        # (a test client's loop ends with it).
        self._by_loop: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[aioredis.Redis, AsyncGenerator[None]]
        ] = weakref.WeakKeyDictionary()

    def cooperative(self) -> aioredis.Redis | None:
        """The asyncio client of the running loop inside a cooperative step, else None."""
        if not in_cooperative_step():
            return None
        loop = asyncio.get_running_loop()
        found = self._by_loop.get(loop)
        if found is None:
            client = connect_async(self._url)
            self.round_trips.watch_async(client)
            found = self._by_loop[loop] = (client, _closed_with_its_loop(client))
        return found[0]

    def __getattr__(self, name: str) -> Any:
        client = self.cooperative()
        if client is None:
            return getattr(self.sync, name)
        command = getattr(client, name)

        def sent(*args: Any, **kwargs: Any) -> Any:
            reply = command(*args, **kwargs)
            if not inspect.isawaitable(reply):  # an async iterator (scan_iter): not one wait
                raise TypeError(f"{name}() is not one command to await: call it in a thread")
            return awaited(reply)

        return sent

    def pipeline(self, transaction: bool = True) -> Any:
        client = self.cooperative()
        if client is None:
            return self.sync.pipeline(transaction=transaction)
        return _AwaitedPipeline(client.pipeline(transaction=transaction))

    def register_script(self, script: str) -> CooperativeScript:
        return CooperativeScript(self, script)


def _closed_with_its_loop(client: aioredis.Redis) -> AsyncGenerator[None]:
    """A started async generator that closes `client` when the event loop shuts its async
    generators down (asyncio.run, uvicorn and a test client's portal all do as they end), or
    when it is collected (its store dropped): no connection outlives its loop unclosed."""

    async def keeper() -> AsyncGenerator[None]:
        try:
            yield
        finally:
            await client.aclose()

    kept = keeper()
    # The first step registers it with the running loop and stops at its yield, awaiting nothing.
    with contextlib.suppress(StopIteration):
        kept.asend(None).send(None)
    return kept


class _AwaitedPipeline:
    """An asyncio pipeline whose commands queue as the synchronous one's do and whose execute()
    waits through the event loop."""

    def __init__(self, pipe: Any) -> None:
        self._pipe = pipe

    def __getattr__(self, name: str) -> Any:
        queue = getattr(self._pipe, name)

        def queued(*args: Any, **kwargs: Any) -> _AwaitedPipeline:
            queue(*args, **kwargs)
            return self

        return queued

    def execute(self) -> list[Any]:
        return cast(list[Any], awaited(self._pipe.execute()))


class CooperativeScript:
    """A Lua script called as redis-py's Script is, on whichever client sends."""

    def __init__(self, commands: Commands, text: str) -> None:
        self._commands = commands
        self._text = text
        self._sync: Script = commands.sync.register_script(text)
        self._by_client: weakref.WeakKeyDictionary[aioredis.Redis, Any] = (
            weakref.WeakKeyDictionary()
        )

    def __call__(self, keys: list[Any], args: list[Any]) -> Any:
        client = self._commands.cooperative()
        if client is None:
            return self._sync(keys=keys, args=args)
        script = self._by_client.get(client)
        if script is None:
            script = self._by_client[client] = client.register_script(self._text)
        return awaited(script(keys=keys, args=args))
