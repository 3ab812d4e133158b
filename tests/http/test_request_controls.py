"""Per-request control (Prefer), injected latency and errors, and CORS for browsers."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from starlette.testclient import TestClient

from contract_tests.target import local_mock
from mockserver.app import create_app
from mockserver.contract.loader import load_contract
from mockserver.contract.schemas import SchemaChecker
from mockserver.settings import Settings, SettingsError
from tests.local_client import LocalClient

SELECT = "/phone-numbers/outgoing/new"
STATUS = "/phone-numbers/%2B16157605300/status"


@pytest.mark.parametrize(
    ("path", "method", "code"), [(STATUS, "GET", 404), (STATUS, "GET", 400), (SELECT, "POST", 400)]
)
def test_prefer_code_forces_a_status_the_operation_defines(
    client: TestClient, path: str, method: str, code: int
) -> None:
    response = client.request(
        method, path, json={} if method == "POST" else None, headers={"Prefer": f"code={code}"}
    )
    assert response.status_code == code
    assert response.headers["content-type"] == "application/problem+json"
    assert "Forced by the mock" in response.json()["detail"]


@pytest.mark.parametrize(
    "prefer", ["code=409", "code=418", "code=abc", "delay=fast", "delay=999999", "code"]
)
def test_invalid_preferences_are_a_clear_400(client: TestClient, prefer: str) -> None:
    response = client.get(STATUS, headers={"Prefer": prefer})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Prefer:")
    assert response.json()["title"] == "Invalid Prefer header"


def test_prefer_scenario_answers_one_request_from_another_world(client: TestClient) -> None:
    blocked = client.post(SELECT, json={}, headers={"Prefer": "scenario=all-blocked"}).json()
    assert blocked["canSend"] is False
    assert client.post(SELECT, json={}).json()["canSend"] is True, "the main world is untouched"
    unknown = client.post(SELECT, json={}, headers={"Prefer": "scenario=all-bloked"})
    assert unknown.status_code == 400
    assert "Did you mean 'all-blocked'?" in unknown.json()["detail"]


def test_prefer_scenario_follows_a_reset_to_another_seed(client: TestClient) -> None:
    one_request = {"Prefer": "scenario=default"}
    before = client.post(SELECT, json={}, headers=one_request).json()["number"]
    client.post("/__admin/reset", json={"seed": 3})
    after = client.post(SELECT, json={}, headers=one_request).json()["number"]
    assert after == client.post(SELECT, json={}).json()["number"], "built with the new seed"
    assert after != before


def test_error_rate_one_answers_only_defined_errors() -> None:
    with LocalClient(create_app(Settings(error_rate=1.0))) as client:
        statuses = {client.get(STATUS).status_code for _ in range(40)}
        assert statuses <= {400, 401, 404, 500, 503}
        assert {500, 503} & statuses, "server errors are drawn too"
        selections = {client.post(SELECT, json={}).status_code for _ in range(20)}
        assert selections <= {400, 401, 500, 503}, "never 413 or 415"


def test_error_statuses_choose_what_the_error_rate_draws() -> None:
    settings = Settings(error_rate=1.0, error_statuses="500,503")
    with LocalClient(create_app(settings)) as client:
        answers = [client.get(STATUS) for _ in range(20)]
    assert {a.status_code for a in answers} == {500, 503}
    assert all(a.headers["retry-after"] == "1" for a in answers if a.status_code == 503)


def test_bad_error_statuses_fail_at_start() -> None:
    with pytest.raises(SettingsError, match="error_statuses: expected error statuses"):
        create_app(Settings(error_statuses="500,fast"))


@pytest.mark.parametrize("code", [500, 503])
def test_prefer_code_forces_a_server_error_the_contract_documents(
    client: TestClient, code: int
) -> None:
    answer = client.post(SELECT, json={}, headers={"Prefer": f"code={code}"})
    assert answer.status_code == code
    assert answer.headers["content-type"] == "application/problem+json"
    contract = load_contract(None).resolved()
    documented = contract["paths"]["/phone-numbers/outgoing/new"]["post"]["responses"][str(code)]
    schema = documented["content"]["application/problem+json"]["schema"]
    assert SchemaChecker().is_valid(schema, answer.json())
    if code == 503:
        assert answer.headers["retry-after"] == "1"
    else:
        assert answer.json()["title"] == "An error occurred while processing your request."


def test_prefer_code_401_is_the_documented_problem_naming_the_bearer_scheme(
    client: TestClient,
) -> None:
    answer = client.get(STATUS, headers={"Prefer": "code=401"})
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer ")
    contract = load_contract(None).resolved()
    documented = contract["paths"]["/phone-numbers/{phoneNumber}/status"]["get"]["responses"]
    schema = documented["401"]["content"]["application/problem+json"]["schema"]
    assert SchemaChecker().is_valid(schema, answer.json())


def test_bad_latency_settings_fail_at_start() -> None:
    with pytest.raises(SettingsError, match="latency"):
        create_app(Settings(latency="soon"))
    with pytest.raises(SettingsError, match="selectOutgoingNumber"):
        create_app(Settings(latency_per_operation="selectOutgoingNumber=9-1"))


def test_a_delayed_request_does_not_hold_up_others() -> None:
    async def race(base: str) -> list[str]:
        finished: list[str] = []
        async with httpx.AsyncClient(base_url=base) as http:

            async def call(name: str, headers: dict[str, str]) -> None:
                response = await http.post(SELECT, json={}, headers=headers)
                assert response.status_code == 200
                finished.append(name)

            started = time.perf_counter()
            await asyncio.gather(call("slow", {"Prefer": "delay=1500"}), call("fast", {}))
            assert time.perf_counter() - started >= 1.5
        return finished

    with local_mock(Settings()) as url:
        assert asyncio.run(race(url)) == ["fast", "slow"]


def test_configured_latency_applies_per_operation() -> None:
    settings = Settings(latency_per_operation="selectOutgoingNumber=400")
    with local_mock(settings) as url:
        started = time.perf_counter()
        httpx.post(url + SELECT, json={})
        delayed = time.perf_counter() - started
    assert delayed >= 0.4


LOCAL = "http://localhost:5173"


def preflight(client: TestClient, origin: str) -> httpx.Response:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, prefer",
    }
    answered: httpx.Response = client.options(SELECT, headers=headers)
    return answered


def test_cors_allows_any_localhost_origin_by_default(client: TestClient) -> None:
    answered = preflight(client, LOCAL)
    assert answered.status_code == 200
    assert answered.headers["access-control-allow-origin"] == LOCAL
    assert "prefer" in answered.headers["access-control-allow-headers"].lower()
    error = client.post(
        SELECT, content=b"{", headers={"Origin": LOCAL, "content-type": "application/json"}
    )
    assert error.status_code == 400
    assert error.headers["access-control-allow-origin"] == LOCAL, "errors carry CORS headers too"
    assert "access-control-allow-origin" not in preflight(client, "https://evil.example").headers


def test_cors_can_be_restricted_to_listed_origins() -> None:
    with LocalClient(create_app(Settings(cors_origins="https://app.example.com"))) as client:
        assert preflight(client, "https://app.example.com").headers["access-control-allow-origin"]
        assert "access-control-allow-origin" not in preflight(client, LOCAL).headers


def test_a_preflight_echoes_any_requested_header_and_allows_credentials(
    client: TestClient,
) -> None:
    asked = "traceparent, sentry-trace, baggage, x-requested-with"
    answered = client.options(SELECT, headers={
        "Origin": LOCAL, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": asked,
    })  # fmt: skip
    assert answered.status_code == 200
    assert answered.headers["access-control-allow-headers"] == asked
    assert answered.headers["access-control-allow-credentials"] == "true"
    assert answered.headers["access-control-allow-origin"] == LOCAL, "never * with credentials"


def test_a_private_network_preflight_is_answered(client: TestClient) -> None:
    answered = client.options(SELECT, headers={
        "Origin": LOCAL, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Private-Network": "true",
    })  # fmt: skip
    assert answered.status_code == 200
    assert answered.headers["access-control-allow-private-network"] == "true"


def test_a_refused_preflight_is_a_problem_naming_what_was_refused() -> None:
    settings = Settings(cors_headers="traceparent")
    with LocalClient(create_app(settings)) as client:
        answered = client.options(SELECT, headers={
            "Origin": LOCAL, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "traceparent, sentry-trace",
        })  # fmt: skip
        allowed = preflight(client, LOCAL)
    assert answered.status_code == 400
    assert answered.headers["content-type"] == "application/problem+json"
    assert "headers" in answered.json()["detail"]
    assert "--cors-headers" in answered.json()["detail"]
    assert allowed.status_code == 200, "the mock's own headers (Prefer) stay allowed"
