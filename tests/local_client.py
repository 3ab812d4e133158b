"""A test client that calls the mock as curl or a page on this machine does: Host 127.0.0.1
(the admin API answers loopback host names only)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient
from starlette.types import ASGIApp

LOCAL = "http://127.0.0.1"


class LocalClient(TestClient):
    def __init__(self, app: ASGIApp, **kwargs: Any) -> None:
        kwargs.setdefault("base_url", LOCAL)
        super().__init__(app, **kwargs)
