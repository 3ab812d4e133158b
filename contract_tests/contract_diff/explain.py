"""Which classified change explains a verdict on a request: the one at the violated place."""

from __future__ import annotations

from contract_tests.contract_diff.change import (
    Change,
    InOperation,
    InParameter,
    InRequestBody,
    data_pointer,
)
from contract_tests.contract_diff.pointers import covers
from mockserver.contract.schemas import Violation


def operation_gone(changes: list[Change], operation_id: str) -> Change | None:
    """The change that removed the operation, if one did."""
    return next(
        (c for c in changes if c.operation_id == operation_id and isinstance(c.place, InOperation)),
        None,
    )


SAID_MAX = 120


def said(violation: Violation) -> str:
    """The violation in one short line: a 10,000-character value is not repeated in full."""
    message = violation.message
    if len(message) > SAID_MAX:
        message = message[: SAID_MAX - 3] + "..."
    return f"{violation.location} {violation.field}: {message}"


def explaining(
    changes: list[Change], operation_id: str, violation: Violation, breaking: bool = True
) -> Change | None:
    """The request-side change at the violated place, the most specific first; of the severity
    that explains the verdict first (a rejection by a break, an acceptance by a widening)."""
    candidates: list[tuple[bool, int, Change]] = []
    for change in changes:
        if change.operation_id != operation_id:
            continue
        match change.place:
            case InParameter(location=location, name=name):
                if violation.location == location and violation.field.split("/")[0] == name:
                    candidates.append((change.breaking != breaking, -1, change))
            case InRequestBody(field=field) if violation.location == "body":
                pointer = data_pointer(field)
                used = "" if violation.field == "/" else violation.field
                if covers(pointer, used):
                    candidates.append((change.breaking != breaking, -len(pointer), change))
            case _:
                pass
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None
