"""What a change breaks for one recorded consumer call: a request the new contract refuses, a
field it sends that is no longer read, or a field of the answer it read that changed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contract_tests.contract_diff.change import (
    Change,
    InParameter,
    InRequestBody,
    InResponse,
    data_pointer,
)
from contract_tests.contract_diff.consumer_contract import Interaction
from contract_tests.contract_diff.explain import explaining, operation_gone, said
from contract_tests.contract_diff.pointers import covers, field_pointers
from contract_tests.contract_diff.request_check import (
    NO_BODY,
    SentRequest,
    find_operation,
    request_violations,
)
from mockserver.contract.schemas import SchemaChecker

# Breaking although the request stays valid: what the consumer sends is no longer read.
_UNREAD = frozenset({"request-property-removed", "request-parameter-removed"})


def call_problems(
    changes: list[Change], document: dict[str, Any], call: Interaction, checker: SchemaChecker
) -> Iterator[tuple[str, Change | None]]:
    """(problem, the change behind it) for each way the changes break this call."""
    found = find_operation(document, call.operation_id)
    if found is None:
        yield "the new contract has no such operation", operation_gone(changes, call.operation_id)
        return
    body = NO_BODY if call.request_body is None else call.request_body
    sent = SentRequest(call.operation_id, call.method, call.path, call.query, body)
    for violation in request_violations(*found, sent, checker):
        problem = f"the new contract rejects its request: {said(violation)}"
        yield problem, explaining(changes, call.operation_id, violation)
    sent_fields = field_pointers(call.request_body)
    for change in changes:
        if change.operation_id != call.operation_id or not change.breaking:
            continue
        match change.place:
            case InParameter(location=location, name=name) if change.rule in _UNREAD:
                if location == "query" and name in call.query:
                    yield f"it sends query parameter {name}, which is no longer read", change
            case InRequestBody(field=field) if change.rule in _UNREAD:
                if any(covers(data_pointer(field), used) for used in sent_fields):
                    yield f"it sends {data_pointer(field)}, which is no longer read", change
            case InResponse() as place if _reads(place, call):
                used = data_pointer(place.field) or f"the {place.status} answer"
                yield f"it read {used}, which the new contract changes", change
            case _:
                pass


def _reads(place: InResponse, call: Interaction) -> bool:
    """Whether the call got this status and read the changed field (or the answer as a whole)."""
    status = str(call.status)
    code = place.status.upper()
    if not (code in (status, "DEFAULT") or (code.endswith("XX") and code[0] == status[0])):
        return False
    pointer = data_pointer(place.field)
    return not pointer or any(covers(pointer, used) for used in call.response_fields)
