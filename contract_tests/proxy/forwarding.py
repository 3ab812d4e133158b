"""The request as the upstream gets it and the answer as the client gets it: the same method,
path, query, headers (less those of one hop) and bytes, both ways. Bodies are bounded; an
answer's bytes are passed on as they came (compressed or not), and decoded only to be checked.

The request is written in one piece on a connection kept open to the one upstream (asyncio's
streams); the answer is read by httptools (llhttp, the parser uvicorn uses: framing, chunks,
keep-alive). httpcore did the same through anyio's layers for 0.59 ms of CPU a request and h11
for 0.18, against 0.10 here (docs/performance.md, decision P21)."""

from __future__ import annotations

import asyncio
import re
import ssl
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import httptools

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
# What HTTP/1.1 allows in a request line and a header (RFC 9110 tokens; values without CR, LF
# or NUL): checked here, since the request is written by hand.
_METHOD_OR_NAME = re.compile(rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+")
_TARGET = re.compile(rb"[\x21-\x7e\x80-\xff]+")
_VALUE = re.compile(rb"[^\x00\r\n]*")


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
        request = self._request(method, target, headers, body)
        head = method.upper() == "HEAD"
        async with asyncio.timeout(timeout), self._slots:
            connection = self._kept()
            if connection is not None:
                try:
                    return await self._exchange(connection, request, head, limit)
                except _Stale:
                    pass  # closed while idle: the request never reached it, send it anew
            try:
                connection = await self._connect()
                return await self._exchange(connection, request, head, limit)
            except _Stale as error:
                raise UpstreamUnreachable("NetworkError") from error

    async def aclose(self) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()

    def _request(self, method: str, target: str, headers: Headers, body: bytes) -> bytes:
        line = (method.encode("latin-1"), target.encode("latin-1"))
        sent = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in forwarded_headers(headers)]
        sent += [(b"host", self._host_header), (b"content-length", b"%d" % len(body))]
        if not (_METHOD_OR_NAME.fullmatch(line[0]) and _TARGET.fullmatch(line[1])) or not all(
            _METHOD_OR_NAME.fullmatch(k) and _VALUE.fullmatch(v) for k, v in sent
        ):
            raise UpstreamUnreachable("ProtocolError")
        fields = b"".join(b"%s: %s\r\n" % (k, v.strip(b" \t")) for k, v in sent)
        return b"%s %s HTTP/1.1\r\n%s\r\n%s" % (*line, fields, body)

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
        self, connection: _Connection, request: bytes, head: bool, limit: int
    ) -> Answer:
        try:
            connection.writer.write(request)  # one write: the upstream wakes once
            answer, reusable = await _answer(connection.reader, head, limit)
        except AnswerTooLarge:
            connection.close()
            raise
        except (OSError, httptools.HttpParserError, _Stale) as error:
            connection.close()
            if isinstance(error, _Stale):
                raise
            kind = "NetworkError" if isinstance(error, OSError) else "ProtocolError"
            raise UpstreamUnreachable(kind) from error
        except BaseException:  # a timeout or a cancel mid-answer: the connection is unusable
            connection.close()
            raise
        if reusable:
            connection.idle_since = asyncio.get_running_loop().time()
            self._idle.append(connection)
        else:
            connection.close()
        return answer


class _Reading:
    """httptools' callbacks: one answer as it is parsed (a 1xx before it is dropped)."""

    def __init__(self) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.status = 0
        self.keep_alive = False  # read when the answer ends: llhttp forgets it after
        self.headers: list[tuple[str, str]] = []
        self.chunks: list[bytes] = []
        self.size = 0
        self.head_done = False
        self.done = False

    def on_message_begin(self) -> None:
        self.headers.clear()
        self.chunks.clear()
        self.size = 0
        self.head_done = False

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.decode("latin-1"), value.decode("latin-1")))

    def on_headers_complete(self) -> None:
        self.status = self.parser.get_status_code()
        self.head_done = True

    def on_body(self, body: bytes) -> None:
        self.size += len(body)
        self.chunks.append(body)

    def on_message_complete(self) -> None:
        self.keep_alive = self.parser.should_keep_alive()
        self.done = True


async def _answer(reader: asyncio.StreamReader, head: bool, limit: int) -> tuple[Answer, bool]:
    """The answer, and whether its connection can carry another request."""
    reading = _Reading()
    received = False
    while True:
        data = await reader.read(READ_BYTES)
        if not data:
            if not received:
                raise _Stale
            if reading.head_done and not _framed(reading.headers):
                break  # an answer that ends where its connection does
            raise httptools.HttpParserError("the upstream closed before its answer ended")
        received = True
        reading.parser.feed_data(data)
        if reading.size > limit:
            raise AnswerTooLarge(f"the upstream's answer is larger than {limit} bytes")
        if reading.done and reading.status < 200:
            reading.done = False  # 100 Continue and the like: the answer follows
        if reading.done or (head and reading.head_done):
            break
    answer = Answer(reading.status, tuple(reading.headers), b"".join(reading.chunks))
    # After a HEAD the parser still waits for the body its headers announce: not reused.
    return answer, reading.done and not head and reading.keep_alive


def _framed(headers: list[tuple[str, str]]) -> bool:
    return any(k.lower() in ("content-length", "transfer-encoding") for k, _v in headers)
