"""Store URLs as logs and errors may show them, and what is wrong with one before it is used."""

from __future__ import annotations

from typing import Any

CLUSTER_SCHEME = "redis-cluster://"
PROTOCOLS = (2, 3)  # RESP2 and RESP3: what redis-py and the loop's connection speak


def redact(url: str) -> str:
    """A store URL fit for logs and errors: any password replaced."""
    scheme, sep, rest = url.partition("://")
    credentials, at, place = rest.rpartition("@")
    if not sep or not at:
        return url
    user = credentials.partition(":")[0]
    return f"{scheme}://{user}:***@{place}" if user else f"{scheme}://***@{place}"


def node_url(cluster_url: str) -> str:
    """`redis-cluster://HOST:PORT` as the plain URL of that one node, which redis-py reads."""
    return f"redis://{cluster_url.removeprefix(CLUSTER_SCHEME)}"


def url_problem(url: str) -> str | None:
    """Why redis-py could not use this Redis URL (a query option it cannot read, a protocol
    other than 2 or 3), in one line; None when it can."""
    # Imported here: the in-memory mock never loads redis-py (~90 ms of its start).
    from redis.connection import parse_url

    try:
        options: dict[str, Any] = parse_url(  # type: ignore[no-untyped-call]
            node_url(url) if url.startswith(CLUSTER_SCHEME) else url
        )
    except ValueError as error:
        return str(error)
    protocol = options.get("protocol")
    if protocol is not None and str(protocol) not in {str(p) for p in PROTOCOLS}:
        return f"protocol must be 2 or 3 (RESP2 or RESP3), got {protocol!r}"
    return None
