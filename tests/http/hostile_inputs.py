"""Hostile requests for the contract endpoints: malformed, oversized, mislabelled, deep, odd
paths. Sent by the hostile-input test to a live server and by the differential test to both
Connexion layer stacks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx

BODY_PATHS = [
    "/phone-numbers",
    "/phone-numbers/outgoing/new",
    "/phone-numbers/outgoing/manual-override",
]
STATUS = "/phone-numbers/{}/status"
LIMIT = 20_000
JSON = {"content-type": "application/json"}


@dataclass(frozen=True)
class Hostile:
    kind: str
    method: str
    path: str
    content: bytes | None = None
    headers: dict[str, str] | None = None
    chunked: bool = False


def hostile_requests() -> Iterator[Hostile]:
    malformed = [
        b"{",
        b"}",
        b'{"name":',
        b'{"name": "x",}',
        b"{'name': 'x'}",
        b'{"a": NaN}',
        b'{"a": 1} trailing',
        b'{"a": 1}{"b": 2}',
        b"\x00",
        b'{"a": "\\ud800"',
        b"tru",
        b'"unterminated',
        b"[1, 2",
        b'{"a": -}',
        b'{"a": 01}',
        b"{" * 3 + b"}" * 2,
    ]
    not_objects = [b"[]", b"[{}]", b"1", b"-1.5", b'"text"', b"true", b"false", b"null"]
    bad_utf8 = [
        b'{"name": "\xff"}',
        b'{"name": "\xc3\x28"}',
        b'{"name": "\xed\xa0\x80"}',
        b"\xfe\xff{}",
        b'{"name": "\xe2\x82"}',
    ]
    content_types = [
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "image/png",
        "",
        # JSON in a charset the service does not read, or no charset at all.
        "application/json; charset=rot13",
        "application/json; charset=undefined",
        "application/json; charset=latin-1",
        "application/json; charset=" + "x" * 2000,
    ]
    for path in BODY_PATHS:
        for body in malformed:
            yield Hostile("malformed JSON", "POST", path, body, JSON)
        for body in not_objects:
            yield Hostile("JSON that is not an object", "POST", path, body, JSON)
        for body in bad_utf8:
            yield Hostile("invalid UTF-8", "POST", path, body, JSON)
        for media in content_types:
            yield Hostile(
                "wrong or missing content type",
                "POST",
                path,
                b'{"name": "x"}',
                {"content-type": media} if media else {},
            )
        for depth in (65, 1_000, 5_000, 50_000):  # beyond System.Text.Json's MaxDepth of 64
            yield Hostile("deeply nested JSON", "POST", path, b"[" * depth + b"]" * depth, JSON)
            yield Hostile(
                "deeply nested JSON", "POST", path, b'{"a":' * depth + b"1" + b"}" * depth, JSON
            )
        big = b'{"name": "' + b"x" * (LIMIT * 2) + b'"}'
        yield Hostile("body over the size limit", "POST", path, big, JSON)
        yield Hostile("body over the size limit", "POST", path, big, JSON, chunked=True)
        for method in ("GET", "PUT", "PATCH", "DELETE", "TRACE"):
            yield Hostile("unknown method on a known path", method, path)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        yield Hostile("unknown method on a known path", method, STATUS.format("%2B15125550143"))
    for size in (1_000, 10_000, 60_000):
        yield Hostile("huge path value", "GET", STATUS.format("9" * size))
        yield Hostile(
            "huge query value", "GET", STATUS.format("%2B1") + "?windowDays=" + "9" * size
        )
        yield Hostile("huge query value", "GET", STATUS.format("%2B1") + "?startDate=" + "2" * size)
        yield Hostile(
            "huge path value",
            "DELETE",
            f"/phone-numbers/outgoing/conversation/{'c' * size}/override",
        )
    for code in range(0x20):
        yield Hostile("control characters", "GET", STATUS.format(f"%2B1%{code:02X}5"))
        yield Hostile(
            "control characters", "GET", STATUS.format("%2B1") + f"?windowDays=1%{code:02X}"
        )
    for traversal in [
        "..%2F..%2Fetc%2Fpasswd",
        "%2E%2E%2F%2E%2E%2F",
        "..%5C..%5Cwindows",
        "%252e%252e%252f",
        "....%2F%2F",
        "%2F%2F%2F",
    ]:
        yield Hostile("path traversal", "GET", STATUS.format(traversal))
        yield Hostile(
            "path traversal", "DELETE", f"/phone-numbers/outgoing/conversation/{traversal}/override"
        )


def send(client: httpx.Client, case: Hostile) -> httpx.Response:
    content: bytes | Iterator[bytes] | None = case.content
    if case.chunked and case.content is not None:
        body = case.content
        content = iter([body[i : i + 4096] for i in range(0, len(body), 4096)])
    return client.request(case.method, case.path, content=content, headers=case.headers)
