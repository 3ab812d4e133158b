"""The catalogue of named, off-by-default bugs the mock can be told to have, so the contract suite
can prove that it catches each violation it claims to catch (as schemathesis tests its checks on
buggy apps), and the set of them a mock runs with, parsed once at start-up."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]
Rewrite = Callable[[Json, Json], tuple[int | None, Json]]


@dataclass(frozen=True)
class Fault:
    name: str
    summary: str
    operation: str
    caught_by: str
    rewrite: Rewrite | None = None
    # A crash comes before any other outcome, a 409 included: it is decided from the request.
    crashes_on: Callable[[Json], bool] | None = None
    # The operation answers a canned success to bodies that break the contract.
    accepts_invalid_body: bool = False

    @property
    def reported_as(self) -> str:
        """What the suite's report shows when it catches this fault."""
        return REPORTED_AS.get(self.caught_by, f"Custom check failed: `{self.caught_by}`")


def _int32_out_of_range(_request: Json, body: Json) -> tuple[int | None, Json]:
    return None, {**body, "messagesPossible": 2**31}


def _enum_wrong_case(_request: Json, body: Json) -> tuple[int | None, Json]:
    status = body.get("healthStatus")
    return None, {**body, "healthStatus": status.lower() if status else "healthy"}


def _missing_required_field(_request: Json, body: Json) -> tuple[int | None, Json]:
    return None, {k: v for k, v in body.items() if k != "canSend"}


def _nullable_field_omitted(_request: Json, body: Json) -> tuple[int | None, Json]:
    return None, {k: v for k, v in body.items() if not (k == "setupMessage" and v is None)}


def _name_at_max_length(request: Json) -> bool:
    return len(str(request.get("name", ""))) == 255


def _two_selected(_request: Json, body: Json) -> tuple[int | None, Json]:
    numbers = [{**n, "isSelected": bool(n.get("canSend"))} for n in body.get("eligibleNumbers", [])]
    if sum(n["isSelected"] for n in numbers) < 2 and len(numbers) >= 2:
        numbers = [{**n, "isSelected": True} for n in numbers]
    return None, {**body, "eligibleNumbers": numbers}


# How schemathesis reports a built-in check's failure; custom checks are reported by name.
REPORTED_AS = {
    "response_schema_conformance": "ST108",
    "not_a_server_error": "ST101",
    "negative_data_rejection": "ST201",
}

FAULTS: dict[str, Fault] = {
    fault.name: fault
    for fault in (
        Fault(
            "int32-out-of-range",
            "status writes 2147483648 in an int32 field",
            "getPhoneNumberStatus",
            "response_schema_conformance",
            _int32_out_of_range,
        ),
        Fault(
            "enum-wrong-case",
            "selection writes healthStatus in lower case",
            "selectOutgoingNumber",
            "response_schema_conformance",
            _enum_wrong_case,
        ),
        Fault(
            "missing-required-field",
            "selection leaves out canSend",
            "selectOutgoingNumber",
            "response_schema_conformance",
            _missing_required_field,
        ),
        Fault(
            "nullable-field-omitted",
            "selection leaves out a null setupMessage",
            "selectOutgoingNumber",
            "response_schema_conformance",
            _nullable_field_omitted,
        ),
        Fault(
            "server-error-on-boundary",
            "create answers 500 for a 255-character name",
            "createPhoneNumber",
            "not_a_server_error",
            crashes_on=_name_at_max_length,
        ),
        Fault(
            "accepts-invalid-body",
            "create accepts bodies that break the contract",
            "createPhoneNumber",
            "negative_data_rejection",
            accepts_invalid_body=True,
        ),
        Fault(
            "two-selected",
            "selection marks several eligible numbers as selected",
            "selectOutgoingNumber",
            "one_number_selected_iff_can_send",
            _two_selected,
        ),
        Fault(
            "override-ignored",
            "an override answers as pinned but pins nothing",
            "validateManualOverride",
            "override_is_honoured",
        ),
        Fault(
            "clear-does-not-clear",
            "clearing an override leaves it in place",
            "clearConversationOverride",
            "clear_removes_override",
        ),
    )
}


class UnknownFault(ValueError):
    """A fault name the mock does not have; the message lists the ones it has."""


@dataclass(frozen=True)
class FaultSet:
    """The faults one mock runs with: every layer asks this value, none parses names again."""

    names: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, names: str | Iterable[str] | None) -> FaultSet:
        """Fault names, comma-separated or listed, each checked against FAULTS."""
        if not names:
            return cls()
        listed = names.split(",") if isinstance(names, str) else list(names)
        chosen = frozenset(n.strip() for n in listed if n.strip())
        unknown = sorted(chosen - FAULTS.keys())
        if unknown:
            raise UnknownFault(
                f"unknown fault(s) {', '.join(unknown)}; known: {', '.join(sorted(FAULTS))}"
            )
        return cls(chosen)

    def __bool__(self) -> bool:
        return bool(self.names)

    def has(self, name: str) -> bool:
        return name in self.names

    def of(self, operation_id: str | None) -> list[Fault]:
        """The active faults of one operation, in name order."""
        return [FAULTS[n] for n in sorted(self.names) if FAULTS[n].operation == operation_id]

    def accepts_invalid_body(self, operation_id: str | None) -> bool:
        return any(fault.accepts_invalid_body for fault in self.of(operation_id))

    def crashes(self, operation_id: str, request: Json) -> bool:
        """Whether an active fault makes this request crash the mock before it is handled."""
        return any(
            fault.crashes_on is not None and fault.crashes_on(request)
            for fault in self.of(operation_id)
        )

    def rewrite(
        self, operation_id: str, request: Json, status: int, body: Json
    ) -> tuple[int, Json]:
        """Apply the active wire faults of one operation to a successful JSON answer."""
        if not 200 <= status < 300:
            return status, body
        for fault in self.of(operation_id):
            if fault.rewrite is not None:
                new_status, body = fault.rewrite(request, body)
                status = new_status or status
        return status, body
