"""Each domain check passes a conforming answer and fails one that breaks its invariant."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
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
from contract_tests.known_data import KnownData
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


def response(body: object, status: int = 200, url: str = "http://127.0.0.1/") -> Response:
    request = requests.Request("GET", url).prepare()
    return Response(
        status_code=status,
        headers={"content-type": ["application/json"]},
        content=json.dumps(body).encode(),
        request=request,
        elapsed=0.01,
        verify=True,
    )


def run(check: Check, schema: Any, operation_id: str, answer: object, **case: Any) -> bool | None:
    url = case.pop("url", "http://127.0.0.1/")
    made = schema.find_operation_by_id(operation_id).Case(**case)
    return check(context(), response(answer, url=url), made)


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

STATUS_URL = "http://127.0.0.1/phone-numbers/"
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
    (
        checks.one_number_selected_iff_can_send,
        "selectOutgoingNumber",
        NOTHING,
        {**NOTHING, "number": "+15125550143"},
        {"body": {}},
    ),
    (
        checks.status_is_for_the_number_asked,
        "getPhoneNumberStatus",
        STATUS,
        changed(STATUS, "/smsWarmup/phoneNumber", "+15125550144"),
        {
            "path_parameters": {"phoneNumber": "+15125550143"},
            "url": f"{STATUS_URL}%2B15125550143/status",
        },
    ),
    (
        checks.status_is_for_the_number_asked,
        "getPhoneNumberStatus",
        STATUS,
        {**STATUS, "number": "+15125550144"},
        {
            "path_parameters": {"phoneNumber": "+15125550143"},
            "url": f"{STATUS_URL}+15125550143/status",
        },
    ),
    (
        checks.created_number_echoes_request,
        "createPhoneNumber",
        CREATED,
        {**CREATED, "name": "Austin sales line (copy)"},
        {"body": {"name": "Austin sales line", "number": "+15125550143", "businessId": "biz_0001"}},
    ),
    (
        checks.created_number_echoes_request,
        "createPhoneNumber",
        CREATED,
        {**CREATED, "enabled": False},
        {"body": {"name": "Austin sales line", "number": "+15125550143", "enabled": True}},
    ),
    (
        checks.override_answers_the_number_asked,
        "validateManualOverride",
        SELECTION,
        {**SELECTION, "phoneNumberId": "pn_0002"},
        {"body": {"fromPhoneNumberId": "pn_0001", "selection": {"conversationId": "c"}}},
    ),
    (
        checks.reason_backed_by_request,
        "selectOutgoingNumber",
        SELECTION,
        {**SELECTION, "selectionReason": "LeadAssigned"},
        {"body": {"recipientPhoneNumber": "+15125550178", "campaignId": "camp_0001"}},
    ),
    (
        checks.reason_backed_by_request,
        "selectOutgoingNumber",
        SELECTION,
        SELECTION,
        {
            "body": {"recipientPhoneNumber": "+13035550178"},
            "good_body": {"recipientPhoneNumber": "+15125550178"},
        },
    ),
    (
        checks.reason_backed_by_request,
        "selectOutgoingNumber",
        {**SELECTION, "selectionReason": "StickyConversation"},
        {**SELECTION, "selectionReason": "StickyConversation"},
        {"body": {}, "good_body": {"conversationId": "c-1"}},
    ),
    (
        checks.health_warning_iff_needs_attention,
        "selectOutgoingNumber",
        SELECTION,
        {**SELECTION, "healthWarning": "Watch it."},
        {"body": {}},
    ),
    (
        checks.health_warning_iff_needs_attention,
        "selectOutgoingNumber",
        SELECTION,
        changed(SELECTION, "/eligibleNumbers/1/healthWarning", None),
        {"body": {}},
    ),
    (
        checks.failures_are_sent_minus_delivered,
        "getPhoneNumberStatus",
        STATUS,
        changed(STATUS, "/smsWarmup/failureCount", 2),
        {"path_parameters": {"phoneNumber": "+1"}},
    ),
    (
        checks.recent_events_within_window,
        "getPhoneNumberStatus",
        STATUS,
        changed(STATUS, "/recentEvents/0/createdAt", "2026-10-24T23:59:59Z"),
        {"path_parameters": {"phoneNumber": "+1"}},
    ),
    (
        checks.selection_echoes_campaign_and_source,
        "selectOutgoingNumber",
        SELECTION,
        {**SELECTION, "campaignId": None},
        {"body": {"campaignId": "camp_0001"}},
    ),
    (
        checks.window_matches_query,
        "getPhoneNumberStatus",
        changed(
            changed(STATUS, "/trafficMetrics/windowDays", 365), "/optOutMetrics/windowDays", 365
        ),
        changed(
            changed(STATUS, "/trafficMetrics/windowDays", 400), "/optOutMetrics/windowDays", 400
        ),
        {"path_parameters": {"phoneNumber": "+1"}, "query": {"windowDays": "400"}},
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
    """`good_body`, when given, is the request the good answer belongs to (the bad answer is
    then the same answer to another request)."""
    good_case = {**case, "body": case["good_body"]} if "good_body" in case else dict(case)
    bad_case = dict(case)
    good_case.pop("good_body", None)
    bad_case.pop("good_body", None)
    assert run(check, schema, operation, good, **good_case) is True
    with pytest.raises(AssertionError):
        run(check, schema, operation, bad, **bad_case)


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


@pytest.fixture
def remembering() -> Iterator[run_context.RunContext]:
    """A run context, as leadping-contract starts one: the memory of the run's conversations."""
    run = run_context.start(run_context.RunContext())
    yield run
    run_context.stop()


def sticky(number: str, reason: str = "StickyConversation") -> dict[str, Any]:
    answer = {**SELECTION, "selectionReason": reason, "number": number}
    return changed(answer, "/eligibleNumbers/0/number", number)


def test_sticky_means_the_conversation_went_out_from_that_number(
    schema: Any, remembering: run_context.RunContext
) -> None:
    check = checks.sticky_means_sent_before
    body = {"body": {"conversationId": "c-1"}}
    assert run(check, schema, "selectOutgoingNumber", sticky("+15125550143", "LocalArea"), **body)
    assert run(check, schema, "selectOutgoingNumber", sticky("+15125550143"), **body)
    hopped = {**SELECTION, "selectionReason": "StickyConversation", "number": "+13035550112"}
    with pytest.raises(AssertionError, match="last went out from"):
        run(check, schema, "selectOutgoingNumber", hopped, **body)
    with pytest.raises(AssertionError, match="nothing went out in it before"):
        run(check, schema, "selectOutgoingNumber", sticky("+1"), body={"conversationId": "c-new"})
    remembering.known = KnownData(conversations=("c-old",))
    assert run(
        check, schema, "selectOutgoingNumber", sticky("+1"), body={"conversationId": "c-old"}
    )


@pytest.mark.usefixtures("remembering")
def test_sticky_may_move_when_its_number_can_no_longer_send(schema: Any) -> None:
    check = checks.sticky_means_sent_before
    body = {"body": {"conversationId": "c-2"}}
    assert run(check, schema, "selectOutgoingNumber", sticky("+13035550112", "HealthyPool"), **body)
    moved = changed(sticky("+15125550143"), "/eligibleNumbers/1/canSend", False)
    assert run(check, schema, "selectOutgoingNumber", moved, **body)


@pytest.mark.usefixtures("remembering")
def test_manual_override_means_overridden_and_not_cleared(schema: Any) -> None:
    check = checks.manual_override_means_overridden
    manual = {**SELECTION, "selectionReason": "ManualOverride", "wasManuallyOverridden": True}
    pin = {"fromPhoneNumberId": "pn_0001", "selection": {"conversationId": "c-3"}}
    with pytest.raises(AssertionError, match="never overridden"):
        run(check, schema, "selectOutgoingNumber", manual, body={"conversationId": "c-3"})
    assert run(check, schema, "validateManualOverride", manual, body=pin)
    assert run(check, schema, "selectOutgoingNumber", manual, body={"conversationId": "c-3"})
    with pytest.raises(AssertionError, match="overridden to 'pn_0001'"):
        run(
            check, schema, "selectOutgoingNumber", {**manual, "phoneNumberId": "pn_0002"},
            body={"conversationId": "c-3"},
        )  # fmt: skip
    cleared = {"path_parameters": {"conversationId": "c-3"}, "url": CLEAR_URL.format("c-3")}
    assert run(check, schema, "clearConversationOverride", SELECTION, **cleared)
    with pytest.raises(AssertionError, match="after its override was cleared"):
        run(check, schema, "selectOutgoingNumber", manual, body={"conversationId": "c-3"})


CLEAR_URL = "http://127.0.0.1/phone-numbers/outgoing/conversation/{}/override"


def test_the_memory_checks_do_not_apply_outside_a_run(schema: Any) -> None:
    manual = {**SELECTION, "selectionReason": "ManualOverride", "wasManuallyOverridden": True}
    for check in (checks.manual_override_means_overridden, checks.sticky_means_sent_before):
        assert (
            run(check, schema, "selectOutgoingNumber", manual, body={"conversationId": "x"}) is None
        )


def test_a_created_number_has_a_status(schema: Any) -> None:
    operation = schema.find_operation_by_id("createPhoneNumber")
    created = operation.Case(
        body={"name": "Checked line", "number": "+15125550177"}, media_type="application/json"
    )
    real = created.call()
    assert real.status_code == 201
    assert checks.created_number_has_a_status(context(), real, created) is True
    ghost = {**CREATED, "number": "+15125550176"}  # an answer for a number that is not there
    with pytest.raises(AssertionError, match="its status answered 404"):
        checks.created_number_has_a_status(context(), response(ghost, 201), created)


@pytest.mark.parametrize(
    ("operation", "request_case", "status", "refused"),
    [
        ("createPhoneNumber", {"body": {"name": "n" * 255, "number": "+15125550100"}}, 400, True),
        ("createPhoneNumber", {"body": {"name": "n" * 255, "number": "+15125550100"}}, 409, False),
        ("createPhoneNumber", {"body": {"name": "n" * 255, "number": "5125550100"}}, 400, None),
        ("createPhoneNumber", {"body": {"name": "n" * 254, "number": "+15125550100"}}, 400, None),
        ("getPhoneNumberStatus", {"path_parameters": {"phoneNumber": "+1"},
                                  "query": {"windowDays": "365"}}, 400, True),
        ("getPhoneNumberStatus", {"path_parameters": {"phoneNumber": "+1"},
                                  "query": {"windowDays": "-2147483648"}}, 404, False),
        ("getPhoneNumberStatus", {"path_parameters": {"phoneNumber": "+1"},
                                  "query": {"windowDays": "365", "startDate": "x"}}, 400, None),
    ],
)  # fmt: skip
def test_valid_boundaries_are_accepted(
    schema: Any, operation: str, request_case: dict[str, Any], status: int, refused: bool | None
) -> None:
    made = schema.find_operation_by_id(operation).Case(**request_case)
    answer = response({"title": "x"}, status)
    if refused:
        with pytest.raises(AssertionError, match="within what the contract accepts"):
            checks.valid_boundaries_are_accepted(context(), answer, made)
    else:
        expected = None if refused is None else True
        assert checks.valid_boundaries_are_accepted(context(), answer, made) is expected
