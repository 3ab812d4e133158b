"""The event loop's connection to Redis (stores/redis/loop_connection.py, decision P44): redis-py's
commands, pipelines and scripts answered as the synchronous client answers them, replies matched
to their callers in order even past a timeout or a cancel, a lost connection replaced, and one
still opening hung up when the loop closes it."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bench.servers import RedisServer
from mockserver.stores.cooperative import run_cooperatively
from mockserver.stores.redis.awaiting_client import AwaitingRedis
from mockserver.stores.redis.client import Commands
from mockserver.stores.redis.loop_connection import Address, LoopConnection, packed

T = TypeVar("T")


def on_a_loop(commands: Commands, work: Callable[[Any], T]) -> T:
    """`work(client)` in a cooperative step, with the client that step gets."""

    def step() -> T:
        client = commands.client()
        assert isinstance(client, AwaitingRedis)
        return work(client)

    return asyncio.run(run_cooperatively(step))


@pytest.mark.parametrize("protocol", ["", "?protocol=2"])  # redis-py's RESP3 default, or RESP2
def test_commands_pipelines_and_scripts_answer_as_the_synchronous_client(
    redis_server: RedisServer, namespace: str, protocol: str
) -> None:
    # Another database than the default: SELECTed on connecting.
    commands = Commands(f"{redis_server.url.removesuffix('/0')}/3{protocol}")
    key = f"{{{namespace}}}:h"
    script = commands.register_script("return redis.call('HGET', KEYS[1], ARGV[1])")

    def work(client: Any) -> list[Any]:
        client.hset(key, mapping={"a": "1", "b": "2"})
        together = client.pipeline(transaction=True)
        together.hincrby(key, "a", 5).hgetall(key).exists(key)
        apart = client.pipeline(transaction=False).hget(key, "b").hmget(key, ["a", "z"])
        return [together.execute(), apart.execute(), script(keys=[key], args=["a"])]

    commands.sync.script_flush()  # the script is unknown to Redis: the call loads it
    answered = on_a_loop(commands, work)
    assert answered == [
        [6, {b"a": b"6", b"b": b"2"}, 1],
        [b"2", [b"6", None]],
        b"6",
    ]
    assert commands.sync.hgetall(key) == {b"a": b"6", b"b": b"2"}
    assert commands.sync.connection_pool.connection_kwargs["db"] == 3


def test_an_error_reply_is_raised_where_the_command_was_sent(
    redis_server: RedisServer, namespace: str
) -> None:
    commands = Commands(redis_server.url)
    key = f"{{{namespace}}}:text"

    def work(client: Any) -> str:
        client.set(key, "not a number")
        try:
            client.incr(key)
        except ResponseError:
            return f"refused, then {client.get(key).decode()}"
        return "not refused"

    assert on_a_loop(commands, work) == "refused, then not a number"
    with pytest.raises(ResponseError):
        on_a_loop(commands, lambda client: client.pipeline().incr(key).execute())


async def _late_redis(late: float) -> tuple[asyncio.Server, int]:
    """A RESP server that greets HELLO, answers each PING with its number (the first one `late`
    seconds late) and hangs up on QUIT."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        pings = 0
        try:
            while line := await reader.readline():
                word = line.strip().upper()
                if word == b"QUIT":
                    return
                if word == b"HELLO":
                    writer.write(b"%0\r\n")
                if word == b"PING":
                    pings += 1
                    if pings == 1:
                        await asyncio.sleep(late)
                    writer.write(f":{pings}\r\n".encode())
                await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def test_a_caller_past_its_timeout_leaves_the_replies_in_order() -> None:
    async def scenario() -> list[object]:
        server, port = await _late_redis(late=0.5)
        connection = LoopConnection(Address("127.0.0.1", port), 1.0, timeout=0.2)
        answers: list[object] = []
        try:
            await connection.call(packed(("PING",)))
        except RedisTimeoutError as error:
            answers.append(type(error).__name__)
        await asyncio.sleep(0.5)  # the late reply arrives meanwhile, and is nobody's
        answers.append(await connection.call(packed(("PING",))))
        connection.close()
        server.close()
        await server.wait_closed()
        return answers

    assert asyncio.run(scenario()) == ["TimeoutError", 2]


def test_a_cancelled_caller_leaves_the_replies_in_order() -> None:
    """A request whose client went away is cancelled while it waits: its replies, when they
    come, are nobody's, and the next caller gets its own."""

    async def scenario() -> list[object]:
        server, port = await _late_redis(late=0.3)
        connection = LoopConnection(Address("127.0.0.1", port), 1.0, timeout=5.0)
        gone = asyncio.ensure_future(connection.call_many([packed(("PING",))] * 2))
        await asyncio.sleep(0.1)
        gone.cancel()
        answers: list[object] = [await connection.call(packed(("PING",)))]
        answers.append(gone.cancelled())
        connection.close()
        server.close()
        await server.wait_closed()
        return answers

    assert asyncio.run(scenario()) == [3, True]


def test_a_cancelled_pipeline_leaves_no_reply_waiting_for_nobody() -> None:
    """A cancelled caller gives up every place it held: were its later replies still waited for,
    a lost connection would fail them with no one to read the error (asyncio then reports
    "Future exception was never retrieved")."""

    async def scenario() -> list[str]:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readline()  # HELLO
            writer.write(b"%0\r\n")
            await writer.drain()
            await reader.readline()  # the first PING: hang up instead of answering
            await asyncio.sleep(0.3)
            writer.close()

        unread: list[str] = []
        asyncio.get_running_loop().set_exception_handler(
            lambda _, context: unread.append(str(context["message"]))
        )
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        connection = LoopConnection(Address("127.0.0.1", port), 1.0, timeout=5.0)
        gone = asyncio.ensure_future(connection.call_many([packed(("PING",))] * 2))
        await asyncio.sleep(0.1)
        gone.cancel()
        await asyncio.sleep(0.5)  # the hang-up arrives meanwhile
        gc.collect()
        connection.close()
        server.close()
        await server.wait_closed()
        return unread

    assert asyncio.run(scenario()) == []


def test_closing_while_a_connection_opens_hangs_it_up_at_once() -> None:
    """The loop shutting down closes its connection: one still waiting for its HELLO reply is
    hung up then, not left open until its connect timeout."""

    async def scenario() -> float:
        greeted = asyncio.Event()
        hung_up: asyncio.Future[float] = asyncio.get_running_loop().create_future()

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readline()  # HELLO, never answered
            greeted.set()
            began = asyncio.get_running_loop().time()
            await reader.read()  # until the client hangs up
            hung_up.set_result(asyncio.get_running_loop().time() - began)
            writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        connection = LoopConnection(Address("127.0.0.1", port), 10.0, timeout=10.0)
        caller = asyncio.ensure_future(connection.call(packed(("PING",))))
        await greeted.wait()
        connection.close()
        waited = await asyncio.wait_for(hung_up, 5.0)
        with pytest.raises(asyncio.CancelledError):
            await caller
        server.close()
        await server.wait_closed()
        return waited

    assert asyncio.run(scenario()) < 2.0


def test_a_lost_connection_fails_its_callers_and_the_next_call_reconnects() -> None:
    async def scenario() -> list[object]:
        server, port = await _late_redis(late=0)
        connection = LoopConnection(Address("127.0.0.1", port), 1.0, timeout=1.0)
        answers: list[object] = [await connection.call(packed(("PING",)))]
        try:
            await connection.call(packed(("QUIT",)))  # the server hangs up instead of answering
        except RedisConnectionError:
            answers.append("lost")
        answers.append(await connection.call(packed(("PING",))))  # a new connection: its 1st
        connection.close()
        server.close()
        await server.wait_closed()
        return answers

    assert asyncio.run(scenario()) == [1, "lost", 1]


def test_nobody_listening_is_a_connection_error() -> None:
    async def scenario() -> None:
        server, port = await _late_redis(late=0)
        server.close()
        await server.wait_closed()
        await LoopConnection(Address("127.0.0.1", port), 1.0, 1.0).call(packed(("PING",)))

    with pytest.raises(RedisConnectionError, match="Error connecting"):
        asyncio.run(scenario())


def test_a_server_that_does_not_speak_resp_is_a_connection_error_not_a_hang() -> None:
    async def scenario() -> None:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readline()
            writer.write(b"HTTP/1.1 400 Bad Request\r\n\r\n")  # something else on that port
            await writer.drain()
            await reader.read()  # until the client hangs up
            writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        connection = LoopConnection(Address("127.0.0.1", port), 1.0, timeout=5.0)
        try:
            await connection.call(packed(("PING",)))
        finally:
            connection.close()
            server.close()
            await server.wait_closed()

    with pytest.raises(RedisConnectionError, match="not RESP"):
        asyncio.run(scenario())
