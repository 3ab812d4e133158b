"""The admin API: reset, export then load, clock advance, the bounded journal."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.settings import Settings
from tests.local_client import LocalClient

SELECT = "/phone-numbers/outgoing/new"
YAML = {"content-type": "application/yaml"}


def replay_steps(client: TestClient) -> None:
    client.post("/phone-numbers", json={"name": "Austin overflow", "number": "+15125550123"})
    client.post(SELECT, json={"conversationId": "c1", "teamId": "team_0001"})
    client.post(
        "/phone-numbers/outgoing/manual-override",
        json={"fromPhoneNumberId": "pn_0013", "selection": {"conversationId": "c1"}},
    )
    client.post("/__admin/clock/advance", json={"days": 2})


def answers(client: TestClient) -> list[bytes]:
    return [
        client.post(SELECT, json={"conversationId": "c1"}).content,
        client.get("/phone-numbers/%2B15125550123/status").content,
        client.get("/phone-numbers/%2B16157605300/status?windowDays=7").content,
    ]


def test_reset_returns_to_the_seeded_world(client: TestClient) -> None:
    before = client.post(SELECT, json={}).content
    client.post("/phone-numbers", json={"name": "x", "number": "+15125550123"})
    assert client.post("/__admin/reset").status_code == 200
    assert client.get("/phone-numbers/%2B15125550123/status").status_code == 404
    assert client.post(SELECT, json={}).content == before


def test_reset_to_another_scenario_and_seed(client: TestClient) -> None:
    state = client.post("/__admin/reset", json={"scenario": "empty", "seed": 3}).json()
    assert (state["scenario"], state["seed"], state["numbers"]) == ("empty", 3, 0)
    assert client.post(SELECT, json={}).json()["canSend"] is False


def test_reset_to_a_misspelled_scenario_is_a_clear_400(client: TestClient) -> None:
    response = client.post("/__admin/reset", json={"scenario": "emtpy"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "Did you mean 'empty'?" in response.json()["detail"]
    assert client.get("/__admin/").json()["scenario"] == "default", "the world is unchanged"


def test_export_then_load_gives_the_same_answers() -> None:
    with LocalClient(create_app(Settings())) as original:
        replay_steps(original)
        exported = original.get("/__admin/export")
        expected = answers(original)
    assert exported.headers["content-type"].startswith("application/yaml")
    assert "history:" in exported.text
    with LocalClient(create_app(Settings(seed=99, scenario="empty"))) as fresh:
        loaded = fresh.post("/__admin/load", content=exported.content, headers=YAML)
        assert loaded.status_code == 200, loaded.text
        assert answers(fresh) == expected


def test_loading_a_broken_file_names_the_field_and_keeps_the_world(client: TestClient) -> None:
    response = client.post(
        "/__admin/load", content=b"numbers:\n  - {id: pn_1, name: X, area: '5'}\n", headers=YAML
    )
    assert response.status_code == 400
    assert "numbers[0].area" in response.json()["detail"]
    assert client.get("/__admin/").json()["numbers"] == 13


def test_advancing_the_clock_warms_numbers_up(client: TestClient) -> None:
    def warming_line() -> dict[str, Any]:
        warmup: dict[str, Any] = client.get("/phone-numbers/%2B12123864304/status").json()[
            "smsWarmup"
        ]
        return warmup

    before = warming_line()
    assert before["progressPercent"] < 100
    assert (
        client.post("/__admin/clock/advance", json={"days": 3}).json()["clock"]
        == "2026-11-26T15:00:00Z"
    )
    middle = warming_line()
    assert before["progressPercent"] < middle["progressPercent"] < 100
    assert middle["sentCount"] > before["sentCount"]
    client.post("/__admin/clock/advance", json={"days": 10})
    picked = client.post(
        SELECT, json={"teamId": "team_0001", "recipientPhoneNumber": "+12125550100"}
    )
    assert picked.json()["selectionReason"] == "LocalArea", "the New York line can send now"
    assert picked.json()["healthStatus"] == "Healthy"


def test_a_new_number_becomes_active_after_a_day(client: TestClient) -> None:
    client.post("/phone-numbers", json={"name": "New", "number": "+15125550123"})
    client.post("/__admin/clock/advance", json={"days": 1})
    listed = client.post(SELECT, json={}).json()["eligibleNumbers"]
    new = next(n for n in listed if n["number"] == "+15125550123")
    assert new["healthLabel"] == "Warming up"


def test_advance_rejects_bad_days(client: TestClient) -> None:
    for days in (0, -1, "3", 366, True):
        response = client.post("/__admin/clock/advance", json={"days": days})
        assert response.status_code == 400, days
        assert "days" in response.json()["detail"]


def test_the_journal_is_bounded() -> None:
    with LocalClient(create_app(Settings(journal_size=5))) as client:
        for index in range(12):
            client.get(f"/phone-numbers/%2B1000000{index:04d}/status")
        journal = client.get("/__admin/journal").json()
    assert journal["capacity"] == 5
    assert len(journal["entries"]) == 5
    # The last five requests, oldest first; paths as the server read them (%2B decoded).
    paths = [e["path"] for e in journal["entries"]]
    assert paths == [f"/phone-numbers/+1000000{index:04d}/status" for index in range(7, 12)]
    assert {e["status"] for e in journal["entries"]} == {404}


def test_health_reports_the_store_outside_the_contract_and_the_journal(client: TestClient) -> None:
    answer = client.get("/__health")
    assert answer.status_code == 200
    assert answer.json()["store"] == {
        "backend": "memory",
        "up": True,
        "detail": "the world lives in this process",
        "namespace": None,
    }
    assert client.get("/__admin/journal").json()["entries"] == []
