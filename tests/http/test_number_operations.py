"""Create and status through the app: happy paths, duplicates, 404s, windows, encodings."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

NEW = {"name": "Austin overflow", "number": "+15125550123", "businessId": "biz_0002"}


def create(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/phone-numbers", json={**NEW, **body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def status(client: TestClient, number: str, query: str = "") -> dict[str, Any]:
    response = client.get(f"/phone-numbers/{number}/status{query}")
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_create_assigns_an_id_and_sensible_initial_states(client: TestClient) -> None:
    created = create(client)
    assert created["id"] == "pn_0014"  # the default world holds pn_0001..pn_0013
    assert created["number"] == NEW["number"]
    assert created["business"]["id"] == "biz_0002"
    assert created["business"]["name"]
    assert (created["status"], created["inventoryState"]) == (
        "Provisioning",
        "Pending verification",
    )
    assert created["warmupState"] == created["healthStatus"] == "Not Started"
    assert created["location"] == {"location": "Austin", "state": "TX", "countryCode": "US"}
    assert [e["type"] for e in created["events"]] == ["created"]
    assert created["events"][0]["createdAt"] == created["createdAt"]


def test_create_keeps_the_client_id(client: TestClient) -> None:
    assert create(client, id="my-number-1")["id"] == "my-number-1"


@pytest.mark.parametrize(
    "duplicate", [{"number": NEW["number"], "id": "other"}, {"number": "+15125550124", "id": "dup"}]
)
def test_duplicate_number_or_id_is_409(client: TestClient, duplicate: dict[str, str]) -> None:
    create(client, id="dup")
    response = client.post("/phone-numbers", json={**NEW, **duplicate})
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert "already exists" in response.json()["detail"]


def test_unknown_business_is_404(client: TestClient) -> None:
    response = client.post("/phone-numbers", json={**NEW, "businessId": "biz_9999"})
    assert response.status_code == 404
    assert "biz_9999" in response.json()["detail"]


def test_a_created_number_exists_for_status_and_selection(client: TestClient) -> None:
    created = create(client)
    report = status(client, "%2B15125550123")
    assert report["number"] == created["number"]
    assert report["smsWarmup"]["phoneNumberId"] == created["id"]
    assert report["trafficMetrics"]["smsSentCount"] == 0
    picked = client.post("/phone-numbers/outgoing/new", json={}).json()
    listed = {n["phoneNumberId"]: n for n in picked["eligibleNumbers"]}
    assert listed[created["id"]]["canSend"] is False  # provisioning, not yet able to send


@pytest.mark.parametrize("spelling", ["+16157605300", "%2B16157605300"])
def test_status_finds_e164_with_plus_raw_or_encoded(client: TestClient, spelling: str) -> None:
    assert status(client, spelling)["number"] == "+16157605300"


def test_status_of_unknown_number_is_404(client: TestClient) -> None:
    response = client.get("/phone-numbers/+19995550000/status")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_status_metrics_are_consistent(client: TestClient) -> None:
    report = status(client, "+14157917301")  # the Needs Attention line: failures happen
    warmup = report["smsWarmup"]
    assert warmup["deliveredCount"] + warmup["failureCount"] == warmup["sentCount"] > 0
    assert warmup["carrierRejectionCount"] <= warmup["failureCount"]
    assert warmup["deliverySuccessRate"] == round(
        100 * warmup["deliveredCount"] / warmup["sentCount"], 2
    )
    assert 0 <= warmup["healthScore"] <= 100
    assert 0 <= warmup["progressPercent"] <= 100
    opt = report["optOutMetrics"]
    assert opt["optOutCount"] <= opt["distinctContactedCount"]
    traffic = report["trafficMetrics"]
    assert traffic["smsFailedCount"] <= traffic["smsSentCount"]
    assert traffic["callFailedCount"] <= traffic["callPlacedCount"]


def test_window_days_filters_the_window(client: TestClient) -> None:
    week = status(client, "+16157605300", "?windowDays=7")["trafficMetrics"]
    month = status(client, "+16157605300", "?windowDays=30")["trafficMetrics"]
    assert week["windowDays"] == 7
    assert week["windowStartedAt"] == "2026-11-16T15:00:00Z"
    assert 0 < week["smsSentCount"] < month["smsSentCount"]


def test_window_days_is_clamped(client: TestClient) -> None:
    assert status(client, "+16157605300", "?windowDays=-5")["trafficMetrics"]["windowDays"] == 1
    assert (
        status(client, "+16157605300", "?windowDays=2147483647")["optOutMetrics"]["windowDays"]
        == 365
    )


def test_start_and_end_date_select_whole_days(client: TestClient) -> None:
    one_day = status(client, "+16157605300", "?startDate=2026-11-20&endDate=2026-11-20")
    traffic = one_day["trafficMetrics"]
    assert (traffic["windowDays"], traffic["windowStartedAt"]) == (1, "2026-11-20T00:00:00Z")
    assert traffic["smsSentCount"] > 0
    assert all(e["createdAt"].startswith("2026-11-20") for e in one_day["recentEvents"])
    empty = status(client, "+16157605300", "?startDate=2026-11-21&endDate=2026-11-20")
    assert empty["trafficMetrics"]["windowDays"] == 0
    assert empty["trafficMetrics"]["smsSentCount"] == 0


def test_extreme_dates_do_not_break_the_window(client: TestClient) -> None:
    report = status(client, "+16157605300", "?startDate=0001-01-01&endDate=9999-12-31")
    assert report["trafficMetrics"]["smsSentCount"] > 0
