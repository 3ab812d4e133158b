"""Connexion's routing in its lean form routes a method and path once (decision P42); what no
operation matches, and any path behind a root path, is routed every time. That its answers are
Connexion's own is shown by the differential test in test_connexion_door.py."""

from __future__ import annotations

import pytest
from starlette.routing import Router
from starlette.types import Receive, Scope, Send

from mockserver.app import create_app
from mockserver.http.connexion import lean_routing
from mockserver.settings import Settings
from tests.local_client import LocalClient

SELECT = "/phone-numbers/outgoing/new"
BODY = {"conversationId": "c-1", "channel": "sms"}


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path of each request a Starlette router routed, outermost router only."""
    paths: list[str] = []
    walk = Router.__call__

    async def counted(self: Router, scope: Scope, receive: Receive, send: Send) -> None:
        if not scope.get("leadping.test_routed"):
            paths.append(scope["path"])
        await walk(self, {**scope, "leadping.test_routed": True}, receive, send)

    monkeypatch.setattr(Router, "__call__", counted)
    return paths


def test_a_path_routed_before_is_not_routed_again(routed: list[str]) -> None:
    with LocalClient(create_app(Settings())) as client:
        assert client.post(SELECT, json=BODY).status_code == 200
        assert routed == [SELECT]
        second = client.post(SELECT, json={**BODY, "conversationId": "c-2"})
        assert second.status_code == 200
        assert client.post(SELECT, json={"channel": 7}).status_code == 400
        assert routed == [SELECT], "routed once; the body is validated every time"
        status = "/phone-numbers/%2B16157605300/status"
        assert client.get(status, params={"windowDays": "7"}).status_code == 200
        assert client.get(status, params={"windowDays": "nope"}).status_code == 400
        assert routed == [SELECT, "/phone-numbers/+16157605300/status"]
        assert client.delete(SELECT).status_code == 405
        assert client.delete(SELECT).status_code == 405
        assert routed.count(SELECT) == 3, "a method no operation has is routed every time"


def test_behind_a_root_path_every_request_is_routed(routed: list[str]) -> None:
    with LocalClient(create_app(Settings()), root_path="/api") as client:
        assert client.post("/api" + SELECT, json=BODY).status_code == 200
        first = len(routed)  # Swagger UI's router as well, behind a root path
        assert first >= 1
        assert client.post("/api" + SELECT, json=BODY).status_code == 200
        assert len(routed) == 2 * first


def test_what_is_remembered_is_bounded(routed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lean_routing, "REMEMBERED_ROUTES", 2)
    with LocalClient(create_app(Settings())) as client:
        # Numbers the world does not have: answered 404, so never a remembered read.
        statuses = [f"/phone-numbers/%2B1999555010{n}/status" for n in range(4)]
        for path in statuses * 2:
            assert client.get(path).status_code == 404
        assert len(routed) == 8, "four paths over a bound of two: each forgotten in turn"
