"""The ASGI app inside Connexion's middleware: it calls the handler of the operation Connexion
routed and validated, and renders the answer.

Connexion's own app would also decorate every call (signature inspection, parameter coercion,
a thread hop for plain functions), which cost more than the whole domain; routing, validation
of requests and responses, and Swagger UI stay Connexion's (docs/performance.md).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.datastructures import QueryParams
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mockserver.contract.operations import OperationIndex
from mockserver.http.connexion.validators import PARSED_BODY
from mockserver.http.errors import MethodNotAllowed, NothingHere
from mockserver.http.matched import PATH_VALUES
from mockserver.http.problems import problem_for, status_of

ROUTING = "connexion_routing"
# Where a layer outside Connexion asks to be told the handler call a request led to (a holder,
# since Connexion's layers pass copies of the scope on): http/repeated_reads.py.
MADE_CALL = "leadping.made_call"


@dataclass(frozen=True)
class Call:
    """One validated request, as a handler sees it."""

    path: Mapping[str, str]
    query: Mapping[str, str]
    body: Any


@dataclass(frozen=True)
class Answer:
    body: dict[str, Any]
    status: int = 200
    # `body` already encoded, when the handler has made these very bytes before (a repeated
    # status report): encoding it again would give the same bytes.
    encoded: bytes | None = None


Handler = Callable[[Call], Answer]


@dataclass
class MadeCall:
    """The handler and call one request led to, once the endpoint has made them."""

    handler: Handler | None = None
    call: Call | None = None


# Runs a request's work without blocking the event loop (the store's run_unblocking).
RunUnblocking = Callable[[Callable[[], Answer]], Awaitable[Answer]]


class ContractEndpoint:
    def __init__(
        self, handlers: Mapping[str, Handler], operations: OperationIndex, run: RunUnblocking
    ) -> None:
        self.handlers = handlers
        self.operations = operations
        # The store knows how its work may wait: the in-memory store answers on the event loop
        # unless another write holds the world, the Redis store awaits each reply (P43).
        self.run = run

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # lifespan is answered by Connexion's middleware
        operation_id = scope.get("extensions", {}).get(ROUTING, {}).get("operation_id")
        handler = self.handlers.get(operation_id) if operation_id else None
        if handler is None:
            await self._not_routed(scope, receive, send)
            return
        call = Call(
            path={**scope.get("path_params", {}), **scope.get(PATH_VALUES, {})},
            query=QueryParams(scope.get("query_string", b"")),
            body=scope[PARSED_BODY] if PARSED_BODY in scope else await _unvalidated_body(receive),
        )
        made = scope.get(MADE_CALL)
        if isinstance(made, MadeCall):
            made.handler, made.call = handler, call
        try:
            answer = await self.answer(handler, call)
        except Exception as error:
            if status_of(error) is None:
                raise  # an error without a status in the table is a bug: a logged 500
            await problem_for(error)(scope, receive, send)
            return
        body = answer.encoded if answer.encoded is not None else orjson.dumps(answer.body)
        await Response(body, answer.status, media_type="application/json")(scope, receive, send)

    async def answer(self, handler: Handler, call: Call) -> Answer:
        return await self.run(functools.partial(handler, call))

    async def _not_routed(self, scope: Scope, receive: Receive, send: Send) -> None:
        method, path = scope["method"], scope["path"]
        allowed = self.operations.methods_at(path)
        # Also a contract path Connexion cannot route: a path parameter holding a line break
        # names nothing that exists.
        error = (
            MethodNotAllowed(method, path, allowed)
            if allowed and method not in allowed
            else NothingHere(path)
        )
        await problem_for(error)(scope, receive, send)


async def _unvalidated_body(receive: Receive) -> Any:
    """The body of an operation Connexion did not validate one for: none (GET, DELETE), or a
    fault that accepts invalid bodies."""
    chunks: list[bytes] = []
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    raw = b"".join(chunks)
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None
