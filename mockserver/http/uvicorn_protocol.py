"""uvicorn's httptools protocol with the two bounds Kestrel (the real service's server) has and
uvicorn has not: a request's head (line and headers) at most 32 KiB, else 431; and sent within
30 s of its first byte, else 408. Without them a socket trickling an endless header holds
memory for as long as its client likes.

uvicorn's protocol classes are its internals: this is the one module that subclasses them, and
it checks at import that the methods it extends are there.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from mockserver.http.problems import PROBLEM_JSON, problem_json

EXTENDED = ("connection_made", "connection_lost", "data_received", "on_message_begin")
missing = [
    name for name in (*EXTENDED, "on_headers_complete") if not hasattr(HttpToolsProtocol, name)
]
if missing:  # pragma: no cover - only on a uvicorn this module was not written for
    raise ImportError(f"uvicorn's HttpToolsProtocol has no {', '.join(missing)}; pin uvicorn 0.54")


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    # Kestrel's MaxRequestHeadersTotalSize and RequestHeadersTimeout defaults.
    max_head_bytes = 32 * 1024
    head_timeout = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0
        self._in_head = False
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0
        if self._head_timer is None:
            self._start_head_timer()

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._stop_head_timer()
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        waiting = self._in_head or self._head_timer is not None
        super().data_received(data)
        if waiting and self._in_head:
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes:
                self._refuse(431)

    def _start_head_timer(self) -> None:
        self._stop_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_too_slow)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self._in_head:
            self._refuse(408)
        elif not self.cycle or self.cycle.response_complete:
            self.transport.close()  # connected, and never began a request

    def _refuse(self, status: int) -> None:
        self._stop_head_timer()
        self._in_head = False
        if self.transport.is_closing():
            return
        detail = f"A request's head (line and headers) must be at most {self.max_head_bytes} "
        detail += f"bytes, sent within {self.head_timeout:g} s of its first byte."
        body = problem_json(status, detail)
        self.transport.write(
            b"".join(
                [
                    STATUS_LINE[status],
                    f"content-type: {PROBLEM_JSON}\r\n".encode(),
                    b"content-length: " + str(len(body)).encode() + b"\r\n",
                    b"connection: close\r\n\r\n",
                    body,
                ]
            )
        )
        self.transport.close()
