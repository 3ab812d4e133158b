"""A repeated read, answered without going through Connexion again (decision P40).

A dashboard polls the same status URL over and over. For a GET of the contract (a safe method,
no header or cookie parameters), Connexion's routing and request validation decide the same for
the same path and query every time, and its response validation has passed the bytes it
answered. So once Connexion has routed, validated and answered a read with 200, this lane
remembers the handler call it led to and the bytes it sent. The next identical request calls
the same handler on the world as it is now: if the handler answers those very bytes, they are
sent as they were; a domain error (the number gone, the store unavailable) is answered as the
endpoint answers it; anything else (another answer, a bug) sends the request through Connexion
as the first one went. Only the dispatch is skipped: the domain
runs on every request, and the request controls, CORS and the request log around it as well.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.http.endpoint import MADE_CALL, Answer, Call, Handler, MadeCall
from mockserver.http.matched import PATH_VALUES, operation_of
from mockserver.http.problems import problem_for, status_of

# As many as the handler keeps rendered (http/handlers.py): the bytes are mostly the same objects.
REMEMBERED_READS = 1024

AnswerCall = Callable[[Handler, Call], Awaitable[Answer]]


@dataclass(frozen=True)
class KnownRead:
    handler: Handler
    call: Call
    body: bytes


class RepeatedReads:
    def __init__(
        self, app: ASGIApp, answer: AnswerCall, repeatable: frozenset[str], keep: int = 0
    ) -> None:
        self.app = app
        self._answer = answer
        # The operations whose answers depend on the path, the query and the world only.
        self._repeatable = repeatable
        self._keep = keep or REMEMBERED_READS
        self._known: dict[tuple[str, str, bytes], KnownRead] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation = operation_of(scope) if scope["type"] == "http" else None
        if (
            operation is None
            or operation.operation_id not in self._repeatable
            or scope["method"] != "GET"
            or PATH_VALUES in scope  # a path respelled for Connexion: not worth the care
        ):
            await self.app(scope, receive, send)
            return
        key = (scope.get("root_path", ""), scope["path"], scope.get("query_string", b""))
        known = self._known.get(key)
        if known is not None and await self._answered_again(known, scope, receive, send):
            return
        await self._through_connexion(key, scope, receive, send)

    async def _answered_again(
        self, known: KnownRead, scope: Scope, receive: Receive, send: Send
    ) -> bool:
        try:
            answer = await self._answer(known.handler, known.call)
        except Exception as error:
            if status_of(error) is None:
                return False  # a bug: Connexion's way answers it, a logged 500
            # As the endpoint answers it (a number gone, Redis unavailable), without asking
            # the store a second time.
            await problem_for(error)(scope, receive, send)
            return True
        if answer.status != 200 or answer.encoded is None:
            return False
        if answer.encoded is not known.body and answer.encoded != known.body:
            return False
        await Response(known.body, 200, media_type="application/json")(scope, receive, send)
        return True

    async def _through_connexion(
        self, key: tuple[str, str, bytes], scope: Scope, receive: Receive, send: Send
    ) -> None:
        made = MadeCall()
        status = 0
        chunks: list[bytes] = []

        async def watched_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app({**scope, MADE_CALL: made}, receive, watched_send)
        self._known.pop(key, None)
        if status == 200 and made.handler is not None and made.call is not None:
            if len(self._known) >= self._keep:
                self._known.clear()  # as domain/memo.py: simpler than LRU, refilling is cheap
            self._known[key] = KnownRead(made.handler, made.call, b"".join(chunks))
