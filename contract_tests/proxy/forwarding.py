"""The request as the upstream gets it and the answer as the client gets it: the same method,
path, query, headers (less those of one hop) and bytes, both ways. Bodies are bounded; an
answer's bytes are passed on as they came (compressed or not), and decoded only to be checked."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore

from contract_tests.proxy.config import HOP_BY_HOP
from contract_tests.traffic.exchange import Headers


class AnswerTooLarge(Exception):
    """The upstream's answer is larger than the proxy holds."""


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


async def forward(
    pool: httpcore.AsyncConnectionPool,
    origin: str,
    method: str,
    target: str,
    headers: Headers,
    body: bytes,
    limit: int,
    timeout: float,
) -> Answer:
    """The upstream's answer to one request, read whole up to `limit` bytes.

    httpcore, under httpx, without httpx's request and response models: those cost about half a
    millisecond a request, which a proxy adds to every call (docs/performance.md)."""
    sent = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in forwarded_headers(headers)]
    sent.append((b"host", urlsplit(origin).netloc.encode()))
    waits = {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
    url = origin + target
    request = pool.stream(
        method.encode(), url, headers=sent, content=body, extensions={"timeout": waits}
    )
    async with request as answer:
        chunks: list[bytes] = []
        size = 0
        async for chunk in answer.aiter_stream():
            size += len(chunk)
            if size > limit:
                raise AnswerTooLarge(f"the upstream's answer is larger than {limit} bytes")
            chunks.append(chunk)
        received = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in answer.headers)
        return Answer(answer.status, received, b"".join(chunks))
