"""A request a cross-call check makes of its own, sent the way the checked call was sent (the
run's base URL, headers and timeout) and recorded for the failure's reproduction."""

from __future__ import annotations

from typing import Any

from schemathesis import Case, Response

from contract_tests import run_context
from contract_tests.run_context import FollowUp

# Headers of the checked request that describe that request, not the run: not carried over.
_OWN_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "host",
        "connection",
        "accept",
        "accept-encoding",
        "user-agent",
        "x-schemathesis-testcaseid",
    }
)


def _headers(response: Response) -> dict[str, str]:
    run = run_context.current()
    if run is not None:
        return dict(run.headers)
    sent = response.request.headers if response.request is not None else {}
    return {k: str(v) for k, v in sent.items() if k.lower() not in _OWN_HEADERS}


def follow_up(
    check: str,
    case: Case[Any],
    response: Response,
    operation_id: str,
    **request: Any,
) -> FollowUp:
    """Call another operation (`request`: body, path_parameters, query) and record it."""
    operation = case.operation.schema.find_operation_by_id(operation_id)
    if "body" in request:
        request.setdefault("media_type", "application/json")
    made = operation.Case(**request)
    headers = _headers(response)
    run = run_context.current()
    kwargs: dict[str, Any] = {"headers": headers or None}
    if run is not None and run.base_url:
        kwargs.update(base_url=run.base_url, timeout=run.timeout)
    answer = made.call(**kwargs)
    try:
        body = answer.json()
    except ValueError:
        body = None
    curl = made.as_curl_command(
        headers=run_context.masked(headers), base_url=run.base_url if run else None
    )
    done = FollowUp(check, operation_id, curl, answer.status_code, body)
    if run is not None:
        run.record(done)
        if answer.status_code == 200 and isinstance(body, dict):
            # The service's conversations moved with this call too: the cross-call checks'
            # memory must move with them.
            given = request.get("body")
            sent: dict[str, Any] = given if isinstance(given, dict) else {}
            conversation = _conversation(operation_id, sent, request.get("path_parameters"))
            run.memory.note(operation_id, conversation, sent, body)
    return done


def _conversation(operation_id: str, body: dict[str, Any], path: Any) -> str | None:
    if operation_id == "clearConversationOverride" and isinstance(path, dict):
        found = path.get("conversationId")
    elif operation_id == "validateManualOverride":
        selection = body.get("selection")
        found = selection.get("conversationId") if isinstance(selection, dict) else None
    else:
        found = body.get("conversationId")
    return found if isinstance(found, str) and found else None


def select_again(
    check: str, case: Case[Any], response: Response, selection: dict[str, Any]
) -> FollowUp:
    """The next selection for this context."""
    return follow_up(check, case, response, "selectOutgoingNumber", body=selection)


def answer_object(done: FollowUp) -> dict[str, Any] | None:
    """The follow-up's JSON object when it answered 200, else None (nothing to check)."""
    return done.body if done.status == 200 and isinstance(done.body, dict) else None
