"""Same seed and same requests give byte-identical answers, ids and timestamps included."""

from __future__ import annotations

from mockserver.app import create_app
from mockserver.settings import Settings
from tests.local_client import LocalClient

SEQUENCE: list[tuple[str, str, dict[str, object] | None]] = [
    ("POST", "/phone-numbers", {"name": "Austin overflow", "number": "+15125550123"}),
    ("GET", "/phone-numbers/%2B15125550123/status", None),
    ("GET", "/phone-numbers/+16157605300/status?windowDays=7", None),
    ("POST", "/phone-numbers/outgoing/new", {"conversationId": "c1", "teamId": "team_0001"}),
    (
        "POST",
        "/phone-numbers/outgoing/manual-override",
        {"fromPhoneNumberId": "pn_0013", "selection": {"conversationId": "c1"}},
    ),
    ("DELETE", "/phone-numbers/outgoing/conversation/c1/override", None),
    ("POST", "/phone-numbers", {"name": "Second", "number": "+13035550188"}),
]


def replay(seed: int) -> list[bytes]:
    with LocalClient(create_app(Settings(seed=seed))) as client:
        return [client.request(method, path, json=body).content for method, path, body in SEQUENCE]


def test_same_seed_same_bytes() -> None:
    first, second = replay(11), replay(11)
    assert first == second
    assert b'"createdAt":"2026-11-23T15:00:01Z"' in first[0]


def test_another_seed_another_world() -> None:
    assert replay(11)[0] != replay(12)[0]
