"""Each request to the contract, logged twice: an entry in the request log (for the admin API's
requests, verify and consumer contract) and one line in the terminal saying what was answered
and, for a 4xx or 5xx, why. Admin and health requests get the terminal line only."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.contract.operations import Operation
from mockserver.http.matched import SCOPE_KEY
from mockserver.http.request_log import MAX_LOGGED_BODY, Body, LoggedRequest, RequestLog, now

logger = logging.getLogger("mockserver.requests")
# Set by the layers inside: the world a request was for, and the preferences applied to it.
WORLD_KEY = "leadping.world"
APPLIED_KEY = "leadping.preferences_applied"
PREFER_KEY = "leadping.prefer"
# Not the app's calls: the admin API, the probe, Swagger UI's assets (and the landing page).
UNLOGGED = ("/__admin", "/__health", "/ui/")


@dataclass
class _Capture:
    """Up to MAX_LOGGED_BODY bytes of one body, as its chunks pass."""

    parts: list[bytes] = field(default_factory=list)
    kept: int = 0
    size: int = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.kept < MAX_LOGGED_BODY and chunk:
            piece = chunk[: MAX_LOGGED_BODY - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)

    def body(self, media_type: str) -> Body:
        return Body(b"".join(self.parts), self.size, media_type)


class Recorder:
    """ASGI middleware outside routing: it sees every request and what was answered."""

    def __init__(self, app: ASGIApp, log: RequestLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        arrived = now()
        request, response = _Capture(), _Capture()
        answered: dict[str, Any] = {"status": 0, "type": ""}

        async def logged_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                request.add(message.get("body", b""))
            return message

        async def logged_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                answered["status"] = message["status"]
                answered["type"] = Headers(raw=message.get("headers", [])).get("content-type", "")
            elif message["type"] == "http.response.body":
                response.add(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, logged_receive, logged_send)
        finally:
            path = scope.get("path", "")
            operation: Operation | None = scope.get(SCOPE_KEY)
            entry = LoggedRequest(
                id=self.log.next_id(),
                at=arrived,
                world=scope.get(WORLD_KEY, ""),
                method=scope.get("method", ""),
                path=path,
                query=scope.get("query_string", b"").decode("latin-1"),
                operation_id=operation.operation_id if operation else None,
                status=int(answered["status"] or 0),
                duration_ms=(time.perf_counter() - started) * 1000,
                request=request.body(Headers(scope=scope).get("content-type", "")),
                response=response.body(str(answered["type"])),
                preferences_applied=tuple(
                    f"{k}={v}" for k, v in scope.get(APPLIED_KEY, {}).items()
                ),
            )
            if path != "/" and not path.startswith(UNLOGGED):
                self.log.append(entry)
            if path != "/__health":  # a load balancer's probe every few seconds is not news
                _log_line(entry)


# Control characters a decoded path or a detail may hold, shown escaped: one request, one line.
_ESCAPED = {c: f"\\x{c:02x}" for c in [*range(32), 127]}


def printable(text: str) -> str:
    return text.translate(_ESCAPED)


def _log_line(entry: LoggedRequest) -> None:
    if not logger.isEnabledFor(logging.INFO):
        return
    world = f"[{entry.world}] " if entry.world else ""
    target = entry.path + (f"?{entry.query}" if entry.query else "")
    what = f" {entry.operation_id}" if entry.operation_id else ""
    line = (
        f"{world}{entry.method} {target[:200]} -> {entry.status}{what} ({entry.duration_ms:.1f} ms)"
    )
    reason = entry.reason()
    if reason:
        line += f": {reason[:300]}"
    logger.info("%s", printable(line))
