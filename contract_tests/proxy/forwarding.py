"""The request as the upstream gets it and the answer as the client gets it: the same method,
path, query, headers (less those of one hop) and bytes, both ways. Bodies are bounded; an
answer's bytes are passed on as they came (compressed or not), and decoded only to be checked.

HTTP/1.1 is h11's (framing, chunks, keep-alive) over asyncio's streams, on connections kept
open to the one upstream. httpcore did the same through anyio's layers for 0.55 ms of CPU a
request against 0.05 here, and wrote each request in two sends, each waking the upstream
(docs/performance.md, decision P21)."""

from __future__ import annotations

import asyncio
import ssl
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import h11

from contract_tests.proxy.config import HOP_BY_HOP
from contract_tests.traffic.exchange import Headers


class AnswerTooLarge(Exception):
    """The upstream's answer is larger than the proxy holds."""


class UpstreamUnreachable(Exception):
    """No answer: the connection failed, broke, or carried something that is not HTTP/1.1.
    Its message is the kind of failure (ConnectError, NetworkError, ProtocolError)."""


KEEPALIVE_SECONDS = 30.0
MAX_CONNECTIONS = 200
READ_BYTES = 65_536


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Headers
    raw: bytes  # as it came over the wire: what the client receives

    def decoded(self) -> bytes | None:
        """The body to check; None when its encoding is one the proxy does not read."""
        encoding = next((v for k, v in self.headers if k.lower() == "content-encoding"), "")
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            return self.raw
        try:
            if encoding == "gzip":
                return zlib.decompress(self.raw, 16 + zlib.MAX_WBITS)
            if encoding == "deflate":
                return zlib.decompress(self.raw)
        except zlib.error:
            return None
        return None


def forwarded_headers(headers: Headers) -> list[tuple[str, str]]:
    return [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.http = h11.Connection(h11.CLIENT)
        self.idle_since = 0.0

    def usable(self, now: float) -> bool:
        return (
            now - self.idle_since < KEEPALIVE_SECONDS
            and not self.reader.at_eof()
            and not self.writer.is_closing()
        )

    def close(self) -> None:
        self.writer.close()


class _Stale(Exception):
    """A kept connection the upstream had closed before it read the request."""


class Upstream:
    """The one origin the proxy forwards to, with its idle keep-alive connections."""

    def __init__(self, origin: str) -> None:
        parts = urlsplit(origin)
        self.origin = origin
        self._tls = ssl.create_default_context() if parts.scheme == "https" else None
        self._host = parts.hostname or ""
        self._port = parts.port or (443 if self._tls else 80)
        self._host_header = parts.netloc.encode()
        self._idle: list[_Connection] = []
        self._slots = asyncio.Semaphore(MAX_CONNECTIONS)

    async def forward(
        self, method: str, target: str, headers: Headers, body: bytes, limit: int, timeout: float
    ) -> Answer:
        """The upstream's answer to one request, read whole up to `limit` bytes, within
        `timeout` seconds (TimeoutError past it)."""
        sent = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in forwarded_headers(headers)]
        sent += [(b"host", self._host_header), (b"content-length", b"%d" % len(body))]
        try:
            request = h11.Request(method=method.encode(), target=target.encode(), headers=sent)
        except h11.LocalProtocolError as error:
            raise UpstreamUnreachable("ProtocolError") from error
        async with asyncio.timeout(timeout), self._slots:
            connection = self._kept()
            if connection is not None:
                try:
                    return await self._exchange(connection, request, body, limit)
                except _Stale:
                    pass  # closed while idle: the request never reached it, send it anew
            try:
                connection = await self._connect()
                return await self._exchange(connection, request, body, limit)
            except _Stale as error:
                raise UpstreamUnreachable("NetworkError") from error

    async def aclose(self) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()

    def _kept(self) -> _Connection | None:
        now = asyncio.get_running_loop().time()
        while self._idle:
            connection = self._idle.pop()
            if connection.usable(now):
                return connection
            connection.close()
        return None

    async def _connect(self) -> _Connection:
        try:
            reader, writer = await asyncio.open_connection(
                self._host, self._port, ssl=self._tls, limit=READ_BYTES
            )
        except OSError as error:
            raise UpstreamUnreachable("ConnectError") from error
        return _Connection(reader, writer)

    async def _exchange(
        self, connection: _Connection, request: h11.Request, body: bytes, limit: int
    ) -> Answer:
        http = connection.http
        try:
            # One write: the upstream wakes once for the whole request.
            sent = http.send(request) or b""
            if body:
                sent += http.send(h11.Data(data=body)) or b""
            connection.writer.write(sent + (http.send(h11.EndOfMessage()) or b""))
            answer = await _answer(connection, limit)
        except AnswerTooLarge:
            connection.close()
            raise
        except (OSError, h11.ProtocolError, _Stale) as error:
            connection.close()
            if isinstance(error, _Stale):
                raise
            kind = "ProtocolError" if isinstance(error, h11.ProtocolError) else "NetworkError"
            raise UpstreamUnreachable(kind) from error
        except BaseException:  # a timeout or a cancel mid-answer: the connection is unusable
            connection.close()
            raise
        if http.our_state is h11.DONE and http.their_state is h11.DONE:
            http.start_next_cycle()
            connection.idle_since = asyncio.get_running_loop().time()
            self._idle.append(connection)
        else:
            connection.close()
        return answer


async def _answer(connection: _Connection, limit: int) -> Answer:
    http = connection.http
    status = 0
    received: Headers = ()
    chunks: list[bytes] = []
    size = 0
    while True:
        event = http.next_event()
        if event is h11.NEED_DATA:
            data = await connection.reader.read(READ_BYTES)
            if not data and status == 0 and http.their_state is h11.SEND_RESPONSE:
                raise _Stale
            http.receive_data(data)
        elif isinstance(event, h11.Response):
            status = event.status_code
            items = event.headers.raw_items()
            received = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in items)
        elif isinstance(event, h11.Data):
            size += len(event.data)
            if size > limit:
                raise AnswerTooLarge(f"the upstream's answer is larger than {limit} bytes")
            chunks.append(bytes(event.data))
        elif isinstance(event, h11.EndOfMessage):
            return Answer(status, received, b"".join(chunks))
        elif isinstance(event, h11.ConnectionClosed):
            raise h11.RemoteProtocolError("the upstream closed before its answer ended")
