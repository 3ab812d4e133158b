"""The request as the upstream gets it and the answer as the client gets it: the same method,
path, query, headers (less those of one hop) and bytes, both ways. Bodies are bounded; an
answer's bytes are passed on as they came (compressed or not), and decoded only to be checked."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import httpx

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
    client: httpx.AsyncClient,
    method: str,
    target: str,
    headers: Headers,
    body: bytes,
    limit: int,
) -> Answer:
    request = client.build_request(method, target, headers=forwarded_headers(headers), content=body)
    response = await client.send(request, stream=True)
    try:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_raw():
            size += len(chunk)
            if size > limit:
                raise AnswerTooLarge(f"the upstream's answer is larger than {limit} bytes")
            chunks.append(chunk)
    finally:
        await response.aclose()
    return Answer(response.status_code, tuple(response.headers.multi_items()), b"".join(chunks))
