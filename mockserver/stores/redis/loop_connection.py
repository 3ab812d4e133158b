"""One connection to Redis on an event loop, shared by every request the loop serves: commands
are written as they come and replies matched to them in order (Redis answers a connection's
commands in the order sent), parsed by hiredis, in the protocol redis-py speaks (decision P44).

redis-py's asyncio client spent ~100 µs of CPU a command more than its synchronous one on this
machine (a pool lock, observability hooks, a retry wrapper and two timeouts per command, four
turns of the loop); this sends a command in one write and wakes its caller once.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from typing import Any

import hiredis
from redis._parsers.base import BaseParser  # maps "NOSCRIPT ..." to NoScriptError, as redis-py
from redis.connection import HiredisRespSerializer
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import InvalidResponse
from redis.exceptions import TimeoutError as RedisTimeoutError

_PACKER = HiredisRespSerializer()


def packed(args: tuple[Any, ...]) -> bytes:
    """A command as redis-py sends it ("SCRIPT LOAD" split in two), packed by hiredis."""
    return b"".join(_PACKER.pack(*args))


@dataclass(frozen=True)
class Address:
    """Where a plain `redis://` URL points, and how to open a session there."""

    host: str
    port: int
    db: int = 0
    username: str | None = None
    password: str | None = None
    protocol: int = 3  # the client's: its response callbacks are made for it


class _Replies(asyncio.Protocol):
    """The socket's side: replies parsed as bytes arrive, each handed to the oldest waiter."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.waiting: deque[asyncio.Future[Any]] = deque()
        self.lost: Exception | None = None
        self._reader = hiredis.Reader(
            protocolError=InvalidResponse, replyError=BaseParser.parse_error
        )

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a stream transport here

    def data_received(self, data: bytes) -> None:
        self._reader.feed(data)
        while self.waiting:
            try:
                reply = self._reader.gets()
            except InvalidResponse as error:  # not Redis speaking: nothing after it is sound
                self._lose(RedisConnectionError(f"Redis sent what is not RESP ({error})"))
                return
            if reply is False:
                return
            if isinstance(reply, hiredis.PushNotification):  # no command's reply (RESP3 push)
                continue
            waiter = self.waiting.popleft()
            if not waiter.done():  # a caller that timed out left its place in the queue
                waiter.set_result(reply)

    def connection_lost(self, exc: Exception | None) -> None:
        self._lose(RedisConnectionError(f"Connection to Redis lost ({exc or 'closed'})"))

    def _lose(self, error: Exception) -> None:
        self.lost = error
        if self.transport is not None:
            self.transport.abort()
        while self.waiting:
            waiter = self.waiting.popleft()
            if not waiter.done():
                waiter.set_exception(error)


def _opened(task: asyncio.Task[_Replies] | None) -> _Replies | None:
    """The connection an attempt opened, if it is done and did."""
    if task is None or not task.done() or task.cancelled() or task.exception() is not None:
        return None
    return task.result()


class LoopConnection:
    """Commands to one Redis from one event loop; it reconnects when the last connection was
    lost, and a reply later than `timeout` is a TimeoutError for its caller."""

    def __init__(self, address: Address, connect_timeout: float, timeout: float) -> None:
        self.address = address
        self._connect_timeout = connect_timeout
        self._timeout = timeout
        self._open: asyncio.Task[_Replies] | None = None

    async def call(self, command: bytes) -> Any:
        """One packed command's reply (an error reply is returned as its exception)."""
        replies = await self._connected()
        return (await self._sent(replies, command, 1))[0]

    async def call_many(self, commands: list[bytes]) -> list[Any]:
        """The replies to commands sent in one write: one round trip."""
        replies = await self._connected()
        return await self._sent(replies, b"".join(commands), len(commands))

    def close(self) -> None:
        task, self._open = self._open, None
        if task is not None and not task.done():
            task.cancel()  # an attempt in flight closes what it opened (_session)
            return
        replies = _opened(task)
        if replies is not None and replies.transport is not None:
            replies.transport.close()

    async def _sent(self, replies: _Replies, data: bytes, count: int) -> list[Any]:
        if replies.lost is not None:  # a closed transport would drop the write without a word
            raise replies.lost
        assert replies.transport is not None
        loop = asyncio.get_running_loop()
        waiters = [loop.create_future() for _ in range(count)]
        replies.waiting.extend(waiters)
        replies.transport.write(data)
        try:
            async with asyncio.timeout(self._timeout):
                return [await waiter for waiter in waiters]
        except TimeoutError:
            raise RedisTimeoutError(f"Timeout reading from Redis at {self._where}") from None
        finally:
            # Past its timeout or cancelled (a client gone), a caller leaves its places in the
            # queue: the replies still to come are skipped in order (no-op for those answered).
            for waiter in waiters:
                waiter.cancel()

    async def _connected(self) -> _Replies:
        task = self._open
        if task is None or (task.done() and (_opened(task) is None or task.result().lost)):
            # None yet, or the last attempt failed, or its connection was lost: a new one.
            task = self._open = asyncio.ensure_future(self._connect())
        # Shielded: a caller timing out must not cancel the others' connection.
        return await asyncio.shield(task)

    async def _connect(self) -> _Replies:
        try:
            async with asyncio.timeout(self._connect_timeout):
                return await self._session()
        except (OSError, TimeoutError) as error:
            raise RedisConnectionError(f"Error connecting to {self._where} ({error})") from None

    async def _session(self) -> _Replies:
        """A connection speaking the protocol redis-py's own connections speak (RESP3 unless the
        URL says otherwise): its response callbacks then shape each reply as they shape the
        synchronous client's."""
        loop = asyncio.get_running_loop()
        address = self.address
        _, replies = await loop.create_connection(_Replies, address.host, address.port)
        assert replies.transport is not None
        try:
            auth = (
                ()
                if address.password is None
                else ("AUTH", address.username or "default", address.password)
            )
            session = [packed(("HELLO", address.protocol, *auth))]
            if address.db:
                session.append(packed(("SELECT", address.db)))
            waiters = [loop.create_future() for _ in session]
            replies.waiting.extend(waiters)
            replies.transport.write(b"".join(session))
            for waiter in waiters:
                if isinstance(reply := await waiter, Exception):
                    raise reply
        except BaseException:  # an error reply, the connect timeout, or close() meanwhile
            replies.transport.close()
            raise
        return replies

    @property
    def _where(self) -> str:
        return f"{self.address.host}:{self.address.port}"
