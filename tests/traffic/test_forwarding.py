"""The proxy's connections to its upstream, against small upstreams on real sockets: kept open
between requests, replaced when the upstream closed one while idle, chunked answers read whole,
and each failure the kind the proxy answers 502 or 504 for."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import pytest

from bench.servers import free_port
from contract_tests.proxy.forwarding import AnswerTooLarge, Upstream, UpstreamUnreachable

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Coroutine[Any, Any, None]]
OK = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"


@asynccontextmanager
async def upstream(handler: Handler) -> AsyncIterator[tuple[str, list[int]]]:
    """An upstream on a free port, and the list of its connections' numbers as they came."""
    connections: list[int] = []

    async def counted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(len(connections) + 1)
        try:
            await handler(reader, writer)
        finally:
            writer.close()

    server = await asyncio.start_server(counted, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"http://127.0.0.1:{port}", connections


async def answer_each(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while await reader.readuntil(b"\r\n\r\n"):
        writer.write(OK)
        await writer.drain()


async def answer_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answers one request, then closes without saying so (an idle timeout on its side)."""
    await reader.readuntil(b"\r\n\r\n")
    writer.write(OK)
    await writer.drain()


async def get(origin: str, timeout: float = 5.0, limit: int = 1 << 20) -> bytes:
    up = Upstream(origin)
    try:
        return (await up.forward("GET", "/x", (), b"", limit, timeout)).raw
    finally:
        await up.aclose()


def test_connections_are_kept_and_one_the_upstream_closed_is_replaced() -> None:
    async def scenario() -> tuple[list[int], list[int]]:
        async with upstream(answer_each) as (origin, kept):
            up = Upstream(origin)
            for _ in range(3):
                assert (await up.forward("GET", "/x", (), b"", 100, 5)).raw == b"{}"
            await up.aclose()
        async with upstream(answer_once) as (origin, replaced):
            up = Upstream(origin)
            for _ in range(3):
                await asyncio.sleep(0.01)  # the upstream's close reaches the idle connection
                assert (await up.forward("POST", "/x", (), b"{}", 100, 5)).status == 200
            await up.aclose()
        return kept, replaced

    kept, replaced = asyncio.run(scenario())
    assert kept == [1], "one connection for three requests"
    assert replaced == [1, 2, 3], "each request on a fresh connection, none lost"


def test_a_head_answer_ends_at_its_headers_and_one_without_length_at_the_close() -> None:
    async def head(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
        await writer.drain()
        await asyncio.sleep(5)  # no body follows a HEAD's answer

    async def until_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\n\r\nall of it")
        await writer.drain()

    async def scenario() -> tuple[int, bytes, bytes]:
        async with upstream(head) as (origin, _):
            up = Upstream(origin)
            answered = await up.forward("HEAD", "/x", (), b"", 100, 2)
            await up.aclose()
        async with upstream(until_close) as (origin, _):
            return answered.status, answered.raw, await get(origin)

    assert asyncio.run(scenario()) == (200, b"", b"all of it")


def test_a_chunked_answer_is_read_whole() -> None:
    async def chunked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        writer.write(b'3\r\n{"a\r\n4\r\n":1}\r\n0\r\n\r\n')
        await writer.drain()

    async def scenario() -> bytes:
        async with upstream(chunked) as (origin, _):
            return await get(origin)

    assert asyncio.run(scenario()) == b'{"a":1}'


def test_failures_are_the_kinds_the_proxy_answers_for() -> None:
    async def silent(reader: asyncio.StreamReader, _writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        await asyncio.sleep(5)

    async def garbled(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"not http at all\r\n\r\n")
        await writer.drain()

    async def scenario() -> None:
        with pytest.raises(UpstreamUnreachable, match="ConnectError"):
            await get(f"http://127.0.0.1:{free_port()}")
        async with upstream(silent) as (origin, _):
            with pytest.raises(TimeoutError):
                await get(origin, timeout=0.2)
        async with upstream(garbled) as (origin, _):
            with pytest.raises(UpstreamUnreachable, match="ProtocolError"):
                await get(origin)
        async with upstream(answer_each) as (origin, _):
            with pytest.raises(AnswerTooLarge, match="larger than 1 bytes"):
                await get(origin, limit=1)

    asyncio.run(scenario())
