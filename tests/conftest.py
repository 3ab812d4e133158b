"""Shared fixtures: a fresh mock (its own world) per test, through Connexion's ASGI app; one
redis-server for the session (started only when a test asks for it), a namespace per test."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from bench.servers import RedisServer
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.local_client import LocalClient
from tests.stores.servers import redis_server_binary

_namespaces = itertools.count()


@pytest.fixture
def client() -> Iterator[TestClient]:
    with LocalClient(create_app(Settings())) as test_client:
        yield test_client


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
