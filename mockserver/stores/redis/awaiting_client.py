"""redis-py's synchronous client and pipeline, sending on an event loop's connection: a
cooperative step (stores/cooperative.py) calls them as any redis-py client, and each reply is
awaited from the step that sent it (decision P44)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

import redis
from redis.client import EMPTY_RESPONSE, NEVER_DECODE, Pipeline
from redis.exceptions import ResponseError, WatchError

from mockserver.stores.cooperative import awaited
from mockserver.stores.redis.loop_connection import LoopConnection, packed


class AwaitingRedis(redis.Redis):
    """redis-py's synchronous client whose commands travel on an event loop's connection, each
    reply awaited from the cooperative step that sent it: the same API, built and parsed by the
    same redis-py code, so the store cannot tell which client it has."""

    def __init__(
        self, connection: LoopConnection, count: Callable[[], None], pool: redis.ConnectionPool
    ) -> None:
        # The synchronous pool is never used here: it only keeps anything that would bypass
        # execute_command pointed at the same Redis.
        super().__init__(connection_pool=pool)
        self._loop_connection = connection
        self._count = count  # one round trip sent (the store's RoundTrips)

    def execute_command(self, *args: Any, **options: Any) -> Any:
        self._count()
        reply = awaited(self._loop_connection.call(packed(args)))
        return parsed_reply(self.response_callbacks, args, options, reply)

    def sent_together(self, commands: list[tuple[Any, ...]]) -> list[Any]:
        """The raw replies to commands written at once: one round trip."""
        self._count()
        return awaited(self._loop_connection.call_many([packed(args) for args in commands]))

    def pipeline(self, transaction: bool = True, shard_hint: Any = None) -> AwaitingPipeline:
        del shard_hint  # one Redis: no shards
        return AwaitingPipeline(self, transaction)


class AwaitingPipeline(Pipeline):
    """redis-py's pipeline (queued the same way) executed as one write on the loop's
    connection, MULTI and EXEC around it for a transaction."""

    def __init__(self, client: AwaitingRedis, transaction: bool) -> None:
        super().__init__(client.connection_pool, client.response_callbacks, transaction, None)
        self._client = client
        self._in_transaction = transaction

    def execute(self, raise_on_error: bool = True) -> list[Any]:
        stack = self.command_stack
        if not stack:
            return []
        commands = [args for args, _ in stack]
        if self._in_transaction:
            commands = [("MULTI",), *commands, ("EXEC",)]
        try:
            replies = self._client.sent_together(commands)
        finally:
            self.reset()
        if self._in_transaction:
            replies = _executed(replies)
        results = []
        for (args, options), reply in zip(stack, replies, strict=True):
            if isinstance(reply, ResponseError) and not raise_on_error:
                results.append(reply)
            else:
                results.append(parsed_reply(self.response_callbacks, args, dict(options), reply))
        return results


def _executed(replies: list[Any]) -> list[Any]:
    """What EXEC answered, or the error that refused the transaction (a queued command's first)."""
    for reply in replies[:-1]:
        if isinstance(reply, ResponseError):
            raise reply
    executed = replies[-1]
    if isinstance(executed, ResponseError):
        raise executed
    if executed is None:
        raise WatchError("Watched variable changed.")
    return cast(list[Any], executed)


def parsed_reply(
    callbacks: Mapping[str, Any], args: tuple[Any, ...], options: dict[str, Any], reply: Any
) -> Any:
    """A raw reply as redis-py's parse_response makes it: an error raised, the command's
    response callback applied."""
    if isinstance(reply, ResponseError):
        if EMPTY_RESPONSE in options:
            return options[EMPTY_RESPONSE]
        raise reply
    for option in (EMPTY_RESPONSE, NEVER_DECODE, "keys"):
        options.pop(option, None)
    callback = callbacks.get(args[0])
    return reply if callback is None else callback(reply, **options)
