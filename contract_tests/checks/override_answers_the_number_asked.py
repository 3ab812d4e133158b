"""An override that can send answers with the number asked for: `phoneNumberId` is the request's
`fromPhoneNumberId`, and that number is the one selected among the eligible ones."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, request_body


@schemathesis.check
def override_answers_the_number_asked(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, "validateManualOverride")
    if body is None or not body.get("canSend"):
        return None
    chosen = request_body(case).get("fromPhoneNumberId")
    if body.get("phoneNumberId") != chosen:
        raise AssertionError(
            f"the override to {chosen!r} can send, but the answer chose "
            f"{body.get('phoneNumberId')!r}"
        )
    return True
