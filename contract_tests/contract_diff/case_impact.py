"""What a change does to one payload catalogue case: a case expected accepted that the new
contract refuses, or one expected refused (400) that it now accepts."""

from __future__ import annotations

from typing import Any

from contract_tests.contract_diff.change import Change
from contract_tests.contract_diff.explain import explaining, operation_gone, said
from contract_tests.contract_diff.request_check import (
    NO_BODY,
    SentRequest,
    find_operation,
    request_violations,
)
from contract_tests.payloads.model import ABSENT, INVALID_INPUT_STATUSES, PayloadCase
from mockserver.contract.schemas import SchemaChecker, Violation


def case_problem(
    changes: list[Change], document: dict[str, Any], case: PayloadCase, checker: SchemaChecker
) -> tuple[str, Change | None] | None:
    """(problem, the change behind it) when the case's expected outcome no longer holds."""
    # The checker models the schemas only: a 404 or 409 case is about data (valid in shape), and
    # a 413 or 415 case about size or media type, which a catalogue case's JSON cannot show.
    if case.expect_status in (413, 415):
        return None
    found = find_operation(document, case.operation_id)
    if found is None:
        if not case.accepted:
            return None
        return "the new contract has no such operation", operation_gone(changes, case.operation_id)
    body = NO_BODY if case.body is ABSENT else case.body
    sent = SentRequest(case.operation_id, case.method, case.path, case.query, body)
    violations = request_violations(*found, sent, checker)
    valid_shape = case.expect_status not in INVALID_INPUT_STATUSES
    if valid_shape and violations:
        problem = f"the new contract rejects it: {said(violations[0])}"
        return problem, explaining(changes, case.operation_id, violations[0])
    if not valid_shape and not violations:
        named = case.expect_field or {"in": "body", "field": "/"}
        probe = Violation(named["in"], named["field"], "", "")
        change = explaining(changes, case.operation_id, probe, breaking=False)
        return "the new contract accepts it", change
    return None
