"""One redis-server for the session; each test gets a namespace of its own in it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest

from bench.servers import RedisServer
from tests.shared_store.servers import redis_server_binary

_namespaces = itertools.count()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer(redis_server_binary())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def namespace(request: pytest.FixtureRequest) -> str:
    """A world of this test's own: worlds in one Redis are kept apart by namespace."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", f"t{next(_namespaces)}-{request.node.name}")[:40]
