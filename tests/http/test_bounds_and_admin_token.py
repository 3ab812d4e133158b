"""What grows with traffic is bounded; the admin API can require a token."""

from __future__ import annotations

import pytest

from mockserver.app import create_app
from mockserver.domain.model import Conversation
from mockserver.domain.store import StoreLimits
from mockserver.settings import Settings, SettingsError
from mockserver.stores.memory import MemoryStore
from tests.local_client import LocalClient


def test_the_number_of_numbers_is_bounded() -> None:
    with LocalClient(create_app(Settings(max_numbers=14))) as client:
        first = client.post("/phone-numbers", json={"name": "a", "number": "+15125550101"})
        second = client.post("/phone-numbers", json={"name": "b", "number": "+15125550102"})
        assert first.status_code == 201
        assert second.status_code == 409
        assert "limit of 14 numbers" in second.json()["detail"]
        client.post("/__admin/reset")
        assert (
            client.post("/phone-numbers", json={"name": "b", "number": "+15125550102"}).status_code
            == 201
        )


def test_conversations_are_bounded_oldest_first() -> None:
    store = MemoryStore(StoreLimits(max_conversations=3))
    for index in range(5):
        store.put_conversation(Conversation(f"c{index}"))
    assert [store.conversation(f"c{i}") is not None for i in range(5)] == [
        False,
        False,
        True,
        True,
        True,
    ]


def test_admin_token_is_required_when_set() -> None:
    with LocalClient(create_app(Settings(admin_token="letmein"))) as client:
        assert client.get("/__admin/").status_code == 401
        assert client.get("/__admin/", headers={"Authorization": "Bearer nope"}).status_code == 401
        assert (
            client.get("/__admin/", headers={"Authorization": "Bearer letmein"}).status_code == 200
        )
        assert client.post("/phone-numbers/outgoing/new", json={}).status_code == 200, (
            "the API is open"
        )


def test_binding_beyond_loopback_needs_an_admin_token() -> None:
    assert Settings.from_env({}).host == "127.0.0.1"
    with pytest.raises(SettingsError, match="admin token"):
        Settings.from_env({}, host="0.0.0.0")
    assert Settings.from_env({"LEADPING_MOCK_ADMIN_TOKEN": "t"}, host="0.0.0.0").host == "0.0.0.0"


def test_credentials_never_reach_the_journal() -> None:
    with LocalClient(create_app(Settings())) as client:
        client.get("/phone-numbers/%2B1/status", headers={"Authorization": "Bearer s3cret"})
        journal = client.get("/__admin/journal")
        assert journal.json()["entries"][-1]["path"] == "/phone-numbers/+1/status", (
            "it was recorded"
        )
        assert "s3cret" not in journal.text


def test_store_bounds_are_settings() -> None:
    settings = Settings.from_env({"LEADPING_MOCK_MAX_CONVERSATIONS": "2"})
    with LocalClient(create_app(settings)) as client:
        for index in range(3):
            client.post("/phone-numbers/outgoing/new", json={"conversationId": f"c{index}"})
        assert client.delete("/phone-numbers/outgoing/conversation/c0/override").status_code == 404
        assert client.delete("/phone-numbers/outgoing/conversation/c2/override").status_code == 200


def test_settings_built_directly_are_validated_too() -> None:
    with pytest.raises(SettingsError, match="error_rate"):
        Settings(error_rate=2.0)
    with pytest.raises(SettingsError, match="max_traffic_per_number"):
        Settings(max_traffic_per_number=0)
