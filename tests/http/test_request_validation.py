"""Bad input: a 400 problem+json listing every violation with its location, never a 500."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient


def errors(response_json: dict[str, object]) -> set[tuple[str, str, str]]:
    listed = response_json["errors"]
    assert isinstance(listed, list)
    return {(e["in"], e["field"], e["rule"]) for e in listed}


def test_every_body_violation_is_listed(client: TestClient) -> None:
    response = client.post(
        "/phone-numbers",
        json={"name": "x" * 256, "number": "555-0143", "enabled": "yes", "id": None},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert errors(response.json()) == {
        ("body", "/name", "maxLength"),
        ("body", "/number", "pattern"),
        ("body", "/enabled", "type"),
    }
    assert response.json()["detail"] == "The request has 3 problems."


def test_missing_required_fields_are_named(client: TestClient) -> None:
    response = client.post("/phone-numbers/outgoing/manual-override", json={})
    assert errors(response.json()) == {
        ("body", "/fromPhoneNumberId", "required"),
        ("body", "/selection", "required"),
    }


def test_nested_violations_carry_their_pointer(client: TestClient) -> None:
    body = {"fromPhoneNumberId": "pn_0001", "selection": {"channel": "SMS", "teamId": 5}}
    response = client.post("/phone-numbers/outgoing/manual-override", json=body)
    assert errors(response.json()) == {
        ("body", "/selection/channel", "enum"),
        ("body", "/selection/teamId", "type"),
    }


def test_query_violations_are_all_listed_by_parameter(client: TestClient) -> None:
    response = client.get("/phone-numbers/+16157605300/status?windowDays=01&startDate=2026-13-01")
    assert response.status_code == 400
    assert errors(response.json()) == {
        ("query", "windowDays", "int32"),
        ("query", "startDate", "format"),
    }


@pytest.mark.parametrize("value", ["2147483648", "1.5", "-2147483649", "abc"])
def test_int32_query_values_out_of_pattern_or_range_are_rejected(
    client: TestClient, value: str
) -> None:
    response = client.get(f"/phone-numbers/+16157605300/status?windowDays={value}")
    assert response.status_code == 400
    assert errors(response.json()) == {("query", "windowDays", "int32")}


@pytest.mark.parametrize(
    ("content", "rule"),
    [(b'{"name":', "json"), (b"\xff\xfe{}", "encoding"), (b"[]", "type"), (b"null", "type")],
)
def test_unparsable_or_non_object_bodies_are_400(
    client: TestClient, content: bytes, rule: str
) -> None:
    response = client.post(
        "/phone-numbers/outgoing/new", content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert ("body", "/", rule) in errors(response.json())


def test_missing_body_is_400_naming_the_rule(client: TestClient) -> None:
    response = client.post("/phone-numbers", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert errors(response.json()) == {("body", "/", "required")}


def test_a_rejected_create_leaves_the_world_unchanged(client: TestClient) -> None:
    client.post("/phone-numbers", json={"name": "", "number": "+15125550123"})
    assert client.get("/phone-numbers/+15125550123/status").status_code == 404


def test_a_valid_body_reaches_the_handler_as_it_was_validated(client: TestClient) -> None:
    # 1e400 is valid JSON (Python reads it as infinity); a second, stricter parser in the
    # endpoint once turned this body into None after validation passed: a 500.
    response = client.post(
        "/phone-numbers/outgoing/new",
        content=b'{"channel": "sms", "teamId": "team_0001", "note": 1e400}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["canSend"] is True


def _selection_nesting(levels: int) -> str:
    """A selection body with an unknown property nesting `levels` objects below the body."""
    nested = '{"a":' * levels + "1" + "}" * levels
    return f'{{"recipientPhoneNumber": "+15125550178", "extra": {nested}, "note": "{{[{{["}}'


@pytest.mark.parametrize(("levels", "status"), [(62, 200), (63, 200), (64, 400), (200, 400)])
def test_nesting_beyond_64_levels_is_refused(client: TestClient, levels: int, status: int) -> None:
    # System.Text.Json's MaxDepth: the body object and 63 levels below it are read, one more is not.
    response = client.post(
        "/phone-numbers/outgoing/new",
        content=_selection_nesting(levels),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == status
    if status == 400:
        assert errors(response.json()) == {("body", "/", "maxDepth")}
