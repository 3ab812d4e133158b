"""Examples validate against their schemas; known-bad values are rejected; enums are exact."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_schema_validator._format import oas30_format_checker

from mockserver.contract.loader import load_contract

Schema = dict[str, Any]

# The documented lists, copied from the seed pages (not from openapi.yaml) so a drift shows up.
DOCUMENTED_ENUMS = {
    "SmsWarmupHealthState": [
        "Not Started",
        "Warming",
        "Healthy",
        "Needs Attention",
        "Paused",
        "Blocked",
        "Ready",
    ],
    "OutgoingNumberSelectionReason": [
        "StickyConversation",
        "LeadAssigned",
        "CampaignOrSource",
        "Preferred",
        "LocalArea",
        "HealthyPool",
        "FallbackDefault",
        "ManualOverride",
    ],
    "OutgoingNumberChannel": ["sms", "call"],
    "PhoneNumberInventoryState": [
        "Available",
        "Assigned",
        "Pending verification",
        "Ready for SMS",
        "Ready for voice",
        "Restricted",
        "Suspended",
        "Failed",
        "Released",
        "Warmup-only",
        "Internal/test-only",
    ],
    "PhoneNumberStatus": [
        "Unregistered",
        "Provisioning",
        "FailedProvisioning",
        "Active",
        "Expired",
        "Suspended",
    ],
}
NULLABLE_ENUMS = {"SmsWarmupHealthState", "OutgoingNumberSelectionReason", "OutgoingNumberChannel"}


def _schemas() -> dict[str, Schema]:
    schemas: dict[str, Schema] = load_contract().resolved()["components"]["schemas"]
    return schemas


def _errors(schema: Schema, value: object) -> list[str]:
    validator = OAS30Validator(schema, format_checker=oas30_format_checker)
    return [error.message for error in validator.iter_errors(value)]


def _media_examples() -> Iterator[tuple[str, Schema, object]]:
    """Every example in the resolved contract beside the schema it illustrates."""
    spec = load_contract().resolved()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += [(status, r) for status, r in operation["responses"].items()]
            for where, body in bodies:
                for media, content in body.get("content", {}).items():
                    label = f"{method.upper()} {path} {where} {media}"
                    if "example" in content:
                        yield label, content["schema"], content["example"]
                    for name, example in content.get("examples", {}).items():
                        yield f"{label} ({name})", content["schema"], example["value"]
            for parameter in operation.get("parameters", []):
                if "example" in parameter:
                    yield f"{path} {parameter['name']}", parameter["schema"], parameter["example"]


def test_every_operation_has_examples() -> None:
    labels = [label for label, _, _ in _media_examples()]
    for operation_path in (
        "POST /phone-numbers ",
        "GET /phone-numbers/{phoneNumber}/status 200",
        "POST /phone-numbers/outgoing/new ",
        "manual-override request",
        "DELETE /phone-numbers/outgoing/conversation/{conversationId}/override 200",
    ):
        assert any(operation_path in label for label in labels), operation_path


@pytest.mark.parametrize(("label", "schema", "example"), list(_media_examples()))
def test_example_validates_against_its_schema(label: str, schema: Schema, example: object) -> None:
    assert _errors(schema, example) == [], label


@pytest.mark.parametrize(("name", "values"), sorted(DOCUMENTED_ENUMS.items()))
def test_documented_enum_values_are_present_exactly(name: str, values: list[str]) -> None:
    schema = _schemas()[name]
    expected: list[str | None] = [*values, None] if name in NULLABLE_ENUMS else list(values)
    assert schema["enum"] == expected
    assert schema.get("nullable", False) is (name in NULLABLE_ENUMS)


@pytest.mark.parametrize("value", ["not started", "HEALTHY", "needs attention", "Unknown"])
def test_wrong_case_or_unknown_enum_value_is_rejected(value: str) -> None:
    assert _errors(_schemas()["SmsWarmupHealthState"], value)


def test_nullable_enum_accepts_null() -> None:
    assert _errors(_schemas()["SmsWarmupHealthState"], None) == []


@pytest.mark.parametrize(
    "value",
    [
        "01",
        "1.5",
        "2147483648",
        "-2147483649",
        " 1",
        "1e3",
        "",
        2147483648,
        -2147483649,
        1.5,
        True,
        None,
    ],
)
def test_int32_rejects_out_of_pattern_or_range(value: object) -> None:
    assert _errors(_schemas()["Int32"], value), value


@pytest.mark.parametrize(
    "value",
    # "-0" matches the documented pattern itself (ASP.NET reads it as 0): see docs/decisions.md.
    ["0", "-0", "-1", "42", "2147483647", "-2147483648", "1999999999", 0, 2147483647, -2147483648],
)
def test_int32_accepts_integers_and_numeric_strings_in_range(value: object) -> None:
    assert _errors(_schemas()["Int32"], value) == [], value


def test_int32_range_pattern_matches_python_range_across_boundaries() -> None:
    schema = _schemas()["Int32"]
    edges = [
        0,
        9,
        10,
        999_999_999,
        1_000_000_000,
        2_000_000_000,
        2_147_483_647,
        2_147_483_648,
        2_147_483_650,
        2_999_999_999,
        9_999_999_999,
        21_474_836_470,
    ]
    for magnitude in edges:
        for value in (magnitude, -magnitude):
            in_range = -(2**31) <= value <= 2**31 - 1
            assert (_errors(schema, str(value)) == []) is in_range, value


def test_create_request_rules() -> None:
    schema = _schemas()["CreatePhoneNumberRequest"]
    good = {"name": "x" * 255, "number": "+15125550143"}
    assert _errors(schema, good) == []
    assert _errors(schema, {**good, "name": "x" * 256})
    assert _errors(schema, {"number": "+15125550143"})
    assert _errors(schema, {**good, "number": None})
    assert _errors(schema, {**good, "enabled": None})
    assert _errors(schema, {**good, "number": "512-555-0143"})
    assert _errors(schema, {**good, "businessId": None}) == []


def test_selection_response_rejects_null_where_not_nullable() -> None:
    schema = _schemas()["OutgoingNumberSelectionResponse"]
    example = load_contract().resolved()["components"]["examples"]["Selection"]["value"]
    assert _errors(schema, example) == []
    assert _errors(schema, {**example, "canSend": None})
    assert _errors(schema, {**example, "selectionReason": "manualOverride"})
    missing = {k: v for k, v in example.items() if k != "setupMessage"}
    assert _errors(schema, missing)
