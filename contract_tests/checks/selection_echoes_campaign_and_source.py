"""A selection's `campaignId` and `sourceId` are the request's (decision S9): they describe the
send being set up, not the number chosen."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, request_body


@schemathesis.check
def selection_echoes_campaign_and_source(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, "selectOutgoingNumber")
    if body is None:
        return None
    sent = request_body(case)
    for field in ("campaignId", "sourceId"):
        if sent.get(field) != body.get(field):
            raise AssertionError(
                f"the selection asked with {field} {sent.get(field)!r} but answered "
                f"{body.get(field)!r}"
            )
    return True
