"""Cases derived from the contract's schemas: boundaries that must be accepted, and inputs that
each break exactly one rule of an otherwise valid request."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from contract_tests.payloads.model import ABSENT, PayloadCase
from mockserver.contract.loader import Contract

Schema = dict[str, Any]
INT32_MAX, INT32_MIN = 2**31 - 1, -(2**31)
# A valid request per operation, the base every case changes in one place.
BASE_BODIES: dict[str, Any] = {
    "createPhoneNumber": {"name": "QA payload line", "number": "+15125550143"},
    "selectOutgoingNumber": {},
    "validateManualOverride": {"fromPhoneNumberId": "pn_0002", "selection": {}},
}
KNOWN_NUMBER = "+15125550143"
UNKNOWN_CONVERSATION = "qa-no-such-conversation"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


class _Builder:
    def __init__(self, operation_id: str, method: str, path: str) -> None:
        self.operation_id, self.method, self.path = operation_id, method, path
        self.cases: list[PayloadCase] = []

    def add(
        self,
        kind: str,
        rule: str,
        description: str,
        *,
        body: Any = ABSENT,
        query: dict[str, str] | None = None,
        path: str | None = None,
        status: int | None = None,
        names: tuple[str, str] | None = None,
    ) -> None:
        case_id = f"{self.operation_id}/{kind}-{_slug(description)}"
        self.cases.append(
            PayloadCase(
                id=case_id,
                operation_id=self.operation_id,
                kind=kind,
                rule=rule,
                description=description,
                method=self.method,
                path=path or self.path,
                query=query or {},
                body=body,
                expect_status=status,
                expect_field={"in": names[0], "field": names[1]} if names else None,
            )
        )


def _set(body: Any, pointer: list[str], value: Any) -> Any:
    result = copy.deepcopy(body)
    node = result
    for part in pointer[:-1]:
        node = node.setdefault(part, {})
    if value is ABSENT:
        node.pop(pointer[-1], None)
    else:
        node[pointer[-1]] = value
    return result


def _wrong_case(value: str) -> str:
    swapped = value.swapcase()
    return swapped if swapped != value else value.upper() + "X"


def _string_cases(b: _Builder, base: Any, pointer: list[str], schema: Schema) -> None:
    where = "/" + "/".join(pointer)
    name = pointer[-1]

    def valid(description: str, value: Any) -> None:
        b.add("valid", "boundary", description, body=_set(base, pointer, value))

    def invalid(rule: str, description: str, value: Any) -> None:
        b.add(
            "invalid",
            rule,
            description,
            body=_set(base, pointer, value),
            status=400,
            names=("body", where),
        )

    if "maxLength" in schema:
        top = schema["maxLength"]
        valid(f"{name} at its maximum of {top} characters", "N" * top)
        invalid("maxLength", f"{name} one over its maximum ({top + 1} characters)", "N" * (top + 1))
    if schema.get("minLength", 0) >= 1:
        invalid("minLength", f"{name} empty", "")
    if "pattern" in schema and "+" in schema["pattern"]:
        invalid("pattern", f"{name} without the E.164 plus", KNOWN_NUMBER[1:])
        invalid("pattern", f"{name} in national format", "(512) 555-0143")
    for option in schema.get("enum", []):
        if option is not None:
            valid(f"{name} {option}", option)
    for option in [o for o in schema.get("enum", []) if o is not None][:1]:
        invalid("enum", f"{name} in the wrong case ({_wrong_case(option)})", _wrong_case(option))
        invalid("enum", f"{name} an unknown value", "fax")
    invalid("type", f"{name} a number instead of a string", 12345)


def _walk(b: _Builder, base: Any, schema: Schema, pointer: list[str]) -> None:
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        here = [*pointer, name]
        where = "/" + "/".join(here)
        if name in required:
            b.add(
                "invalid",
                "required",
                f"{where} missing",
                body=_set(base, here, ABSENT),
                status=400,
                names=("body", where),
            )
        else:
            b.add("valid", "optional", f"{where} omitted", body=_set(base, here, ABSENT))
        if prop.get("nullable"):
            b.add("valid", "nullable", f"{where} null", body=_set(base, here, None))
        else:
            b.add(
                "invalid",
                "type",
                f"{where} null where not nullable",
                body=_set(base, here, None),
                status=400,
                names=("body", where),
            )
        if prop.get("type") == "string":
            _string_cases(b, base, here, prop)
        elif prop.get("type") == "boolean":
            b.add("valid", "boundary", f"{where} false", body=_set(base, here, False))
            b.add(
                "invalid",
                "type",
                f"{where} the string true",
                body=_set(base, here, "true"),
                status=400,
                names=("body", where),
            )
        elif prop.get("type") == "object":
            b.add(
                "invalid",
                "type",
                f"{where} a list instead of an object",
                body=_set(base, here, []),
                status=400,
                names=("body", where),
            )
            _walk(b, _set(base, here, {}), prop, here)


def _body_cases(contract: Contract, operation_id: str) -> list[PayloadCase]:
    method, path, operation = contract.operations()[operation_id]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    b = _Builder(operation_id, method, path)
    base = BASE_BODIES[operation_id]
    b.add("valid", "boundary", "the base request", body=base)
    b.add("invalid", "type", "a JSON list as the body", body=[], status=400, names=("body", "/"))
    b.add("invalid", "required", "no body at all", status=400, names=("body", "/"))
    _walk(b, base, schema, [])
    return b.cases


def _status_cases(contract: Contract) -> list[PayloadCase]:
    method, _, _ = contract.operations()["getPhoneNumberStatus"]
    encoded = f"/phone-numbers/%2B{KNOWN_NUMBER[1:]}/status"
    b = _Builder("getPhoneNumberStatus", method, encoded)
    b.add("valid", "boundary", "E.164 number URL-encoded")
    b.add(
        "valid",
        "boundary",
        "E.164 number with a raw plus",
        path=f"/phone-numbers/{KNOWN_NUMBER}/status",
    )
    valid_days = {
        "int32 maximum": str(INT32_MAX),
        "int32 minimum": str(INT32_MIN),
        "zero": "0",
        "minus zero (docs/decisions C5)": "-0",
        "thirty": "30",
    }
    for label, value in valid_days.items():
        b.add("valid", "int32", f"windowDays {label}", query={"windowDays": value})
    invalid_days = {
        "with a leading zero": "01",
        "a decimal": "1.5",
        "one over the int32 maximum": str(INT32_MAX + 1),
        "one under the int32 minimum": str(INT32_MIN - 1),
        "a word": "abc",
        "empty": "",
    }
    for label, value in invalid_days.items():
        b.add(
            "invalid",
            "int32",
            f"windowDays {label}",
            query={"windowDays": value},
            status=400,
            names=("query", "windowDays"),
        )
    for name in ("startDate", "endDate"):
        b.add("valid", "format", f"{name} a date", query={name: "2026-11-23"})
        for label, value in {
            "month 13": "2026-13-01",
            "day-first": "23/11/2026",
            "a date-time": "2026-11-23T00:00:00Z",
        }.items():
            b.add(
                "invalid",
                "format",
                f"{name} {label}",
                query={name: value},
                status=400,
                names=("query", name),
            )
    b.add(
        "invalid",
        "not-found",
        "an unknown number",
        path="/phone-numbers/%2B19995550000/status",
        status=404,
    )
    return b.cases


def _clear_cases(contract: Contract) -> list[PayloadCase]:
    method, path, _ = contract.operations()["clearConversationOverride"]
    concrete = path.replace("{conversationId}", UNKNOWN_CONVERSATION)
    b = _Builder("clearConversationOverride", method, concrete)
    b.add("invalid", "not-found", "an unknown conversation id", status=404)
    return b.cases


def derived_cases(contract: Contract) -> Iterator[PayloadCase]:
    for operation_id in BASE_BODIES:
        yield from _body_cases(contract, operation_id)
    yield from _status_cases(contract)
    yield from _clear_cases(contract)
    method, path, _ = contract.operations()["validateManualOverride"]
    b = _Builder("validateManualOverride", method, path)
    b.add(
        "invalid",
        "not-found",
        "an unknown number id",
        status=404,
        body={"fromPhoneNumberId": "qa-no-such-number", "selection": {}},
    )
    yield from b.cases
