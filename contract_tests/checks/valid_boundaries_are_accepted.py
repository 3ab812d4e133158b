"""Values at the documented edges are accepted, never refused as invalid nor a server error: a
name of exactly 255 characters (201 or a 409 about data), `windowDays` of 1 and 365 and the
int32 limits (200, or 404 for an unknown number)."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import operation_id, request_body
from contract_tests.checks.status_is_for_the_number_asked import E164

INVALID = frozenset({400, 413, 415, 422})
WINDOW_EDGES = frozenset({"1", "365", "2147483647", "-2147483648"})
NAME_LIMIT = 255


def _otherwise_valid_create(body: dict[str, Any]) -> bool:
    number, given_id = body.get("number"), body.get("id")
    return (
        set(body) <= {"name", "number", "businessId", "enabled", "id"}
        and isinstance(number, str)
        and E164.match(number) is not None
        and (given_id is None or (isinstance(given_id, str) and 1 <= len(given_id) <= 64))
        and (body.get("businessId") is None or isinstance(body.get("businessId"), str))
        and isinstance(body.get("enabled", True), bool)
    )


def _edge(case: Case[Any]) -> str | None:
    """The documented edge the request stands on, if any (with everything else valid)."""
    if operation_id(case) == "createPhoneNumber":
        body = request_body(case)
        name = body.get("name")
        if isinstance(name, str) and len(name) == NAME_LIMIT and _otherwise_valid_create(body):
            return "a name of 255 characters"
    if operation_id(case) == "getPhoneNumberStatus":
        query = case.query or {}
        days = str(query.get("windowDays"))
        if days in WINDOW_EDGES and set(query) == {"windowDays"}:
            return f"windowDays={days}"
    return None


@schemathesis.check
def valid_boundaries_are_accepted(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    edge = _edge(case)
    if edge is None:
        return None
    if response.status_code in INVALID or response.status_code >= 500:
        raise AssertionError(
            f"{edge} is within what the contract accepts, but the answer was {response.status_code}"
        )
    return True
