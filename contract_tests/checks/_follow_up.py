"""A follow-up selection for the same conversation, sent the way the checked call was sent."""

from __future__ import annotations

from typing import Any

from schemathesis import Case, CheckContext


def select_again(
    ctx: CheckContext, case: Case[Any], selection: dict[str, Any]
) -> dict[str, Any] | None:
    """The next selection's answer for this context, or None when it is not a 200 JSON object."""
    operation = case.operation.schema.find_operation_by_id("selectOutgoingNumber")
    follow_up = operation.Case(body=selection, media_type="application/json")
    # The run's headers (auth included) and transport (base URL, timeout, in-process app) are only
    # reachable through ctx.internals, as schemathesis's own follow-up checks use them. The version
    # is pinned in constraints.txt and tests/contract_tests cover this path.
    internals = ctx.internals
    kwargs = dict(internals.transport_kwargs or {})
    headers = {**(kwargs.pop("headers", None) or {}), **(internals.headers or {})}
    response = follow_up.call(headers=headers or None, **kwargs)
    if response.status_code != 200:
        return None
    data = response.json()
    return data if isinstance(data, dict) else None
