"""Bodies before Connexion sees them: a JSON operation's body must say it is JSON (Connexion would
hand an untyped body to the handler unvalidated), and no body may exceed the size limit."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.http.errors import BodyNotJson, BodyTooLarge
from mockserver.http.matched import operation_of
from mockserver.http.problems import problem_for

DEFAULT_MAX_BODY_BYTES = 1_048_576


class BodyGuard:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH", "DELETE"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_bytes:
            await problem_for(BodyTooLarge(self.max_bytes))(scope, receive, send)
            return
        # Read the body once, bounded, whatever its framing (chunked bodies carry no length).
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await problem_for(BodyTooLarge(self.max_bytes))(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        operation = operation_of(scope)
        media = headers.get("content-type", "").split(";")[0].strip().lower()
        if body and operation is not None and operation.json_body and not media.endswith("json"):
            await problem_for(BodyNotJson(operation.operation_id, media))(scope, receive, send)
            return
        if "content-length" not in headers or "transfer-encoding" in headers:
            # Connexion tells a body's presence by its Content-Length: a chunked body, read whole
            # here, is handed on with its length (else a valid one is "RequestBody is required").
            scope = {**scope, "headers": _with_length(scope["headers"], len(body))}
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _with_length(raw: list[tuple[bytes, bytes]], length: int) -> list[tuple[bytes, bytes]]:
    kept = [(k, v) for k, v in raw if k not in (b"content-length", b"transfer-encoding")]
    return [*kept, (b"content-length", str(length).encode())]
