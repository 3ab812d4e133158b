"""Each domain check passes a conforming answer and fails one that breaks its invariant."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis import Case, CheckContext, Response
from schemathesis.config import ChecksConfig
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contract_tests import checks, run_context
from contract_tests.target import serve
from mockserver.app import create_app
from mockserver.contract.loader import load_contract
from mockserver.settings import Settings

CONTRACT = load_contract()
EXAMPLES = CONTRACT.resolved()["components"]["examples"]
SELECTION = EXAMPLES["Selection"]["value"]
STATUS = EXAMPLES["PhoneNumberStatus"]["value"]
CREATED = EXAMPLES["PhoneNumber"]["value"]
Check = Callable[[CheckContext, Response, Case[Any]], bool | None]


@pytest.fixture(scope="module")
def schema() -> Any:
    loaded = schemathesis.openapi.from_dict(CONTRACT.resolved())
    loaded.app = create_app(Settings())
    return loaded


def context() -> CheckContext:
    return CheckContext(
        override=None,
        auth=None,
        headers=None,
        config=ChecksConfig(),
        transport_kwargs=None,
        response_checks=None,
    )


def response(body: object, status: int = 200) -> Response:
    request = requests.Request("GET", "http://127.0.0.1/").prepare()
    return Response(
        status_code=status,
        headers={"content-type": ["application/json"]},
        content=json.dumps(body).encode(),
        request=request,
        elapsed=0.01,
        verify=True,
    )


def run(check: Check, schema: Any, operation_id: str, answer: object, **case: Any) -> bool | None:
    made = schema.find_operation_by_id(operation_id).Case(**case)
    return check(context(), response(answer), made)


def changed(base: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    """A copy of `base` with the member at the /-separated path set to `value`."""
    result = copy.deepcopy(base)
    *parents, last = path.strip("/").split("/")
    node: Any = result
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    return result


NOTHING = {
    **SELECTION,
    "canSend": False,
    "setupMessage": "Add a number.",
    "phoneNumberId": None,
    "number": None,
    "displayNumber": None,
    "healthStatus": None,
    "healthLabel": None,
    "healthWarning": None,
    "selectionReason": None,
    "reasonLabel": None,
    "eligibleNumbers": [{**n, "isSelected": False} for n in SELECTION["eligibleNumbers"]],
}

# (check, operation, good answer, bad answer, case arguments)
CASES: list[tuple[Check, str, dict[str, Any], dict[str, Any], dict[str, Any]]] = [
    (
        checks.one_number_selected_iff_can_send,
        "selectOutgoingNumber",
        SELECTION,
        changed(SELECTION, "/eligibleNumbers/1/isSelected", True),
        {"body": {}},
    ),
    (
        checks.one_number_selected_iff_can_send,
        "selectOutgoingNumber",
        NOTHING,
        {**NOTHING, "setupMessage": ""},
        {"body": {}},
    ),
    (
        checks.override_flag_matches_reason,
        "selectOutgoingNumber",
        SELECTION,
        {**SELECTION, "wasManuallyOverridden": True},
        {"body": {}},
    ),
    (
        checks.labels_match_enums,
        "selectOutgoingNumber",
        SELECTION,
        {**SELECTION, "reasonLabel": None},
        {"body": {}},
    ),
    (
        checks.labels_match_enums,
        "selectOutgoingNumber",
        SELECTION,
        changed(SELECTION, "/eligibleNumbers/0/healthLabel", "Warming up"),
        {"body": {}},
    ),
    (
        checks.status_counts_are_consistent,
        "getPhoneNumberStatus",
        STATUS,
        changed(STATUS, "/smsWarmup/deliveredCount", 85),
        {"path_parameters": {"phoneNumber": "+1"}},
    ),
    (
        checks.status_counts_are_consistent,
        "getPhoneNumberStatus",
        STATUS,
        changed(STATUS, "/trafficMetrics/smsSentCount", -1),
        {"path_parameters": {"phoneNumber": "+1"}},
    ),
    (
        checks.percentages_within_0_100,
        "getPhoneNumberStatus",
        STATUS,
        changed(STATUS, "/smsWarmup/progressPercent", 101),
        {"path_parameters": {"phoneNumber": "+1"}},
    ),
    (
        checks.rates_match_counts,
        "getPhoneNumberStatus",
        STATUS,
        changed(STATUS, "/optOutMetrics/optOutRatePercent", 17.5),
        {"path_parameters": {"phoneNumber": "+1"}},
    ),
    (
        checks.timestamps_carry_a_zone,
        "getPhoneNumberStatus",
        STATUS,
        changed(STATUS, "/recentEvents/0/createdAt", "2026-11-23T14:12:09"),
        {"path_parameters": {"phoneNumber": "+1"}},
    ),
    (
        checks.window_matches_query,
        "getPhoneNumberStatus",
        STATUS,
        changed(STATUS, "/trafficMetrics/windowDays", 7),
        {"path_parameters": {"phoneNumber": "+1"}, "query": {"windowDays": "30"}},
    ),
    (
        checks.numbers_are_e164,
        "createPhoneNumber",
        CREATED,
        {**CREATED, "number": "5125550143"},
        {"body": {"name": "x", "number": "+15125550143"}},
    ),
    (
        checks.numbers_are_e164,
        "selectOutgoingNumber",
        SELECTION,
        changed(SELECTION, "/eligibleNumbers/0/displayNumber", "(512) 555-0199"),
        {"body": {}},
    ),
    (
        checks.clear_removes_override,
        "clearConversationOverride",
        NOTHING,
        {**SELECTION, "selectionReason": "ManualOverride", "wasManuallyOverridden": True},
        {"path_parameters": {"conversationId": "never-overridden"}},
    ),
]


@pytest.mark.parametrize(
    ("check", "operation", "good", "bad", "case"),
    CASES,
    ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)],
)
def test_check_passes_good_and_fails_bad(
    schema: Any,
    check: Check,
    operation: str,
    good: dict[str, Any],
    bad: dict[str, Any],
    case: dict[str, Any],
) -> None:
    assert run(check, schema, operation, good, **case) is True
    with pytest.raises(AssertionError):
        run(check, schema, operation, bad, **case)


def test_checks_skip_other_operations_and_errors(schema: Any) -> None:
    assert (
        run(checks.rates_match_counts, schema, "selectOutgoingNumber", SELECTION, body={}) is None
    )
    made = schema.find_operation_by_id("getPhoneNumberStatus").Case(
        path_parameters={"phoneNumber": "+1"}
    )
    assert checks.rates_match_counts(context(), response({"detail": "x"}, 404), made) is None


def test_override_is_honoured_follows_up_with_a_selection(schema: Any) -> None:
    operation = schema.find_operation_by_id("validateManualOverride")
    honoured = operation.Case(
        body={"fromPhoneNumberId": "pn_0013", "selection": {"conversationId": "conv-honoured"}}
    )
    real = honoured.call()
    assert real.status_code == 200
    assert checks.override_is_honoured(context(), real, honoured) is True
    # An answer that claims the override while the service pinned nothing: the follow-up shows it.
    claimed = operation.Case(
        body={"fromPhoneNumberId": "pn_0013", "selection": {"conversationId": "conv-ignored"}}
    )
    fake_answer = {**SELECTION, "phoneNumberId": "pn_0013"}
    with pytest.raises(AssertionError, match="next selection chose"):
        checks.override_is_honoured(context(), response(fake_answer), claimed)


def test_a_follow_up_goes_where_the_run_goes_with_its_headers_and_is_recorded() -> None:
    schema = schemathesis.openapi.from_dict(CONTRACT.resolved())  # over a URL, as the CLI runs
    seen: list[str] = []

    async def selection(request: Request) -> JSONResponse:
        seen.append(request.headers.get("authorization", ""))
        return JSONResponse({**SELECTION, "phoneNumberId": "pn_0002"})

    app = Starlette(routes=[Route("/phone-numbers/outgoing/new", selection, methods=["POST"])])
    claimed = schema.find_operation_by_id("validateManualOverride").Case(
        body={"fromPhoneNumberId": "pn_0013", "selection": {"conversationId": "conv-x"}}
    )
    with serve(app) as url:
        run = run_context.start(run_context.RunContext(url, {"Authorization": "Bearer s3"}, 5.0))
        try:
            with pytest.raises(AssertionError) as failed:
                checks.override_is_honoured(
                    context(), response({**SELECTION, "phoneNumberId": "pn_0013"}), claimed
                )
        finally:
            run_context.stop()
    assert seen == ["Bearer s3"]
    message = str(failed.value)
    assert "follow-up (selectOutgoingNumber, answered 200): curl" in message
    assert url in message
    assert "Authorization: [Filtered]" in message
    assert "s3" not in message.replace("conv-x", "")
    assert [f.check for f in run.follow_ups] == ["override_is_honoured"]
