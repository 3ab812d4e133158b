"""The request log as a frontend team uses it: what the app sent (GET /__admin/requests), whether
it sent one call (POST /__admin/verify), the consumer contract it implies, and one terminal line
per request that says why a 4xx was answered."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from contract_tests.contract_diff import parse_consumer_contract, verify
from contract_tests.target import local_mock
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.local_client import LocalClient

SELECT = "/phone-numbers/outgoing/new"
OVERRIDE = "/phone-numbers/outgoing/manual-override"


def app_session(client: httpx.Client | LocalClient) -> str:
    """What a browser app does: select for conv-1, override it once, read a status, send junk."""
    chosen = client.post(SELECT, json={"conversationId": "conv-1", "channel": "sms"}).json()
    other = chosen["eligibleNumbers"][-1]
    client.post(OVERRIDE, json={"fromPhoneNumberId": other["phoneNumberId"],
                                "selection": {"conversationId": "conv-1"}})  # fmt: skip
    client.get(f"/phone-numbers/{chosen['number'].replace('+', '%2B')}/status")
    client.post("/phone-numbers", json={"name": "", "number": "5125550100"})
    return str(other["phoneNumberId"])


@pytest.fixture
def client() -> LocalClient:
    return LocalClient(create_app(Settings()))


def test_the_log_lists_each_call_in_order_with_both_bodies(client: LocalClient) -> None:
    app_session(client)
    entries = client.get("/__admin/requests").json()["entries"]
    assert [e["operationId"] for e in entries] == [
        "selectOutgoingNumber", "validateManualOverride", "getPhoneNumberStatus",
        "createPhoneNumber",
    ]  # fmt: skip
    assert [e["id"] for e in entries] == sorted(e["id"] for e in entries)
    assert entries[0]["requestBody"] == {"conversationId": "conv-1", "channel": "sms"}
    assert entries[0]["responseBody"]["selectionReason"] == "Preferred"
    assert entries[-1]["status"] == 400
    assert entries[-1]["responseBody"]["status"] == 400
    assert "/name" in entries[-1]["reason"], "why the 4xx was answered"
    assert entries[0]["reason"] is None
    assert entries[0]["at"].endswith("Z"), "the wall-clock time it came in"


def test_the_log_filters_by_operation_status_and_conversation(client: LocalClient) -> None:
    app_session(client)
    wanted = client.get("/__admin/requests", params={"status": "400"}).json()["entries"]
    assert [e["operationId"] for e in wanted] == ["createPhoneNumber"]
    for_conversation = client.get("/__admin/requests", params={"conversation": "conv-1"})
    assert {e["operationId"] for e in for_conversation.json()["entries"]} == {
        "selectOutgoingNumber", "validateManualOverride",
    }  # fmt: skip
    last = client.get("/__admin/requests", params={"limit": "1"}).json()["entries"]
    assert [e["operationId"] for e in last] == ["createPhoneNumber"]


def test_an_unknown_filter_is_named_with_the_one_meant(client: LocalClient) -> None:
    answer = client.get("/__admin/requests", params={"operaton": "selectOutgoingNumber"})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "operaton" in answer.json()["detail"]
    assert "'operation'" in answer.json()["detail"]


def test_verify_says_the_app_overrode_conv_1_exactly_once(client: LocalClient) -> None:
    app_session(client)
    question = {"operationId": "validateManualOverride",
                "body": {"selection": {"conversationId": "conv-1"}}, "count": 1}  # fmt: skip
    verdict = client.post("/__admin/verify", json=question).json()
    assert verdict["ok"] is True
    assert verdict["count"] == 1


def test_a_failed_verify_shows_the_nearest_calls_and_how_they_differ(client: LocalClient) -> None:
    app_session(client)
    question = {"operationId": "validateManualOverride",
                "body": {"selection": {"conversationId": "conv-2"}}}  # fmt: skip
    verdict = client.post("/__admin/verify", json=question).json()
    assert verdict["ok"] is False
    assert verdict["count"] == 0
    nearest = verdict["nearest"][0]
    assert nearest["request"]["operationId"] == "validateManualOverride"
    assert any("conversationId" in d for d in nearest["differences"])


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ({"operationId": "validateManualOveride"}, "operationId"),
        ({"count": -1}, "count"),
        ({"since": "yesterday"}, "since"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_bad_verify_question_is_a_problem_naming_the_field(
    client: LocalClient, question: dict[str, Any], field: str
) -> None:
    answer = client.post("/__admin/verify", json=question)
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert field in answer.json()["detail"]


def test_the_consumer_contract_from_the_log_holds_against_a_fresh_mock() -> None:
    with local_mock(Settings()) as recording, httpx.Client(base_url=recording) as client:
        app_session(client)
        data = client.get("/__admin/consumer-contract", params={"consumer": "web"}).json()
    contract = parse_consumer_contract(data, "web.json")
    assert {i.operation_id for i in contract.interactions} >= {"getPhoneNumberStatus"}
    with local_mock(Settings()) as fresh:
        assert verify(contract, fresh, {}, timeout=10) == []
    with local_mock(Settings(faults="missing-required-field")) as broken:
        assert verify(contract, broken, {}, timeout=10) != []


def test_each_request_is_one_terminal_line_saying_why_a_4xx_was_answered(
    client: LocalClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="mockserver.requests"):
        app_session(client)
        client.get("/__admin/requests")
    lines = [r.getMessage() for r in caplog.records if r.name == "mockserver.requests"]
    assert len(lines) == 5  # the admin call too, though the request log keeps only the API's
    assert lines[0].startswith("POST /phone-numbers/outgoing/new -> 200 selectOutgoingNumber")
    assert lines[3].startswith("POST /phone-numbers -> 400 createPhoneNumber")
    assert "/name" in lines[3].split(":", 1)[1]
    assert lines[4].startswith("GET /__admin/requests -> 200 (")


def test_control_characters_in_a_path_cannot_forge_a_log_line(
    client: LocalClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="mockserver.requests"):
        client.get("/phone-numbers/%0a%1b[31mFORGED/status")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "mockserver.requests"]
    assert "\n" not in line
    assert "\x1b" not in line


@pytest.mark.parametrize(
    "body", [b'{"conversationId": NaN}', b'{"c": "\\ud800"}', b"[" * 8000 + b"]" * 8000]
)
def test_a_body_the_contract_refuses_cannot_break_the_log(client: LocalClient, body: bytes) -> None:
    refused = client.post(SELECT, content=body, headers={"content-type": "application/json"})
    assert refused.status_code == 400
    listed = client.get("/__admin/requests")
    assert listed.status_code == 200
    assert "$text" in listed.json()["entries"][-1]["requestBody"]
    asked = client.post("/__admin/verify", json={"conversation": "c"})
    assert asked.status_code == 200
    assert client.get("/__admin/consumer-contract").status_code == 200
